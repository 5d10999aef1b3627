import { danishDateOf } from '../../dates';
import { RuleViolated } from '../../errors';
import type { CreateMitId, RetireNemId } from '../commands';
import type { CitizenEvent } from '../events';
import type { CitizenState } from '../state';
import { alreadyRetired, requireHolder } from './holding';

/** The move itself: a MitID created, and the NemID retired. */

export function createMitId(command: CreateMitId, state: CitizenState): CitizenEvent[] {
  const { holder } = requireHolder(state);
  if (holder.mitId)
    throw new RuleViolated('one-mitid-per-person', {
      da: `der blev allerede oprettet MitID ${holder.mitId.createdOn}`,
      en: `a MitID was already created on ${holder.mitId.createdOn}`,
    });
  if (holder.profile.needsInfoUpdate && command.data.route !== 'citizen-service') {
    throw new RuleViolated('pending-info-update-only-at-citizen-service', {
      da: 'indehaveren skal stadig opdatere sine personoplysninger, så MitID kan kun oprettes i Borgerservice',
      en: 'this holder must still update personal information, so MitID can only be created at Citizen Service',
    });
  }
  const today = danishDateOf(command.metadata.now);
  const { nemIdShutdown } = command.metadata.schedule;
  // docs/facts.md: from 2023-06-05 NemID can no longer be used to get MitID on MitID.dk; and never once NemID is shut down
  // (the date needs no order against the others: a schedule that closes earlier closes this route with it).
  const mitIdDkWithNemIdEnd = [command.metadata.schedule.mitIdDkWithNemIdEnd, nemIdShutdown].sort()[0];
  if (command.data.route === 'mitid-dk' && today > mitIdDkWithNemIdEnd) {
    throw new RuleViolated('no-mitid-dk-with-nemid-after-end', {
      da: `NemID kan ikke bruges til at få MitID på MitID.dk efter ${mitIdDkWithNemIdEnd}; MitID fås i banken, med app'en og pas eller i Borgerservice`,
      en: `NemID cannot be used to get MitID on MitID.dk after ${mitIdDkWithNemIdEnd}; MitID is had at a bank, with the app and a passport, or at Citizen Service`,
    });
  }
  return [{ type: 'MitIdCreated', data: { createdOn: today, route: command.data.route } }];
}

export function retireNemId(command: RetireNemId, state: CitizenState): CitizenEvent[] {
  const holding = requireHolder(state);
  if (holding.status === 'nemid-retired') {
    throw new RuleViolated('nemid-already-retired', alreadyRetired(holding.retired.on));
  }
  const { holder } = holding;
  if (command.data.reason === 'migrated' && !holder.mitId) {
    throw new RuleViolated('migrated-needs-mitid', {
      da: 'et NemID kan først lukkes som overflyttet, når indehaveren har MitID',
      en: 'a NemID can only be retired as migrated once the holder has a MitID',
    });
  }
  if (command.data.reason === 'deadline-passed' && !holder.mitId && !holder.profile.danishPassport) {
    throw new RuleViolated('no-danish-passport-keeps-nemid', {
      da: 'en indehaver uden dansk pas og uden MitID beholder NemID efter fristen',
      en: 'a holder without a Danish passport and without MitID keeps NemID after the deadline',
    });
  }
  return [{ type: 'NemIdRetired', data: { retiredOn: danishDateOf(command.metadata.now), reason: command.data.reason } }];
}
