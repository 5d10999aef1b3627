import type Database from 'better-sqlite3';

/** What a projection does when an event keeps failing: keep trying it (the default: a fixed fold takes it), or skip it and record that. */
export const ON_STALL = ['wait', 'skip'] as const;
export type OnStall = (typeof ON_STALL)[number];

/**
 * failing: tried again after each failure; stalled: failed STALL_AFTER times; skipped: left out of the read model;
 * retrying: an operator asked for new tries; superseded: the read model was rebuilt since, so no decision applies;
 * passed: a later try took it (a fault that went away, a fix deployed), so nothing waits on it any more.
 */
export const FAULT_STATES = ['failing', 'stalled', 'skipped', 'retrying', 'superseded', 'passed'] as const;
export type FaultState = (typeof FAULT_STATES)[number];
/** The states in which something still waits on the event: tried again, and (stalled) shown in /health. */
export const OPEN_FAULTS: ReadonlySet<FaultState> = new Set(['failing', 'stalled', 'retrying']);
const OPEN_STATES_SQL = [...OPEN_FAULTS].map((state) => `'${state}'`).join(', ');

/** An event a projection could not fold. No personal data: ids, the type, the position and the error's kind and words (CPR-like digits masked). */
export interface DeadLetter {
  projection: string;
  eventId: string;
  position: string;
  eventType: string;
  streamId: string;
  error: string;
  failures: number;
  firstFailedAt: string;
  lastFailedAt: string;
  state: FaultState;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface FailedEvent {
  id: string;
  type: string;
  streamId: string;
  position: bigint;
}

/**
 * The Digital Post delivery's name as a consumer of the log: its position, its EventStoreDB group, and its dead
 * letters (letters it cannot prepare), kept here beside the read models' under the same rules.
 */
export const DELIVERY_CONSUMER = 'digital-post-delivery';

/** Failures at one event before its projection counts as stalled: about as many seconds as the runner's retries take. */
export const STALL_AFTER = 5;

type Row = Omit<DeadLetter, 'position'> & { position: number | bigint };

const COLUMNS = `projection, event_id AS eventId, position, event_type AS eventType, stream_id AS streamId, error, failures,
  first_failed_at AS firstFailedAt, last_failed_at AS lastFailedAt, state, decided_by AS decidedBy, decided_at AS decidedAt`;

/** An error's words as recorded: one line, bounded, and no run of ten digits (a CPR number) in it. */
export const recordedError = (error: unknown): string => {
  const words = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return words
    .replace(/\s+/g, ' ')
    .replace(/\d{6}-?\d{4}/g, '**********')
    .slice(0, 300);
};

/**
 * Dead letters and stall policies, in the read-model file: the runner (in the service, or its projection thread) and
 * the CLI or the API (acting for an operator) share them through it, so an operator's choice reaches a running runner.
 */
export class ProjectionFaults {
  private readonly statements: Record<string, Database.Statement>;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      failed: db.prepare(
        `INSERT INTO projection_faults (projection, event_id, position, event_type, stream_id, error, failures, first_failed_at, last_failed_at, state)
         VALUES (@projection, @eventId, @position, @eventType, @streamId, @error, 1, @at, @at, 'failing')
         ON CONFLICT (projection, event_id) DO UPDATE SET error = excluded.error, last_failed_at = excluded.last_failed_at,
           failures = CASE WHEN state = 'superseded' THEN 1 ELSE failures + 1 END,
           decided_by = CASE WHEN state = 'superseded' THEN NULL ELSE decided_by END,
           decided_at = CASE WHEN state = 'superseded' THEN NULL ELSE decided_at END,
           state = CASE WHEN state = 'superseded' THEN 'failing' ELSE state END`,
      ),
      one: db.prepare(`SELECT ${COLUMNS} FROM projection_faults WHERE projection = ? AND event_id = ?`),
      decide: db.prepare(`UPDATE projection_faults SET state = @to, decided_by = @by, decided_at = @at WHERE projection = @projection AND event_id = @eventId`),
      skipped: db.prepare(`SELECT event_id AS eventId FROM projection_faults WHERE projection = ? AND state = 'skipped'`),
      list: db.prepare(`SELECT ${COLUMNS} FROM projection_faults WHERE ? IS NULL OR projection = ? ORDER BY projection, position`),
      stalled: db.prepare(`SELECT ${COLUMNS} FROM projection_faults WHERE state = 'stalled' ORDER BY projection, position`),
      open: db.prepare(`SELECT ${COLUMNS} FROM projection_faults WHERE projection = ? AND state IN (${OPEN_STATES_SQL}) ORDER BY position`),
      decideStalled: db.prepare(
        `UPDATE projection_faults SET state = @to, decided_by = @by, decided_at = @at, failures = CASE WHEN @to = 'retrying' THEN 0 ELSE failures END
         WHERE projection = @projection AND state = 'stalled'`,
      ),
      supersede: db.prepare(`UPDATE projection_faults SET state = 'superseded' WHERE projection = ?`),
      passed: db.prepare(
        `UPDATE projection_faults SET state = 'passed' WHERE projection = @projection AND state IN (${OPEN_STATES_SQL})
         AND (@eventId IS NULL OR event_id = @eventId) AND (@upTo IS NULL OR position <= @upTo)`,
      ),
      policy: db.prepare(`SELECT on_stall AS onStall FROM projection_stall_policies WHERE projection = ?`),
      setPolicy: db.prepare(
        `INSERT INTO projection_stall_policies (projection, on_stall, set_by, set_at) VALUES (@projection, @onStall, @by, @at)
         ON CONFLICT (projection) DO UPDATE SET on_stall = excluded.on_stall, set_by = excluded.set_by, set_at = excluded.set_at`,
      ),
      policies: db.prepare(`SELECT projection, on_stall AS onStall, set_by AS setBy, set_at AS setAt FROM projection_stall_policies ORDER BY projection`),
    };
  }

  /**
   * One more failure at this event. After STALL_AFTER the projection is stalled on it, and with the policy "skip" the
   * event is skipped at once (decided by the policy). Returns the dead letter as it now stands.
   */
  failed(projection: string, event: FailedEvent, error: unknown, at: string): DeadLetter {
    const key = { projection, eventId: event.id };
    return this.db.transaction(() => {
      this.statements.failed.run({ ...key, position: event.position, eventType: event.type, streamId: event.streamId, error: recordedError(error), at });
      const letter = this.letter(projection, event.id)!;
      if ((letter.state === 'failing' || letter.state === 'retrying') && letter.failures >= STALL_AFTER) {
        const skip = this.policyOf(projection) === 'skip';
        this.statements.decide.run({ ...key, to: skip ? 'skipped' : 'stalled', by: skip ? 'policy' : null, at: skip ? at : null });
      }
      return this.letter(projection, event.id)!;
    })();
  }

  /** The events of this projection an operator (or its policy) chose to leave out. */
  skipped(projection: string): Set<string> {
    return new Set((this.statements.skipped.all(projection) as { eventId: string }[]).map((row) => row.eventId));
  }

  list(projection?: string): DeadLetter[] {
    return (this.statements.list.all(projection ?? null, projection ?? null) as Row[]).map(asLetter);
  }

  /** The events of this projection something still waits on (failing, stalled, retrying): not its whole history. */
  open(projection: string): DeadLetter[] {
    return (this.statements.open.all(projection) as Row[]).map(asLetter);
  }

  stalled(): DeadLetter[] {
    return (this.statements.stalled.all() as Row[]).map(asLetter);
  }

  /** Skips the event a projection is stalled on; the number of events skipped (0: it was not stalled). */
  skip(projection: string, by: string, at: string): number {
    return this.statements.decideStalled.run({ projection, to: 'skipped', by, at }).changes;
  }

  /** Asks for STALL_AFTER new tries of the event a projection is stalled on (after a fix, say); the number of events. */
  retry(projection: string, by: string, at: string): number {
    return this.statements.decideStalled.run({ projection, to: 'retrying', by, at }).changes;
  }

  /** A later try took the event (one event), or the read model moved past these positions (`upTo`): nothing waits on them. */
  passed(projection: string, which: { eventId: string } | { upTo: bigint }): number {
    return this.statements.passed.run({ projection, eventId: null, upTo: null, ...which }).changes;
  }

  /** The read model starts afresh (a rebuild): its dead letters stay as history, and none of their decisions applies. */
  supersede(projection: string): void {
    this.statements.supersede.run(projection);
  }

  policyOf(projection: string): OnStall {
    return ((this.statements.policy.get(projection) as { onStall: OnStall } | undefined)?.onStall ?? 'wait') as OnStall;
  }

  setPolicy(projection: string, onStall: OnStall, by: string, at: string): void {
    this.statements.setPolicy.run({ projection, onStall, by, at });
  }

  policies(): { projection: string; onStall: OnStall; setBy: string; setAt: string }[] {
    return this.statements.policies.all() as { projection: string; onStall: OnStall; setBy: string; setAt: string }[];
  }

  private letter(projection: string, eventId: string): DeadLetter | undefined {
    const row = this.statements.one.get(projection, eventId) as Row | undefined;
    return row && asLetter(row);
  }
}

const asLetter = (row: Row): DeadLetter => ({ ...row, position: String(row.position) });
