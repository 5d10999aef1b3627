import { randomBytes } from 'node:crypto';
import { CitizenRecord, citizenStatus } from '../../projections/citizen-status';
import { IsoDate } from '../domain/dates';
import { RetentionPlan, RetentionRun, retiredBy, runningRun } from '../domain/retention';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { CommandContext } from '../streams/command-handler';
import { RetentionCommandHandler } from '../streams/retention-command.handler';
import { ErasureOutcome, Erasures } from './erasures';

/** Holders forgotten at once: one group commit of their erasures, one write to the key store. */
export const RETENTION_BATCH = 500;

const due = (record: CitizenRecord, by: IsoDate): record is CitizenRecord & { citizen: { status: 'nemid-retired' } } =>
  record.citizen.status === 'nemid-retired' && record.citizen.retired.on <= by;

/** Run ids name no one and no date: a few random letters. */
const newRunId = () => [...randomBytes(10)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('');

/**
 * The retention rule: a holder's personal data is forgotten once the period the agency set after their NemID was
 * retired has ended. A run walks the retired holders in the citizen-status read model in id order, in batches, and
 * records each batch with how far it got: a run stopped by anything (a restart, a kill) goes on from there.
 */
export class Retention {
  constructor(
    private readonly runs: RetentionCommandHandler,
    private readonly erasures: Erasures,
    private readonly readModels: ReadModelStore,
    readonly retentionYears: number,
  ) {}

  /** What a run as of this date would forget, without forgetting anything. */
  plan(asOf: IsoDate): RetentionPlan {
    const by = retiredBy(asOf, this.retentionYears);
    const plan: RetentionPlan = { asOf, retentionYears: this.retentionYears, retiredBy: by, holders: 0, byRetirementYear: {} };
    this.walk(undefined, (page) => {
      for (const record of page) {
        if (!due(record, by)) continue;
        plan.holders++;
        const year = record.citizen.retired.on.slice(0, 4);
        plan.byRetirementYear[year] = (plan.byRetirementYear[year] ?? 0) + 1;
      }
    });
    return plan;
  }

  /** Every run, newest first. */
  async list(): Promise<RetentionRun[]> {
    return [...(await this.runs.load()).state.runs].reverse();
  }

  /** Records the start of a run as of this date (refused while another is unfinished); `resume` does the work. */
  async start(asOf: IsoDate, context: CommandContext): Promise<RetentionRun> {
    const planned = this.plan(asOf).holders;
    const runId = newRunId();
    const { state } = await this.runs.handle({ type: 'StartRetentionRun', data: { runId, asOf, retentionYears: this.retentionYears, planned } }, context);
    return state.runs.find((run) => run.runId === runId)!;
  }

  /** Carries the unfinished run to its end, batch by batch; undefined when none is unfinished. */
  async resume(context: CommandContext, onBatch?: (run: RetentionRun) => void, stopping: () => boolean = () => false): Promise<RetentionRun | undefined> {
    let run = runningRun((await this.runs.load()).state);
    if (!run) return undefined;
    const { runId, retiredBy: by, retentionYears } = run;
    for (let page = this.page(run.through); page.items.length > 0 && !stopping(); page = this.page(page.items.at(-1)!.citizenId)) {
      const dueIds = page.items.filter((record) => due(record, by)).map((record) => record.citizenId);
      const outcome: ErasureOutcome =
        dueIds.length > 0 ? await this.erasures.forget(dueIds, { basis: 'retention-period-ended', retentionYears }, context) : NONE;
      const through = page.items.at(-1)!.citizenId;
      const { state } = await this.runs.handle({ type: 'RecordRetentionBatch', data: { runId, forgotten: outcome.forgotten, through } }, context);
      run = state.runs.find((r) => r.runId === runId)!;
      onBatch?.(run);
      if (page.next === null) break;
    }
    if (stopping()) return run;
    const { state } = await this.runs.handle({ type: 'FinishRetentionRun', data: { runId } }, context);
    return state.runs.find((r) => r.runId === runId);
  }

  private page(after: string | undefined) {
    return this.readModels.of(citizenStatus).find({ status: 'nemid-retired' }, { after, limit: RETENTION_BATCH });
  }

  private walk(after: string | undefined, visit: (page: CitizenRecord[]) => void): void {
    for (let page = this.page(after); ; page = this.page(page.next!)) {
      visit(page.items);
      if (page.next === null) return;
    }
  }
}

const NONE: ErasureOutcome = { forgotten: 0, already: 0, refused: {} };
