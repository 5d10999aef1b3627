import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { request } from 'node:http';

/**
 * What held the service's thread during a run, from its /metrics before and after: its commits (each syncs to
 * disk), its garbage collections, and the longest its event loop was late. Lateness that neither explains is the
 * thread waiting for a CPU: see how busy the machine was.
 */
export interface ServiceWaits {
  commits: number;
  commitsOver10ms: number;
  commitSeconds: number;
  gcPausesOver10ms: number;
  gcSeconds: number;
  eventLoopDelayMaxMs: number;
}

/**
 * The Prometheus text's samples, by series (name and labels as written). On a connection of its own: one kept
 * alive from the scrape before may be closed by the service, idle for longer than its keep-alive, as it is reused.
 */
export async function scrape(url: string): Promise<Map<string, number>> {
  const text = await new Promise<string>((resolve, reject) => {
    request(`${url}/metrics`, { agent: false }, (response) => {
      let body = '';
      response
        .setEncoding('utf8')
        .on('data', (chunk: string) => (body += chunk))
        .on('end', () => resolve(body))
        .on('error', reject);
    })
      .on('error', reject)
      .end();
  });
  // Several processes: each series once per process (its `process` label), added up, or the largest of a maximum.
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line) continue;
    const series = line
      .slice(0, line.lastIndexOf(' '))
      .replace(/,?process="\d+"/, '')
      .replace('{}', '');
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    const before = samples.get(series);
    samples.set(series, before === undefined ? value : series.includes('_max_') ? Math.max(before, value) : before + value);
  }
  return samples;
}

export function waitsBetween(before: Map<string, number>, after: Map<string, number>): ServiceWaits {
  const grew = (series: string) => (after.get(series) ?? 0) - (before.get(series) ?? 0);
  const gcKinds = ['major', 'minor', 'incremental', 'weakcb'];
  const sumOver = (of: (kind: string) => string) => gcKinds.reduce((total, kind) => total + grew(of(kind)), 0);
  return {
    commits: grew('overgang_event_store_commit_seconds_count'),
    commitsOver10ms: grew('overgang_event_store_commit_seconds_count') - grew('overgang_event_store_commit_seconds_bucket{le="0.01"}'),
    commitSeconds: Math.round(grew('overgang_event_store_commit_seconds_sum') * 1000) / 1000,
    gcPausesOver10ms:
      sumOver((kind) => `overgang_nodejs_gc_duration_seconds_count{kind="${kind}"}`) -
      sumOver((kind) => `overgang_nodejs_gc_duration_seconds_bucket{le="0.01",kind="${kind}"}`),
    gcSeconds: Math.round(sumOver((kind) => `overgang_nodejs_gc_duration_seconds_sum{kind="${kind}"}`) * 1000) / 1000,
    // The event loop's delay is kept from one scrape to the next: the one before the run started it afresh.
    eventLoopDelayMaxMs: Math.round((after.get('overgang_nodejs_eventloop_lag_max_seconds') ?? 0) * 10_000) / 10,
  };
}

/** The machine's CPU time so far (Linux's /proc/stat, in ticks): busy, idle, and stolen by the host. */
export function cpuTicks(): { busy: number; idle: number; steal: number } | undefined {
  const line = existsSync('/proc/stat') ? readFileSync('/proc/stat', 'utf8').split('\n')[0] : '';
  if (!line.startsWith('cpu ')) return undefined;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
}

/** How busy the whole machine was between two readings, load generator included, and how much the host took. */
export function machineBetween(
  before: ReturnType<typeof cpuTicks>,
  after: ReturnType<typeof cpuTicks>,
): { busyPercent: number; stolenPercent: number } | undefined {
  if (!before || !after) return undefined;
  const [busy, idle, steal] = [after.busy - before.busy, after.idle - before.idle, after.steal - before.steal];
  const all = busy + idle + steal;
  return { busyPercent: Math.round((busy / all) * 1000) / 10, stolenPercent: Math.round((steal / all) * 1000) / 10 };
}

/** The CPU time so far in ms of a process and every process under it (a service's cluster of processes). */
export function processTreeCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}`)) return undefined;
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  return tree.reduce((total, member) => total + (processCpuMs(member) ?? 0), 0);
}

/** A process's CPU time so far in ms (Linux's /proc/<pid>/stat: user and system, in ticks of 10 ms), all its threads. */
export function processCpuMs(pid: number | undefined): number | undefined {
  const path = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(path)) return undefined;
  // The process's name, in parentheses, may hold spaces: the fields are counted after it.
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  return (utime + stime) * 10;
}
