import prand from 'pure-rand';
import { IsoDate, addDays, daysBetween } from '../domain/dates';
import { SIMULATION_PARAMETERS as P } from './simulation-parameters';

/** What the model knows of a holder: the register's facts. */
export interface HolderFacts {
  citizenId: string;
  needsInfoUpdate: boolean;
  passport: 'none' | 'danish' | 'danish-chip-from-2012';
  authenticator: 'code-card' | 'code-app' | 'key-fob';
  digitalPostExempt: boolean;
  residesAbroad: boolean;
}

export type MitIdRoute = 'bank' | 'mitid-dk' | 'citizen-service';

/** A holder's plan, drawn once: when their bank tells them, whether they act then, later or never, and how. */
export interface CitizenPlan extends HolderFacts {
  route: MitIdRoute;
  /** The first day they create MitID unprompted (undefined: only when a letter moves them, or never). */
  actsOn?: IsoDate;
  /** Never acts, whatever they are sent. */
  never: boolean;
  /** Can update their information in the code app (Danish chip passport from 2012, an NFC phone, no key fob). */
  updatesInApp: boolean;
  /** Days from the update-info letter to the update (or the visit). */
  infoDelayDays: number;
}

/** The model's random numbers: one seeded stream, drawn in a fixed order, so a seed gives one history. */
export class Draws {
  private readonly rng: prand.RandomGenerator;

  constructor(seed: number) {
    this.rng = prand.xoroshiro128plus(seed ^ 0x5eed);
  }

  chance(share: number): boolean {
    return prand.unsafeUniformIntDistribution(0, 999_999, this.rng) < share * 1_000_000;
  }

  between(from: number, to: number): number {
    return prand.unsafeUniformIntDistribution(from, to, this.rng);
  }

  /** Days until something with this daily chance happens (geometric), capped. */
  daysUntil(dailyChance: number, cap: number): number {
    const u = (prand.unsafeUniformIntDistribution(1, 1_000_000, this.rng) - 0.5) / 1_000_000;
    return Math.min(cap, Math.floor(Math.log(u) / Math.log(1 - dailyChance)));
  }
}

/** How a holder gets MitID: abroad on MitID.dk (no Danish bank), exempt from Digital Post or without a Danish passport at Citizen Service, otherwise in the bank. */
export function routeOf(facts: HolderFacts): MitIdRoute {
  if (facts.residesAbroad) return 'mitid-dk';
  if (facts.digitalPostExempt || facts.passport === 'none') return 'citizen-service';
  return 'bank';
}

export function planFor(facts: HolderFacts, draws: Draws): CitizenPlan {
  const wavesDays = daysBetween(P.bankWavesFrom.value, P.bankWavesUntil.value);
  const turnOn = addDays(P.bankWavesFrom.value, draws.between(0, wavesDays));
  const never = draws.chance(P.neverActs.value);
  const prompt = draws.chance(P.actsWhenTold.value);
  const lateAfter = draws.daysUntil(P.lateDailyChance.value, 3 * 365);
  const nfcPhone = draws.chance(P.nfcPhone.value);
  const infoDelayDays = draws.between(1, P.daysToUpdateInfo.value);
  const keepsNemIdLonger = facts.passport === 'none';
  const noPassportMoves = draws.chance(P.noPassportGetsMitId.value);
  const noPassportDay = addDays(P.noPassportMitIdFrom.value, draws.between(0, 280));
  let actsOn: IsoDate | undefined;
  if (never) actsOn = undefined;
  else if (keepsNemIdLonger) actsOn = noPassportMoves ? noPassportDay : undefined;
  else actsOn = prompt ? addDays(turnOn, draws.between(0, P.daysToAct.value)) : addDays(turnOn, P.daysToAct.value + lateAfter);
  return {
    ...facts,
    route: routeOf(facts),
    actsOn,
    never: never || (keepsNemIdLonger && !noPassportMoves),
    updatesInApp: facts.passport === 'danish-chip-from-2012' && nfcPhone && facts.authenticator !== 'key-fob',
    infoDelayDays,
  };
}

/** Whether a notice moves someone still without MitID to act, and when (a paper letter arrives later). */
export function reactionTo(notice: string, plan: CitizenPlan, day: IsoDate, draws: Draws): IsoDate | undefined {
  if (plan.never || plan.passport === 'none') return undefined;
  const share = notice === 'final-warning' ? P.actsAfterFinalWarning.value : notice === 'deadline-reminder' ? P.actsAfterReminder.value : 0;
  if (share === 0 || !draws.chance(share)) return undefined;
  return addDays(day, draws.between(1, P.daysToReactToNotice.value) + (plan.digitalPostExempt ? P.paperPostDays.value : 0));
}
