import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The rules docs/ARCHITECTURE.md states, checked against the code itself, so a change that
 * breaks one fails the suite instead of making the page untrue. Each failure names the files.
 */
const ROOT = path.resolve(import.meta.dirname, '../../../..');
const SERVER_SRC = 'apps/server/src';
const MAX_LINES = 400;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) walk(rel, out);
    else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const isTest = (rel: string) => /\.(test|e2e)\.tsx?$/.test(rel) || /\/test\//.test(rel);

/** Every source file of the repository (apps, packages, bench, e2e), tests excluded. */
const sourceFiles = ['apps', 'packages', 'bench', 'e2e'].flatMap((d) => walk(d)).filter((f) => !isTest(f));
const serverFiles = sourceFiles.filter((f) => f.startsWith(`${SERVER_SRC}/`));

/** Relative import specifiers of a file (static imports and re-exports, type-only included). */
function relativeImports(rel: string): string[] {
  const text = read(rel);
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s+['"]([^'"]+)['"]/g))
    specs.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]!);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(rel), s)));
}

describe('architecture rules', () => {
  it('the core (services/, jobs/, repositories/, db/, realtime/, http/) never imports an integration', () => {
    const core = ['services', 'jobs', 'repositories', 'db', 'realtime', 'http', 'lib', 'config'].map(
      (d) => `${SERVER_SRC}/${d}/`,
    );
    const offenders = serverFiles
      .filter((f) => core.some((c) => f.startsWith(c)))
      .flatMap((f) =>
        relativeImports(f)
          .filter((target) => target.startsWith(`${SERVER_SRC}/integrations/`))
          .map((target) => `${f} → ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it('SQL lives in repositories: nothing else uses store.executor or imports kysely', () => {
    const allowed = (f: string) =>
      f.startsWith(`${SERVER_SRC}/repositories/`) ||
      /^apps\/server\/src\/integrations\/[^/]+\/repositories\//.test(f) ||
      f.startsWith(`${SERVER_SRC}/db/`) ||
      /\/migrations\//.test(f) ||
      // The composition root opens the database and types the all-tables handle it hands tests.
      f === `${SERVER_SRC}/server.ts`;
    const offenders = serverFiles
      .filter((f) => !allowed(f))
      .filter((f) => /\.executor\b/.test(read(f)) || /from ['"]kysely['"]/.test(read(f)));
    expect(offenders).toEqual([]);
  });

  it(`no file of apps, packages, bench or e2e, tests included, is longer than ${MAX_LINES} lines`, () => {
    const long = ['apps', 'packages', 'bench', 'e2e']
      .flatMap((d) => walk(d))
      .map((f) => ({ f, lines: read(f).split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ f, lines }) => `${f}: ${lines}`);
    expect(long).toEqual([]);
  });

  it('no import circle in any app or package', () => {
    const files = new Set(sourceFiles);
    const edges = new Map<string, string[]>();
    for (const f of sourceFiles)
      edges.set(
        f,
        relativeImports(f).filter((t) => files.has(t)),
      );
    // Tarjan's strongly connected components: any component of more than one file is a circle.
    let index = 0;
    const stack: string[] = [];
    const onStack = new Set<string>();
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const circles: string[][] = [];
    const visit = (v: string) => {
      idx.set(v, index);
      low.set(v, index);
      index++;
      stack.push(v);
      onStack.add(v);
      for (const w of edges.get(v) ?? []) {
        if (!idx.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
      if (low.get(v) === idx.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || (edges.get(v) ?? []).includes(v)) circles.push(component.sort());
      }
    };
    for (const f of sourceFiles) if (!idx.has(f)) visit(f);
    expect(circles).toEqual([]);
  });

  it('inside the Frame.io integration, connection/ imports nothing from review/ or sync/', () => {
    const base = `${SERVER_SRC}/integrations/frameio`;
    const offenders = serverFiles
      .filter((f) => f.startsWith(`${base}/connection/`) || f.startsWith(`${base}/repositories/`))
      .flatMap((f) =>
        relativeImports(f)
          .filter((t) => t.startsWith(`${base}/review/`) || t.startsWith(`${base}/sync/`))
          .map((t) => `${f} → ${t}`),
      );
    expect(offenders).toEqual([]);
  });

  it('services and integrations wait through the injected Timers, never setTimeout/setInterval', () => {
    const offenders = serverFiles
      .filter((f) => f.startsWith(`${SERVER_SRC}/services/`) || f.startsWith(`${SERVER_SRC}/integrations/`))
      .filter((f) => !/\/repositories\//.test(f))
      .filter((f) => /\bset(Timeout|Interval)\(/.test(read(f)));
    expect(offenders).toEqual([]);
  });

  /** An issue number, or a document that lives outside this repository. */
  const CITES_OUTSIDE = new RegExp(
    ['\\b[Ii]ssue \\d+\\b', 'REFERENCE(\\.md| §)', '\\.\\./shared/'].join('|'),
  );

  it('comments name features and documents in this repository, not issue numbers or files outside it', () => {
    const everyFile = ['apps', 'packages', 'bench', 'e2e'].flatMap((d) => walk(d));
    const offenders = everyFile.flatMap((f) =>
      read(f)
        .split('\n')
        .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
        // Comment lines only: a test may read a file outside the repository on purpose.
        .filter(({ line }) => /^\s*(\/\/|\/\*|\*)/.test(line) && CITES_OUTSIDE.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
