import { Inject, Injectable } from '@nestjs/common';
import { CitizenState, LetterDelivery, LetterFacts, TimelineViewed, citizenDecider, letterFactsOf, lettersSentTo } from '../domain/citizen';
import { Clock } from '../domain/clock';
import { danishDateOf } from '../domain/dates';
import { Forgotten, NotFound } from '../domain/errors';
import { letterTextsFor, nextStepFor } from '../domain/notices';
import { CLOCK } from '../clock/clock.module';
import { CitizenCipher } from '../personal-data/citizen-cipher';
import { openingReadBack } from '../personal-data/openings';
import { asCitizenEvent } from '../streams/citizen-stream';
import { CitizenCommandHandler } from '../streams/citizen-command.handler';
import { citizenStream } from '../domain/citizen';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { TransitionCommandHandler } from '../streams/transition-command.handler';
import { MyAccess, MyNotice, MyStatus } from './my-notices.dto';
import { CITIZEN_FORGOTTEN, NO_NEMID_HOLDER } from '../domain/citizen';

/** What a citizen sees of their own NemID: the letters and notices sent to them, what to do now, and who looked at their record. */
@Injectable()
export class MyNotices {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly schedule: TransitionCommandHandler,
    private readonly citizens: CitizenCommandHandler,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly cipher: CitizenCipher,
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

  /** From the fold the desk's commands keep: a citizen who looks again, or just after a letter, costs a read of what is new. */
  async status(citizenId: string): Promise<MyStatus> {
    const { state } = await this.citizens.load(citizenId);
    if (state.status === 'no-nemid') throw new NotFound(NO_NEMID_HOLDER);
    if (state.status === 'forgotten') throw new Forgotten(CITIZEN_FORGOTTEN);
    const { state: transition } = await this.schedule.load();
    const { deadline } = transition.schedule;
    return {
      status: state.status,
      hasMitId: state.holder.mitId !== undefined,
      nemIdActive: state.status !== 'nemid-retired',
      deadline,
      danishPassport: state.holder.profile.danishPassport,
      retired: state.status === 'nemid-retired' ? state.retired : undefined,
      nextStep: nextStepFor(state, deadline, danishDateOf(this.clock.now())),
      notices: lettersSentTo(state.holder),
    };
  }

  /** The domain's fold of the citizen's stream; the letters are listed by their events, their delivery read from the fold. */
  private async read(citizenId: string): Promise<{ state: CitizenState; letters: MyNotice[]; accesses: MyAccess[] }> {
    let state = citizenDecider.initialState();
    const sent: { letterId: string; facts: LetterFacts }[] = [];
    const accesses: MyAccess[] = [];
    let seen = false;
    for await (const recorded of this.store.readStream(citizenStream(citizenId))) {
      seen = true;
      const event = asCitizenEvent(recorded);
      if (!event) continue;
      state = citizenDecider.evolve(state, event);
      // Erased with the keys: the letters and openings of a life before it (a new NemID starts a new life).
      if (event.type === 'CitizenForgotten') {
        sent.length = 0;
        accesses.length = 0;
      }
      const facts = letterFactsOf(event);
      if (facts) sent.push({ letterId: recorded.id, facts });
      if (event.type === 'TimelineViewed') {
        const opening = await openingReadBack(this.cipher, citizenId, event.data);
        const { viewedAt, view, reason = '', viewedBy } = opening;
        const visit = accesses.at(-1);
        if (visit && sameVisit(visit, opening)) {
          if (!visit.viewed.includes(view)) visit.viewed.push(view);
        } else {
          accesses.push({ at: viewedAt, viewed: [view], reason, by: viewedBy });
        }
      }
    }
    if (!seen) throw new NotFound(NO_NEMID_HOLDER);
    if (state.status === 'forgotten') throw new Forgotten(CITIZEN_FORGOTTEN);
    const deliveries = 'holder' in state ? state.holder.deliveries : {};
    return { state, letters: sent.map(({ letterId, facts }) => letterOf(letterId, facts, deliveries[facts.campaignId])), accesses };
  }
}

/** Openings by the same person for the same reason within this long are one visit to the citizen. */
const VISIT_MS = 30 * 60_000;

function sameVisit(visit: MyAccess, opening: TimelineViewed['data']): boolean {
  return (
    visit.by.role === opening.viewedBy.role &&
    visit.by.subject === opening.viewedBy.subject &&
    visit.reason === opening.reason &&
    Date.parse(opening.viewedAt) - Date.parse(visit.at) <= VISIT_MS
  );
}

function letterOf(letterId: string, facts: LetterFacts, delivery: LetterDelivery | undefined): MyNotice {
  const texts = letterTextsFor(facts.kind, facts.deadline);
  const subject = { da: texts.da.label, en: texts.en.label };
  const base = { letterId, kind: facts.kind, sentOn: facts.decidedOn, subject };
  if (delivery?.status === 'delivered') return { ...base, delivery: 'delivered', form: delivery.form, deliveredAt: delivery.deliveredAt };
  return { ...base, delivery: delivery?.status ?? 'pending' };
}
