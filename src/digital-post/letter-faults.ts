import { Logger } from '@nestjs/common';
import { carriesProblem } from '../http/problem';
import type { EventStore, RecordedEvent } from '../event-store/event-store';
import { DELIVERY_CONSUMER, DeadLetter, ProjectionFaults, STALL_AFTER, recordedError } from '../projection-engine/read-model-file/faults';

const logger = new Logger('DigitalPost');

/** A letter that failed is tried again after this long, as a read model tries its event again. */
const RETRY_AFTER_MS = 1000;

/**
 * The machine's faults pass: a store that does not answer (a problem of status 5xx), a full disk, a busy file (a
 * system or SQLite error, which has a code). The letters wait for them and none becomes a dead letter, whatever the
 * policy: a letter is only ever skipped for a fault of its own (data that cannot be read, decrypted or rendered).
 */
export function isMachineFault(error: unknown): boolean {
  if (carriesProblem(error)) return error.problem().status >= 500;
  return typeof (error as { code?: unknown })?.code === 'string';
}

/**
 * The letters the delivery could not prepare, kept with the read models' dead letters under the delivery's name
 * (docs/operations.md). Unlike a read model's events, letters do not depend on each other: the delivery goes on past
 * one, tries it again every second, and after STALL_AFTER failures counts as stalled on it until the operator (or
 * the policy "skip") skips it, or asks for new tries.
 */
export class UndeliverableLetters {
  constructor(
    private readonly faults: Pick<ProjectionFaults, 'failed' | 'open' | 'passed'>,
    private readonly store: Pick<EventStore, 'readAll'>,
    /** Wall-clock time, as the read models' dead letters are stamped. */
    private readonly now: () => number = Date.now,
  ) {}

  /** One more failure of this letter; its first failure and its stall are logged (ids, type, the error's words: no personal data). */
  failed(letter: RecordedEvent, error: unknown): DeadLetter {
    const recorded = this.faults.failed(
      DELIVERY_CONSUMER,
      { id: letter.id, type: letter.type, streamId: letter.streamId, position: letter.position },
      error,
      new Date(this.now()).toISOString(),
    );
    const about = { letterId: letter.id, type: letter.type, position: String(letter.position), error: recordedError(error) };
    if (recorded.failures === 1) logger.warn(about, 'a letter could not be prepared; the others go on, and it is tried again every second');
    else if (recorded.failures === STALL_AFTER)
      logger.error({ ...about, state: recorded.state }, `a letter failed ${STALL_AFTER} times: the delivery is stalled on it until it is skipped or retried`);
    return recorded;
  }

  /** A letter that had failed went out after all: it no longer waits, nor holds /health down. */
  delivered(letter: RecordedEvent): void {
    if (this.faults.passed(DELIVERY_CONSUMER, { eventId: letter.id }) > 0) logger.log({ letterId: letter.id }, 'a letter that had failed was delivered');
  }

  /** The letters that failed and wait for another try (neither delivered nor skipped), each once its second is up. */
  async due(): Promise<RecordedEvent[]> {
    const now = this.now();
    const waiting = this.faults.open(DELIVERY_CONSUMER).filter((letter) => now - Date.parse(letter.lastFailedAt) >= RETRY_AFTER_MS);
    const letters: RecordedEvent[] = [];
    for (const { position } of waiting) {
      // The event at a position is the first after the one before it, on either store.
      for await (const letter of this.store.readAll({ fromPosition: BigInt(position) - 1n, maxCount: 1 })) letters.push(letter);
    }
    return letters;
  }
}
