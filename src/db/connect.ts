import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import type { Database } from './database.ts';
import { OrganisationHandles } from './organisation-scope.ts';

/** An open database: the Kysely handle, what is behind it, and how to close it. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: 'pglite' | 'postgres';
  /** A label for messages: the data directory or the server without its password. */
  readonly location: string;
  /**
   * The database as one organisation sees it: every statement under row-level security, as the application's role
   * (organisation-scope.ts). What serves an organisation uses this; `db` is the owner's, for the server's commands.
   */
  forOrganisation(organisationId: number): Kysely<Database>;
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
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: postgresPool(url, options) }) });
}

/** A pool of connections to a PostgreSQL server, parsing int8 as a number. */
export function postgresPool(url: string, options: { searchPath?: string; max?: number } = {}): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types: { getTypeParser },
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
}

/**
 * A handle on a PostgreSQL server: the owner's pool, and a second pool shared by the organisations' scoped handles
 * (their connections switch role and organisation per transaction, so they never serve the owner's statements).
 */
export function postgresHandle(
  url: string,
  options: {
    searchPath?: string;
    max?: number;
    location: string;
    beforeClose?: (db: Kysely<Database>) => Promise<void>;
  },
): DatabaseHandle {
  const db = postgresKysely(url, options);
  let appPool: pg.Pool | undefined;
  const organisations = new OrganisationHandles(() => {
    appPool ??= postgresPool(url, options);
    return new PostgresDialect({ pool: appPool });
  });
  return {
    db,
    kind: 'postgres',
    location: options.location,
    forOrganisation: (id) => organisations.for(id),
    close: async () => {
      await organisations.destroy();
      await appPool?.end();
      await options.beforeClose?.(db);
      await db.destroy();
    },
  };
}

/** A handle on an embedded database; the organisations' scoped handles share its one instance. */
export function pgliteHandle(pglite: PGlite, location: string, onClose?: () => void): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  const organisations = new OrganisationHandles(() => new PGliteDialect({ pglite }));
  let closed = false;
  return {
    db,
    kind: 'pglite',
    location,
    forOrganisation: (id) => organisations.for(id),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await organisations.destroy();
        await db.destroy();
      } finally {
        onClose?.();
      }
    },
  };
}

const withoutPassword = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

/** Opens the configured database. The embedded one is created on first use and locked to this process. */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.kind === 'postgres') {
    return postgresHandle(config.url, { location: withoutPassword(config.url) });
  }
  mkdirSync(config.dataDir, { recursive: true });
  const unlock = lockDataDir(config.dataDir);
  try {
    const pglite = await PGlite.create(config.dataDir);
    return pgliteHandle(pglite, config.dataDir, unlock);
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
