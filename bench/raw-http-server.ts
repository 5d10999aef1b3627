import Database from 'better-sqlite3';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { IncomingMessage, ServerResponse, createServer } from 'node:http';

/**
 * The load bench's baseline: support openings and citizens' status written by hand on the service's own events
 * file. node:http, HS256 tokens checked with node:crypto, better-sqlite3, and the store's group commit (the appends
 * of one event-loop turn in one transaction, synced to disk before any is answered). An opening reads the citizen's
 * stream (its reason in the body), appends a TimelineViewed after its last event and answers the events; a status reads the stream and
 * answers where the citizen stands by the events' types. No framework, no validation of the query, no logs, no
 * metrics, no audit fields beyond the event: what is left is the floor this machine sets for the same requests.
 *
 * Arguments: the events file, the port, the HS256 secret, the deadline to answer with. Says "listening" when ready.
 */
const [eventsPath, port, secret, deadline] = process.argv.slice(2);
const key = Buffer.from(secret);
const db = new Database(eventsPath);
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
const streamOf = db
  .prepare<[string], [number, number, string, string, string]>(
    'SELECT position, revision, type, data, metadata FROM events WHERE stream_id = ? ORDER BY revision',
  )
  .raw();
const lastRevision = db.prepare<[string], number>('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1').pluck();
const insert = db.prepare('INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');

interface Append {
  streamId: string;
  expected: number;
  data: string;
  metadata: string;
  done: (written: boolean) => void;
}

let pending: Append[] = [];
const commit = db.transaction((batch: Append[]) =>
  batch.map((append) => {
    if ((lastRevision.get(append.streamId) ?? -1) !== append.expected) return false;
    insert.run(randomUUID(), append.streamId, append.expected + 1, 'TimelineViewed', append.data, append.metadata, Date.now());
    return true;
  }),
);
const flush = () => {
  const batch = pending;
  pending = [];
  const written = commit.immediate(batch);
  batch.forEach((append, i) => append.done(written[i]));
};
const append = (item: Append) => {
  pending.push(item);
  if (pending.length === 1) setImmediate(flush);
};

function caller(request: IncomingMessage): { sub: string; roles: string[] } | undefined {
  const [header, payload, signature] = (request.headers.authorization ?? '').replace(/^Bearer /, '').split('.');
  if (!signature) return undefined;
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string; roles: string[]; exp: number };
  return claims.exp * 1000 > Date.now() ? claims : undefined;
}

/** Where a citizen stands after an event: a NemID issued or imported starts over; a retired one stays retired. */
function statusAfter(current: string | undefined, type: string): string | undefined {
  if (type === 'NemIdIssued' || type === 'NemIdImported') return 'nemid-active';
  if (current === undefined || current === 'nemid-retired') return current;
  if (type === 'UpdateInfoLetterSent') return current === 'nemid-active' ? 'letter-sent' : current;
  if (type === 'PersonalInfoUpdated') return current === 'nemid-active' || current === 'letter-sent' ? 'info-updated' : current;
  if (type === 'MitIdCreated') return 'mitid-created';
  if (type === 'NemIdRetired') return 'nemid-retired';
  return current;
}

const answer = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

function opening(response: ServerResponse, citizenId: string, reason: string, agent: string): void {
  const streamId = `citizen-${citizenId}`;
  const events = streamOf.all(streamId).map(([position, revision, type, data, metadata]) => ({
    position,
    revision,
    type,
    data: JSON.parse(data) as unknown,
    metadata: JSON.parse(metadata) as unknown,
  }));
  if (events.length === 0) return answer(response, 404, { title: 'no such citizen' });
  const viewedAt = new Date().toISOString();
  const viewedBy = { role: 'support', subject: agent };
  append({
    streamId,
    expected: events.length - 1,
    data: JSON.stringify({ view: 'record', reason, viewedBy, viewedAt }),
    metadata: JSON.stringify({ occurredAt: viewedAt, correlationId: randomUUID(), causationId: randomUUID(), actor: viewedBy, schemaVersion: 1 }),
    done: (written) => (written ? answer(response, 200, events) : answer(response, 409, { title: 'the stream moved' })),
  });
}

function status(response: ServerResponse, citizenId: string): void {
  let current: string | undefined;
  let hasMitId = false;
  for (const [, , type] of streamOf.all(`citizen-${citizenId}`)) {
    hasMitId ||= type === 'MitIdCreated';
    current = statusAfter(current, type);
  }
  if (!current) return answer(response, 404, { title: 'no such citizen' });
  answer(response, 200, { status: current, hasMitId, nemIdActive: current !== 'nemid-retired', deadline });
}

createServer((request, response) => {
  const who = caller(request);
  if (!who) return answer(response, 401, { title: 'a valid bearer token is required' });
  const url = new URL(request.url ?? '/', 'http://localhost');
  const openingOf = /^\/api\/v1\/citizens\/([A-Za-z0-9_-]+)\/openings$/.exec(url.pathname);
  if (openingOf && request.method === 'POST' && who.roles.includes('support')) {
    let body = '';
    request.setEncoding('utf8');
    request
      .on('data', (chunk: string) => (body += chunk))
      .on('end', () => opening(response, openingOf[1], (JSON.parse(body) as { reason: string }).reason, who.sub));
    return;
  }
  if (url.pathname === '/api/v1/me/status' && who.roles.includes('citizen')) return status(response, who.sub);
  answer(response, 404, { title: 'not here' });
}).listen(Number(port), '127.0.0.1', () => console.log('listening'));
