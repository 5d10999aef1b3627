import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RenderedLetter } from '../letter-renderer';
import { DropFolderChannel } from './drop-folder';
import { HttpGatewayChannel } from './http-gateway';

const digital: RenderedLetter = {
  messageUUID: '2f1d4c56-8a9b-4c3d-9e8f-0a1b2c3d4e5f',
  form: 'digital-post',
  largePrint: false,
  fileName: '2f1d4c56-8a9b-4c3d-9e8f-0a1b2c3d4e5f.xml',
  contentType: 'application/xml',
  body: Buffer.from('<memo:Message/>'),
};
const paper: RenderedLetter = {
  ...digital,
  form: 'paper',
  fileName: `${digital.messageUUID}.pdf`,
  contentType: 'application/pdf',
  body: Buffer.from('%PDF-1.3'),
};

describe('drop folder channel', () => {
  it('writes Digital Post and paper letters into their folders, named by message UUID', async () => {
    const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
    const channel = new DropFolderChannel(outbox);
    await expect(channel.deliver(digital)).resolves.toEqual({ delivered: true, attempts: 1, failures: [] });
    await channel.deliver(paper);
    expect(readFileSync(join(outbox, 'digital-post', digital.fileName), 'utf8')).toBe('<memo:Message/>');
    expect(readFileSync(join(outbox, 'paper', paper.fileName), 'utf8')).toBe('%PDF-1.3');
    expect(readdirSync(join(outbox, 'digital-post'))).toEqual([digital.fileName]);
  });

  it('re-delivering a letter leaves one file', async () => {
    const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
    const channel = new DropFolderChannel(outbox);
    await channel.deliver(digital);
    await channel.deliver(digital);
    expect(readdirSync(join(outbox, 'digital-post'))).toEqual([digital.fileName]);
  });

  it('removes half-written files left by a killed process when it starts', () => {
    const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
    mkdirSync(join(outbox, 'digital-post'), { recursive: true });
    const deadWriter = 2 ** 22 + 1; // above Linux's pid_max default: no such process
    writeFileSync(join(outbox, 'digital-post', `.partial-${deadWriter}-${digital.fileName}`), '<memo:Mess');
    writeFileSync(join(outbox, 'digital-post', `.partial-${process.pid}-${digital.fileName}`), '<memo:Message');
    new DropFolderChannel(outbox);
    // The live writer's file stays: it may be renamed into place any moment.
    expect(readdirSync(join(outbox, 'digital-post'))).toEqual([`.partial-${process.pid}-${digital.fileName}`]);
  });

  it('reports a failed write as a failed delivery', async () => {
    const outbox = mkdtempSync(join(tmpdir(), 'outbox-'));
    const channel = new DropFolderChannel(outbox);
    const outcome = await channel.deliver({ ...digital, fileName: 'missing-folder/x.xml' });
    expect(outcome).toEqual({ delivered: false, attempts: 1, failures: ['drop folder write failed: ENOENT'] });
    expect(existsSync(join(outbox, 'digital-post', 'missing-folder'))).toBe(false);
  });
});

describe('HTTP gateway channel', () => {
  let server: Server;
  let url: string;
  let answers: number[];
  let received: { path: string; headers: IncomingMessage['headers']; body: string }[];

  beforeEach(async () => {
    answers = [];
    received = [];
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ path: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.statusCode = answers.shift() ?? 202;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  const channel = (overrides: Partial<ConstructorParameters<typeof HttpGatewayChannel>[0]> = {}) =>
    new HttpGatewayChannel({ url, username: 'overgang', password: 's3cret', maxAttempts: 4, backoffMs: 1, timeoutMs: 2000, ...overrides });

  it('POSTs the message with its content type, credentials and the message UUID as idempotency key', async () => {
    await expect(channel().deliver(digital)).resolves.toEqual({ delivered: true, attempts: 1, failures: [] });
    expect(received).toHaveLength(1);
    expect(received[0].path).toBe('/v1/messages');
    expect(received[0].body).toBe('<memo:Message/>');
    expect(received[0].headers['content-type']).toBe('application/xml');
    expect(received[0].headers['idempotency-key']).toBe(digital.messageUUID);
    expect(received[0].headers.authorization).toBe(`Basic ${Buffer.from('overgang:s3cret').toString('base64')}`);
  });

  it('sends paper letters to the paper endpoint', async () => {
    await channel().deliver(paper);
    expect(received[0]).toMatchObject({ path: '/v1/paper-letters', headers: { 'content-type': 'application/pdf' } });
  });

  it('retries with backoff on 5xx and 429 until it succeeds, with the same idempotency key', async () => {
    answers = [503, 429, 500];
    const sleeps: number[] = [];
    const gateway = new HttpGatewayChannel({ url, maxAttempts: 5, backoffMs: 100, timeoutMs: 2000 }, async (ms) => void sleeps.push(ms));
    const outcome = await gateway.deliver(digital);
    expect(outcome).toEqual({ delivered: true, attempts: 4, failures: ['gateway answered 503', 'gateway answered 429', 'gateway answered 500'] });
    expect(new Set(received.map((r) => r.headers['idempotency-key']))).toEqual(new Set([digital.messageUUID]));
    // Exponential: 100, 200, 400 ms, each with jitter between half and one and a half times.
    expect(sleeps).toHaveLength(3);
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(50 * 2 ** i);
      expect(ms).toBeLessThanOrEqual(150 * 2 ** i);
    });
  });

  it('gives up after the last attempt', async () => {
    answers = [503, 503, 503, 503];
    await expect(channel().deliver(digital)).resolves.toEqual({ delivered: false, attempts: 4, failures: Array(4).fill('gateway answered 503') });
    expect(received).toHaveLength(4);
  });

  it('does not retry a letter the gateway refuses (4xx)', async () => {
    answers = [422];
    await expect(channel().deliver(digital)).resolves.toEqual({ delivered: false, attempts: 1, failures: ['gateway answered 422'] });
    expect(received).toHaveLength(1);
  });

  it('retries when the gateway cannot be reached', async () => {
    const unused = createServer();
    await new Promise<void>((resolve) => unused.listen(0, '127.0.0.1', resolve));
    const closed = `http://127.0.0.1:${(unused.address() as AddressInfo).port}/v1`;
    await new Promise((resolve) => unused.close(resolve));
    const outcome = await channel({ url: closed, maxAttempts: 2 }).deliver(digital);
    expect(outcome).toEqual({ delivered: false, attempts: 2, failures: ['gateway unreachable: ECONNREFUSED', 'gateway unreachable: ECONNREFUSED'] });
  });
});

describe('the longest a delivery can take (the persistent subscription must wait longer)', () => {
  it('the HTTP gateway: every attempt timing out, plus the longest jittered backoffs', () => {
    const gateway = new HttpGatewayChannel({ url: 'http://127.0.0.1:1', maxAttempts: 5, backoffMs: 500, timeoutMs: 10_000 });
    // 5 x 10 s, plus 1.5 x (0.5 + 1 + 2 + 4) s of backoff.
    expect(gateway.longestDeliveryMs).toBe(50_000 + 11_250);
  });
});
