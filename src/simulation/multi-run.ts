import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IsoDate } from '../domain/dates';
import { DEFAULT_TRANSITION_SCHEDULE } from '../domain/transition';
import { bandsOf } from './bands';
import { writeBands } from './band-files';
import { CalibrationStep, Fitted, calibrate } from './calibration';
import { runChildren } from './child-runs';
import { writeComparison } from './compare-files';
import { ParametersFile, writeParameters } from './parameters-file';
import type { SimulationReport } from './report';
import { SimulationSchedule } from './schedules';
import { FITTED_PARAMETERS, ParameterName, ParameterValues } from './simulation-parameters';
import { reportLine } from './report-text';
import { formatFigure, misfit } from './targets';

/** What every run of a multi-run command shares. */
export interface RunSettings {
  citizens: number;
  from: IsoDate;
  to: IsoDate;
  seed: number;
  out: string;
  /** The parameters file the runs read (the calibrated one unless told otherwise). */
  parameters: string;
}

const argsOf = (s: RunSettings, schedule: string, seed: number, parameters = s.parameters) => [
  '--citizens',
  String(s.citizens),
  '--from',
  s.from,
  '--to',
  s.to,
  '--seed',
  String(seed),
  '--schedule',
  schedule,
  '--parameters',
  parameters,
];

const seconds = (started: number) => `${((performance.now() - started) / 1000).toFixed(1)} s`;

/** `--runs K`: the schedule with K seeds (seed, seed + 1, ...), one per core at a time, as bands; counts scaled to `scaleTo`. */
export async function runSeeds(s: RunSettings & { schedule: string; runs: number; scaleTo: number; quiet?: boolean }) {
  const started = performance.now();
  const seeds = Array.from({ length: s.runs }, (_, i) => s.seed + i);
  if (!s.quiet) console.log(`simulating ${s.schedule} with ${s.runs} seeds on ${s.citizens} holders, ${availableParallelism()} at a time ...`);
  let done = 0;
  const reports = await runChildren(
    seeds.map((seed) => ({ args: argsOf(s, s.schedule, seed), out: join(s.out, `seed-${seed}`) })),
    (_, report) => {
      if (!s.quiet) console.log(`  seed ${report.parameters.seed} done (${++done} of ${s.runs}, ${seconds(started)})`);
    },
  );
  const bands = bandsOf(reports, s.scaleTo);
  await writeBands(s.out, bands);
  if (s.quiet) return;
  console.log(`${s.runs} runs in ${seconds(started)}; figures for ${s.scaleTo} holders, 10th / 50th / 90th percentile:`);
  console.table(Object.fromEntries(Object.entries(bands.nation).map(([figure, b]) => [figure, b])));
  console.table(
    Object.fromEntries(
      bands.calibration.map(({ figure, unit, real, simulated: b }) => [
        figure,
        { reported: formatFigure(unit, real), p10: formatFigure(unit, b.p10), p50: formatFigure(unit, b.p50), p90: formatFigure(unit, b.p90) },
      ]),
    ),
  );
  console.log(reportLine(s.out));
}

/** `--compare a b`: both schedules on one population and seed, each reporting the state at both schedules' deadlines. */
export async function compareSchedules(s: RunSettings & { schedules: SimulationSchedule[]; names: string[]; progressFile?: string }) {
  const started = performance.now();
  console.log(`simulating ${s.names.join(' and ')} side by side on ${s.citizens} holders (seed ${s.seed}) ...`);
  const marks = s.schedules.flatMap((schedule) => [
    `${{ ...DEFAULT_TRANSITION_SCHEDULE, ...schedule.schedule }.deadline}=deadline:${schedule.name}`,
    ...schedule.moves.map((m) => `${m.to}=moved-deadline:${schedule.name}`),
  ]);
  const reports = await runChildren(
    s.names.map((name, i) => ({
      args: [
        ...argsOf(s, name, s.seed),
        ...(marks.length > 0 ? ['--mark', ...marks] : []),
        ...(s.progressFile ? ['--progress-file', `${s.progressFile}.${s.schedules[i].name}`] : []),
      ],
      out: join(s.out, s.schedules[i].name),
    })),
  );
  const rows = await writeComparison(
    s.out,
    reports.map((report, i) => ({ schedule: s.schedules[i].name, report })),
  );
  console.log(`both in ${seconds(started)}`);
  const measures = [...new Set(Object.values(rows).flatMap((row) => Object.keys(row)))];
  console.table(Object.fromEntries(measures.map((m) => [m, Object.fromEntries(Object.entries(rows).map(([name, row]) => [name, row[m] ?? '']))])));
  console.log(reportLine(s.out));
}

