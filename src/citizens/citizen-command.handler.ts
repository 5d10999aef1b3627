import { Inject, Injectable } from '@nestjs/common';
import { v4 as uuidV4 } from 'uuid';
import { CLOCK } from '../clock/clock.module';
import { CitizenCommand, CitizenEvent, CitizenState, citizenDecider } from '../domain/citizen';
import { Clock } from '../domain/clock';
import { Actor, EVENT_STORE, EventStore, NewEvent, WrongExpectedRevisionError } from '../event-store/event-store';
import { asCitizenEvent, citizenStream, eventIdFor } from './citizen-stream';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A command as callers give it: business time is added by the handler from the injected clock. */
export type CitizenCommandInput = DistributiveOmit<CitizenCommand, 'metadata'>;

export interface CommandContext {
  actor: Actor;
  correlationId: string;
}

export interface CommandResult {
  citizenId: string;
  state: CitizenState;
  appended: CitizenEvent[];
}

const SCHEMA_VERSION = 1;
const MAX_ATTEMPTS = 3;

/**
 * Load the citizen's stream, fold it, decide, append with the revision that was read.
 * A concurrent change makes the append fail; the command is then decided again on the new state.
 */
@Injectable()
export class CitizenCommandHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async load(citizenId: string): Promise<{ state: CitizenState; revision: bigint | undefined }> {
    let state = citizenDecider.initialState();
    let revision: bigint | undefined;
    for await (const recorded of this.store.readStream(citizenStream(citizenId))) {
      revision = recorded.revision;
      const event = asCitizenEvent(recorded);
      if (event) state = citizenDecider.evolve(state, event);
    }
    return { state, revision };
  }

  async handle(citizenId: string, input: CitizenCommandInput, context: CommandContext): Promise<CommandResult> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(citizenId);
      const now = this.clock.now();
      const events = citizenDecider.decide({ ...input, metadata: { now } } as CitizenCommand, state);
      if (events.length === 0) return { citizenId, state, appended: [] };
      const toAppend: NewEvent[] = events.map((event) => ({
        id: eventIdFor(citizenId, event, uuidV4),
        type: event.type,
        data: event.data,
        metadata: {
          occurredAt: now.toISOString(),
          correlationId: context.correlationId,
          causationId: context.correlationId,
          actor: context.actor,
          schemaVersion: SCHEMA_VERSION,
        },
      }));
      try {
        await this.store.append(citizenStream(citizenId), toAppend, { expectedRevision: revision ?? 'no_stream' });
        return { citizenId, state: events.reduce(citizenDecider.evolve, state), appended: events };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
