import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import type { Database } from './database.ts';

/** An open database: the Kysely handle, what is behind it, and how to close it. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: 'pglite' | 'postgres';
  /** A label for messages: the data directory or the server without its password. */
  readonly location: string;
  close(): Promise<void>;
}

// int8 as a number, like PGlite: ids and 千円 amounts stay far below 2^53. numeric stays a string (exact decimals).
const INT8_OID = 20;
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID
    ? (value: string) => Number.parseInt(value, 10)
    : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

/** A Kysely handle on a PostgreSQL server; `searchPath` confines it to one schema (tests). */
export function postgresKysely(
  url: string,
  options: { searchPath?: string; max?: number } = {},
): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types: { getTypeParser },
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

const withoutPassword = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

/** Opens the configured database. The embedded one is created on first use and locked to this process. */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.kind === 'postgres') {
    const db = postgresKysely(config.url);
    return { db, kind: 'postgres', location: withoutPassword(config.url), close: () => db.destroy() };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const unlock = lockDataDir(config.dataDir);
  try {
    const pglite = await PGlite.create(config.dataDir);
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      try {
        await db.destroy();
      } finally {
        unlock();
      }
    };
    return { db, kind: 'pglite', location: config.dataDir, close };
  } catch (e) {
    unlock();
    throw e;
  }
}

/** Closes the database when the process is asked to stop, so PGlite leaves a consistent data directory. */
export function closeOnSignals(handle: DatabaseHandle): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    void handle.close().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
