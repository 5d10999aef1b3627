import { ANY, NO_STREAM, START, STREAM_EXISTS } from '@eventstore/db-client';
import { DEFAULT_MAX_APPEND_SIZE, expectedRevisionFor, matchesFilter, portPositionOf, readPositionAfter, serverFilterFor } from './esdb-mapping';

describe('EventStoreDB mapping', () => {
  it("maps the port's expected revisions to the client's", () => {
    expect(expectedRevisionFor('any')).toBe(ANY);
    expect(expectedRevisionFor('no_stream')).toBe(NO_STREAM);
    expect(expectedRevisionFor('stream_exists')).toBe(STREAM_EXISTS);
    expect(expectedRevisionFor(41n)).toBe(41n);
  });

  it('uses the prepare position as the port position: unique even when a multi-event append shares one commit position', () => {
    const commit = 5_000n;
    const positions = [5_000n, 5_180n, 5_360n].map((prepare) => portPositionOf({ commit, prepare }));
    expect(new Set(positions).size).toBe(3);
    expect(positions).toEqual([5_000n, 5_180n, 5_360n]);
  });

  describe('resuming after a checkpoint', () => {
    it('starts at the beginning for checkpoint 0', () => {
      expect(readPositionAfter(0n, undefined)).toBe(START);
    });

    it('resumes exactly when the commit position of the checkpoint is known', () => {
      expect(readPositionAfter(5_180n, 5_000n)).toEqual({ commit: 5_000n, prepare: 5_180n });
    });

    it('resumes one maximum append size earlier when it is not (the caller skips what it has seen)', () => {
      const checkpoint = 10n * DEFAULT_MAX_APPEND_SIZE;
      expect(readPositionAfter(checkpoint, undefined)).toEqual({ commit: 9n * DEFAULT_MAX_APPEND_SIZE, prepare: 9n * DEFAULT_MAX_APPEND_SIZE });
      expect(readPositionAfter(1_000n, undefined)).toBe(START);
    });
  });

  describe('filters', () => {
    it('sends stream prefixes to the server and keeps types for the client when both are given', () => {
      expect(serverFilterFor({ streamPrefixes: ['citizen-'], eventTypes: ['UpdateInfoLetterSent'] })).toMatchObject({ filterOn: 'streamName', prefixes: ['citizen-'] });
      expect(matchesFilter('citizen-1', 'UpdateInfoLetterSent', { streamPrefixes: ['citizen-'], eventTypes: ['UpdateInfoLetterSent'] })).toBe(true);
      expect(matchesFilter('citizen-1', 'InfoUpdated', { streamPrefixes: ['citizen-'], eventTypes: ['UpdateInfoLetterSent'] })).toBe(false);
      expect(matchesFilter('campaign-1', 'UpdateInfoLetterSent', { streamPrefixes: ['citizen-'] })).toBe(false);
    });

    it('filters on exact event types with an anchored, escaped regex', () => {
      const filter = serverFilterFor({ eventTypes: ['A.B', 'C'] }) as { filterOn: string; regex: string };
      expect(filter.filterOn).toBe('eventType');
      const regex = new RegExp(filter.regex);
      expect(['A.B', 'C'].every((type) => regex.test(type))).toBe(true);
      expect(['AxB', 'CC', 'xC'].some((type) => regex.test(type))).toBe(false);
    });

    it("never lets EventStoreDB's own events through, filter or not", () => {
      expect(serverFilterFor(undefined)).toMatchObject({ filterOn: 'eventType' });
      expect(matchesFilter('$stats-127.0.0.1:2113', '$statsCollected', undefined)).toBe(false);
      expect(matchesFilter('$ce-citizen', '$>', { streamPrefixes: ['$ce-'] })).toBe(false);
      expect(matchesFilter('citizen-1', 'NemIdIssued', undefined)).toBe(true);
    });
  });
});
