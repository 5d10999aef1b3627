import { Body, Controller, HttpCode, Inject, Param, Post, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { commandContextOf } from '../streams/command-context';
import { Roles } from '../auth/roles';
import { CLOCK } from '../clock/clock.module';
import { Clock } from '../domain/clock';
import { NO_NEMID_HOLDER, ViewedRecord, isHolding } from '../domain/citizen';
import { danishDateOf } from '../domain/dates';
import { NotFound } from '../domain/errors';
import { nextMilestoneFor } from '../domain/notices';
import { LetterReader } from '../digital-post/letter-reader';
import { LetterIdPipe, letterFile } from '../digital-post/letters';
import { Metrics } from '../metrics/metrics';
import { DiskFull } from '../storage/data-disk';
import { TransitionCommandHandler } from '../streams/transition-command.handler';
import { CitizenCommandHandler } from '../streams/citizen-command.handler';
import { CitizenCipher } from '../personal-data/citizen-cipher';
import { CitizenIdPipe } from './citizen-id.pipe';
import { CitizenQueries, TimelineEntry } from './citizen-queries.service';
import { CitizenStatusView, statusView } from './citizen-views';
import { LetterOpeningDto, RecordOpeningDto } from './citizen.dto';

/** What one opening of a record shows: the status card and the timeline, with the record's own openings apart. */
export class CitizenRecordView {
  @ApiProperty({ type: CitizenStatusView }) status!: CitizenStatusView;
  @ApiProperty({ type: [TimelineEntry], description: 'Every event but the openings of the record, oldest first' }) timeline!: TimelineEntry[];
  @ApiProperty({ type: [TimelineEntry], description: 'Who opened the record, when and why (this opening included), oldest first' }) openings!: TimelineEntry[];
}

const NOT_RECORDED = {
  da: 'datadisken er fuld: opslaget kunne ikke registreres, så oplysningerne vises ikke; prøv igen senere',
  en: 'the data disk is full: this opening could not be recorded, so the record is not shown; try again later',
};

/**
 * Staff open a citizen's record: each opening is recorded first (who, when, why), and the citizen reads it in their
 * access log. The reason travels in the body: a URL's query would put it in proxies' logs.
 */
@ApiTags('citizens')
@ApiBadRequestResponse({ description: 'problem+json listing each invalid field and why' })
@Controller('api/v1/citizens')
export class CitizenOpeningsController {
  constructor(
    private readonly handler: CitizenCommandHandler,
    private readonly queries: CitizenQueries,
    private readonly transition: TransitionCommandHandler,
    private readonly letters: LetterReader,
    private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly cipher: CitizenCipher,
  ) {}

  private async recordOpening(citizenId: string, view: ViewedRecord, reason: string, principal: Principal) {
    const context = commandContextOf(principal, principal.roles.includes('support') ? 'support' : 'citizen-service');
    // Sealed only for someone there is (no key is made for an id that leads nowhere), as given, trimmed, under
    // the key of their CPR number: erased with it, and no write to the key store per opening.
    const { state } = await this.handler.load(citizenId);
    if (state.status === 'no-nemid') throw new NotFound(NO_NEMID_HOLDER);
    const record = async () => {
      const trimmed = reason.trim();
      const protectedReason = isHolding(state)
        ? await this.cipher.encryptBeside(citizenId, state.holder.protectedCpr, trimmed)
        : await this.cipher.encrypt(citizenId, trimmed);
      return this.handler.handle(citizenId, { type: 'RecordTimelineView', data: { view, reason, protectedReason, viewer: context.actor } }, context);
    };
    const result = await record().catch((error: unknown) => {
      // No opening without its record: the record stays closed, and the person opening it is told why.
      throw error instanceof DiskFull ? new DiskFull(NOT_RECORDED) : error;
    });
    this.metrics.recordViews.inc({ view, role: context.actor.role });
    return result;
  }

  @Post(':citizenId/openings')
  @Roles('support', 'citizen-service')
  @HttpCode(200)
  @ApiOperation({ summary: "Open a citizen's record: status and timeline, recorded as one opening with its reason, shown to the citizen" })
  @ApiOkResponse({ type: CitizenRecordView })
  @ApiNotFoundResponse()
  async open(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @Body() dto: RecordOpeningDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CitizenRecordView> {
    const { state } = await this.recordOpening(citizenId, 'record', dto.reason, principal);
    if (state.status === 'no-nemid') throw new NotFound(NO_NEMID_HOLDER);
    const [{ state: transition }, timeline] = await Promise.all([this.transition.load(), this.queries.timeline(citizenId)]);
    const now = this.clock.now();
    const next = nextMilestoneFor(state, transition, now, danishDateOf(now));
    return { status: statusView(citizenId, state, next), timeline: timeline.entries, openings: timeline.openings };
  }

  @Post(':citizenId/letters/:letterId/openings')
  @Roles('support')
  @HttpCode(200)
  @ApiOperation({
    summary: "One of the citizen's letters as they received it (HTML document or PDF); the opening is recorded with its reason and shown to the citizen",
  })
  @ApiProduces('text/html', 'application/pdf')
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'The letter was not sent to this citizen' })
  async letter(
    @Param('citizenId', CitizenIdPipe) citizenId: string,
    @Param('letterId', LetterIdPipe) letterId: string,
    @Body() dto: LetterOpeningDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    // Read first: a letter that is not this citizen's is refused without an opening in their access log.
    const document = await this.letters.read(citizenId, letterId, dto.language ?? 'da');
    await this.recordOpening(citizenId, 'letter', dto.reason, principal);
    return letterFile(document);
  }
}
