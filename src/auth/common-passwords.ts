import { dictionary } from '@zxcvbn-ts/language-common';

// zxcvbn-ts "passwords-common": about 49,000 leaked passwords, all lower case, the longest 20 characters.
// The Set is built on first use so that processes which never check a password do not pay for it.
let commonPasswords: ReadonlySet<string> | undefined;

/**
 * Whether a password is on the common-password list, ignoring letter case and full-width/half-width
 * differences (ＰＡＳＳＷＯＲＤ counts as password), e.g. 'Password1' → true.
 */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
  return commonPasswords.has(foldForComparison(password));
}

/** NFKC then lower case: the form in which passwords are compared with lists and with the login or name. */
export function foldForComparison(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}
