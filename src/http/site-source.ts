import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { loadStoredPlan, type StoredPlan } from '../db/plan-store.ts';
import { firstOpeningDocument, latestPublication } from '../db/repositories/campaign.repository.ts';
import type { ChangedFigure } from '../domain/campaign/publication-changes.ts';
import { loadPlan } from '../domain/plan/load.ts';
import { SiteData } from './site-data.ts';

/**
 * The site data a running server shows. A public site on a data file never changes; with the staff side, every
 * saved change reloads the plan from the database, and `generation` tells caches their entries are stale.
 */
export class SiteSource {
  #current: SiteData;
  /** Changes saved so far, and the count the current data reflects. */
  #changes = 0;
  #loaded = 0;
  #reloading: Promise<void> | undefined;

  constructor(
    initial: SiteData,
    private readonly stored?: { readonly db: Kysely<Database>; readonly plan: StoredPlan },
  ) {
    this.#current = initial;
  }

  /** Publications recorded so far, and the count the public data reflects. */
  #publications = 0;
  #publicLoaded = -1;
  #public: SiteData | undefined;

  /** Records a new publication (or a first campaign opened): the public pages switch on their next request. */
  published(): void {
    this.#publications += 1;
    this.#changes += 1;
  }

  /**
   * What the public sees: the latest publication (year and revision) when the plan has one — never figures that
   * are still being collected or reviewed —, else the plan as it stood when its first campaign opened, else (a plan
   * maintained without campaigns) the stored data as it is.
   */
  async public(): Promise<SiteData> {
    if (this.stored === undefined) return this.#current;
    if (this.#publicLoaded !== this.#publications) {
      const wanted = this.#publications;
      const latest = await latestPublication(this.stored.db, this.stored.plan.id);
      if (latest === undefined) {
        // A campaign is under way but nothing is published yet: the plan as it stood when the first one opened.
        const opening = await firstOpeningDocument(this.stored.db, this.stored.plan.id);
        const loaded =
          opening === undefined ? undefined : loadPlan(JSON.parse(opening), { storedYears: true });
        if (loaded !== undefined && !loaded.ok) throw new Error('照会開始時点のデータを読み込めません。');
        this.#public = loaded === undefined ? undefined : new SiteData(loaded.value);
      } else {
        const loaded = loadPlan(JSON.parse(latest.document), { storedYears: true });
        if (!loaded.ok) throw new Error(`公表データ（第${latest.revision}版）を読み込めません。`);
        this.#public = new SiteData(loaded.value, {
          fiscalYear: latest.fiscalYear,
          revision: latest.revision,
          reason: latest.reason,
          publishedAt: latest.publishedAt,
          changes: JSON.parse(latest.changes) as ChangedFigure[],
        });
      }
      this.#publicLoaded = wanted;
    }
    return this.#public ?? this.fresh();
  }

  /** The data as last loaded (may lag a change saved a moment ago; use `fresh()` when that matters). */
  get current(): SiteData {
    return this.#current;
  }

  /** Bumped by every saved change: caches keyed on it never serve data from before the change. */
  get generation(): number {
    return this.#changes;
  }

  /** The stored plan behind the site, when it comes from the database. */
  get storedPlan(): StoredPlan | undefined {
    return this.stored?.plan;
  }

  /** Records that the stored plan changed; the next `fresh()` reads it again (many saves, one reload). */
  invalidate(): void {
    this.#changes += 1;
  }

  /** The data including every change saved before this call. */
  async fresh(): Promise<SiteData> {
    const wanted = this.#changes;
    while (this.#loaded < wanted) {
      this.#reloading ??= this.#reload().finally(() => {
        this.#reloading = undefined;
      });
      await this.#reloading;
    }
    return this.#current;
  }

  async #reload(): Promise<void> {
    if (this.stored === undefined) {
      this.#loaded = this.#changes;
      return;
    }
    const target = this.#changes;
    const loaded = await loadStoredPlan(this.stored.db, this.stored.plan);
    if (!loaded.ok) {
      throw new Error(
        `保存後の計画を読み込めません: ${loaded.error.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      );
    }
    this.#current = new SiteData(loaded.value);
    this.#loaded = target;
  }
}
