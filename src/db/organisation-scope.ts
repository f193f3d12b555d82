// One organisation's view of the database. Every statement a scoped handle runs is inside a transaction that has
// switched to the application's role (shinchoku_app: no superuser, no BYPASSRLS) and set the organisation
// (SET LOCAL, via set_config(…, true)); PostgreSQL's row-level security (migration 0007) then shows and accepts only
// that organisation's rows, whatever the query says. A statement outside an explicit transaction gets a transaction
// of its own. The server hands a scoped handle to everything that serves an organisation; only the server's own
// commands (migrate, import, the operator's CLI) use the owner's handle.
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Database } from './database.ts';

/** The role the application works as; created by migration 0007. */
export const APPLICATION_ROLE = 'shinchoku_app';

const scopeStatement = (organisationId: number) =>
  CompiledQuery.raw(
    "select set_config('role', $1, true), set_config('shinchoku.organisation_id', $2, true)",
    [APPLICATION_ROLE, String(organisationId)],
  );

/** A connection of the inner driver, with the state of the transaction that scopes it. */
class ScopedConnection implements DatabaseConnection {
  /** none: no transaction; auto: opened for single statements; explicit: the caller's transaction */
  state: 'none' | 'auto' | 'explicit' = 'none';
  failed = false;

  constructor(
    readonly inner: DatabaseConnection,
    private readonly driver: OrganisationDriver,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    await this.driver.ensureTransaction(this);
    try {
      return await this.inner.executeQuery<R>(query);
    } catch (e) {
      this.failed = true;
      throw e;
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    await this.driver.ensureTransaction(this);
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }
}

class OrganisationDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly organisationId: number,
    private readonly destroyInner: boolean,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new ScopedConnection(await this.inner.acquireConnection(), this);
  }

  /** Opens the transaction single statements run in, when no transaction is open. */
  async ensureTransaction(connection: ScopedConnection): Promise<void> {
    if (connection.state !== 'none') return;
    await this.inner.beginTransaction(connection.inner, {});
    connection.state = 'auto';
    connection.failed = false;
    await connection.inner.executeQuery(scopeStatement(this.organisationId));
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const scoped = connection as ScopedConnection;
    if (scoped.state === 'auto') await this.close(scoped);
    await this.inner.beginTransaction(scoped.inner, settings);
    scoped.state = 'explicit';
    await scoped.inner.executeQuery(scopeStatement(this.organisationId));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const scoped = connection as ScopedConnection;
    scoped.state = 'none';
    await this.inner.commitTransaction(scoped.inner);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const scoped = connection as ScopedConnection;
    scoped.state = 'none';
    await this.inner.rollbackTransaction(scoped.inner);
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['savepoint']>>[2],
  ): Promise<void> {
    await this.inner.savepoint?.((connection as ScopedConnection).inner, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.((connection as ScopedConnection).inner, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['releaseSavepoint']>>[2],
  ): Promise<void> {
    await this.inner.releaseSavepoint?.((connection as ScopedConnection).inner, name, compile);
  }

  /** Ends the transaction opened for single statements: committed, or rolled back when one of them failed. */
  private async close(connection: ScopedConnection): Promise<void> {
    const failed = connection.failed;
    connection.state = 'none';
    connection.failed = false;
    if (failed) await this.inner.rollbackTransaction(connection.inner);
    else await this.inner.commitTransaction(connection.inner);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const scoped = connection as ScopedConnection;
    try {
      if (scoped.state === 'auto') await this.close(scoped);
    } finally {
      await this.inner.releaseConnection(scoped.inner);
    }
  }

  async destroy(): Promise<void> {
    if (this.destroyInner) await this.inner.destroy();
  }
}

/**
 * A dialect whose every statement runs for one organisation, under row-level security. `destroyInner: false` keeps
 * what the inner dialect's driver holds (the embedded database, shared with the owner's handle) open when the scoped
 * handle is destroyed.
 */
export function organisationDialect(
  inner: Dialect,
  organisationId: number,
  options: { destroyInner: boolean },
): Dialect {
  if (!Number.isSafeInteger(organisationId) || organisationId <= 0) {
    throw new Error(`invariant: organisation id ${organisationId}`);
  }
  return {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => new OrganisationDriver(inner.createDriver(), organisationId, options.destroyInner),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  };
}

/** Scoped handles on one database, one per organisation, made on first use and destroyed together. */
export class OrganisationHandles {
  readonly #handles = new Map<number, Kysely<Database>>();

  /** `dialect` gives a fresh dialect on the same database each time (a shared pool, the same embedded instance). */
  constructor(private readonly dialect: () => Dialect) {}

  for(organisationId: number): Kysely<Database> {
    let handle = this.#handles.get(organisationId);
    if (handle === undefined) {
      handle = new Kysely<Database>({
        dialect: organisationDialect(this.dialect(), organisationId, { destroyInner: false }),
      });
      this.#handles.set(organisationId, handle);
    }
    return handle;
  }

  async destroy(): Promise<void> {
    const handles = [...this.#handles.values()];
    this.#handles.clear();
    await Promise.all(handles.map((h) => h.destroy()));
  }
}
