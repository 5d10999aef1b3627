import { COHORT_FILTERS, type CohortFilterName } from '../src/domain/campaign';
import {
  CITIZEN_STREAM_PREFIX,
  CitizenEventType,
  CitizenProfile,
  CitizenState,
  ErasureBasis,
  citizenDecider,
  citizenIdOf,
  isHolding,
  toCitizenEvent,
} from '../src/domain/citizen';
import { ProjectedEvent, defineProjection } from './projection';

/** A citizen as the read model keeps them: the domain's own fold of their stream, without the encrypted fields. */
export interface CitizenRecord {
  citizenId: string;
  citizen: CitizenState;
}

/** The row the citizen list shows. */
export interface CitizenStatusRow {
  citizenId: string;
  status: CitizenState['status'];
  profile: CitizenProfile | null;
  issuedOn: string | null;
  updateInfoLetters: { campaignId: string; sentOn: string }[];
  infoUpdatedOn: string | null;
  mitId: { createdOn: string; route: string } | null;
  retired: { on: string; reason: string } | null;
  forgotten: { on: string; basis: ErasureBasis } | null;
  noticesReceived: number;
}

type CitizenIndex = (record: CitizenRecord) => string | number | boolean | null;

/** The read model never holds the encrypted CPR number or address: support and campaigns do not need them. */
function withoutSecrets(citizen: CitizenState): CitizenState {
  if (!isHolding(citizen)) return citizen;
  // Most events carry neither secret on from an already blanked state: no copy then (a rebuild folds millions).
  if (citizen.holder.protectedCpr === '' && citizen.holder.protectedDeliveryAddress === undefined) return citizen;
  const { protectedDeliveryAddress: _address, ...holder } = citizen.holder;
  // Blanked, not dropped: the domain's type keeps the field for the services that decrypt it.
  return { ...citizen, holder: { ...holder, protectedCpr: '' } };
}

/** One step of the domain's fold, for the events that change what the row shows. */
function folded(record: CitizenRecord, event: ProjectedEvent): CitizenRecord {
  const citizenEvent = toCitizenEvent(event);
  return citizenEvent ? { citizenId: record.citizenId, citizen: withoutSecrets(citizenDecider.evolve(record.citizen, citizenEvent)) } : record;
}

const FOLDED: CitizenEventType[] = [
  'NemIdIssued',
  'NemIdImported',
  'UpdateInfoLetterSent',
  'PersonalInfoUpdated',
  'MitIdCreated',
  'NemIdRetired',
  'NoticeSent',
  'CitizenForgotten',
];

const holderOf = (record: CitizenRecord) => (isHolding(record.citizen) ? record.citizen.holder : undefined);

/** The row of the citizen list, from the record. */
export function citizenStatusView({ citizenId, citizen }: CitizenRecord): CitizenStatusRow {
  const holder = isHolding(citizen) ? citizen.holder : undefined;
  return {
    citizenId,
    status: citizen.status,
    profile: holder?.profile ?? null,
    issuedOn: holder?.issuedOn ?? null,
    updateInfoLetters: holder?.updateInfoLettersSent ?? [],
    infoUpdatedOn: holder?.infoUpdatedOn ?? null,
    mitId: holder?.mitId ?? null,
    retired: citizen.status === 'nemid-retired' || citizen.status === 'forgotten' ? citizen.retired : null,
    forgotten: citizen.status === 'forgotten' ? citizen.forgotten : null,
    noticesReceived: holder?.notices.length ?? 0,
  };
}

/** One row per citizen: the status and the facts campaigns and support agents filter on, folded by the domain. */
export const citizenStatus = defineProjection<CitizenRecord>()({
  name: 'citizen-status',
  version: 4,
  streamPrefixes: [CITIZEN_STREAM_PREFIX],
  partitionBy: { stream: citizenIdOf },
  init: (citizenId) => ({ citizenId, citizen: citizenDecider.initialState() }),
  when: Object.fromEntries(FOLDED.map((type) => [type, folded])),
  indexes: {
    status: (r) => r.citizen.status,
    needsInfoUpdate: (r) => holderOf(r)?.profile.needsInfoUpdate ?? null,
    danishPassport: (r) => holderOf(r)?.profile.danishPassport ?? null,
    digitalPostExempt: (r) => holderOf(r)?.profile.digitalPostExempt ?? null,
    residesAbroad: (r) => holderOf(r)?.profile.residesAbroad ?? null,
    addressProtected: (r) => holderOf(r)?.profile.addressProtected ?? null,
    hasMitId: (r) => holderOf(r)?.mitId !== undefined,
    /** Holds a NemID that still works: issued and not retired. */
    nemIdActive: (r) => isHolding(r.citizen) && r.citizen.status !== 'nemid-retired',
    // The cohort filters and nothing else: each column is an index that every write and every rebuild keeps up
    // (five date columns no query filtered on were 5 of 13 index builds). One missing or one more does not compile.
  } satisfies Record<CohortFilterName, CitizenIndex>,
  counted: Object.keys(COHORT_FILTERS) as CohortFilterName[],
});
