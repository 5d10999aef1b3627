import { CITIZEN_STREAM_PREFIX } from '../src/domain/citizen';
import { ProjectedEvent, defineProjection } from './projection';

export interface DailyProgressRow {
  date: string;
  issued: number;
  lettersSent: number;
  infoUpdated: number;
  mitIdsCreated: number;
  nemIdsRetired: number;
}

type Counter = Exclude<keyof DailyProgressRow, 'date'>;

/** The business date each counted event carries (not the time it was stored: imports back-date). */
const COUNTED: Record<string, { counter: Counter; dateField: string }> = {
  NemIdIssued: { counter: 'issued', dateField: 'issuedOn' },
  NemIdImported: { counter: 'issued', dateField: 'issuedOn' },
  UpdateInfoLetterSent: { counter: 'lettersSent', dateField: 'sentOn' },
  PersonalInfoUpdated: { counter: 'infoUpdated', dateField: 'updatedOn' },
  MitIdCreated: { counter: 'mitIdsCreated', dateField: 'createdOn' },
  NemIdRetired: { counter: 'nemIdsRetired', dateField: 'retiredOn' },
};

const count = (state: DailyProgressRow, event: ProjectedEvent): DailyProgressRow => {
  const { counter } = COUNTED[event.type];
  return { ...state, [counter]: state[counter] + 1 };
};

/**
 * The national time series, one row per business day. Counts per status "now" come from
 * citizen-status (grouped by its status index), which knows each citizen's current status.
 */
export const migrationProgress = defineProjection<DailyProgressRow>()({
  name: 'migration-progress',
  version: 1,
  streamPrefixes: [CITIZEN_STREAM_PREFIX],
  partitionBy: (event) => {
    const counted = COUNTED[event.type];
    return counted && ((event.data as Record<string, string>)[counted.dateField] ?? undefined);
  },
  init: (date) => ({ date, issued: 0, lettersSent: 0, infoUpdated: 0, mitIdsCreated: 0, nemIdsRetired: 0 }),
  when: Object.fromEntries(Object.keys(COUNTED).map((type) => [type, count])),
  indexes: { date: (s) => s.date },
});
