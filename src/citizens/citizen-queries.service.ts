import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTOR_ROLE_NAMES, EVENT_KIND_NAMES, NO_NEMID_HOLDER, actorName, citizenStream, detailsOf, letterFactsOf, summarize } from '../domain/citizen';
import { NotFound } from '../domain/errors';
import { Text } from '../domain/text';
import { Actor, EVENT_STORE, EventStore } from '../event-store/event-store';
import { CitizenCipher } from '../personal-data/citizen-cipher';
import { openingReadBack } from '../personal-data/openings';
import { asCitizenEvent } from '../streams/citizen-stream';
import { TextView } from './citizen-views';

export class TimelineEntry {
  @ApiProperty() revision!: number;
  @ApiProperty() at!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ type: TextView, description: 'One line, in both languages; no ids (see details)' }) summary!: Text;
  @ApiProperty({ type: TextView, description: 'Who did it, in both languages' }) by!: Text;
  @ApiProperty() actor!: Actor;
  @ApiProperty({ description: 'The ids behind the line (campaign, message, import), for tracing' }) details!: Record<string, string>;
  @ApiPropertyOptional({ description: 'Letters and notices: the id to read the letter by' }) letterId?: string;
}

/** A citizen's life, with the openings of their record apart: they would drown the rest (each search is one). */
export interface Timeline {
  entries: TimelineEntry[];
  openings: TimelineEntry[];
}

@Injectable()
export class CitizenQueries {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cipher: CitizenCipher,
  ) {}

  /**
   * Once the holder is forgotten, what came before says only what happened and when, by which role: the lines name
   * the holder's facts and the openings their staff's reasons; a new NemID after it is told in full.
   */
  async timeline(citizenId: string): Promise<Timeline> {
    const timeline: Timeline = { entries: [], openings: [] };
    for await (const recorded of this.store.readStream(citizenStream(citizenId))) {
      const stored = asCitizenEvent(recorded);
      const event = stored?.type === 'TimelineViewed' ? { ...stored, data: await openingReadBack(this.cipher, citizenId, stored.data) } : stored;
      if (event?.type === 'CitizenForgotten') forgetEntries(timeline);
      const entry: TimelineEntry = {
        revision: Number(recorded.revision),
        at: recorded.metadata.occurredAt,
        type: recorded.type,
        summary: event ? summarize(event) : { da: recorded.type, en: recorded.type },
        by: actorName(recorded.metadata.actor),
        actor: recorded.metadata.actor,
        details: event ? detailsOf(event) : {},
        letterId: event && letterFactsOf(event) ? recorded.id : undefined,
      };
      (recorded.type === 'TimelineViewed' ? timeline.openings : timeline.entries).push(entry);
    }
    if (timeline.entries.length === 0) throw new NotFound(NO_NEMID_HOLDER);
    return timeline;
  }
}

function forgetEntries(timeline: Timeline): void {
  for (const entries of [timeline.entries, timeline.openings]) {
    entries.forEach((entry, i) => {
      const kind = EVENT_KIND_NAMES[entry.type as keyof typeof EVENT_KIND_NAMES] ?? { da: entry.type, en: entry.type };
      const { role } = entry.actor;
      const by = ACTOR_ROLE_NAMES[role] ?? { da: role, en: role };
      entries[i] = { revision: entry.revision, at: entry.at, type: entry.type, summary: kind, by, actor: { role, subject: '' }, details: {} };
    });
  }
}
