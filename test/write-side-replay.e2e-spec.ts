import { Logger } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from '../src/domain/clock';
import { parseCpr } from '../src/domain/cpr';
import { DomainError } from '../src/domain/errors';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { PersonalDataProtector } from '../src/personal-data/personal-data-protector';
import { inspectRegisterFile } from '../src/population/register-file';
import { CommandContext, WriteSide, writeSideOf } from './support/write-side';
import { syntheticCpr, testCipher } from './support/population';
import { COMMAND_SCRIPT, ScriptInputs, Step } from './support/command-script';

/**
 * The same commands give the same events: a recorded script of every command the write side takes (the
 * citizen's, the campaign's, the schedule's and a register import), run on an empty store at fixed business
 * times, leaves exactly the streams recorded in `fixtures/command-script.streams.json`. A refactoring of the
 * write side that changes what is stored fails here. `RECORD=1` writes the file anew (after a deliberate change).
 */
const RECORDED = join(__dirname, 'fixtures', 'command-script.streams.json');

/** Random parts (UUID v4/v7 ids, ciphertext with a random IV) and timings said as such; deterministic ids kept as they are. */
function comparable(value: unknown, protector: PersonalDataProtector): unknown {
  if (typeof value === 'string') {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[47][0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) return '<random id>';
    if (/^test1\.[\w-]+\.[\w-]+\.[\w-]+$/.test(value)) return `<encrypted ${protector.decrypt(value).length} characters>`;
    // Sealed with the citizen's own data key (random, made at the import): what it was made with is the key store's.
    if (/^~[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/.test(value)) return "<encrypted with the citizen's key>";
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => comparable(item, protector));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === 'elapsedMs' ? typeof item : comparable(item, protector)]));
  }
  return value;
}

/** Business time set by each step. */
class ScriptClock implements Clock {
  at = new Date(0);
  now(): Date {
    return new Date(this.at.getTime());
  }
}

async function run(side: WriteSide, clock: ScriptClock, step: Step, context: CommandContext, citizenId: (i: number) => string): Promise<string> {
  clock.at = new Date(step.at);
  try {
    switch (step.stream) {
      case 'citizen':
        return `${(await side.citizens.handle(citizenId(step.cpr), step.command, context)).appended.length} events`;
      case 'campaign':
        return `${(await side.campaigns.handle(step.campaignId, step.command, context)).appended.length} events`;
      case 'transition':
        return `${(await side.transition.handle(step.command, context)).appended.length} events`;
      case 'import': {
        const file = await inspectRegisterFile(step.file, { name: 'register.csv' });
        return `import ${(await side.importer.run({ file, context, batchSize: 2 })).status}`;
      }
    }
  } catch (error) {
    if (error instanceof DomainError) return `refused: ${error.message}`;
    throw error;
  }
}

describe('the write side, replaying a recorded command script', () => {
  let dir: string;
  beforeAll(() => {
    // The handlers log each append at debug; the comparison is what this suite shows.
    Logger.overrideLogger(['warn', 'error']);
    dir = mkdtempSync(join(tmpdir(), 'overgang-replay-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores the same events, stream by stream, as when the script was recorded', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    const cipher = testCipher();
    const { protector } = cipher;
    const clock = new ScriptClock();
    const side = writeSideOf(store, clock, cipher);
    const inputs: ScriptInputs = {
      cpr: syntheticCpr,
      parsed: (i) => {
        const result = parseCpr(syntheticCpr(i));
        if (!result.ok) throw new Error(`synthetic CPR number ${i} does not parse`);
        return result.cpr;
      },
      protect: (text) => protector.encrypt(text),
    };
    const citizenId = (i: number) => protector.citizenIdFor(syntheticCpr(i));
    const register = join(dir, 'register.csv');
    writeFileSync(register, COMMAND_SCRIPT.register(inputs));
    const outcomes: string[] = [];
    for (const [i, step] of COMMAND_SCRIPT.steps(inputs, register).entries()) {
      const context = { actor: { role: 'test', subject: 'script' }, correlationId: `step-${i + 1}` };
      outcomes.push(`${i + 1} ${step.stream} ${'command' in step ? step.command.type : 'run'}: ${await run(side, clock, step, context, citizenId)}`);
    }
    const streams: Record<string, unknown[]> = {};
    for await (const recorded of store.readAll()) {
      (streams[recorded.streamId] ??= []).push(
        comparable({ revision: Number(recorded.revision), id: recorded.id, type: recorded.type, data: recorded.data, metadata: recorded.metadata }, protector),
      );
    }
    await store.close();
    const now = { outcomes, streams };
    if (process.env.RECORD === '1') writeFileSync(RECORDED, `${JSON.stringify(now, null, 2)}\n`);
    expect(now).toEqual(JSON.parse(readFileSync(RECORDED, 'utf8')));
  });
});
