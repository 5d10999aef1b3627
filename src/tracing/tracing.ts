import {
  Attributes,
  Context,
  DiagLogLevel,
  diag,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  INVALID_SPAN_CONTEXT,
} from '@opentelemetry/api';
import { carriesProblem, problemName } from '../http/problem';
import type { NodeTracerProvider, SpanProcessor } from '@opentelemetry/sdk-trace-node';

/**
 * OpenTelemetry traces (docs/observability.md). Off unless an OTLP endpoint is configured: then nothing is
 * registered and every helper here returns at its first check, so tracing off costs one comparison a call.
 *
 * What a span may carry: ids (stream ids are keyed hashes), route templates, counts, fixed words, error kinds.
 * Never a CPR number, an address, a free-text reason or an error's message (messages may quote input).
 */
let provider: NodeTracerProvider | undefined;
let settingsInUse: TracingSettings | undefined;

export interface TracingSettings {
  serviceName: string;
  /** Where the OTLP/HTTP exporter sends; the exporter reads OTEL_EXPORTER_OTLP_ENDPOINT itself when this is unset. */
  endpoint?: string;
  /** How long finished spans wait to be sent together. */
  scheduleDelayMs?: number;
  /** The share of traces recorded (0 to 1), decided where a trace starts and followed by its spans; default all. */
  sampleRatio?: number;
  /** The SDK's errors (a collector that refuses or is gone); default: each logged. The service says a repeated one once a minute. */
  onError?: (message: string) => void;
}

/**
 * The SDK and Nest's logger, loaded when tracing starts: loaded with this module they took 0.2 s of the start of
 * every process and thread that uses the event store, traced or not (docs/benchmarks.md).
 */
function sdk() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    ...(require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node')),
    ...(require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')),
    ...(require('@opentelemetry/resources') as typeof import('@opentelemetry/resources')),
    logger: new (require('@nestjs/common') as typeof import('@nestjs/common')).Logger('Tracing'),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Registers the SDK (context across awaits, W3C trace context) with an OTLP/HTTP exporter, or the processor given (tests). */
export function startTracing(settings: TracingSettings, processor?: SpanProcessor): void {
  if (provider) return;
  const { BatchSpanProcessor, NodeTracerProvider, OTLPTraceExporter, ParentBasedSampler, TraceIdRatioBasedSampler, logger, resourceFromAttributes } = sdk();
  const spanProcessor =
    processor ??
    new BatchSpanProcessor(new OTLPTraceExporter(settings.endpoint ? { url: `${settings.endpoint.replace(/\/+$/, '')}/v1/traces` } : {}), {
      scheduledDelayMillis: settings.scheduleDelayMs,
    });
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName, 'process.pid': process.pid }),
    spanProcessors: [spanProcessor],
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio ?? 1) }),
  });
  provider.register();
  // The SDK's own troubles (a collector that refuses or is gone, spans dropped from a full queue) reach the log.
  diag.setLogger(
    {
      error: settings.onError ?? ((message) => logger.error(message)),
      warn: (message) => logger.warn(message),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    DiagLogLevel.WARN,
  );
  // Without the handler: a worker thread is handed these settings by copy, and a function does not copy.
  const { onError: _handler, ...copyable } = settings;
  settingsInUse = copyable;
}

/** What a worker thread starts its own tracing with: the same exporter settings as the thread that made it. */
export const tracingSettings = (): TracingSettings | undefined => (provider ? settingsInUse : undefined);

/** Sends what is still buffered and unregisters: the last spans of a stopping process are not lost. */
export async function stopTracing(): Promise<void> {
  const stopping = provider;
  if (!stopping) return;
  provider = undefined;
  await stopping.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
  diag.disable();
}

export const tracingOn = (): boolean => provider !== undefined;

/**
 * Whether work is part of a recorded trace: the event store's spans are made only then. An append or read outside any
 * request, step or delivery (a subscription's page, a bench) would be a trace of one span, worth less than its cost.
 */
export const inRecordedTrace = (): boolean => provider !== undefined && trace.getActiveSpan()?.isRecording() === true;

/** What a helper hands its function when tracing is off: a span that records nothing. */
export const NO_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

export interface SpanOptions {
  kind?: SpanKind;
  /** Default: the active span, if any. */
  parent?: Context;
}

/** What a failed span says about its error: the problem's type or the error's class, never its message. */
export function errorKind(error: unknown): string {
  const named = carriesProblem(error) ? problemName(error.problem().type) : undefined;
  return named ?? (error instanceof Error ? error.constructor.name : typeof error);
}

function recordFailure(span: Span, error: unknown): void {
  const kind = errorKind(error);
  span.setAttribute('error.type', kind);
  span.setStatus({ code: SpanStatusCode.ERROR, message: kind });
}

/** Runs `work` as the active span `name`, ended with its outcome; a thrown error marks the span failed and goes on. */
export async function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>, options: SpanOptions = {}): Promise<T> {
  if (!provider) return work(NO_SPAN);
  const tracer = trace.getTracer('overgang');
  return tracer.startActiveSpan(name, { attributes, kind: options.kind }, options.parent ?? context.active(), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** `inSpan` for synchronous work (a projection batch's fold and commit), under the active span if any. */
export function inSyncSpan<T>(name: string, attributes: Attributes, work: (span: Span) => T): T {
  if (!provider) return work(NO_SPAN);
  const span = trace.getTracer('overgang').startSpan(name, { attributes });
  try {
    return context.with(trace.setSpan(context.active(), span), () => work(span));
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** The trace context an event carries in its metadata: the span it was decided in. Empty when tracing is off. */
export interface EventTraceContext {
  traceparent?: string;
  tracestate?: string;
}

export function traceContextNow(): EventTraceContext {
  if (!provider) return {};
  const carrier: EventTraceContext = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** The context of the span an event was decided in, for the work that follows it (a delivery, a campaign step). */
export function contextOfEvent(metadata: EventTraceContext): Context {
  return propagation.extract(ROOT_CONTEXT, metadata);
}

/**
 * A read as one span, from its first event asked for to its last (or its failure), with the count read. The read
 * is not the active span while it is consumed: the consumer's own spans stay children of the consumer's.
 */
export function tracedRead<T>(name: string, attributes: Attributes, read: AsyncIterable<T>): AsyncIterable<T> {
  if (!provider) return read;
  const parent = context.active();
  return {
    async *[Symbol.asyncIterator]() {
      const span = trace.getTracer('overgang').startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
      let count = 0;
      try {
        for await (const item of read) {
          count++;
          yield item;
        }
      } catch (error) {
        recordFailure(span, error);
        throw error;
      } finally {
        span.setAttribute('overgang.events', count);
        span.end();
      }
    },
  };
}
