import { EventEmitter } from 'node:events';
import { ClusterLink, SupervisorSilent } from './cluster-link';
import { ToProcess, ToSupervisor } from './cluster-messages';

/** The supervisor's end of a process's channel: what the process sent, and a way to answer it. */
function fakeChannel() {
  const incoming = new EventEmitter();
  const sent: ToSupervisor[] = [];
  return {
    sent,
    channel: {
      send: (message: ToSupervisor) => void sent.push(message),
      on: (event: 'message', listener: (message: unknown) => void) => void incoming.on(event, listener),
    },
    deliver: (message: ToProcess) => incoming.emit('message', message),
  };
}

describe('ClusterLink: a serving process among several', () => {
  afterEach(() => jest.useRealTimers());

  it("asks the leader to write a follower's append, and takes it as lost when no answer comes in time", async () => {
    const { channel, sent, deliver } = fakeChannel();
    const link = new ClusterLink(1, 'follower', channel);
    const append = { streamId: 'citizen-a', events: [], expected: 'any' };
    const answered = link.askLeaderToAppend(append);
    expect(sent).toEqual([{ overgang: 'append', id: 1, append }]);
    deliver({ overgang: 'append-outcome', id: 1, outcome: { ok: true, nextRevision: '3', position: '9' } });
    await expect(answered).resolves.toEqual({ ok: true, nextRevision: '3', position: '9' });

    jest.useFakeTimers();
    const unanswered = link.askLeaderToAppend(append);
    jest.advanceTimersByTime(30_000);
    await expect(unanswered).resolves.toEqual({ ok: false, error: { kind: 'lost' } });
    link.close();
  });

  it('writes as the leader what followers ask, and says it is away before it is wired', async () => {
    const { channel, sent, deliver } = fakeChannel();
    const link = new ClusterLink(0, 'leader', channel);
    const append = { streamId: 'citizen-a', events: [], expected: '2' };
    deliver({ overgang: 'append', asked: 'a1', append });
    const stop = link.onAppendAsked(async (asked) => ({ ok: true, nextRevision: asked.expected, position: '7' }));
    deliver({ overgang: 'append', asked: 'a2', append });
    stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([
      { overgang: 'append-outcome', asked: 'a1', outcome: { ok: false, error: { kind: 'leader-away' } } },
      { overgang: 'append-outcome', asked: 'a2', outcome: { ok: true, nextRevision: '2', position: '7' } },
    ]);
    link.close();
  });

  it('answers a gathering with what it provides, and a report of itself', async () => {
    const { channel, sent, deliver } = fakeChannel();
    const link = new ClusterLink(0, 'leader', channel);
    link.provide('metrics', async () => [{ name: 'm' }]);
    deliver({ overgang: 'gather', id: 7, what: 'metrics' });
    deliver({ overgang: 'gather', id: 8, what: 'report' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent[0]).toEqual({ overgang: 'part', id: 7, part: [{ name: 'm' }] });
    expect(sent[1]).toMatchObject({ overgang: 'part', id: 8, part: { slot: 0, role: 'leader', pid: process.pid } });
    link.close();
  });

  it('gives every process’s parts to the one that asked, and says so when the supervisor is silent', async () => {
    const { channel, sent, deliver } = fakeChannel();
    const link = new ClusterLink(1, 'follower', channel);
    const asked = link.gather('report');
    expect(sent).toEqual([{ overgang: 'gather', id: 1, what: 'report' }]);
    deliver({ overgang: 'gathered', id: 1, parts: [{ slot: 0, part: 'a' }], slots: [] });
    await expect(asked).resolves.toEqual({ parts: [{ slot: 0, part: 'a' }], slots: [] });

    jest.useFakeTimers();
    const unanswered = link.gather('metrics');
    jest.advanceTimersByTime(5_000);
    await expect(unanswered).rejects.toBeInstanceOf(SupervisorSilent);
    expect(new SupervisorSilent('x').problem()).toMatchObject({ status: 503, type: 'urn:overgang:problem:processes-not-answering' });
    link.close();
  });

  it('passes a nudge to whoever listens for it, until they stop', () => {
    const { channel, deliver } = fakeChannel();
    const link = new ClusterLink(0, 'leader', channel);
    const heard: string[] = [];
    const stop = link.onImportSpooled(() => heard.push('import'));
    deliver({ overgang: 'import-spooled' });
    stop();
    deliver({ overgang: 'import-spooled' });
    expect(heard).toEqual(['import']);
    link.close();
  });

  it('tells the others an import waits for disk room, and hears it of the leader', () => {
    const { channel, sent, deliver } = fakeChannel();
    const link = new ClusterLink(1, 'follower', channel);
    const heard: [string, Date | undefined][] = [];
    link.onImportWaiting((importId, since) => heard.push([importId, since]));
    link.importWaiting('imp1', new Date('2021-10-04T06:00:00Z'));
    link.importWaiting('imp1', undefined);
    expect(sent).toEqual([
      { overgang: 'import-waiting', importId: 'imp1', since: '2021-10-04T06:00:00.000Z' },
      { overgang: 'import-waiting', importId: 'imp1', since: null },
    ]);
    deliver({ overgang: 'import-waiting', importId: 'imp2', since: '2021-10-04T07:00:00.000Z' });
    deliver({ overgang: 'import-waiting', importId: 'imp2', since: null });
    expect(heard).toEqual([
      ['imp2', new Date('2021-10-04T07:00:00.000Z')],
      ['imp2', undefined],
    ]);
    link.close();
  });
});
