import { Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** The registry every part records into; the operator's scrape route is declared with health. */
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
