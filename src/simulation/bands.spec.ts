import { bandOf, bandsOf, percentile } from './bands';
import type { SimulationReport } from './report';

const report = (seed: number, stillOnNemId: number, share: number) =>
  ({
    parameters: { citizens: 1000, seed, schedule: 'real' },
    weeks: [{ week: '2022-05-02', mitIdShare: share, citizenServiceQueue: 10 * seed, citizenServiceMeanWaitDays: seed }],
    calibration: [{ figure: 'f', source: 's', unit: 'share', real: 0.5, simulated: share }],
    atDeadline: { stillOnNemId },
    atShutdown: { stillOnNemId: 0 },
    totals: { lettersAll: 100, mitIdsCreated: 900 },
    citizenService: { visits: 10, peakQueue: 5, gaveUp: 1 },
    milestones: [],
  }) as unknown as SimulationReport;

describe('bands over the runs of K seeds', () => {
  it('percentiles between the closest ranks', () => {
    expect(percentile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 0.1)).toBeCloseTo(1.4);
    expect(percentile([1, 2], 0.9)).toBeCloseTo(1.9);
    expect(bandOf([7])).toEqual({ p10: 7, p50: 7, p90: 7 });
  });

  it('states the counts for the nation (times scale-to / citizens), shares as they are', () => {
    const bands = bandsOf([report(1, 100, 0.6), report(2, 120, 0.7), report(3, 80, 0.8)], 5_400_000);
    expect(bands.nation['still on NemID at the deadline']).toEqual({ p10: 453_600, p50: 540_000, p90: 626_400 });
    expect(bands.weeks[0].mitIdShare.p50).toBe(0.7);
    expect(bands.calibration[0].simulated).toEqual({ p10: 0.62, p50: 0.7, p90: 0.78 });
    expect(bands.seeds).toEqual([1, 2, 3]);
  });
});
