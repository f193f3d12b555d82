// The domain is pure: no file under src/domain imports storage, the web app, file formats, the CLI, Node's
// built-ins or the libraries behind them. The arrows point only downward (docs/ARCHITECTURE.md).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DOMAIN = join(ROOT, 'src/domain');

/** Folders of src the domain must not reach into. */
const FORBIDDEN_FOLDERS = ['src/db', 'src/http', 'src/io', 'src/cli', 'src/auth', 'src/app'];
/** Packages (and Node's built-ins) the domain must not import. */
const FORBIDDEN_PACKAGES = [/^node:/, /^kysely(\/|$)/, /^exceljs(\/|$)/, /^pg(\/|$)/, /^@electric-sql\//];

/** Every module specifier a file names: static and dynamic imports, re-exports and require calls. */
function importsOf(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1] ?? ''));
}

/** Why an import from `file` (relative to the repository) breaks the fence, or undefined when it does not. */
function fenceBreak(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = relative(ROOT, resolve(ROOT, dirname(file), specifier));
    const folder = FORBIDDEN_FOLDERS.find((f) => target === f || target.startsWith(`${f}/`));
    if (folder !== undefined) return `${file} imports ${specifier} (${folder})`;
    // Domain tests may use the shared test fixtures; the code itself stays inside the domain.
    const fixture = file.endsWith('.test.ts') && target.startsWith('test/');
    if (!target.startsWith('src/domain/') && !fixture)
      return `${file} imports ${specifier} from outside src/domain`;
    return undefined;
  }
  return FORBIDDEN_PACKAGES.some((p) => p.test(specifier)) ? `${file} imports ${specifier}` : undefined;
}

const domainFiles = (): string[] =>
  readdirSync(DOMAIN, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => relative(ROOT, join(DOMAIN, f)));

describe('the domain fence', () => {
  it('no file under src/domain imports db, http, io, cli, node:*, Kysely, ExcelJS, pg or PGlite', () => {
    const files = domainFiles();
    expect(files.length).toBeGreaterThan(50);
    const breaks = files.flatMap((file) =>
      importsOf(readFileSync(join(ROOT, file), 'utf8')).flatMap((s) => fenceBreak(file, s) ?? []),
    );
    expect(breaks).toEqual([]);
  });

  it('finds every form of import a file can use', () => {
    const source = [
      "import { a } from '../../db/x.ts';",
      "import type {\n  B,\n} from 'kysely';",
      "import 'node:fs';",
      "const m = await import('exceljs');",
      "export { c } from './c.ts';",
      "export * from '../values/d.ts';",
      "const e = require('pg');",
    ].join('\n');
    expect(importsOf(source)).toEqual([
      '../../db/x.ts',
      'kysely',
      './c.ts',
      '../values/d.ts',
      'node:fs',
      'exceljs',
      'pg',
    ]);
  });

  it.each([
    ['src/domain/plan/load.ts', '../../db/database.ts', 'src/db'],
    ['src/domain/plan/load.ts', '../../http/app.tsx', 'src/http'],
    ['src/domain/audit/x.ts', '../../io/csv/read.ts', 'src/io'],
    ['src/domain/x.ts', '../cli/main.ts', 'src/cli'],
    ['src/domain/x.ts', 'node:crypto', 'node:crypto'],
    ['src/domain/x.ts', 'kysely', 'kysely'],
    ['src/domain/x.ts', 'exceljs', 'exceljs'],
    ['src/domain/x.ts', 'pg', 'pg'],
    ['src/domain/x.ts', '@electric-sql/pglite', '@electric-sql/pglite'],
    ['src/domain/x.ts', '../config.ts', 'outside src/domain'],
    ['src/domain/x.ts', '../../test/support/plans.ts', 'outside src/domain'],
    ['src/domain/x.test.ts', '../http/app.tsx', 'src/http'],
  ])('%s importing %s breaks the fence', (file, specifier, named) => {
    expect(fenceBreak(file, specifier)).toContain(named);
  });

  it.each([
    ['src/domain/plan/load.ts', '../values/decimal.ts'],
    ['src/domain/plan/load.ts', './schema.ts'],
    ['src/domain/x.ts', 'zod'],
    ['src/domain/plan/x.test.ts', '../../../test/support/plans.ts'],
    ['src/domain/x.ts', 'pgp-like-name'],
  ])('%s importing %s is allowed', (file, specifier) => {
    expect(fenceBreak(file, specifier)).toBeUndefined();
  });
});

// The application layer sits between the edges and the domain: use cases never reach back up into the web app or
// the CLI, so every edge can call them and the HTTP layer only translates.
const APP = join(ROOT, 'src/app');
const EDGES = ['src/http', 'src/cli'];

/** Why an import from a use case file reaches an edge, or undefined. */
function appFenceBreak(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.'))
    return /^hono(\/|$)|^commander$/.test(specifier) ? `${file} imports ${specifier}` : undefined;
  const target = relative(ROOT, resolve(ROOT, dirname(file), specifier));
  const edge = EDGES.find((f) => target === f || target.startsWith(`${f}/`));
  return edge === undefined ? undefined : `${file} imports ${specifier} (${edge})`;
}

describe('the application fence', () => {
  it('no use case under src/app imports the web app, the CLI, Hono or commander', () => {
    const files = readdirSync(APP, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => relative(ROOT, join(APP, f)));
    expect(files.length).toBeGreaterThan(4);
    const breaks = files.flatMap((file) =>
      importsOf(readFileSync(join(ROOT, file), 'utf8')).flatMap((s) => appFenceBreak(file, s) ?? []),
    );
    expect(breaks).toEqual([]);
  });

  it.each([
    ['src/app/answers.ts', '../http/errors.ts', 'src/http'],
    ['src/app/campaign/publish.ts', '../../cli/errors.ts', 'src/cli'],
    ['src/app/accounts.ts', 'hono', 'hono'],
  ])('%s importing %s breaks it', (file, specifier, named) => {
    expect(appFenceBreak(file, specifier)).toContain(named);
  });

  it('lets use cases use storage and the domain', () => {
    expect(appFenceBreak('src/app/answers.ts', '../db/repositories/answer.repository.ts')).toBeUndefined();
    expect(
      appFenceBreak('src/app/campaign/publish.ts', '../../domain/campaign/publication-gate.ts'),
    ).toBeUndefined();
  });
});
