import fc from 'fast-check';
import { CitizenCommand, CitizenEvent, CitizenState, citizenDecider } from '../../src/domain/citizen';
import { parseCpr } from '../../src/domain/cpr';
import { RuleViolated, NotFound } from '../../src/domain/errors';
import { DEFAULT_TRANSITION_SCHEDULE } from '../../src/domain/transition';

/**
 * Random but valid citizen histories: random commands run through the real decider, keeping
 * the events of those it accepts. Used to check read models against the domain's own fold.
 */
const NOW = new Date('2022-05-01T10:00:00Z');
const cpr = (() => {
  const parsed = parseCpr('010180-1234');
  if (!parsed.ok) throw new Error(parsed.reason.en);
  return parsed.cpr;
})();

const commandArbitrary: fc.Arbitrary<CitizenCommand> = fc.oneof(
  fc.record({ twoIds: fc.boolean(), exempt: fc.boolean(), passport: fc.boolean() }).map(({ twoIds, exempt, passport }): CitizenCommand => ({
    type: 'IssueNemId',
    metadata: { now: NOW, schedule: DEFAULT_TRANSITION_SCHEDULE },
    data: {
      cpr,
      protectedCpr: 'k1.x',
      documents: twoIds
        ? [
            { kind: 'person-certificate', showsCpr: true },
            { kind: 'health-insurance-card', showsCpr: true },
          ]
        : [{ kind: 'danish-bank-id-card', showsCpr: true }],
      securityQuestions: 'passed',
      danishCitizen: true,
      residesAbroad: false,
      holdsDanishPassport: passport,
      digitalPostExempt: exempt,
      addressProtected: false,
      visualImpairment: 'none',
    },
  })),
  fc.constantFrom('c1', 'c2').map((campaignId): CitizenCommand => ({
    type: 'SendUpdateInfoLetter',
    metadata: { now: NOW, schedule: DEFAULT_TRANSITION_SCHEDULE },
    data: { campaignId },
  })),
  fc.constant<CitizenCommand>({
    type: 'RecordPersonalInfoUpdated',
    metadata: { now: NOW, schedule: DEFAULT_TRANSITION_SCHEDULE },
    data: { channel: 'citizen-service', documents: [{ kind: 'passport', showsCpr: true, issuingCountry: 'DK' }] },
  }),
  fc
    .constantFrom('bank', 'citizen-service')
    .map((route): CitizenCommand => ({ type: 'CreateMitId', metadata: { now: NOW, schedule: DEFAULT_TRANSITION_SCHEDULE }, data: { route: route as 'bank' } })),
  fc.constantFrom('migrated', 'deadline-passed').map((reason): CitizenCommand => ({
    type: 'RetireNemId',
    metadata: { now: NOW, schedule: DEFAULT_TRANSITION_SCHEDULE },
    data: { reason: reason as 'migrated' },
  })),
  fc.constant<CitizenCommand>({ type: 'OrderCodeCard', metadata: { now: NOW, schedule: DEFAULT_TRANSITION_SCHEDULE }, data: {} }),
);

export function historyOf(commands: CitizenCommand[]): { events: CitizenEvent[]; state: CitizenState } {
  let state = citizenDecider.initialState();
  const events: CitizenEvent[] = [];
  for (const command of commands) {
    try {
      const produced = citizenDecider.decide(command, state);
      events.push(...produced);
      state = produced.reduce(citizenDecider.evolve, state);
    } catch (error) {
      if (!(error instanceof RuleViolated || error instanceof NotFound)) throw error;
    }
  }
  return { events, state };
}

export const historyArbitrary = fc.array(commandArbitrary, { maxLength: 12 }).map(historyOf);
export const populationArbitrary = (maxCitizens: number) => fc.array(historyArbitrary, { minLength: 1, maxLength: maxCitizens });

/** Rows per status, counted from the read model's states themselves. */
export function statusesOf(states: Iterable<{ citizen: CitizenState }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { citizen } of states) counts[citizen.status] = (counts[citizen.status] ?? 0) + 1;
  return counts;
}
