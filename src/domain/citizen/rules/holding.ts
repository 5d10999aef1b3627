import { danishDateOf } from '../../dates';
import { Forgotten, NotFound, RuleViolated } from '../../errors';
import type { IsoDate } from '../../dates';
import type { Text } from '../../text';
import type { CitizenCommand } from '../commands';
import { CITIZEN_FORGOTTEN, RETIREMENT_REASON_NAMES } from '../labels';
import { CitizenState, Holding, NemIdHolder, isHolding } from '../state';

/** What every group of the citizen's rules checks first: is there a holder, is their NemID still active, is NemID still running. */

export type { Holding } from '../state';

export const ALREADY_HAS_NEMID: Text = { da: 'borgeren har allerede et NemID', en: 'this citizen already has a NemID' };
export const mitIdCreated = (on: IsoDate): Text => ({ da: `der blev oprettet MitID ${on}`, en: `a MitID was created on ${on}` });
export const alreadyRetired = (on: IsoDate): Text => ({ da: `NemID blev allerede lukket ${on}`, en: `the NemID was already retired on ${on}` });

/** Nothing can be done for a forgotten holder but a new NemID: their facts are gone with their keys. */
export function requireHolder(state: CitizenState): Holding {
  if (state.status === 'forgotten') throw new Forgotten(CITIZEN_FORGOTTEN);
  if (!isHolding(state)) throw new NotFound({ da: 'borgeren har ikke et NemID', en: 'this citizen has no NemID' });
  return state;
}

/** nemid-shut-down: after the last day NemID works at all, nothing new is set up on it. */
export function requireNemIdNotShutDown({ now, schedule }: CitizenCommand['metadata']): void {
  if (danishDateOf(now) > schedule.nemIdShutdown) {
    throw new RuleViolated('nemid-shut-down', {
      da: `NemID blev lukket ved udgangen af ${schedule.nemIdShutdown}: der kan ikke oprettes noget nyt på det`,
      en: `NemID was shut down at the end of ${schedule.nemIdShutdown}: nothing new can be set up on it`,
    });
  }
}

/** no-code-cards-after-end: no new code card or temporary password is sent after the schedule's date for it. */
export function requireCodeCardsStillSent(command: CitizenCommand): void {
  const { codeCardsEnd } = command.metadata.schedule;
  if (danishDateOf(command.metadata.now) > codeCardsEnd) {
    throw new RuleViolated('no-code-cards-after-end', {
      da: `der sendes ingen nøglekort eller midlertidige adgangskoder efter ${codeCardsEnd}; borgeren skal over på MitID`,
      en: `no code cards or temporary passwords are sent after ${codeCardsEnd}; the citizen moves to MitID`,
    });
  }
}

export function requireActiveNemId(state: CitizenState): NemIdHolder {
  const holding = requireHolder(state);
  if (holding.status === 'nemid-retired') {
    const why = RETIREMENT_REASON_NAMES[holding.retired.reason];
    throw new RuleViolated('nemid-retired', {
      da: `NemID blev lukket ${holding.retired.on} (${why.da})`,
      en: `the NemID was retired on ${holding.retired.on} (${why.en})`,
    });
  }
  return holding.holder;
}
