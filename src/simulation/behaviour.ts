import prand from 'pure-rand';
import { IsoDate, addDays, daysBetween } from '../domain/dates';
import type { ParameterValues } from './simulation-parameters';

/** What the model knows of a holder: the register's facts. */
export interface HolderFacts {
  citizenId: string;
  /** Age in whole years on the first simulated day. */
  age: number;
  needsInfoUpdate: boolean;
  passport: 'none' | 'danish' | 'danish-chip-from-2012';
  authenticator: 'code-card' | 'code-app' | 'key-fob';
  digitalPostExempt: boolean;
  residesAbroad: boolean;
}

export type MitIdRoute = 'bank' | 'mitid-dk' | 'citizen-service';

/** Why someone cannot move through the bank or the app, and goes to Citizen Service instead. */
export type VisitReason = 'exempt-from-digital-post' | 'no-danish-passport' | 'cannot-do-it-alone';

/** The size of the municipality whose Citizen Service a holder goes to. */
export type Municipality = 'large' | 'smaller';

/** A holder's plan, drawn once: when their bank tells them, whether they act then, later or never, and how. */
export interface CitizenPlan extends HolderFacts {
  route: MitIdRoute;
  visitReason?: VisitReason;
  municipality: Municipality;
  /** The first day they create MitID unprompted whatever the deadline (undefined: only when moved, or never). */
  actsOn?: IsoDate;
  /** Leaves it to the deadline: acts this many days before it, wherever it is by then. */
  daysBeforeDeadline?: number;
  /** Still on NemID when it stops for their bank at the deadline: acts this many days after it. */
  daysAfterDeadline?: number;
  /** Never acts, whatever they are sent. */
  never: boolean;
  /** Can update their information in the code app (Danish chip passport from 2012, an NFC phone, no key fob). */
  updatesInApp: boolean;
  /** Days from the update-info letter to the update (or the visit). */
  infoDelayDays: number;
  /** Gives up on a first free slot further out than the patience (until the next letter). */
  givesUpOnLongWaits: boolean;
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

/** Who cannot create MitID in the bank or the app by themselves: needs a visit, and why. */
export function visitReasonOf(facts: HolderFacts, cannotAlone: boolean): VisitReason | undefined {
  if (facts.residesAbroad) return undefined;
  if (facts.digitalPostExempt) return 'exempt-from-digital-post';
  if (facts.passport === 'none') return 'no-danish-passport';
  return cannotAlone ? 'cannot-do-it-alone' : undefined;
}

/** How a holder gets MitID: abroad on MitID.dk (no Danish bank), at Citizen Service when they need a visit, otherwise in the bank. */
export function routeOf(facts: HolderFacts, visitReason: VisitReason | undefined): MitIdRoute {
  if (facts.residesAbroad) return 'mitid-dk';
  return visitReason ? 'citizen-service' : 'bank';
}

/** The share by age who cannot do it alone (no smartphone that holds the app, or no one to help at home). */
export function needsHelpAt(age: number, p: ParameterValues): number {
  if (age >= 80) return p.needsHelpOver80;
  if (age >= 65) return p.needsHelp65to79;
  return p.needsHelpUnder65;
}

export function planFor(facts: HolderFacts, draws: Draws, p: ParameterValues): CitizenPlan {
  const wavesDays = daysBetween(p.bankWavesFrom, p.bankWavesUntil);
  const turnOn = addDays(p.bankWavesFrom, draws.between(0, wavesDays));
  const never = draws.chance(p.neverActs);
  const prompt = draws.chance(p.actsWhenTold);
  const lateAfter = draws.daysUntil(p.lateDailyChance, 3 * 365);
  const nfcPhone = draws.chance(p.nfcPhone);
  const infoDelayDays = draws.between(1, p.daysToUpdateInfo);
  const noPassportMoves = draws.chance(p.noPassportGetsMitId);
  const noPassportDay = addDays(p.noPassportMitIdFrom, draws.between(0, 280));
  const noPassportEarly = draws.chance(p.noPassportMovesEarly);
  const cannotAlone = draws.chance(needsHelpAt(facts.age, p));
  const toTheDeadline = draws.chance(p.leavesItToTheDeadline);
  const marginDays = draws.daysUntil(1 / p.daysBeforeDeadline, 120);
  const municipality: Municipality = draws.chance(p.largeMunicipalities) ? 'large' : 'smaller';
  const givesUpOnLongWaits = draws.chance(p.givesUp);
  const afterDeadline = draws.daysUntil(1 / p.daysAfterDeadline, 3 * 365);
  const visitReason = visitReasonOf(facts, cannotAlone);
  // Without a Danish passport: told to keep NemID; some move at the desk with other ID anyway, some in 2023, some never.
  const keepsNemIdLonger = facts.passport === 'none' && !(noPassportMoves && noPassportEarly);
  let actsOn: IsoDate | undefined;
  if (never) actsOn = undefined;
  else if (keepsNemIdLonger) actsOn = noPassportMoves ? noPassportDay : undefined;
  else actsOn = prompt ? addDays(turnOn, draws.between(0, p.daysToAct)) : addDays(turnOn, p.daysToAct + lateAfter);
  return {
    ...facts,
    route: routeOf(facts, visitReason),
    visitReason,
    municipality,
    actsOn,
    daysBeforeDeadline: !never && !keepsNemIdLonger && !prompt && toTheDeadline ? marginDays : undefined,
    daysAfterDeadline: never || keepsNemIdLonger ? undefined : afterDeadline,
    never: never || (facts.passport === 'none' && !noPassportMoves),
    updatesInApp: facts.passport === 'danish-chip-from-2012' && nfcPhone && facts.authenticator !== 'key-fob',
    infoDelayDays,
    givesUpOnLongWaits,
  };
}

/**
 * The day someone who has not acted yet means to, given the deadline as it stands on `today`: their own
 * day, the deadline's last weeks if they leave it to the deadline, or some time after the deadline when NemID
 * no longer works for their bank, whichever comes first, never before tomorrow.
 */
export function nextTry(plan: CitizenPlan, deadline: IsoDate, today: IsoDate): IsoDate | undefined {
  const byDeadline = plan.daysBeforeDeadline === undefined ? undefined : addDays(deadline, -plan.daysBeforeDeadline);
  const afterDeadline = plan.daysAfterDeadline === undefined ? undefined : addDays(deadline, plan.daysAfterDeadline);
  const days = [plan.actsOn, byDeadline, afterDeadline].filter((d): d is IsoDate => d !== undefined && d > today);
  if (days.length > 0) return days.sort()[0];
  // The deadline's last weeks have come already: they go now.
  return byDeadline !== undefined && deadline > today ? addDays(today, 1) : undefined;
}

/** Whether a notice moves someone still without MitID to act, and when (a paper letter arrives later). */
export function reactionTo(notice: string, plan: CitizenPlan, day: IsoDate, draws: Draws, p: ParameterValues): IsoDate | undefined {
  if (plan.never || plan.passport === 'none') return undefined;
  const share = notice === 'final-warning' ? p.actsAfterFinalWarning : notice === 'deadline-reminder' ? p.actsAfterReminder : 0;
  if (share === 0 || !draws.chance(share)) return undefined;
  return addDays(day, draws.between(1, p.daysToReactToNotice) + (plan.digitalPostExempt ? p.paperPostDays : 0));
}
