import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { CitizenCommandInput } from '../streams/citizen-command.handler';
import { CITIZEN_STREAM_PREFIX } from '../domain/citizen';
import { cprAgeOn, parseCpr } from '../domain/cpr';
import { IsoDate, addDays } from '../domain/dates';
import { DEFAULT_TRANSITION_SCHEDULE } from '../domain/transition';
import { DomainError, RuleViolated } from '../domain/errors';
import type { EventStore } from '../event-store/event-store';
import { generatePopulation, registerHeader, registerLine } from '../population/population-generator';
import { inspectRegisterFile } from '../population/register-file';
import { CitizenPlan, Draws, HolderFacts, Municipality, nextTry, planFor, reactionTo } from './behaviour';
import { CitizenServiceDesks, QueueDay } from './citizen-service-queue';
import { SimulationSchedule } from './schedules';
import type { ParameterValues } from './simulation-parameters';
import type { SimulationServices } from './simulation-services';

export interface SimulationOptions {
  citizens: number;
  seed: number;
  from: IsoDate;
  to: IsoDate;
  schedule: SimulationSchedule;
  parameters: ParameterValues;
  /** The folder of this run's event store and read models. */
  dataDir: string;
  onDay?: (day: IsoDate, index: number, days: number) => void;
}

export interface SimulationRun {
  queue: QueueDay[];
  /** Commands of the behaviour model a rule refused, per rule (the model asks; the rules decide). */
  refusedByRule: Record<string, number>;
  /** The population as imported. */
  holders: number;
  /** Holders who cannot move through the bank or the app, by why. */
  needingVisit: Record<string, number>;
}

/** The model acts as the desk and the banks do, through the same commands. */
const ACTORS = {
  bank: { actor: { role: 'bank', subject: 'simulated-bank' }, correlationId: 'simulation' },
  citizen: { actor: { role: 'citizen', subject: 'simulated-citizen' }, correlationId: 'simulation' },
  desk: { actor: { role: 'citizen-service', subject: 'simulated-desk' }, correlationId: 'simulation' },
  agency: { actor: { role: 'agency', subject: 'simulated-agency' }, correlationId: 'simulation' },
};
const RUN_AT_UTC = 'T05:00:00Z';
const ACT_AT_UTC = 'T09:00:00Z';
const CONCURRENCY = 64;
const DANISH_PASSPORT = [{ kind: 'passport', showsCpr: true, issuingCountry: 'DK' }];
const FOREIGN_PASSPORT_AND_HEALTH_CARD = [
  { kind: 'passport', showsCpr: false, issuingCountry: 'SE' },
  { kind: 'health-insurance-card', showsCpr: true },
];

interface Citizen {
  plan: CitizenPlan;
  hasMitId: boolean;
  infoUpdated: boolean;
  /** The next day they mean to create MitID. */
  mitIdOn?: IsoDate;
  /** Waiting for Citizen Service. */
  visiting: boolean;
  /** Will create MitID at the desk when their visit comes. */
  mitIdAtDesk: boolean;
  /** Gave up on a long wait: waits for the next letter, or for the deadline to move. */
  gaveUp: boolean;
  /** A try planned by a letter or a failed visit (not by the deadline): a moved deadline keeps it. */
  promptedOn?: IsoDate;
}

/**
 * The national transition, day by day, on a virtual clock with the real modules: the population is
 * generated and imported, the update-info letters and the scheduler's notices go out through the real
 * campaigns and delivery, and the behaviour model acts through the citizen commands.
 */
export class Simulation {
  private readonly draws: Draws;
  private readonly citizens: Citizen[] = [];
  private readonly byId = new Map<string, Citizen>();
  private readonly agenda = new Map<IsoDate, Set<Citizen>>();
  private readonly infoAgenda = new Map<IsoDate, Citizen[]>();
  private readonly queue: CitizenServiceDesks<Citizen, Municipality>;
  private readonly holdersIn: Record<Municipality, number> = { large: 0, smaller: 0 };
  private readonly refusedByRule: Record<string, number> = {};
  private readonly p: ParameterValues;
  private deadline: IsoDate;
  private position = 0n;

  constructor(
    private readonly services: SimulationServices,
    private readonly options: SimulationOptions,
  ) {
    this.draws = new Draws(options.seed);
    this.p = options.parameters;
    this.deadline = { ...DEFAULT_TRANSITION_SCHEDULE, ...options.schedule.schedule }.deadline;
    this.queue = new CitizenServiceDesks((desk, day) => this.slots(desk, day));
  }

