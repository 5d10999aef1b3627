import { CITIZEN_STREAM_PREFIX, citizenIdOf } from '../src/domain/citizen';
import {
  CitizenProfile,
  CitizenStatus,
  MitIdCreated,
  NemIdIssued,
  NemIdRetired,
  PersonalInfoUpdated,
  UpdateInfoLetterSent,
  nextStatus,
  profileAfterInfoUpdate,
} from '../src/domain/citizen';
import type { CohortFilterName } from '../src/domain/campaign';
import { ProjectedEvent, defineProjection } from './projection';

export interface CitizenStatusRow {
  citizenId: string;
  status: CitizenStatus | 'no-nemid';
  profile: CitizenProfile | null;
  issuedOn: string | null;
  updateInfoLetters: { campaignId: string; sentOn: string }[];
  infoUpdatedOn: string | null;
  mitId: { createdOn: string; route: string } | null;
  retired: { on: string; reason: string } | null;
  noticesReceived: number;
}

type Data<E extends { data: unknown }> = ProjectedEvent<E['data']>;
type CitizenIndex = (state: CitizenStatusRow) => string | number | boolean | null;
const moved = (state: CitizenStatusRow, type: string): CitizenStatusRow['status'] => nextStatus(state.status, type);

/** One row per citizen: the status and the facts campaigns and support agents filter on. */
export const citizenStatus = defineProjection<CitizenStatusRow>()({
  name: 'citizen-status',
  version: 2,
  streamPrefixes: [CITIZEN_STREAM_PREFIX],
  partitionBy: (event) => citizenIdOf(event.streamId),
  init: (citizenId) => ({
    citizenId,
    status: 'no-nemid',
    profile: null,
    issuedOn: null,
    updateInfoLetters: [],
    infoUpdatedOn: null,
    mitId: null,
    retired: null,
    noticesReceived: 0,
  }),
  when: {
    NemIdIssued: (state, event: Data<NemIdIssued>) => ({
      ...state,
      status: moved(state, event.type),
      profile: event.data.profile,
      issuedOn: event.data.issuedOn,
    }),
    UpdateInfoLetterSent: (state, event: Data<UpdateInfoLetterSent>) => ({
      ...state,
      status: moved(state, event.type),
      updateInfoLetters: [...state.updateInfoLetters, { campaignId: event.data.campaignId, sentOn: event.data.sentOn }],
    }),
    PersonalInfoUpdated: (state, event: Data<PersonalInfoUpdated>) => ({
      ...state,
      status: moved(state, event.type),
      infoUpdatedOn: event.data.updatedOn,
      profile: state.profile && profileAfterInfoUpdate(state.profile, event.data),
    }),
    MitIdCreated: (state, event: Data<MitIdCreated>) => ({
      ...state,
      status: moved(state, event.type),
      mitId: { createdOn: event.data.createdOn, route: event.data.route },
    }),
    NemIdRetired: (state, event: Data<NemIdRetired>) => ({
      ...state,
      status: moved(state, event.type),
      retired: { on: event.data.retiredOn, reason: event.data.reason },
    }),
    NoticeSent: (state) => ({ ...state, noticesReceived: state.noticesReceived + 1 }),
  },
  indexes: {
    status: (s) => s.status,
    needsInfoUpdate: (s) => s.profile?.needsInfoUpdate ?? null,
    danishPassport: (s) => s.profile?.danishPassport ?? null,
    digitalPostExempt: (s) => s.profile?.digitalPostExempt ?? null,
    residesAbroad: (s) => s.profile?.residesAbroad ?? null,
    addressProtected: (s) => s.profile?.addressProtected ?? null,
    hasMitId: (s) => s.mitId !== null,
    /** Holds a NemID that still works: issued and not retired. */
    nemIdActive: (s) => s.status !== 'no-nemid' && s.status !== 'nemid-retired',
    issuedOn: (s) => s.issuedOn,
    lastLetterSentOn: (s) => s.updateInfoLetters.at(-1)?.sentOn ?? null,
    infoUpdatedOn: (s) => s.infoUpdatedOn,
    mitIdCreatedOn: (s) => s.mitId?.createdOn ?? null,
    retiredOn: (s) => s.retired?.on ?? null,
    // Every declared cohort filter is a column here: renaming one without the other does not compile.
  } satisfies Record<CohortFilterName, CitizenIndex> & Record<string, CitizenIndex>,
});
