import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { trace } from '@opentelemetry/api';
import { WrongExpectedRevisionError } from '../event-store/event-store';
import { contextOfEvent, errorKind, inRecordedTrace, inSpan, startTracing, stopTracing, traceContextNow, tracedRead, tracingOn } from './tracing';

async function* numbers(count: number) {
  for (let i = 0; i < count; i++) yield i;
}

describe('tracing off (no OTLP endpoint)', () => {
  it('registers nothing: work runs as it is, events carry no trace context, reads are not wrapped', async () => {
    expect(tracingOn()).toBe(false);
    await expect(inSpan('work', {}, async (span) => span.isRecording())).resolves.toBe(false);
    expect(traceContextNow()).toEqual({});
    const read = numbers(3);
    expect(tracedRead('read', {}, read)).toBe(read);
  });
});

describe('tracing on', () => {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => startTracing({ serviceName: 'overgang-test' }, new SimpleSpanProcessor(exporter)));
  afterAll(() => stopTracing());
  beforeEach(() => exporter.reset());

  it('nests spans across awaits, and an event decided in a span continues its trace in whatever follows it', async () => {
    const carried = await inSpan('request', {}, () => inSpan('command', {}, async () => traceContextNow()));
    expect(carried.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await inSpan('delivery', {}, async () => undefined, { parent: contextOfEvent(carried) });
    const [command, request, delivery] = exporter.getFinishedSpans();
    expect(command.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(delivery.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(delivery.parentSpanContext?.spanId).toBe(command.spanContext().spanId);
  });

  it('a failed span says what kind of error, never its message (messages may quote input)', async () => {
    class RuleViolated extends Error {}
    await expect(inSpan('command', {}, () => Promise.reject(new RuleViolated('0101701234 is not allowed')))).rejects.toThrow(RuleViolated);
    const [span] = exporter.getFinishedSpans();
    expect(span.status).toEqual({ code: 2, message: 'RuleViolated' });
    expect(span.attributes['error.type']).toBe('RuleViolated');
    expect(JSON.stringify({ name: span.name, attributes: span.attributes, status: span.status, events: span.events })).not.toContain('0101701234');
  });

  it("the event store's spans are made only inside a recorded trace, never as traces of one span", async () => {
    expect(inRecordedTrace()).toBe(false);
    await expect(inSpan('step', {}, async () => inRecordedTrace())).resolves.toBe(true);
  });

  it('a problem-carrying error is named by its problem type', () => {
    expect(errorKind(new WrongExpectedRevisionError('citizen-1', 1n, 2n))).toBe('concurrency-conflict');
  });

  it('a read is one span from its first event to its last, with the count; the reader keeps its own active span', async () => {
    await inSpan('reader', {}, async (reader) => {
      const seen: number[] = [];
      for await (const n of tracedRead('event-store readStream', {}, numbers(4))) {
        seen.push(n);
        expect(trace.getActiveSpan()?.spanContext().spanId).toBe(reader.spanContext().spanId);
      }
      expect(seen).toEqual([0, 1, 2, 3]);
    });
    const [read, reader] = exporter.getFinishedSpans();
    expect(read.name).toBe('event-store readStream');
    expect(read.attributes['overgang.events']).toBe(4);
    expect(read.parentSpanContext?.spanId).toBe(reader.spanContext().spanId);
  });
});