  /** A desk's slots on a weekday: its rate per 100 000 times its holders, less what other work takes in its season. */
  private slots(desk: Municipality, day: IsoDate): number {
    const p = this.p;
    const rate = p.citizenServicePer100kLarge * (desk === 'large' ? 1 : p.citizenServiceSmallerDesks);
    const otherWork = day >= p.otherDeskWorkFrom && day <= p.otherDeskWorkUntil ? p.otherDeskWorkShare : 0;
    return (this.holdersIn[desk] * rate * (1 - otherWork)) / 100_000;
  }

  private get store(): EventStore {
    return this.services.store;
  }

  async run(): Promise<SimulationRun> {
    const { from, to, schedule } = this.options;
    const { clock } = this.services;
    clock.pinTo(new Date(`${from}${RUN_AT_UTC}`));
    await this.setSchedule();
    await this.importPopulation();
    this.position = await this.store.headPosition();
    const lettersOn = schedule.updateInfoLettersOn ?? this.p.updateInfoLettersOn;
    const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
    let index = 0;
    for (let day = from; day <= to; day = addDays(day, 1)) {
      clock.pinTo(new Date(`${day}${RUN_AT_UTC}`));
      for (const move of schedule.moves.filter((m) => m.on === day)) {
        await this.services.transitions.handle({ type: 'MoveDeadline', data: { to: move.to, reason: move.reason } }, ACTORS.agency);
        this.deadlineMoved(day, move.to);
      }
      if (day === lettersOn) await this.sendUpdateInfoLetters(day);
      await this.services.days.runDay(day);
      await this.readLetters(day);
      clock.pinTo(new Date(`${day}${ACT_AT_UTC}`));
      await this.act(day);
      this.options.onDay?.(day, ++index, days);
    }
    const needingVisit: Record<string, number> = {};
    for (const { plan } of this.citizens) if (plan.visitReason) needingVisit[plan.visitReason] = (needingVisit[plan.visitReason] ?? 0) + 1;
    return { queue: this.queue.days, refusedByRule: this.refusedByRule, holders: this.citizens.length, needingVisit };
  }

  private async setSchedule(): Promise<void> {
    const handler = this.services.transitions;
    if (Object.keys(this.options.schedule.schedule).length === 0) return;
    const { state } = await handler.load();
    await handler.handle({ type: 'SetTransitionSchedule', data: { schedule: { ...state.schedule, ...this.options.schedule.schedule } } }, ACTORS.agency);
  }

  /** The generated register, written as a file and imported the way the agency imports one. */
  private async importPopulation(): Promise<void> {
    const { citizens, seed, from, dataDir } = this.options;
    const path = join(dataDir, 'register.csv');
    const out = createWriteStream(path);
    const protector = this.services.protector;
    out.write(`${registerHeader('csv')}\n`);
    for (const record of generatePopulation({ citizens, seed, asOf: from })) {
      if (!out.write(`${registerLine(record, 'csv')}\n`)) await once(out, 'drain');
      const parsed = parseCpr(record.cpr);
      if (!parsed.ok) throw new Error('the generator wrote a CPR number it cannot read');
      const facts: HolderFacts = {
        citizenId: protector.citizenIdFor(parsed.cpr.digits),
        age: cprAgeOn(parsed.cpr, from),
        needsInfoUpdate: record.nsisSubstantial === false,
        passport: record.passport as HolderFacts['passport'],
        authenticator: record.authenticator as HolderFacts['authenticator'],
        digitalPostExempt: record.digitalPostExempt === true,
        residesAbroad: record.residesAbroad === true,
      };
      const plan = planFor(facts, this.draws, this.p);
      const citizen: Citizen = { plan, hasMitId: false, infoUpdated: false, visiting: false, mitIdAtDesk: false, gaveUp: false };
      this.citizens.push(citizen);
      this.byId.set(facts.citizenId, citizen);
      this.holdersIn[plan.municipality]++;
      const first = nextTry(plan, this.deadline, addDays(from, -1));
      if (first) this.plan(citizen, first);
    }
    out.end();
    await once(out, 'finish');
    const file = await inspectRegisterFile(path, { name: 'simulated-register.csv' });
    await this.services.importer.run({ file, context: ACTORS.agency });
  }

