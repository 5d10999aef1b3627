import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { CitizenCommandInput } from '../streams/citizen-command.handler';
import { CITIZEN_STREAM_PREFIX } from '../domain/citizen';
import { parseCpr } from '../domain/cpr';
import { IsoDate, addDays } from '../domain/dates';
import { DEFAULT_TRANSITION_SCHEDULE } from '../domain/transition';
import { DomainError, RuleViolated } from '../domain/errors';
import type { EventStore } from '../event-store/event-store';
import { generatePopulation, registerHeader, registerLine } from '../population/population-generator';
import { inspectRegisterFile } from '../population/register-file';
import { CitizenPlan, Draws, HolderFacts, planFor, reactionTo } from './behaviour';
import { CitizenServiceQueue, QueueDay } from './citizen-service-queue';
import { SimulationSchedule } from './schedules';
import { SIMULATION_PARAMETERS as P } from './simulation-parameters';
import type { SimulationServices } from './simulation-services';

export interface SimulationOptions {
  citizens: number;
  seed: number;
  from: IsoDate;
  to: IsoDate;
  schedule: SimulationSchedule;
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
  private readonly queue: CitizenServiceQueue<Citizen>;
  private readonly refusedByRule: Record<string, number> = {};
  private position = 0n;

  constructor(
    private readonly services: SimulationServices,
    private readonly options: SimulationOptions,
  ) {
    this.draws = new Draws(options.seed);
    this.queue = new CitizenServiceQueue(Math.max(1, Math.round((P.citizenServiceVisitsPerDayPer100k.value * options.citizens) / 100_000)));
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
    const lettersOn = schedule.updateInfoLettersOn ?? P.updateInfoLettersOn.value;
    const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
    let index = 0;
    for (let day = from; day <= to; day = addDays(day, 1)) {
      clock.pinTo(new Date(`${day}${RUN_AT_UTC}`));
      for (const move of schedule.moves.filter((m) => m.on === day)) {
        await this.services.transitions.handle({ type: 'MoveDeadline', data: { to: move.to, reason: move.reason } }, ACTORS.agency);
      }
      if (day === lettersOn) await this.sendUpdateInfoLetters(day);
      await this.services.days.runDay(day);
      await this.readLetters(day);
      clock.pinTo(new Date(`${day}${ACT_AT_UTC}`));
      await this.act(day);
      this.options.onDay?.(day, ++index, days);
    }
    return { queue: this.queue.days, refusedByRule: this.refusedByRule, holders: this.citizens.length };
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
        needsInfoUpdate: record.nsisSubstantial === false,
        passport: record.passport as HolderFacts['passport'],
        authenticator: record.authenticator as HolderFacts['authenticator'],
        digitalPostExempt: record.digitalPostExempt === true,
        residesAbroad: record.residesAbroad === true,
      };
      const citizen: Citizen = { plan: planFor(facts, this.draws), hasMitId: false, infoUpdated: false, visiting: false, mitIdAtDesk: false };
      this.citizens.push(citizen);
      this.byId.set(facts.citizenId, citizen);
      if (citizen.plan.actsOn) this.plan(citizen, citizen.plan.actsOn);
    }
    out.end();
    await once(out, 'finish');
    const file = await inspectRegisterFile(path, { name: 'simulated-register.csv' });
    await this.services.importer.run({ file, context: ACTORS.agency });
  }

  private plan(citizen: Citizen, day: IsoDate): void {
    if (citizen.mitIdOn !== undefined && citizen.mitIdOn <= day) return;
    if (citizen.mitIdOn !== undefined) this.agenda.get(citizen.mitIdOn)?.delete(citizen);
    citizen.mitIdOn = day;
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
        const arrives = addDays(day, citizen.plan.infoDelayDays + (citizen.plan.digitalPostExempt ? P.paperPostDays.value : 0));
        const due = this.infoAgenda.get(arrives) ?? [];
        due.push(citizen);
        this.infoAgenda.set(arrives, due);
      } else if (!citizen.hasMitId) {
        const reaction = reactionTo(notice, citizen.plan, day, this.draws);
        if (reaction) this.plan(citizen, reaction);
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
      if (citizen.hasMitId) continue;
      // MitID waits for the update: at Citizen Service both happen in one visit.
      if (citizen.plan.needsInfoUpdate && !citizen.infoUpdated && citizen.plan.updatesInApp) this.plan(citizen, addDays(day, 7));
      // From the day after the schedule's MitID.dk date, NemID gets nobody MitID there: those citizens go to Citizen Service.
      else if ((citizen.plan.needsInfoUpdate && !citizen.infoUpdated) || citizen.plan.route === 'citizen-service' || this.mitIdDkClosed(citizen, day)) {
        citizen.mitIdAtDesk = true;
        this.visit(day, citizen);
      } else work.push(() => this.createMitId(citizen, citizen.plan.route));
    }
    this.agenda.delete(day);
    for (const { what: citizen } of this.queue.serve(day)) {
      work.push(async () => {
        citizen.visiting = false;
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

  private visit(day: IsoDate, citizen: Citizen): void {
    if (citizen.visiting) return;
    citizen.visiting = true;
    this.queue.join(day, citizen);
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
