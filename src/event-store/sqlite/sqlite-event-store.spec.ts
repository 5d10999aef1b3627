import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEvent as event } from '../../../test/support/events';
import { until } from '../../../test/support/until';
import { SubscriptionMessage } from '../event-store';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore (file behaviour)', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'overgang-sqlite-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps events and stream revisions across a close and reopen', async () => {
    const path = join(directory, 'events.sqlite');
    const first = new SqliteEventStore({ path });
    await first.append('s-1', [event('A'), event('B')]);
    await first.close();
    const reopened = new SqliteEventStore({ path });
    const result = await reopened.append('s-1', [event('C')], { expectedRevision: 1n });
    expect(result.nextRevision).toBe(2n);
    await reopened.close();
  });

  it('lets a subscriber see events appended by another connection to the same file (e.g. the CLI)', async () => {
    const path = join(directory, 'events.sqlite');
    const server = new SqliteEventStore({ path, pollIntervalMs: 20 });
    const cli = new SqliteEventStore({ path });
    const subscription = server.subscribeToAll();
    const seen: SubscriptionMessage[] = [];
    const done = (async () => {
      for await (const message of subscription) {
        seen.push(message);
        if (message.kind === 'event') break;
      }
    })();
    // Live, not catching up: only polling can bring the other connection's event now.
    await until(async () => seen.length, (n) => n >= 1, 2_000);
    await cli.append('s-2', [event('FromCli')]);
    await done;
    expect(seen.map((m) => (m.kind === 'event' ? m.event.type : m.kind))).toEqual(['caught-up', 'FromCli']);
    await subscription.close();
    await cli.close();
    await server.close();
  });
});
