import { CitizenPlan, Draws, HolderFacts, needsHelpAt, nextTry, planFor, reactionTo, routeOf, visitReasonOf } from './behaviour';
import { DECLARED_VALUES } from './simulation-parameters';

const P = DECLARED_VALUES;
const facts = (change: Partial<HolderFacts> = {}): HolderFacts => ({
  citizenId: 'c1',
  age: 40,
  needsInfoUpdate: false,
  passport: 'danish-chip-from-2012',
  authenticator: 'code-card',
  digitalPostExempt: false,
  residesAbroad: false,
  ...change,
});
const plan = (change: Partial<CitizenPlan> = {}): CitizenPlan => ({
  ...facts(),
  route: 'bank',
  municipality: 'large',
  never: false,
  updatesInApp: true,
  infoDelayDays: 3,
  givesUpOnLongWaits: false,
  ...change,
});

describe('who needs a visit to Citizen Service, and why (docs/facts.md: no Danish passport, no smartphone; exempt from Digital Post)', () => {
  it('rule abroad-uses-mitid-dk: a holder abroad has no Danish bank and uses MitID.dk, with or without help', () => {
    expect(visitReasonOf(facts({ residesAbroad: true, passport: 'none' }), true)).toBeUndefined();
    expect(routeOf(facts({ residesAbroad: true }), undefined)).toBe('mitid-dk');
  });

  it('rule exempt-goes-to-citizen-service: exempt from Digital Post (no internet, disability) means a visit', () => {
    expect(visitReasonOf(facts({ digitalPostExempt: true }), false)).toBe('exempt-from-digital-post');
  });

  it('rule no-danish-passport-needs-a-visit: without a Danish passport the app cannot read a chip: a visit with other ID', () => {
    expect(visitReasonOf(facts({ passport: 'none' }), false)).toBe('no-danish-passport');
  });

  it('rule cannot-do-it-alone: someone with a passport but no smartphone (or no one to help) goes to the desk; everyone else to the bank', () => {
    expect(visitReasonOf(facts(), true)).toBe('cannot-do-it-alone');
    expect(routeOf(facts(), 'cannot-do-it-alone')).toBe('citizen-service');
    expect(visitReasonOf(facts(), false)).toBeUndefined();
    expect(routeOf(facts(), undefined)).toBe('bank');
  });

  it('the need for help grows with age', () => {
    expect([needsHelpAt(30, P), needsHelpAt(70, P), needsHelpAt(85, P)]).toEqual([P.needsHelpUnder65, P.needsHelp65to79, P.needsHelpOver80]);
    expect(P.needsHelpUnder65).toBeLessThan(P.needsHelp65to79);
    expect(P.needsHelp65to79).toBeLessThan(P.needsHelpOver80);
  });

  it('over many holders the drawn shares are the parameters: the old need help more often', () => {
    const draws = new Draws(1);
    const share = (age: number) => {
      const plans = Array.from({ length: 4000 }, () => planFor(facts({ age }), draws, P));
      return plans.filter((p) => p.visitReason === 'cannot-do-it-alone').length / plans.length;
    };
    expect(share(30)).toBeCloseTo(P.needsHelpUnder65, 1);
    expect(share(85)).toBeCloseTo(P.needsHelpOver80, 1);
  });
});

describe('when someone tries: their own day, the deadline, or after it', () => {
  it('rule leaves-it-to-the-deadline: acts the drawn number of days before the deadline, and follows it when it moves', () => {
    const p = plan({ actsOn: '2023-01-01', daysBeforeDeadline: 10 });
    expect(nextTry(p, '2022-06-30', '2022-05-02')).toBe('2022-06-20');
    expect(nextTry(p, '2022-10-31', '2022-05-02')).toBe('2022-10-21');
  });

  it('their own day when it comes first', () => {
    expect(nextTry(plan({ actsOn: '2022-03-01', daysBeforeDeadline: 10 }), '2022-06-30', '2022-01-01')).toBe('2022-03-01');
  });

  it("in the deadline's last weeks already: tomorrow", () => {
    expect(nextTry(plan({ daysBeforeDeadline: 30 }), '2022-06-30', '2022-06-25')).toBe('2022-06-26');
  });

  it('rule nemid-stops-at-the-deadline: still on NemID after the deadline, they act when their bank no longer takes it', () => {
    expect(nextTry(plan({ daysAfterDeadline: 20 }), '2022-10-31', '2022-11-01')).toBe('2022-11-20');
    expect(nextTry(plan({}), '2022-10-31', '2022-11-01')).toBeUndefined();
  });

  it('rule no-danish-passport-keeps-nemid: a reminder moves no one told to keep NemID, nor anyone who never acts', () => {
    const draws = new Draws(2);
    expect(reactionTo('final-warning', plan({ passport: 'none' }), '2022-10-30', draws, { ...P, actsAfterFinalWarning: 1 })).toBeUndefined();
    expect(reactionTo('final-warning', plan({ never: true }), '2022-10-30', draws, { ...P, actsAfterFinalWarning: 1 })).toBeUndefined();
    expect(reactionTo('final-warning', plan(), '2022-10-30', draws, { ...P, actsAfterFinalWarning: 1 })! > '2022-10-30').toBe(true);
  });

  it('a paper letter moves its reader later than Digital Post', () => {
    const at = (exempt: boolean) =>
      reactionTo('deadline-reminder', plan({ digitalPostExempt: exempt }), '2022-05-02', new Draws(3), { ...P, actsAfterReminder: 1 });
    expect(at(true)! > at(false)!).toBe(true);
  });
});
