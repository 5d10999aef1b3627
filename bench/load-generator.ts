import autocannon from 'autocannon';
import { Agent, request } from 'node:http';

/**
 * The load of the timeline-and-status benchmark (http-load.bench.ts), run in a process of its own: a paced load at a
 * fixed rate, or a closed loop.
 */
export const CAPACITY_CONNECTIONS = 16;

export interface LoadResult {
  rate: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

export interface Callers {
  agents: string[];
  citizens: { id: string; token: string }[];
}

const OPENING = JSON.stringify({ reason: 'Citizen called about a letter' });

/** The i-th request of a run: openings (status and timeline, reason in the body) and status reads take turns, each from the next caller. */
function requestFor(callers: Callers, i: number): { method: 'GET' | 'POST'; path: string; token: string; body?: string } {
  const citizen = callers.citizens[Math.floor(i / 2) % callers.citizens.length];
  return i % 2 === 0
    ? { method: 'POST', path: `/api/v1/citizens/${citizen.id}/openings`, token: callers.agents[Math.floor(i / 2) % callers.agents.length], body: OPENING }
    : { method: 'GET', path: '/api/v1/me/status', token: citizen.token };
}

const headersFor = (token: string, body?: string) => ({
  authorization: `Bearer ${token}`,
  ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
});

const percentile = (sorted: number[], p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 10) / 10;

/** The paced load, in its own process: requests at fixed times over keep-alive connections, latency from each one's time. */
export function paced(url: string, rate: number, seconds: number, callers: Callers): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const { hostname, port } = new URL(url);
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let settled = 0;
  let sent = 0;
  const start = performance.now();
  return new Promise((resolve) => {
    const settle = () => {
      if (++settled < total) return;
      agent.destroy();
      const elapsed = (performance.now() - start) / 1000;
      latencies.sort((a, b) => a - b);
      resolve({
        rate,
        seconds,
        requests: total,
        requestsPerSecond: Math.round((latencies.length / elapsed) * 10) / 10,
        p50: percentile(latencies, 0.5),
        p90: percentile(latencies, 0.9),
        p99: percentile(latencies, 0.99),
        max: percentile(latencies, 1),
        errors,
        non2xx,
      });
    };
    const send = (i: number, due: number) => {
      const { method, path, token, body } = requestFor(callers, i);
      request({ hostname, port, method, path, agent, headers: headersFor(token, body) }, (response) => {
        if (response.statusCode! >= 300) non2xx++;
        response.resume();
        response.on('end', () => {
          latencies.push(performance.now() - due);
          settle();
        });
      })
        .on('error', () => {
          errors++;
          settle();
        })
        .end(body);
    };
    const tick = () => {
      const now = performance.now();
      for (; sent < total && start + sent * interval <= now; sent++) send(sent, start + sent * interval);
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
}

/** Closed loop: CAPACITY_CONNECTIONS callers each sending the next request as soon as the last is answered. */
export async function capacity(url: string, seconds: number, callers: Callers): Promise<LoadResult> {
  let turn = 0;
  const result = await autocannon({
    url,
    connections: CAPACITY_CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const { method, path, token, body } = requestFor(callers, turn++);
          return { ...request, method, path, body, headers: headersFor(token, body) };
        },
      },
    ],
  });
  return {
    rate: 0,
    seconds,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
