import { printAsJson, printOutcome, printRecord, printRows } from './output';

describe('the CLI output', () => {
  let printed: string[];
  beforeEach(() => {
    printed = [];
    jest.spyOn(console, 'log').mockImplementation((text: string) => void printed.push(text));
    printAsJson(false);
  });
  afterEach(() => jest.restoreAllMocks());

  it('prints rows as an aligned table with a header, no index column, no quotes, nested counts as lines', () => {
    printRows([
      { name: 'citizen-status', position: 120n, counts: { read: 3, imported: 2 }, lag: null },
      { name: 'campaign-progress', position: 7n, counts: {}, lag: 0 },
    ]);
    const lines = printed[0].split('\n');
    expect(lines[1]).toMatch(/^│ name +│ position │ counts +│ lag │$/);
    expect(printed[0]).toContain('│ citizen-status    │ 120      │ read 3     │ –   │');
    expect(printed[0]).toContain('│                   │          │ imported 2 │     │');
    expect(printed[0]).not.toMatch(/index|'/);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });

  it('prints one thing a field a line', () => {
    printRecord({ campaignId: 'oct-2021', cohort: { needsInfoUpdate: true } });
    expect(printed[0]).toContain('│ campaignId │ oct-2021             │');
    expect(printed[0]).toContain('│ cohort     │ needsInfoUpdate true │');
  });

  it('with --json, prints the result itself, positions as digits', () => {
    printAsJson(true);
    printRows([{ name: 'citizen-status', position: 120n }]);
    printOutcome({ importId: 'abc', status: 'completed' }, 'imported register.csv as abc');
    expect(printed.map((text) => JSON.parse(text) as unknown)).toEqual([
      [{ name: 'citizen-status', position: '120' }],
      { importId: 'abc', status: 'completed' },
    ]);
  });

  it('says so when there are no rows', () => {
    printRows([], 'nothing is due');
    expect(printed).toEqual(['nothing is due']);
  });
});
