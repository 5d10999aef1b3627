import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataDiskReport } from '../storage/data-disk';

/**
 * The service's Prometheus metrics, on a registry of its own (so several app instances in one
 * process, as in tests, do not collide). Labels are route templates and fixed words, never ids,
 * never personal data.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'overgang_http_requests_total',
    help: 'HTTP requests answered, by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'overgang_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly authRefusals = new Counter({
    name: 'overgang_auth_refusals_total',
    help: 'Requests refused by authentication (401) or authorisation (403)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly recordViews = new Counter({
    name: 'overgang_record_views_total',
    help: "Citizens' records opened by staff (each one is in the citizen's access log)",
    labelNames: ['view', 'role'] as const,
    registers: [this.registry],
  });

  readonly eventStoreResubscriptions = new Counter({
    name: 'overgang_event_store_resubscriptions_total',
    help: 'EventStoreDB subscriptions dropped and reopened (catch-up: projections; persistent: shared workers)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly eventStoreRetries = new Counter({
    name: 'overgang_event_store_retries_total',
    help: 'EventStoreDB calls tried again after a transient error (a node not ready, not the leader, unavailable)',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });

  /** The embedded store's commits hold the service's one thread, their sync to disk included: the first place to look when answers slow down. */
  readonly eventStoreCommitSeconds = new Histogram({
    name: 'overgang_event_store_commit_seconds',
    help: 'Time each commit of the embedded event store held the service, its sync to disk included',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  readonly eventStoreCommitAppends = new Histogram({
    name: 'overgang_event_store_commit_appends',
    help: 'Appends written together in each commit of the embedded event store (group commit)',
    buckets: [1, 2, 4, 8, 16, 64, 256, 1024],
    registers: [this.registry],
  });

  /** `rate()` of it is a campaign's pace: letters decided per second, by campaign kind (never a campaign id: ids are unbounded). */
  readonly campaignLetters = new Counter({
    name: 'overgang_campaign_letters_total',
    help: 'Citizens a campaign step reached, by campaign kind and outcome (sent, skipped by a rule, undecided)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'overgang_deliveries_total',
    help: 'Letters handed to the delivery channel, by channel and outcome (delivered, failed after every attempt)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly deliveryFailures = new Counter({
    name: 'overgang_delivery_failures_total',
    help: 'Failed delivery attempts, by channel (a letter that succeeds on a retry counts its failed attempts here)',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  /** Asked at each scrape, so the figures are the disk's now. */
  private dataDisk?: () => DataDiskReport;

  readonly dataDiskFreeBytes = new Gauge({
    name: 'overgang_data_disk_free_bytes',
    help: "Bytes free on the data folder's disk",
    registers: [this.registry],
    collect: () => this.collectDataDisk(),
  });

  readonly dataDiskWritable = new Gauge({
    name: 'overgang_data_disk_writable',
    help: "Whether the data folder took a write of a commit's size at the last scrape (0: full or refusing writes)",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'overgang_' });
  }

  watchDataDisk(report: () => DataDiskReport): void {
    this.dataDisk = report;
  }

  private collectDataDisk(): void {
    const report = this.dataDisk?.();
    if (!report) return;
    this.dataDiskFreeBytes.set(report.freeBytes);
    this.dataDiskWritable.set(report.writable ? 1 : 0);
  }
}
