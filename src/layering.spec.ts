import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The rules of docs/architecture.md for imports, checked on every file rather than trusted. */
const ROOT = resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every module a file imports: relative ones as paths from the project root, packages by name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map(([, target]) =>
    target.startsWith('.') ? relative(ROOT, resolve(dirname(file), target)) : `package:${target}`,
  );
}

/**
 * The layers of src/, lowest first. A folder imports from its own layer or those below, never from above;
 * the files at the top of src/ (the service's and the CLI's entry points) are the top layer.
 */
const LAYERS: Record<string, readonly string[]> = {
  domain: ['domain'],
  platform: ['http', 'storage', 'config', 'logging', 'tracing', 'clock', 'metrics', 'personal-data', 'event-store', 'workers', 'auth', 'cluster'],
  'write and read sides': ['streams', 'projection-engine'],
  features: ['read-models', 'citizens', 'campaigns', 'digital-post', 'transition', 'population', 'notices', 'health', 'web', 'simulation', 'retention'],
  'entry points': ['cli', '(entry points)'],
};
const LAYER_NAMES = Object.keys(LAYERS);
const layerOf = (folder: string) => LAYER_NAMES.findIndex((name) => LAYERS[name].includes(folder));

/** The folder of src/ a path is in; the files at the top of src/ count as one, the entry points. */
const folderOf = (path: string) => {
  const parts = relative('src', path).split('/');
  return parts.length > 1 ? parts[0] : '(entry points)';
};

/** Imports between folders of src/, each with the files that make it. */
function folderImports(): Map<string, Map<string, string[]>> {
  const edges = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const from = folderOf(relative(ROOT, file));
    for (const target of importsOf(file)) {
      if (!target.startsWith('src/')) continue;
      const to = folderOf(target);
      if (to === from) continue;
      const targets = edges.get(from) ?? new Map<string, string[]>();
      targets.set(to, [...(targets.get(to) ?? []), `${relative(ROOT, file)} -> ${target}`]);
      edges.set(from, targets);
    }
  }
  return edges;
}

/** Groups of folders that import each other, directly or through others (Tarjan's strongly connected components). */
function loops(edges: Map<string, Map<string, string[]>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (folder: string) => {
    index.set(folder, next);
    low.set(folder, next++);
    stack.push(folder);
    for (const to of edges.get(folder)?.keys() ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(folder, Math.min(low.get(folder)!, low.get(to)!));
      } else if (stack.includes(to)) low.set(folder, Math.min(low.get(folder)!, index.get(to)!));
    }
    if (low.get(folder) !== index.get(folder)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      group.push(member);
    } while (member !== folder);
    if (group.length > 1) found.push(group.sort());
  };
  for (const folder of edges.keys()) if (!index.has(folder)) visit(folder);
  return found;
}

describe('layering', () => {
  it('the domain imports nothing outside src/domain (no Nest, no I/O, no packages)', () => {
    const outside = sourceFiles(join(ROOT, 'src/domain')).flatMap((file) =>
      importsOf(file)
        .filter((target) => !target.startsWith('src/domain'))
        .map((target) => `${relative(ROOT, file)} -> ${target}`),
    );
    expect(outside).toEqual([]);
  });

  it("projections import only the domain and the event store port's types", () => {
    const allowed = (target: string) => target.startsWith('src/domain') || target.startsWith('projections') || target === 'src/event-store/event-store';
    const outside = sourceFiles(join(ROOT, 'projections')).flatMap((file) =>
      importsOf(file)
        .filter((target) => !allowed(target))
        .map((target) => `${relative(ROOT, file)} -> ${target}`),
    );
    expect(outside).toEqual([]);
  });

  it('every folder of src/ has its layer', () => {
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.filter((folder) => layerOf(folder) < 0)).toEqual([]);
  });

  it('no folder imports from a layer above its own', () => {
    const upwards = [...folderImports()].flatMap(([from, targets]) => [...targets].filter(([to]) => layerOf(to) > layerOf(from)).flatMap(([, files]) => files));
    expect(upwards).toEqual([]);
  });

  it('no folders of src/ import each other in a loop, directly or through others', () => {
    const edges = folderImports();
    const described = loops(edges).map((group) => ({
      folders: group,
      imports: group.flatMap((from) => group.flatMap((to) => edges.get(from)?.get(to)?.slice(0, 2) ?? [])),
    }));
    expect(described).toEqual([]);
  });

  it('the loop check sees a loop through a third folder', () => {
    const edge = (to: string) => new Map([[to, ['a file']]]);
    expect(
      loops(
        new Map([
          ['a', edge('b')],
          ['b', edge('c')],
          ['c', edge('a')],
          ['d', edge('a')],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });
});
