import prand from 'pure-rand';
import { FITTED_PARAMETERS, ParameterName } from './simulation-parameters';

export type Fitted = Partial<Record<ParameterName, number>>;

export interface CalibrationStep {
  round: number;
  parameter: ParameterName | 'start';
  tried: number[];
  misfits: number[];
  kept: number;
  misfit: number;
}

export interface CalibrationResult {
  fitted: Fitted;
  misfit: number;
  steps: CalibrationStep[];
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * A seeded coordinate search: each round takes the fitted parameters in an order drawn from the seed, tries
 * one step up and one down (evaluated together, one run per core), keeps the better if it lowers the misfit,
 * and halves that parameter's step when neither does. Every run uses the same population and draws (the
 * seed), so two candidates differ only by their parameters: the comparison is not drowned in sampling noise.
 */
export async function calibrate(
  start: Fitted,
  evaluate: (candidates: Fitted[]) => Promise<number[]>,
  {
    seed,
    rounds,
    onStep,
    only = FITTED_PARAMETERS.map((p) => p.name),
  }: { seed: number; rounds: number; onStep?: (step: CalibrationStep) => void; only?: ParameterName[] },
): Promise<CalibrationResult> {
  const rng = prand.xoroshiro128plus(seed ^ 0xca1b);
  let best: Fitted = { ...start };
  const [startMisfit] = await evaluate([best]);
  let misfit = startMisfit;
  const steps: CalibrationStep[] = [{ round: 0, parameter: 'start', tried: [], misfits: [misfit], kept: 0, misfit }];
  onStep?.(steps[0]);
  const stepOf = new Map(FITTED_PARAMETERS.map((p) => [p.name, (p.max - p.min) / 4]));
  for (let r = 1; r <= rounds; r++) {
    const order = FITTED_PARAMETERS.filter((p) => only.includes(p.name));
    for (let i = order.length - 1; i > 0; i--) {
      const j = prand.unsafeUniformIntDistribution(0, i, rng);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const { name, min, max } of order) {
      const at = best[name]!;
      const step = stepOf.get(name)!;
      const tried = [...new Set([round(Math.min(max, at + step)), round(Math.max(min, at - step))])].filter((v) => v !== at);
      const misfits = tried.length === 0 ? [] : await evaluate(tried.map((value) => ({ ...best, [name]: value })));
      const winner = misfits.indexOf(Math.min(...misfits));
      if (winner >= 0 && misfits[winner] < misfit) {
        best = { ...best, [name]: tried[winner] };
        misfit = misfits[winner];
      } else stepOf.set(name, step / 2);
      const done = { round: r, parameter: name, tried, misfits, kept: best[name]!, misfit };
      steps.push(done);
      onStep?.(done);
    }
  }
  return { fitted: best, misfit, steps };
}
