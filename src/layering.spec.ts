import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** DESIGN.md's rules of thumb for imports, checked on every file rather than trusted. */
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
});
