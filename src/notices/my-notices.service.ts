import { Inject, Injectable } from '@nestjs/common';
import { CitizenState, citizenDecider } from '../domain/citizen';
import { Clock } from '../domain/clock';
import { danishDateOf } from '../domain/dates';
import { NotFound } from '../domain/errors';
import { letterTextsFor, nextStepFor } from '../domain/notices';
import { CLOCK } from '../clock/clock.module';
import { asCitizenEvent } from '../citizens/citizen-stream';
import { citizenStream } from '../domain/citizen';
import { DigitalPostDeliveredData, DigitalPostDeliveryFailedData, letterFactsOf } from '../digital-post/delivery-events';
import { EVENT_STORE, EventStore, RecordedEvent } from '../event-store/event-store';
import { TransitionCommandHandler } from '../transition/transition-command.handler';
import { MyAccess, MyNotice, MyStatus } from './my-notices.dto';

/** What a citizen sees of their own NemID: the letters and notices sent to them, what to do now, and who looked at their record. */
@Injectable()
export class MyNotices {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly schedule: TransitionCommandHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async notices(citizenId: string): Promise<MyNotice[]> {
    const { letters } = await this.read(citizenId);
    return letters;
  }

  /** Every opening of the record by staff, newest first. */
  async accessLog(citizenId: string): Promise<MyAccess[]> {
    const { accesses } = await this.read(citizenId);
    return accesses.reverse();
  }

  async status(citizenId: string): Promise<MyStatus> {
    const { state, letters } = await this.read(citizenId);
    if (state.status === 'no-nemid') throw new NotFound('no NemID holder with this id');
    const { state: transition } = await this.schedule.load();
    const { deadline } = transition.schedule;
    return {
      status: state.status,
      hasMitId: state.holder.mitId !== undefined,
      nemIdActive: state.status !== 'nemid-retired',
      deadline,
      nextStep: nextStepFor(state, deadline, danishDateOf(this.clock.now())),
      notices: letters.length,
    };
  }

  private async read(citizenId: string): Promise<{ state: CitizenState; letters: MyNotice[]; accesses: MyAccess[] }> {
    let state = citizenDecider.initialState();
    const letters = new Map<string, MyNotice>();
    const accesses: MyAccess[] = [];
    let seen = false;
    for await (const recorded of this.store.readStream(citizenStream(citizenId))) {
      seen = true;
      const event = asCitizenEvent(recorded);
      if (event) state = citizenDecider.evolve(state, event);
      if (event?.type === 'TimelineViewed') {
        const { viewedAt, view, reason, viewedBy } = event.data;
        accesses.push({ at: viewedAt, record: view, reason, by: viewedBy });
      }
      const letter = letterOf(recorded);
      if (letter) letters.set(recorded.id, letter);
      settle(letters, recorded);
    }
    if (!seen) throw new NotFound('no NemID holder with this id');
    return { state, letters: [...letters.values()], accesses };
  }
}

function letterOf(recorded: RecordedEvent): MyNotice | undefined {
  const facts = letterFactsOf(recorded);
  if (!facts) return undefined;
  const texts = letterTextsFor(facts.kind, facts.deadline);
  return { letterId: recorded.id, kind: facts.kind, sentOn: facts.decidedOn, subject: { da: texts.da.label, en: texts.en.label }, delivery: 'pending' };
}

/** Delivery results name the letter they belong to. */
function settle(letters: Map<string, MyNotice>, recorded: RecordedEvent): void {
  if (recorded.type === 'DigitalPostDelivered') {
    const data = recorded.data as DigitalPostDeliveredData;
    const letter = letters.get(data.letterEventId);
    if (letter) Object.assign(letter, { delivery: 'delivered', form: data.form, deliveredAt: data.deliveredAt });
  } else if (recorded.type === 'DigitalPostDeliveryFailed') {
    const data = recorded.data as DigitalPostDeliveryFailedData;
    const letter = letters.get(data.letterEventId);
    if (letter && data.final) letter.delivery = 'failed';
  }
}
