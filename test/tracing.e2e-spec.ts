import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePopulation, registerHeader, registerLine } from '../src/population/population-generator';
import { cprNumbersIn } from './support/debug-logs';
import { TWO_NON_PHOTO_IDS, issueNemIdBody } from './support/requests';
import { startService, stopProcess } from './support/service-process';
import { TEST_SUBJECTS, tokenFor } from './support/tokens';
import { until } from './support/until';

jest.setTimeout(120_000);

/** A span as OTLP/JSON carries it, with its attributes made plain. */
interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, string | number | boolean>;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpBody = { resourceSpans: { scopeSpans: { spans: (Omit<ReceivedSpan, 'attributes'> & { attributes?: { key: string; value: OtlpValue }[] })[] }[] }[] };

const plain = (value: OtlpValue) => value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue ?? ''));

/** An OTLP/HTTP receiver, as a collector would be: every body as sent, and the spans in them. */
async function otlpReceiver(): Promise<{ server: Server; url: string; bodies: string[]; spans: ReceivedSpan[] }> {
  const bodies: string[] = [];
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        bodies.push(body);
        for (const { scopeSpans } of (JSON.parse(body) as OtlpBody).resourceSpans)
          for (const { spans: sent } of scopeSpans)
            for (const span of sent) {
              const attributes = Object.fromEntries((span.attributes ?? []).map(({ key, value }) => [key, plain(value)]));
              spans.push({ traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined, name: span.name, attributes });
            }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, bodies, spans };
}

/**
 * The real service exporting to a real OTLP endpoint: a desk command, a campaign with its deliveries and a register
 * import each arrive as one trace whose parent/child links run from the request to the last append, across the
 * event store (a delivery continues the trace its letter was decided in). No CPR number in anything exported.
 */
