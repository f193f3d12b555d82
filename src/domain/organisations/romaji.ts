// Hiragana → Hepburn romaji for URL slugs: modified Hepburn written without macrons or apostrophes, lower case ASCII.
//   long vowels: お or う after an o-sound, and う after a u-sound, are dropped (とうきょう → tokyo, おおさか → osaka,
//                ちゅうおう → chuo); えい and いい are kept (めいじ → meiji, にいがた → niigata)
//   っ doubles the next consonant, as t before ch (とっとり → tottori, はっちょう → hatcho)
//   ん is always n, also before b, m, p (ぐんま → gunma, なんぶ → nanbu)
//   し shi, ち chi, つ tsu, ふ fu, じ/ぢ ji, づ zu, を o; きゃ kya, しゃ sha, ちゃ cha, じゃ ja
// A character outside the table is kept as it is (the registry's readings are checked to be plain hiragana).

const KANA: Readonly<Record<string, string>> = {
  ...row('', ['あ', 'い', 'う', 'え', 'お'], ['a', 'i', 'u', 'e', 'o']),
  ...row('k', ['か', 'き', 'く', 'け', 'こ']),
  ...row('g', ['が', 'ぎ', 'ぐ', 'げ', 'ご']),
  ...row('s', ['さ', 'し', 'す', 'せ', 'そ'], ['sa', 'shi', 'su', 'se', 'so']),
  ...row('z', ['ざ', 'じ', 'ず', 'ぜ', 'ぞ'], ['za', 'ji', 'zu', 'ze', 'zo']),
  ...row('t', ['た', 'ち', 'つ', 'て', 'と'], ['ta', 'chi', 'tsu', 'te', 'to']),
  ...row('d', ['だ', 'ぢ', 'づ', 'で', 'ど'], ['da', 'ji', 'zu', 'de', 'do']),
  ...row('n', ['な', 'に', 'ぬ', 'ね', 'の']),
  ...row('h', ['は', 'ひ', 'ふ', 'へ', 'ほ'], ['ha', 'hi', 'fu', 'he', 'ho']),
  ...row('b', ['ば', 'び', 'ぶ', 'べ', 'ぼ']),
  ...row('p', ['ぱ', 'ぴ', 'ぷ', 'ぺ', 'ぽ']),
  ...row('m', ['ま', 'み', 'む', 'め', 'も']),
  ...row('r', ['ら', 'り', 'る', 'れ', 'ろ']),
  や: 'ya',
  ゆ: 'yu',
  よ: 'yo',
  わ: 'wa',
  ゐ: 'i',
  ゑ: 'e',
  を: 'o',
  ん: 'n',
};

const SMALL_Y: Readonly<Record<string, string>> = { ゃ: 'a', ゅ: 'u', ょ: 'o' };

function row(consonant: string, kana: readonly string[], romaji?: readonly string[]): Record<string, string> {
  const vowels = ['a', 'i', 'u', 'e', 'o'];
  return Object.fromEntries(kana.map((k, i) => [k, romaji?.[i] ?? `${consonant}${vowels[i]}`]));
}

interface Syllable {
  /** The first kana of the syllable (う, お, っ … or き for きゃ). */
  kana: string;
  romaji: string;
}

function syllables(hiragana: string): Syllable[] {
  const out: Syllable[] = [];
  for (const kana of hiragana) {
    const vowel = SMALL_Y[kana];
    const previous = out.at(-1);
    if (vowel !== undefined && previous?.romaji.endsWith('i')) {
      // きゃ → kya, but しゃ → sha, ちゃ → cha, じゃ → ja (the consonant already ends in a y-sound)
      const stem = previous.romaji.slice(0, -1);
      previous.romaji = /(sh|ch|j)$/.test(stem) ? `${stem}${vowel}` : `${stem}y${vowel}`;
    } else {
      out.push({ kana, romaji: KANA[kana] ?? kana });
    }
  }
  return out;
}

/**
 * Hiragana in modified Hepburn without macrons, lower case (rules at the top of this file).
 * @example toHepburn('せんだい') // → 'sendai'; toHepburn('とうきょう') // → 'tokyo'
 */
export function toHepburn(hiragana: string): string {
  const parts = syllables(hiragana);
  let out = '';
  for (const [i, { kana, romaji }] of parts.entries()) {
    if (kana === 'っ') {
      const next = parts[i + 1]?.romaji ?? '';
      if (next.startsWith('ch')) out += 't';
      else if (/^[bcdfghjkmprstwyz]/.test(next)) out += next[0];
      continue;
    }
    const longVowel = (kana === 'う' && /[ou]$/.test(out)) || (kana === 'お' && out.endsWith('o'));
    if (!longVowel) out += romaji;
  }
  return out;
}
