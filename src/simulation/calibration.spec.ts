import { calibrate, Fitted } from './calibration';
import { FITTED_PARAMETERS } from './simulation-parameters';

/** A misfit with its minimum at the middle of each parameter's bounds, and a record of what was asked. */
function bowl() {
  const asked: Fitted[][] = [];
  const middle = Object.fromEntries(FITTED_PARAMETERS.map((p) => [p.name, (p.min + p.max) / 2]));
  const misfit = (f: Fitted) => FITTED_PARAMETERS.reduce((sum, p) => sum + ((f[p.name]! - middle[p.name]) / (p.max - p.min)) ** 2, 0);
  const evaluate = async (candidates: Fitted[]) => {
    asked.push(candidates);
    return candidates.map(misfit);
  };
  return { asked, evaluate, misfit };
}
const atTheBottom = () => Object.fromEntries(FITTED_PARAMETERS.map((p) => [p.name, p.min])) as Fitted;

describe('the calibration: a seeded coordinate search', () => {
  it('lowers the misfit from the start, round after round, and keeps every parameter within its bounds', async () => {
    const { evaluate, misfit } = bowl();
    const result = await calibrate(atTheBottom(), evaluate, { seed: 1, rounds: 3 });
    expect(result.misfit).toBeLessThan(misfit(atTheBottom()) / 10);
    expect(result.misfit).toBe(misfit(result.fitted));
    for (const p of FITTED_PARAMETERS) expect(result.fitted[p.name]! >= p.min && result.fitted[p.name]! <= p.max).toBe(true);
    const misfits = result.steps.map((s) => s.misfit);
    expect(misfits).toEqual([...misfits].sort((a, b) => b - a));
  });

  it('tries one step up and one down together (one run per core), never outside the bounds', async () => {
    const { asked, evaluate } = bowl();
    await calibrate(atTheBottom(), evaluate, { seed: 1, rounds: 1 });
    expect(asked[0]).toHaveLength(1);
    expect(asked.slice(1).every((batch) => batch.length >= 1 && batch.length <= 2)).toBe(true);
  });

  it('is deterministic for a seed; another seed takes the parameters in another order', async () => {
    const order = async (seed: number) => (await calibrate(atTheBottom(), bowl().evaluate, { seed, rounds: 1 })).steps.map((s) => s.parameter);
    expect(await order(7)).toEqual(await order(7));
    expect(await order(8)).not.toEqual(await order(7));
  });
});