  /** Plans a try on `day` unless one is planned earlier. */
  private plan(citizen: Citizen, day: IsoDate): void {
    if (citizen.mitIdOn !== undefined && citizen.mitIdOn <= day) return;
    this.replan(citizen, day);
  }

  private prompt(citizen: Citizen, day: IsoDate): void {
    if (citizen.promptedOn === undefined || day < citizen.promptedOn) citizen.promptedOn = day;
    this.plan(citizen, day);
  }

  private replan(citizen: Citizen, day: IsoDate | undefined): void {
    if (citizen.mitIdOn !== undefined) this.agenda.get(citizen.mitIdOn)?.delete(citizen);
    citizen.mitIdOn = day;
    if (day === undefined) return;
    let planned = this.agenda.get(day);
    if (!planned) this.agenda.set(day, (planned = new Set()));
    planned.add(citizen);
  }

  private async sendUpdateInfoLetters(day: IsoDate): Promise<void> {
    const campaignId = `update-info-${day}`;
    await this.services.campaigns.handle(
      campaignId,
      { type: 'StartCampaign', data: { campaignId, kind: 'update-info-letter', cohort: {}, ratePerSecond: 100_000 } },
      ACTORS.agency,
    );
    const delivery = this.services.delivery;
    await this.services.campaignWorker.runToCompletion([campaignId], () => delivery.deliverPending());
    await delivery.deliverPending();
  }

  /**
   * Who got which letter since yesterday, from the store: the letters are what moves people. Taken in
   * citizen order, not store order, so the draws that follow do not depend on how appends interleaved.
   */
  private async readLetters(day: IsoDate): Promise<void> {
    const filter = { streamPrefixes: [CITIZEN_STREAM_PREFIX], eventTypes: ['UpdateInfoLetterSent', 'NoticeSent'] };
    const letters: { citizen: Citizen; notice?: string }[] = [];
    for await (const event of this.store.readAll({ fromPosition: this.position, filter })) {
      const citizen = this.byId.get(event.streamId.slice(CITIZEN_STREAM_PREFIX.length));
      if (citizen) letters.push({ citizen, notice: event.type === 'NoticeSent' ? (event.data as { notice: string }).notice : undefined });
    }
    this.position = await this.store.headPosition();
    letters.sort((a, b) => a.citizen.plan.citizenId.localeCompare(b.citizen.plan.citizenId) || (a.notice ?? '').localeCompare(b.notice ?? ''));
    for (const { citizen, notice } of letters) {
      if (notice === undefined) {
        const arrives = addDays(day, citizen.plan.infoDelayDays + (citizen.plan.digitalPostExempt ? this.p.paperPostDays : 0));
        const due = this.infoAgenda.get(arrives) ?? [];
        due.push(citizen);
        this.infoAgenda.set(arrives, due);
      } else if (!citizen.hasMitId) {
        const reaction = reactionTo(notice, citizen.plan, day, this.draws, this.p);
        if (reaction) {
          citizen.gaveUp = false;
          this.prompt(citizen, reaction);
        }
      }
    }
  }

  private async act(day: IsoDate): Promise<void> {
    const work: (() => Promise<void>)[] = [];
    for (const citizen of this.infoAgenda.get(day) ?? []) {
      if (citizen.infoUpdated) continue;
      if (citizen.plan.updatesInApp) work.push(() => this.updateInApp(citizen, day));
      else this.visit(day, citizen);
    }
    this.infoAgenda.delete(day);
    for (const citizen of this.agenda.get(day) ?? []) {
      citizen.mitIdOn = undefined;
      if (citizen.promptedOn !== undefined && citizen.promptedOn <= day) citizen.promptedOn = undefined;
      if (citizen.hasMitId) continue;
      // MitID waits for the update: at Citizen Service both happen in one visit.
      if (citizen.plan.needsInfoUpdate && !citizen.infoUpdated && citizen.plan.updatesInApp) this.plan(citizen, addDays(day, 7));
      // From the day after the schedule's MitID.dk date, NemID gets nobody MitID there: those citizens go to Citizen Service.
      else if (
        (citizen.plan.needsInfoUpdate && !citizen.infoUpdated) ||
        citizen.plan.route === 'citizen-service' ||
        citizen.mitIdAtDesk ||
        this.mitIdDkClosed(citizen, day)
      ) {
        citizen.mitIdAtDesk = true;
        this.visit(day, citizen);
      } else work.push(() => this.createMitId(citizen, citizen.plan.route));
    }
    this.agenda.delete(day);
    for (const { what: citizen } of this.queue.serve(day)) {
      citizen.visiting = false;
      // Drawn here, in the order served, so the draws do not depend on how the commands interleave.
      if (this.draws.chance(this.p.visitFails)) {
        citizen.mitIdAtDesk = true;
        this.prompt(citizen, addDays(day, this.p.daysToComeBack));
        continue;
      }
      work.push(async () => {
        if (citizen.plan.needsInfoUpdate && !citizen.infoUpdated) await this.updateAtDesk(citizen);
        if (citizen.mitIdAtDesk && !citizen.hasMitId) await this.createMitId(citizen, 'citizen-service');
      });
    }
    for (let i = 0; i < work.length; i += CONCURRENCY) await Promise.all(work.slice(i, i + CONCURRENCY).map((w) => w()));
  }

