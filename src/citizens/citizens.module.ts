import { Module } from '@nestjs/common';
import { CitizenCommandHandler } from './citizen-command.handler';
import { CitizenQueries } from './citizen-queries.service';
import { CitizensController } from './citizens.controller';

@Module({
  controllers: [CitizensController],
  providers: [CitizenCommandHandler, CitizenQueries],
  exports: [CitizenCommandHandler, CitizenQueries],
})
export class CitizensModule {}
