import Database from 'better-sqlite3';
import { Migration, NewerLayout, migrate, schemaVersionOf } from './migrations';

const STEPS: Migration[] = [
  { version: 1, does: 'makes a table', up: (db) => db.exec('CREATE TABLE IF NOT EXISTS things (name TEXT)') },
  { version: 2, does: 'adds a column', up: (db) => db.exec('ALTER TABLE things ADD COLUMN size INTEGER') },
];

describe('numbered migrations', () => {
  it('applies the steps a file lacks, once, and records the layout', () => {
    const db = new Database(':memory:');
    expect(migrate(db, STEPS.slice(0, 1))).toEqual({ from: 0, to: 1 });
    db.prepare("INSERT INTO things VALUES ('kept')").run();
    expect(migrate(db, STEPS)).toEqual({ from: 1, to: 2 });
    expect(migrate(db, STEPS)).toEqual({ from: 2, to: 2 });
    expect(schemaVersionOf(db)).toBe(2);
    expect(db.prepare('SELECT name, size FROM things').all()).toEqual([{ name: 'kept', size: null }]);
  });

  it('refuses a file written by a newer version, and leaves it as it is', () => {
    const db = new Database(':memory:');
    migrate(db, STEPS);
    expect(() => migrate(db, STEPS.slice(0, 1))).toThrow(
      new NewerLayout('has layout 2, newer than this version of the service knows (1): run the version that wrote it, or restore a backup'),
    );
    expect(schemaVersionOf(db)).toBe(2);
  });

  it('rolls a failed step back whole, so the next start tries again', () => {
    const db = new Database(':memory:');
    const failing: Migration = {
      version: 2,
      does: 'fails',
      up: () => {
        throw new Error('disk gone');
      },
    };
    expect(() => migrate(db, [STEPS[0], failing])).toThrow('disk gone');
    expect(schemaVersionOf(db)).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'things'").all()).toEqual([]);
  });

  it('refuses steps that are not numbered 1, 2, 3…', () => {
    expect(() => migrate(new Database(':memory:'), [STEPS[1]])).toThrow('migration 2 is out of order: expected 1');
  });
});