  private mitIdDkClosed(citizen: Citizen, day: IsoDate): boolean {
    const schedule = { ...DEFAULT_TRANSITION_SCHEDULE, ...this.options.schedule.schedule };
    return citizen.plan.route === 'mitid-dk' && day > [schedule.mitIdDkWithNemIdEnd, schedule.nemIdShutdown].sort()[0];
  }

  /** Books a visit at their municipality's desk, or gives up on a first free slot beyond their patience. */
  private visit(day: IsoDate, citizen: Citizen): void {
    if (citizen.visiting || citizen.gaveUp) return;
    const patience = citizen.plan.givesUpOnLongWaits ? this.p.patienceWorkingDays : Infinity;
    if (this.queue.join(day, citizen.plan.municipality, citizen, patience)) citizen.visiting = true;
    else citizen.gaveUp = true;
  }

  /**
   * The agency moved the deadline: whoever has not moved aims at the new one (those who gave up on a long
   * wait too); a try a letter or a failed visit planned stays.
   */
  private deadlineMoved(day: IsoDate, to: IsoDate): void {
    this.deadline = to;
    for (const citizen of this.citizens) {
      if (citizen.hasMitId || citizen.visiting || citizen.plan.never) continue;
      citizen.gaveUp = false;
      const prompted = citizen.promptedOn !== undefined && citizen.promptedOn > day ? citizen.promptedOn : undefined;
      const next = nextTry(citizen.plan, to, day);
      this.replan(citizen, [prompted, next].filter((d): d is IsoDate => d !== undefined).sort()[0]);
    }
  }

  private async updateInApp(citizen: Citizen, day: IsoDate): Promise<void> {
    if (citizen.plan.authenticator === 'code-card') {
      if (!(await this.command(citizen, { type: 'ActivateCodeApp', data: { codesLeftOnCard: 20 } }, ACTORS.citizen))) return this.visit(day, citizen);
    }
    const passport = { danish: true, chip: true, issuedOn: '2016-05-01' };
    if (await this.command(citizen, { type: 'RecordPersonalInfoUpdated', data: { channel: 'code-app', passport, nfcPhone: true } }, ACTORS.citizen))
      citizen.infoUpdated = true;
    else this.visit(day, citizen);
  }

  private async updateAtDesk(citizen: Citizen): Promise<void> {
    const documents = citizen.plan.passport === 'none' ? FOREIGN_PASSPORT_AND_HEALTH_CARD : DANISH_PASSPORT;
    if (await this.command(citizen, { type: 'RecordPersonalInfoUpdated', data: { channel: 'citizen-service', documents } } as CitizenCommandInput, ACTORS.desk))
      citizen.infoUpdated = true;
  }

  private async createMitId(citizen: Citizen, route: CitizenPlan['route']): Promise<void> {
    const context = route === 'citizen-service' ? ACTORS.desk : route === 'bank' ? ACTORS.bank : ACTORS.citizen;
    if (await this.command(citizen, { type: 'CreateMitId', data: { route } }, context)) citizen.hasMitId = true;
  }

  /** A command as the desk, a bank or the citizen sends it; a rule's refusal is counted, never fatal. */
  private async command(citizen: Citizen, input: CitizenCommandInput, context: (typeof ACTORS)[keyof typeof ACTORS]): Promise<boolean> {
    try {
      await this.services.citizens.handle(citizen.plan.citizenId, input, context);
      return true;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const rule = error instanceof RuleViolated ? error.rule : error.kind;
      this.refusedByRule[rule] = (this.refusedByRule[rule] ?? 0) + 1;
      return false;
    }
  }
}
