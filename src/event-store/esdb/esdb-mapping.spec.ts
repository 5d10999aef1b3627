import { ANY, NO_STREAM, START, STREAM_EXISTS } from '@eventstore/db-client';
import { expectedRevisionFor, matchesFilter, portPositionOf, readPositionAfter, serverFilterFor } from './esdb-mapping';

describe('EventStoreDB mapping', () => {
  it("maps the port's expected revisions to the client's", () => {
    expect(expectedRevisionFor('any')).toBe(ANY);
    expect(expectedRevisionFor('no_stream')).toBe(NO_STREAM);
    expect(expectedRevisionFor('stream_exists')).toBe(STREAM_EXISTS);
    expect(expectedRevisionFor(41n)).toBe(41n);
  });

  it('takes the port position from the log position (over gRPC commit = prepare for every event)', () => {
    expect(portPositionOf({ commit: 5_180n, prepare: 5_180n })).toBe(5_180n);
    expect(portPositionOf(undefined)).toBe(0n);
  });

  describe('resuming after a checkpoint', () => {
    it('starts at the beginning for checkpoint 0', () => {
      expect(readPositionAfter(0n)).toBe(START);
    });

    it('resumes exactly at the checkpoint, with nothing remembered: commit and prepare are both the position', () => {
      expect(readPositionAfter(5_180n)).toEqual({ commit: 5_180n, prepare: 5_180n });
      // Never a position before the checkpoint (a byte that is not a record start is InvalidPosition on the server).
      expect(readPositionAfter(3n * 1_048_576n)).toEqual({ commit: 3n * 1_048_576n, prepare: 3n * 1_048_576n });
    });
  });

  describe('filters', () => {
    it('sends event types to the server and keeps stream prefixes for the client when both are given', () => {
      expect(serverFilterFor({ streamPrefixes: ['citizen-'], eventTypes: ['UpdateInfoLetterSent'] })).toMatchObject({ filterOn: 'eventType' });
      expect(serverFilterFor({ streamPrefixes: ['citizen-'] })).toMatchObject({ filterOn: 'streamName', prefixes: ['citizen-'] });
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
