// The organisations a service serves, found by 団体コード or readable slug, in service order (the default one first).
// An entry is replaced when its app changes (an organisation's first plan: its onboarding app gives way to the full
// app), and an organisation added on the database while the server runs is served from its first request: a name
// the registry of 地方公共団体 knows but the directory does not is looked up (`discover`: one query by primary key)
// before the service answers 404. Names the registry does not know never reach the database, so the directory holds
// at most the organisations of the service and the database is asked at most once per registry code at a time.
import { findBySlug, findOrganisation } from '../domain/organisations/registry.ts';

/** An app as the service forwards to it. */
export interface OrganisationApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/** An organisation served here, with the app that serves it. */
export interface ServedOrganisation {
  /** 6-digit 団体コード */
  readonly code: string;
  readonly name: string;
  /** A readable URL (e.g. miyagi-sendai-shi), when the registry gives one. */
  readonly slug?: string | undefined;
  /** The plan its pages show; undefined while it has none (its staff side makes the first). */
  readonly planName: string | undefined;
  readonly app: OrganisationApp;
}

/** Paths of an organisation's own app that a slug must never shadow. */
export const RESERVED = new Set([
  'admin',
  'api',
  'assets',
  'checks',
  'data',
  'goals',
  'healthz',
  'kpis',
  'measures',
]);

export class OrganisationDirectory {
  #served: ServedOrganisation[];
  readonly #pending = new Map<string, Promise<ServedOrganisation | undefined>>();

  constructor(
    served: readonly ServedOrganisation[],
    private readonly discover?: (code: string) => Promise<ServedOrganisation | undefined>,
  ) {
    this.#served = [...served];
  }

  /** Every organisation served, the default one first. */
  get all(): readonly ServedOrganisation[] {
    return this.#served;
  }

  /** The default organisation: its pages keep the paths without a prefix. */
  get fallback(): ServedOrganisation {
    const [first] = this.#served;
    if (first === undefined) throw new Error('invariant: a service serves at least one organisation');
    return first;
  }

  /** Adds an organisation, or puts a new app in place of its old one (same 団体コード). */
  put(organisation: ServedOrganisation): void {
    const at = this.#served.findIndex((o) => o.code === organisation.code);
    if (at === -1) this.#served.push(organisation);
    else this.#served[at] = organisation;
  }

  /** The names an organisation is reached under: its code, and its slug unless that is one of an app's paths. */
  static namesOf(organisation: ServedOrganisation): string[] {
    const slug = organisation.slug;
    return [organisation.code, ...(slug !== undefined && !RESERVED.has(slug) ? [slug] : [])];
  }

  /** The organisation reached under `name` (a 6-digit code or a slug), looked up on the database when unknown here. */
  async find(name: string): Promise<ServedOrganisation | undefined> {
    const known = this.#served.find((o) => OrganisationDirectory.namesOf(o).includes(name));
    if (known !== undefined || this.discover === undefined || RESERVED.has(name)) return known;
    const entry = /^\d{6}$/.test(name) ? findOrganisation(name) : findBySlug(name);
    if (entry === undefined || (entry.code !== name && entry.slug !== name)) return undefined;
    // Requests for the same code at once share one lookup (and one app).
    let pending = this.#pending.get(entry.code);
    if (pending === undefined) {
      pending = this.#discover(entry.code).finally(() => this.#pending.delete(entry.code));
      this.#pending.set(entry.code, pending);
    }
    return pending;
  }

  async #discover(code: string): Promise<ServedOrganisation | undefined> {
    const found = await this.discover?.(code);
    if (found === undefined) return undefined;
    // Served meanwhile (the same organisation asked twice at once) keeps the first app.
    const already = this.#served.find((o) => o.code === found.code);
    if (already !== undefined) return already;
    this.put(found);
    return found;
  }
}
