import { AggregatorRegistry, MetricObjectWithValues, MetricValue } from 'prom-client';
import { ClusterLink } from './cluster-link';

type MetricsOfOneProcess = MetricObjectWithValues<MetricValue<string>>[];

/**
 * Every process's metrics in one scrape, each series labelled with the `process` (slot) it came from: counters add
 * up across them in the query, and a gauge of one process (its heap, its event loop) stays its own.
 */
export async function metricsOfEveryProcess(link: ClusterLink): Promise<string> {
  const { parts } = await link.gather('metrics');
  const labelled = parts
    .filter((entry): entry is { slot: number; part: MetricsOfOneProcess } => Array.isArray(entry.part))
    .map(({ slot, part }) =>
      part.map((metric) => ({
        ...metric,
        // Series differ by their process label, so none is summed with another; "first" keeps each as it is.
        aggregator: 'first' as const,
        values: metric.values.map((value) => ({ ...value, labels: { ...value.labels, process: String(slot) } })),
      })),
    );
  return AggregatorRegistry.aggregate(labelled).metrics();
}
