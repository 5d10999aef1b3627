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

  it('tells the leader of a burst of appends once, with what they wrote, or that there was too much to list', () => {
    jest.useFakeTimers();
    const { channel, sent } = fakeChannel();
    const link = new ClusterLink(1, 'follower', channel);
    const wrote = (i: number) => [{ streamId: `citizen-${i}`, types: ['TimelineViewed'] }];
    for (let i = 0; i < 3; i++) link.appended(wrote(i));
    jest.advanceTimersByTime(10);
    for (let i = 0; i < 1001; i++) link.appended(wrote(i));
    jest.advanceTimersByTime(10);
    link.appended(wrote(7));
    jest.advanceTimersByTime(10);
    expect(sent).toEqual([
      { overgang: 'appended', committed: [...wrote(0), ...wrote(1), ...wrote(2)] },
      { overgang: 'appended', committed: null },
      { overgang: 'appended', committed: wrote(7) },
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
