import { resolve } from 'node:path';
import { z } from 'zod';

const environmentSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, {
      error: 'DATABASE_URL は postgres:// で始まる接続文字列で指定してください',
    })
    .optional(),
  SHINCHOKU_DATA_DIR: z.string().min(1).optional(),
});

/** Where the data lives: a PostgreSQL server, or the embedded PGlite database in a data directory. */
export type DatabaseConfig =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'pglite'; readonly dataDir: string };

export interface Config {
  readonly database: DatabaseConfig;
}

/** Reads the environment once; a bad value is a clear Japanese error, thrown before anything starts. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = environmentSchema.safeParse({
    DATABASE_URL: env.DATABASE_URL || undefined,
    SHINCHOKU_DATA_DIR: env.SHINCHOKU_DATA_DIR || undefined,
  });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const { DATABASE_URL, SHINCHOKU_DATA_DIR } = parsed.data;
  const database: DatabaseConfig =
    DATABASE_URL !== undefined
      ? { kind: 'postgres', url: DATABASE_URL }
      : { kind: 'pglite', dataDir: resolve(cwd, SHINCHOKU_DATA_DIR ?? '.shinchoku/data') };
  return Object.freeze({ database: Object.freeze(database) });
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
