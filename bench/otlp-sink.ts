/**
 * An OTLP/HTTP receiver that takes every export and keeps nothing but a count: what the benches export their spans to
 * when the cost of tracing is measured (docs/observability.md: The cost). Run it in a process of its own:
 *   node -r ts-node/register/transpile-only bench/otlp-sink.ts 4318
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 4318);
let received = 0;
let bytes = 0;
createServer((request, response) => {
  request.on('data', (chunk: Buffer) => (bytes += chunk.length));
  request.on('end', () => {
    received++;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
}).listen(port, '127.0.0.1', () => console.log(`OTLP sink on http://127.0.0.1:${port}`));
process.on('SIGTERM', () => {
  console.log(`${received} exports, ${(bytes / 1e6).toFixed(1)} MB`);
  process.exit(0);
});
