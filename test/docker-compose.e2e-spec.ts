import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateEnvironment } from '../src/config/environment';
import { startCommand } from './support/service-process';

/** docker compose cannot run here (no engine), so its file is read the way compose reads it, merge keys and all. */
const root = join(__dirname, '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  networks?: Record<string, { ipam?: { config?: { subnet: string }[] } }>;
};

interface Service {
  image?: string;
  build?: string;
  profiles?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  networks?: Record<string, { ipv4_address: string }> | string[];
  ports?: string[];
}

const services = compose.services;
/** host:port of each node in an esdb:// connection string. */
const hostsOf = (connectionString: string) =>
  connectionString
    .replace(/^esdb(\+discover)?:\/\//, '')
    .split('?')[0]
    .split(',');
/** Compose's `${NAME:-default}` with nothing set in the shell: the default. */
const withDefaults = (environment: Record<string, string | number> = {}) =>
  Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value).replace(/\$\{\w+:-([^}]*)\}/g, '$1')]));

describe('docker-compose.yml', () => {
  it('runs EventStoreDB 24.10 as a single node, healthy once it leads, insecure, its projections off', () => {
    const store = services.eventstore;
    expect(store.image).toBe('eventstore/eventstore:24.10');
    expect(store.healthcheck?.test.join(' ')).toMatch(/\/gossip .*"state": \*"Leader"/);
    expect(store.environment).toMatchObject({ EVENTSTORE_CLUSTER_SIZE: 1, EVENTSTORE_INSECURE: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None' });
    expect(store.environment).not.toHaveProperty('EVENTSTORE_START_STANDARD_PROJECTIONS');
    expect(store.profiles).toBeUndefined();
  });

  it('points the app at the store it defines, waits for its health, and is a setting the app accepts', () => {
    const app = services.app;
    const url = String(app.environment?.EVENT_STORE_URL);
    expect(hostsOf(url)).toEqual(['eventstore:2113']);
    expect(services[hostsOf(url)[0].split(':')[0]]).toBe(services.eventstore);
    expect(url).toContain('tls=false');
    expect(app.depends_on).toEqual({ eventstore: { condition: 'service_healthy' } });
    expect(app.build).toBe('.');
    expect(validateEnvironment(withDefaults(app.environment)).EVENT_STORE_URL).toBe(url);
  });

  it('builds the app from a Dockerfile that starts what `npm start` starts, with the same node flags', () => {
    expect(existsSync(join(root, 'Dockerfile'))).toBe(true);
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const { nodeFlags, entry } = startCommand();
    // npm start checks the build is fresh, then runs the compiled service; the image is built fresh.
    expect(entry).toBe('scripts/start.js');
    expect(readFileSync(join(root, entry), 'utf8')).toContain("require('../dist/src/main.js')");
    expect(dockerfile).toContain(`CMD ${JSON.stringify(['node', ...nodeFlags, 'dist/src/main.js']).replace(/","/g, '", "')}`);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/web\/dist \.\/web\/dist/);
    // `npm run simulate` in the container reads the fitted parameters, as it does in a checkout.
    expect(dockerfile).toMatch(/COPY simulation \.\/simulation/);
  });

  it('has a cluster profile of three EventStoreDB nodes that seed each other, and an app whose connection string lists all three', () => {
    const nodes = Object.entries(services).filter(([, s]) => s.profiles?.includes('cluster') && s.image?.startsWith('eventstore/'));
    expect(nodes).toHaveLength(3);
    const addresses = nodes.map(([, node]) => {
      const networks = node.networks as Record<string, { ipv4_address: string }>;
      return `${networks.cluster.ipv4_address}:2113`;
    });
    for (const [, node] of nodes) {
      expect(node.environment).toMatchObject({ EVENTSTORE_CLUSTER_SIZE: 3, EVENTSTORE_INSECURE: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None' });
      // 24.10 ignores EVENTSTORE_INT_IP; the replication address has this name now.
      expect(node.environment).not.toHaveProperty('EVENTSTORE_INT_IP');
      const own = `${node.environment?.EVENTSTORE_REPLICATION_IP}:2113`;
      expect(String(node.environment?.EVENTSTORE_GOSSIP_SEED).split(',').sort()).toEqual(addresses.filter((a) => a !== own).sort());
    }
    const app = services['app-cluster'];
    expect(app.profiles).toEqual(['cluster']);
    const url = String(app.environment?.EVENT_STORE_URL);
    expect(hostsOf(url).sort()).toEqual([...addresses].sort());
    expect(Object.keys(app.depends_on ?? {}).sort()).toEqual(nodes.map(([name]) => name).sort());
    expect(validateEnvironment(withDefaults(app.environment)).EVENT_STORE_URL).toBe(url);
    const subnet = compose.networks?.cluster.ipam?.config?.[0].subnet;
    expect(subnet).toBe('172.30.240.0/24');
  });
});

describe('docker-compose.tracing.yml', () => {
  const tracing = parse(readFileSync(join(root, 'docker-compose.tracing.yml'), 'utf8')) as { services: Record<string, Service & { volumes?: string[] }> };
  type Collector = {
    receivers: { otlp: { protocols: { http: { endpoint: string } } } };
    exporters: Record<string, { endpoint: string }>;
    processors: Record<string, { trace_statements?: { statements: string[] }[] }>;
    service: { pipelines: { traces: { receivers: string[]; processors: string[]; exporters: string[] } } };
  };
  const collector = parse(readFileSync(join(root, 'ops/otel-collector.yaml'), 'utf8')) as Collector;

  it("sends the app's traces to the collector's OTLP/HTTP receiver, a setting the app accepts", () => {
    const environment = validateEnvironment(withDefaults(tracing.services.app.environment));
    const endpoint = new URL(environment.OTEL_EXPORTER_OTLP_ENDPOINT!);
    expect(tracing.services[endpoint.hostname]).toBe(tracing.services['otel-collector']);
    expect(collector.receivers.otlp.protocols.http.endpoint).toBe(`0.0.0.0:${endpoint.port}`);
    expect(tracing.services['otel-collector'].volumes).toContain('./ops/otel-collector.yaml:/etc/otel-collector.yaml:ro');
  });

  it("passes them to Jaeger's OTLP receiver through the attribute allow-list", () => {
    const { traces } = collector.service.pipelines;
    expect(traces.receivers).toEqual(['otlp']);
    expect(traces.processors).toContain('transform/allow-list');
    const [exporter] = traces.exporters;
    expect(collector.exporters[exporter].endpoint).toBe('jaeger:4317');
    expect(tracing.services.jaeger.environment).toMatchObject({ COLLECTOR_OTLP_ENABLED: 'true' });
    const allowList = collector.processors['transform/allow-list'].trace_statements![0].statements[0];
    const pattern = new RegExp(JSON.parse(`"${allowList.match(/keep_matching_keys\(attributes, "(.*)"\)$/)![1]}"`) as string);
    for (const kept of ['http.route', 'overgang.stream', 'db.system.name', 'error.type']) expect(kept).toMatch(pattern);
    for (const dropped of ['url.full', 'http.target', 'enduser.id']) expect(dropped).not.toMatch(pattern);
  });
});
