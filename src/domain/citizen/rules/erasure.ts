import { addMonths, danishDateOf } from '../../dates';
import { InvalidCommand, RuleViolated } from '../../errors';
import type { ForgetCitizen } from '../commands';
import type { CitizenEvent } from '../events';
import { RETIREMENT_REASON_NAMES } from '../labels';
import type { CitizenState } from '../state';
import { requireHolder } from './holding';

/**
 * Erasure: personal data is kept only as long as its purpose needs it (the GDPR's storage limitation, art. 5(1)(e)).
 * The purpose is the move to MitID: a holder is forgotten only once their NemID is retired, and under the retention
 * rule only once the period the agency set after that has run out. Forgetting twice records nothing more.
 */
export function forgetCitizen(command: ForgetCitizen, state: CitizenState): CitizenEvent[] {
  if (state.status === 'forgotten') return [];
  const holding = requireHolder(state);
  if (holding.status !== 'nemid-retired') {
    throw new RuleViolated('forget-only-retired-nemid', {
      da: 'personoplysninger slettes først, når NemID er lukket: de bruges til flytningen til MitID',
      en: 'personal data is erased only once the NemID is retired: the move to MitID needs it',
    });
  }
  const today = danishDateOf(command.metadata.now);
  const { basis, retentionYears, keyRefs, decidedBy } = command.data;
  if (basis === 'retention-period-ended') {
    if (retentionYears === undefined || !Number.isInteger(retentionYears) || retentionYears < 0) {
      throw new InvalidCommand('retentionYears', { da: 'opbevaringsperioden skal angives i hele år', en: 'the retention period must be given in whole years' });
    }
    const keptUntil = addMonths(holding.retired.on, 12 * retentionYears);
    if (today < keptUntil) {
      const why = RETIREMENT_REASON_NAMES[holding.retired.reason];
      throw new RuleViolated('retention-period-not-ended', {
        da: `NemID blev lukket ${holding.retired.on} (${why.da}); oplysningerne opbevares til ${keptUntil}`,
        en: `the NemID was retired on ${holding.retired.on} (${why.en}); the data is kept until ${keptUntil}`,
      });
    }
  }
  return [{ type: 'CitizenForgotten', data: { forgottenOn: today, basis, decidedBy, keyRefs } }];
}