describe('traces over OTLP', () => {
  let dataDir: string;
  let service: { child: ChildProcess; url: string };
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  const DESK_CPR = '070761-4285';
  const LETTER_CPR = '011070-1011';
  const CALLER_TRACE = '0af7651916cd43dd8448eb211c80319c';
  const CALLER_SPAN = 'b7ad6b7169203331';

  beforeAll(async () => {
    receiver = await otlpReceiver();
    dataDir = mkdtempSync(join(tmpdir(), 'overgang-traces-'));
    service = await startService(dataDir, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100', DIGITAL_POST_CHANNEL: 'counting' });
  }, 90_000);
  afterAll(async () => {
    if (service) await stopProcess(service.child, 'SIGTERM');
    await new Promise((resolve) => receiver?.server.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const as = async (role: keyof typeof TEST_SUBJECTS, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${await tokenFor(role, TEST_SUBJECTS[role])}`,
    'content-type': 'application/json',
    ...extra,
  });
  const byId = () => new Map(receiver.spans.map((span) => [span.spanId, span]));
  /** The names from a span up to the root of its trace. */
  const ancestry = (span: ReceivedSpan): string[] => {
    const spans = byId();
    const names: string[] = [];
    for (let at: ReceivedSpan | undefined = span; at; at = at.parentSpanId ? spans.get(at.parentSpanId) : undefined) names.push(at.name);
    return names;
  };
  const spanWhere = (test: (span: ReceivedSpan) => boolean, what: string) =>
    until(
      async () => receiver.spans.find(test),
      (found) => found !== undefined,
      30_000,
    ).then((found) => found ?? Promise.reject(new Error(`no span ${what} arrived`)));

  it("a desk command continues the caller's trace: request, command, append", async () => {
    const response = await fetch(`${service.url}/api/v1/citizens`, {
      method: 'POST',
      headers: await as('citizen-service', { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` }),
      body: JSON.stringify(issueNemIdBody({ cpr: DESK_CPR })),
    });
    expect(response.status).toBe(201);
    const append = await spanWhere((s) => s.traceId === CALLER_TRACE && s.name === 'event-store append', 'for the desk append');
    expect(ancestry(append)).toEqual(['event-store append', 'command IssueNemId', 'POST /api/v1/citizens']);
    const request = receiver.spans.find((s) => s.traceId === CALLER_TRACE && s.name === 'POST /api/v1/citizens')!;
    expect(request.parentSpanId).toBe(CALLER_SPAN);
    expect(request.attributes).toMatchObject({ 'http.route': '/api/v1/citizens', 'http.response.status_code': 201 });
    const command = receiver.spans.find((s) => s.traceId === CALLER_TRACE && s.name === 'command IssueNemId')!;
    expect(command.attributes).toMatchObject({ 'overgang.outcome': 'appended', 'overgang.attempt': 1, 'overgang.expected_revision': 'no_stream' });
    expect(command.attributes['overgang.stream']).toMatch(/^citizen-/);
  });

  it('a campaign: its steps, every letter decided and each delivery in the trace of the request that started it', async () => {
    // Identified by two documents without a photo: the update-info letter is for them.
    const issued = await fetch(`${service.url}/api/v1/citizens`, {
      method: 'POST',
      headers: await as('citizen-service'),
      body: JSON.stringify(issueNemIdBody({ cpr: LETTER_CPR, documents: TWO_NON_PHOTO_IDS })),
    });
    expect(issued.status).toBe(201);
    const started = await fetch(`${service.url}/api/v1/campaigns`, {
      method: 'POST',
      headers: await as('agency'),
      body: JSON.stringify({ campaignId: 'traced-letters', kind: 'update-info-letter', ratePerSecond: 100 }),
    });
    expect(started.status).toBe(201);
    const delivery = await spanWhere((s) => s.name === 'delivery' && s.attributes['overgang.channel'] === 'counting', 'for a delivery');
    expect(ancestry(delivery)).toEqual(['delivery', 'command SendUpdateInfoLetter', 'campaign step', 'command StartCampaign', 'POST /api/v1/campaigns']);
    expect(delivery.attributes).toMatchObject({
      'overgang.delivery.delivered': true,
      'overgang.delivery.attempts': 1,
      'overgang.letter.type': 'UpdateInfoLetterSent',
    });
    const recorded = await spanWhere((s) => s.parentSpanId === delivery.spanId && s.name === 'event-store append', "for the delivery's result");
    expect(recorded.traceId).toBe(delivery.traceId);
    const step = receiver.spans.find((s) => s.name === 'campaign step' && s.traceId === delivery.traceId)!;
    expect(step.attributes).toMatchObject({ 'overgang.campaign': 'traced-letters', 'overgang.campaign.kind': 'update-info-letter' });
    expect(step.attributes['overgang.letters.sent']).toBeGreaterThan(0);
  });

  it('an import: the request, the run and each batch, whose appends are its children', async () => {
    const records = [...generatePopulation({ citizens: 5, seed: 7, asOf: '2021-08-01' })];
    const file = [registerHeader('csv'), ...records.map((record) => registerLine(record, 'csv'))].join('\n') + '\n';
    const accepted = await fetch(`${service.url}/api/v1/population/imports`, {
      method: 'POST',
      headers: await as('agency', { 'content-type': 'text/csv' }),
      body: file,
    });
    expect(accepted.status).toBe(202);
    const batch = await spanWhere((s) => s.name === 'import batch', 'for an import batch');
    expect(ancestry(batch)).toEqual(['import batch', 'import', 'POST /api/v1/population/imports']);
    expect(batch.attributes).toMatchObject({ 'overgang.rows': 5, 'overgang.imported': 5, 'overgang.rejected': 0 });
    await spanWhere((s) => s.parentSpanId === batch.spanId && s.name === 'event-store append', "for a batch's append");

    // Everything exported so far, ids and all: no CPR number, neither the desk's nor the register's.
    const exported = receiver.bodies.join('\n');
    expect(cprNumbersIn(exported)).toEqual([]);
    for (const cpr of [DESK_CPR, LETTER_CPR, ...records.map((record) => String(record.cpr))]) expect(exported).not.toContain(cpr.replace('-', ''));
  });
});
