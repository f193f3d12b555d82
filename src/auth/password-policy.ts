import { foldForComparison, isCommonPassword } from './common-passwords.ts';

// OWASP ASVS 5.0 V6.2 (password security): at least 8 characters, at least 64 allowed, any printable
// character allowed (spaces, kana, kanji), no composition rules, no truncation, and a check against a list
// of breached or common passwords.

/** The shortest acceptable password, in Unicode code points. */
export const PASSWORD_MIN_LENGTH = 8;
/** The longest acceptable password, in Unicode code points. */
export const PASSWORD_MAX_LENGTH = 128;

/** Words a password must not equal: the account's own login ID and the staff member's name (氏名). */
export interface PasswordContext {
  login?: string;
  name?: string;
}

/**
 * The reasons a new password is refused, in Japanese for staff; an empty array means it is acceptable,
 * e.g. 'short' → ['パスワードは8文字以上にしてください。'] and '春の小川はさらさら行くよ' → [].
 */
export function passwordProblems(password: string, context: PasswordContext = {}): string[] {
  const problems: string[] = [];
  // Code points, not UTF-16 units: 𠮷 (a surrogate pair) is one character to the person typing it.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    problems.push(`パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください。`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push(`パスワードは${PASSWORD_MAX_LENGTH}文字以下にしてください。`);
  }
  if (isCommonPassword(password)) {
    problems.push('よく使われるパスワードのため使用できません。別のパスワードにしてください。');
  }
  if (equalsContextWord(password, context)) {
    problems.push('ログインIDや氏名と同じパスワードは使用できません。');
  }
  return problems;
}

// 氏名 is often written with a space (山田 太郎) and typed without one, so whitespace is ignored here.
function equalsContextWord(password: string, context: PasswordContext): boolean {
  const folded = withoutSpaces(foldForComparison(password));
  return [context.login, context.name].some(
    (word) => word !== undefined && word.trim() !== '' && withoutSpaces(foldForComparison(word)) === folded,
  );
}

function withoutSpaces(text: string): string {
  return text.replace(/\s+/gu, '');
}