const CALIBRATION_METHOD =
  'seeded coordinate search (simulation/calibration.ts): each round tries each fitted parameter one step up and down, keeps the better if it lowers the sum of squared differences to the reported figures (each in units of its tolerance), and halves the step otherwise';

/**
 * `--calibrate`: fits the parameters marked `fit` to the reported figures on the real schedule, every candidate a
 * full run on `citizens` holders with the same seed, and writes them to `into`.
 */
export async function calibrateParameters(s: RunSettings & { rounds: number; start: ParameterValues; into: string; only: ParameterName[]; quiet?: boolean }) {
  const started = performance.now();
  const scratch = mkdtempSync(join(tmpdir(), 'overgang-calibration-'));
  const start = Object.fromEntries(FITTED_PARAMETERS.map(({ name }) => [name, s.start[name]])) as Fitted;
  let evaluated = 0;
  const runsOf = new Map<string, SimulationReport>();
  const evaluate = async (candidates: Fitted[]) => {
    const reports = await runChildren(
      candidates.map((fitted) => {
        const file = join(scratch, `candidate-${++evaluated}.json`);
        writeParameters(file, { fitted });
        return { args: argsOf(s, 'real', s.seed, file), out: join(scratch, `run-${evaluated}`) };
      }),
    );
    reports.forEach((report, i) => runsOf.set(JSON.stringify(candidates[i]), report));
    return reports.map((report) => misfit(report.calibration));
  };
  const onStep = (step: CalibrationStep) => {
    if (s.quiet) return;
    const tried = step.tried.map((v, i) => `${v} (${step.misfits[i].toFixed(2)})`).join(', ');
    console.log(
      step.parameter === 'start'
        ? `start: misfit ${step.misfit.toFixed(2)}`
        : `round ${step.round}, ${step.parameter}: tried ${tried || 'nothing new'}; kept ${step.kept}, misfit ${step.misfit.toFixed(2)} (${seconds(started)})`,
    );
  };
  try {
    if (!s.quiet) console.log(`calibrating ${s.only.length} parameters on ${s.citizens} holders (seed ${s.seed}), ${s.rounds} rounds ...`);
    const result = await calibrate(start, evaluate, { seed: s.seed, rounds: s.rounds, onStep, only: s.only });
    const fit = runsOf.get(JSON.stringify(result.fitted))!.calibration;
    const content: ParametersFile = {
      fitted: result.fitted,
      calibration: {
        method: CALIBRATION_METHOD,
        citizens: s.citizens,
        seed: s.seed,
        rounds: s.rounds,
        parameters: s.only,
        schedule: 'real',
        misfit: result.misfit,
        fit,
        steps: result.steps,
      },
    };
    writeParameters(s.into, content);
    if (s.quiet) return content;
    console.log(`calibrated in ${seconds(started)} (${evaluated} runs): misfit ${result.misfit.toFixed(2)}`);
    console.table(
      Object.fromEntries(
        fit.map((row) => [
          row.figure,
          { reported: formatFigure(row.unit, row.real), simulated: formatFigure(row.unit, row.simulated), difference: formatFigure(row.unit, row.difference) },
        ]),
      ),
    );
    console.log(`fitted parameters: ${s.into}`);
    return content;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
