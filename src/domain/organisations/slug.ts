// URL slugs of the registry, from the readings in modified Hepburn without macrons (romaji.ts):
//   都道府県      the reading without 都/府/県 (北海道 whole): miyagi, tokyo, osaka, kyoto, hokkaido
//   市区町村      {prefecture}-{name}-{shi|machi|cho|mura|son|ku}, the suffix as the name is read:
//                 miyagi-sendai-shi, miyagi-taiwa-cho (大和町), kanagawa-yamato-shi (大和市), tokyo-chiyoda-ku
//   政令市の区    {city}-{name}-ku: miyagi-sendai-shi-aoba-ku
// Two entries with the same slug: the one with the smaller 団体コード keeps it and each later one gets `-{団体コード}`
// appended, so existing slugs stay put when a later code arrives. In the data this happens twice, both in 北海道:
// 江差町 013617 and 枝幸町 015148 are both えさしちょう (hokkaido-esashi-cho, hokkaido-esashi-cho-015148), and there are
// two 泊村, 014036 (古宇郡) and 016969 (国後島: hokkaido-tomari-mura-016969). Every slug starts with a letter, so none
// looks like a 団体コード.
import { toHepburn } from './romaji.ts';

/** How a suffix kanji may be read at the end of a name's reading. */
const SUFFIX_READINGS: Readonly<Record<string, readonly string[]>> = {
  都: ['と'],
  府: ['ふ'],
  県: ['けん'],
  市: ['し'],
  区: ['く'],
  町: ['まち', 'ちょう'],
  村: ['むら', 'そん'],
};

/** The reading split into stem and suffix (せんだいし → せんだい + し); throws when the data breaks that pattern. */
function splitReading(name: string, reading: string): { stem: string; suffix: string } {
  const suffix = (SUFFIX_READINGS[name.slice(-1)] ?? []).find(
    (r) => reading.endsWith(r) && reading.length > r.length,
  );
  if (suffix === undefined)
    throw new Error(`「${name}」の読み「${reading}」が市・区・町・村などの読みで終わっていません`);
  return { stem: reading.slice(0, -suffix.length), suffix };
}

/** `miyagi` for 宮城県 (みやぎけん), `hokkaido` for 北海道. */
export function prefectureSlug(name: string, reading: string): string {
  return toHepburn(name === '北海道' ? reading : splitReading(name, reading).stem);
}

/** `miyagi-sendai-shi` for 仙台市 (せんだいし) in `miyagi`. */
export function municipalitySlug(prefecture: string, m: { name: string; ruby: string }): string {
  const { stem, suffix } = splitReading(m.name, m.ruby);
  return `${prefecture}-${toHepburn(stem)}-${toHepburn(suffix)}`;
}

/** `miyagi-sendai-shi-aoba-ku` for 青葉区 (あおばく) in `miyagi-sendai-shi`. */
export function wardSlug(city: string, w: { name: string; ruby: string }): string {
  return municipalitySlug(city, w);
}

/** Each code's final slug: its base slug, or `{base}-{code}` when an entry with a smaller code has the same base. */
export function assignSlugs(entries: readonly { code: string; baseSlug: string }[]): Map<string, string> {
  const taken = new Set<string>();
  const slugs = new Map<string, string>();
  for (const { code, baseSlug } of [...entries].sort((a, b) => a.code.localeCompare(b.code))) {
    const slug = taken.has(baseSlug) ? `${baseSlug}-${code}` : baseSlug;
    taken.add(slug);
    slugs.set(code, slug);
  }
  return slugs;
}
