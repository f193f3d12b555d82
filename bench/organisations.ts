// The 1,788 organisations of a synthetic nation: the 47 prefectures under their real names and codes, and 1,741
// municipalities (the real number per prefecture, 東京都 counting its 23 special wards) with synthetic names.

export interface Organisation {
  readonly code: string;
  readonly name: string;
  readonly kind: 'prefecture' | 'municipality';
}

/** 都道府県 in code order (01 北海道 … 47 沖縄県) with their number of 市区町村. */
const PREFECTURES: readonly (readonly [string, number])[] = [
  ['北海道', 179],
  ['青森県', 40],
  ['岩手県', 33],
  ['宮城県', 35],
  ['秋田県', 25],
  ['山形県', 35],
  ['福島県', 59],
  ['茨城県', 44],
  ['栃木県', 25],
  ['群馬県', 35],
  ['埼玉県', 63],
  ['千葉県', 54],
  ['東京都', 62],
  ['神奈川県', 33],
  ['新潟県', 30],
  ['富山県', 15],
  ['石川県', 19],
  ['福井県', 17],
  ['山梨県', 27],
  ['長野県', 77],
  ['岐阜県', 42],
  ['静岡県', 35],
  ['愛知県', 54],
  ['三重県', 29],
  ['滋賀県', 19],
  ['京都府', 26],
  ['大阪府', 43],
  ['兵庫県', 41],
  ['奈良県', 39],
  ['和歌山県', 30],
  ['鳥取県', 19],
  ['島根県', 19],
  ['岡山県', 27],
  ['広島県', 23],
  ['山口県', 19],
  ['徳島県', 24],
  ['香川県', 17],
  ['愛媛県', 20],
  ['高知県', 34],
  ['福岡県', 60],
  ['佐賀県', 20],
  ['長崎県', 21],
  ['熊本県', 45],
  ['大分県', 18],
  ['宮崎県', 26],
  ['鹿児島県', 43],
  ['沖縄県', 41],
];

/**
 * 検査数字 of a 地方公共団体コード: the five digits weighted 6, 5, 4, 3, 2; the check digit is the last digit of
 * 11 − (sum mod 11). 宮城県 04000 → 2, 仙台市 04100 → 9.
 */
export function checkDigit(five: string): number {
  if (!/^\d{5}$/.test(five)) throw new Error(`not five digits: ${five}`);
  const sum = [...five].reduce((s, d, i) => s + Number(d) * (6 - i), 0);
  return (11 - (sum % 11)) % 10;
}

export const organisationCode = (five: string): string => `${five}${checkDigit(five)}`;

/**
 * The municipality number within a prefecture: 東京都's special wards 101–123, then cities from 201 and towns and
 * villages from 301, a third of the rest being cities.
 */
function municipalityNumbers(prefecture: number, count: number): number[] {
  const wards = prefecture === 13 ? 23 : 0;
  const cities = Math.ceil((count - wards) / 3);
  return Array.from({ length: count }, (_, i) =>
    i < wards ? 101 + i : i < wards + cities ? 201 + i - wards : 301 + i - wards - cities,
  );
}

const municipalityName = (prefecture: string, n: number): string => {
  const stem = prefecture.replace(/[都道府県]$/, '');
  const suffix = n < 200 ? '区' : n < 300 ? '市' : n % 4 === 0 ? '村' : '町';
  return `${stem}第${n}${suffix}`;
};

/** Every organisation, prefectures first, each in code order. */
export function nationalOrganisations(): { prefectures: Organisation[]; municipalities: Organisation[] } {
  if (organisationCode('04000') !== '040002' || organisationCode('04100') !== '041009') {
    throw new Error('invariant: check digit of 宮城県 040002 / 仙台市 041009');
  }
  const prefectures: Organisation[] = [];
  const municipalities: Organisation[] = [];
  PREFECTURES.forEach(([name, count], i) => {
    const pp = String(i + 1).padStart(2, '0');
    prefectures.push({ code: organisationCode(`${pp}000`), name, kind: 'prefecture' });
    for (const n of municipalityNumbers(i + 1, count)) {
      municipalities.push({
        code: organisationCode(`${pp}${n}`),
        name: municipalityName(name, n),
        kind: 'municipality',
      });
    }
  });
  return { prefectures, municipalities };
}

/** An evenly spread share of a list (at least one item), for `--scale`. */
export function sample<T>(items: readonly T[], scale: number): T[] {
  if (scale >= 1) return [...items];
  const count = Math.max(1, Math.round(items.length * scale));
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)] as T);
}
