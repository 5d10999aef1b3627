import type { DailyProgressRow } from '../../../projections/migration-progress';
import { chartData, epochSeconds, transitionSpan } from './series';

const day = (date: string, counts: Partial<DailyProgressRow> = {}): DailyProgressRow => ({
  date,
  issued: 0,
  lettersSent: 0,
  infoUpdated: 0,
  mitIdsCreated: 0,
  nemIdsRetired: 0,
  ...counts,
});

describe("the agency's chart spans the transition", () => {
  // The register's issue dates go back years before the first letter.
  const daily = [
    day('2011-05-02', { issued: 60 }),
    day('2016-03-01', { issued: 40 }),
    day('2021-10-04', { lettersSent: 30 }),
    day('2021-11-01', { mitIdsCreated: 25 }),
    day('2022-02-01', { mitIdsCreated: 25 }),
  ];

  it('from the first letter to today, not from the first NemID', () => {
    expect(transitionSpan(daily, { schedule: { nemIdShutdown: '2023-10-31' }, today: '2022-03-10' })).toEqual({ from: '2021-10-04', to: '2022-03-10' });
  });

  it('to the shutdown once it has passed, and not at all before the first letter', () => {
    expect(transitionSpan(daily, { schedule: { nemIdShutdown: '2023-10-31' }, today: '2024-02-01' })).toEqual({ from: '2021-10-04', to: '2023-10-31' });
    expect(transitionSpan(daily.slice(0, 2), { schedule: { nemIdShutdown: '2023-10-31' }, today: '2022-03-10' })).toBeUndefined();
  });

  it('draws the days of the span, with the MitID share of every holder issued by then', () => {
    const [xs, letters, , mitIds, , share] = chartData(daily, { from: '2021-10-04', to: '2022-03-10' });
    expect(xs).toEqual(['2021-10-04', '2021-11-01', '2022-02-01'].map(epochSeconds));
    expect(letters).toEqual([30, 0, 0]);
    expect(mitIds).toEqual([0, 25, 25]);
    expect(share).toEqual([0, 25, 50]);
  });
});
