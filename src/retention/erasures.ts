import { Inject, Injectable } from '@nestjs/common';
import { CITIZEN_STREAM_PREFIX, CitizenForgotten, ErasureBasis, citizenIdOf, citizenStream } from '../domain/citizen';
import { DomainError, RuleViolated } from '../domain/errors';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { sealedKeyRefs } from '../personal-data/citizen-cipher';
import { CITIZEN_KEY_STORE, CitizenKeyStore, DoomedKeys } from '../personal-data/citizen-key-store';
import { CitizenCommandHandler, CommandResult } from '../streams/citizen-command.handler';
import { CommandContext } from '../streams/command-handler';

export interface ErasureOrder {
  basis: ErasureBasis;
  /** Under the retention rule: the period the agency set after retirement. */
  retentionYears?: number;
}

export interface ErasureOutcome {
  /** Forgotten by this call (those forgotten before count in `already`). */
  forgotten: number;
  already: number;
  /** Refused, by rule (a holder whose NemID still works, a period not yet ended), or by kind. */
  refused: Record<string, number>;
}

/** Erasures recorded in the log, applied to the key store this many at a time. */
const APPLY_BATCH = 1000;

/**
 * Forgetting citizens: `CitizenForgotten` is recorded in each citizen's stream, naming the keys it destroys, and
 * then the keys are destroyed. A crash between the two is repaired from the log (`applyRecorded`), which is also
 * what brings a key store restored from an older backup up to date: the log's erasures always win.
 */
@Injectable()
export class Erasures {
  constructor(
    private readonly citizens: CitizenCommandHandler,
    @Inject(CITIZEN_KEY_STORE) private readonly keys: CitizenKeyStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** One citizen; a refusal (not retired, the period not ended) is thrown as the domain's error. */
  async forgetOne(citizenId: string, order: ErasureOrder, context: CommandContext): Promise<CommandResult> {
    const keyRefs = await this.keyRefsOf(citizenId);
    const result = await this.decide(citizenId, keyRefs, order, context);
    if (result.state.status === 'forgotten') await this.keys.destroy([{ citizenId, keyRefs }]);
    return result;
  }

  /** Many at once: the appends are group-committed and the keys destroyed in one write. */
  async forget(citizenIds: readonly string[], order: ErasureOrder, context: CommandContext): Promise<ErasureOutcome> {
    const refs = await Promise.all(citizenIds.map((citizenId) => this.keyRefsOf(citizenId)));
    const outcomes = await Promise.allSettled(citizenIds.map((citizenId, i) => this.decide(citizenId, refs[i], order, context)));
    const outcome: ErasureOutcome = { forgotten: 0, already: 0, refused: {} };
    const doomed: DoomedKeys[] = [];
    let failure: unknown;
    outcomes.forEach((settled, i) => {
      if (settled.status === 'rejected') {
        if (!(settled.reason instanceof DomainError)) failure ??= settled.reason;
        else {
          const why = settled.reason instanceof RuleViolated ? settled.reason.rule : settled.reason.kind;
          outcome.refused[why] = (outcome.refused[why] ?? 0) + 1;
        }
        return;
      }
      if (settled.value.state.status !== 'forgotten') return;
      // Forgotten now or before (a retry): either way no key of theirs may stay.
      doomed.push({ citizenId: citizenIds[i], keyRefs: refs[i] });
      if (settled.value.appended.length > 0) outcome.forgotten++;
      else outcome.already++;
    });
    await this.keys.destroy(doomed);
    if (failure) throw failure;
    return outcome;
  }

  /** Every key the citizen's values were sealed with, as their events name them. */
  private async keyRefsOf(citizenId: string): Promise<string[]> {
    const refs: string[] = [];
    for await (const recorded of this.store.readStream(citizenStream(citizenId))) refs.push(...sealedKeyRefs(recorded.data));
    // An opening's reason shares its key with the CPR number: each key named once.
    return [...new Set(refs)];
  }

  private decide(citizenId: string, keyRefs: string[], order: ErasureOrder, context: CommandContext): Promise<CommandResult> {
    const data = { basis: order.basis, retentionYears: order.retentionYears, keyRefs, decidedBy: context.actor };
    return this.citizens.handle(citizenId, { type: 'ForgetCitizen', data }, context);
  }

  /** Destroys every key an erasure in the log names, from where the key store says it got to. */
  async applyRecorded(onBatch?: (keysDestroyed: number) => void): Promise<{ erasures: number; keysDestroyed: number }> {
    let erasures = 0;
    let keysDestroyed = 0;
    let batch: DoomedKeys[] = [];
    let position = await this.keys.erasuresAppliedThrough();
    const flush = async () => {
      const destroyed = await this.keys.destroy(batch);
      keysDestroyed += destroyed;
      await this.keys.markErasuresApplied(position);
      onBatch?.(destroyed);
      batch = [];
    };
    for await (const recorded of this.store.readAll({
      fromPosition: position,
      filter: { streamPrefixes: [CITIZEN_STREAM_PREFIX], eventTypes: ['CitizenForgotten'] },
    })) {
      const { keyRefs } = recorded.data as CitizenForgotten['data'];
      batch.push({ citizenId: citizenIdOf(recorded.streamId), keyRefs });
      position = recorded.position;
      erasures++;
      if (batch.length >= APPLY_BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    return { erasures, keysDestroyed };
  }
}

/** Keys an erasure in the log destroyed that the key store still holds (one restored from an older backup, not yet brought up to date). */
export async function keysErasuresLeft(store: EventStore, keys: CitizenKeyStore): Promise<number> {
  let left = 0;
  for await (const recorded of store.readAll({ filter: { streamPrefixes: [CITIZEN_STREAM_PREFIX], eventTypes: ['CitizenForgotten'] } })) {
    const citizenId = citizenIdOf(recorded.streamId);
    for (const keyRef of (recorded.data as CitizenForgotten['data']).keyRefs) if (await keys.get(citizenId, keyRef)) left++;
  }
  return left;
}
