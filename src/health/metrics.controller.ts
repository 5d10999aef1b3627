import { Controller, Get, Header, Inject } from '@nestjs/common';
import { CLUSTER_LINK, ClusterLink } from '../cluster/cluster-link';
import { metricsOfEveryProcess } from '../cluster/cluster-metrics';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/roles';
import { Metrics } from '../metrics/metrics';

@ApiExcludeController()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(CLUSTER_LINK) private readonly link: ClusterLink | null,
  ) {}

  /** Prometheus text format, of every process of the service. Counts and timings only: nothing here identifies a citizen. */
  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.link ? metricsOfEveryProcess(this.link) : this.metrics.registry.metrics();
  }
}
