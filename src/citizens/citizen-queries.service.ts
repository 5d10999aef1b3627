import { Inject, Injectable } from '@nestjs/common';
import { letterFactsOf, summarize } from '../domain/citizen';
import { NotFound } from '../domain/errors';
import { Actor, EVENT_STORE, EventStore } from '../event-store/event-store';
import { asCitizenEvent } from './citizen-stream';
import { citizenStream } from '../domain/citizen';

export interface TimelineEntry {
  revision: number;
  at: string;
  type: string;
  summary: string;
  actor: Actor;
  /** Letters and notices: the id to read the letter by (`GET .../letters/{letterId}`). */
  letterId?: string;
}

@Injectable()
export class CitizenQueries {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async exists(citizenId: string): Promise<boolean> {
    for await (const _ of this.store.readStream(citizenStream(citizenId), { maxCount: 1 })) return true;
    return false;
  }

  async timeline(citizenId: string): Promise<TimelineEntry[]> {
    const entries: TimelineEntry[] = [];
    for await (const recorded of this.store.readStream(citizenStream(citizenId))) {
      const event = asCitizenEvent(recorded);
      entries.push({
        revision: Number(recorded.revision),
        at: recorded.metadata.occurredAt,
        type: recorded.type,
        summary: event ? summarize(event) : recorded.type,
        actor: recorded.metadata.actor,
        letterId: event && letterFactsOf(event) ? recorded.id : undefined,
      });
    }
    if (entries.length === 0) throw new NotFound('no citizen with this id');
    return entries;
  }
}
