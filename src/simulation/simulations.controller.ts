import { Body, Controller, Get, HttpCode, Inject, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { Roles } from '../auth/roles';
import { CLOCK } from '../clock/clock.module';
import type { Clock } from '../domain/clock';
import { NotFound } from '../domain/errors';
import { SimulationJobs } from './simulation-jobs';
import { SIMULATION_LIMITS } from './simulation-api';
import { SimulationView, StartSimulationBody, simulationView } from './simulations.dto';

const NO_SUCH_SIMULATION = { da: 'den simulering findes ikke', en: 'there is no such simulation' };
const NO_SUCH_FILE = { da: 'den simulering har ingen sådan fil (endnu)', en: 'that simulation has no such file (yet)' };
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.png': 'image/png', '.json': 'application/json' };

@ApiTags('simulations')
@Roles('agency')
@ApiBadRequestResponse({ description: 'problem+json naming each invalid field and why' })
@Controller('api/v1/simulations')
export class SimulationsController {
  constructor(
    private readonly jobs: SimulationJobs,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The simulations started here, newest first' })
  @ApiOkResponse({ type: [SimulationView] })
  list(): SimulationView[] {
    return this.jobs.list().map((job) => simulationView(job, this.jobs.progress(job)));
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Simulate a proposed deadline beside the real schedule (or the original beside the real one), in the background',
    description: 'Runs `npm run simulate -- --compare` (docs/simulation.md) in a process of its own; one at a time.',
  })
  @ApiAcceptedResponse({ type: SimulationView })
  @ApiConflictResponse({ description: 'simulation-running: one simulation at a time' })
  start(@Body() body: StartSimulationBody, @CurrentPrincipal() principal: Principal): SimulationView {
    const request = {
      citizens: body.citizens ?? SIMULATION_LIMITS.citizens.default,
      seed: body.seed ?? SIMULATION_LIMITS.seed.default,
      ...(body.deadline ? { deadline: body.deadline } : {}),
    };
    return simulationView(this.jobs.start(request, principal.subject, this.clock.now()), 0);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One simulation: running, done (with its report), failed or interrupted' })
  @ApiOkResponse({ type: SimulationView })
  @ApiNotFoundResponse()
  view(@Param('id') id: string): SimulationView {
    const job = this.jobs.get(id);
    if (!job) throw new NotFound(NO_SUCH_SIMULATION);
    return simulationView(job, this.jobs.progress(job));
  }

  @Get(':id/files/:name')
  @ApiOperation({ summary: "A file of a finished simulation's comparison: the pages (index.html in Danish, index.en.html in English), charts, compare.json" })
  @ApiNotFoundResponse()
  file(@Param('id') id: string, @Param('name') name: string): StreamableFile {
    return this.serve(id, name);
  }

  @Get(':id/files/:schedule/:name')
  @ApiOperation({ summary: "A file of one schedule's full report in a finished simulation" })
  @ApiNotFoundResponse()
  scheduleFile(@Param('id') id: string, @Param('schedule') schedule: string, @Param('name') name: string): StreamableFile {
    return this.serve(id, name, schedule);
  }

  private serve(id: string, name: string, schedule?: string): StreamableFile {
    const path = this.jobs.reportFile(id, name, schedule);
    if (!path) throw new NotFound(NO_SUCH_FILE);
    return new StreamableFile(createReadStream(path), { type: TYPES[extname(path)] });
  }
}
