import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCommonPassword } from '../../src/auth/common-passwords.ts';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblems,
} from '../../src/auth/password-policy.ts';

const TOO_SHORT = 'パスワードは8文字以上にしてください。';
const TOO_LONG = 'パスワードは128文字以下にしてください。';
const COMMON = 'よく使われるパスワードのため使用できません。別のパスワードにしてください。';
const SAME_AS_ACCOUNT = 'ログインIDや氏名と同じパスワードは使用できません。';

describe('passwordProblems: length in code points (ASVS 5.0 V6.2)', () => {
  it('has the limits 8 and 128', () => {
    expect([PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH]).toEqual([8, 128]);
  });

  it.each([
    ['7 characters', 'xq7#kv2', [TOO_SHORT]],
    ['8 characters', 'xq7#kv2m', []],
    ['128 characters', 'xq7#kv2m'.repeat(16), []],
    ['129 characters', `${'xq7#kv2m'.repeat(16)}z`, [TOO_LONG]],
    ['empty', '', [TOO_SHORT]],
  ])('%s', (_label, password, problems) => {
    expect(passwordProblems(password)).toEqual(problems);
  });

  it('counts a surrogate pair as one character (𠮷 is 2 UTF-16 units)', () => {
    expect('𠮷'.repeat(4)).toHaveLength(8);
    expect(passwordProblems('𠮷'.repeat(4))).toEqual([TOO_SHORT]);
    expect(passwordProblems('𠮷'.repeat(8))).toEqual([]);
    expect(passwordProblems('𠮷'.repeat(128))).toEqual([]);
    expect(passwordProblems('𠮷'.repeat(129))).toEqual([TOO_LONG]);
  });

  it('accepts any characters, without composition rules', () => {
    expect(passwordProblems('春の小川はさらさら行くよ')).toEqual([]);
    expect(passwordProblems('correct horse battery staple')).toEqual([]);
    expect(passwordProblems('        x')).toEqual([]);
    expect(passwordProblems('ａｂｃｄｅｆｇｈｉ')).toEqual([]);
  });
});

describe('passwordProblems: common passwords', () => {
  it.each(['password', 'Password1', 'PASSWORD', 'iloveyou', '12345678', 'qwertyuiop', 'p@ssw0rd'])(
    'refuses %j',
    (password) => {
      expect(isCommonPassword(password)).toBe(true);
      expect(passwordProblems(password)).toEqual([COMMON]);
    },
  );

  it('ignores full-width/half-width differences (ＰＡＳＳＷＯＲＤ typed with the IME on)', () => {
    expect(passwordProblems('ＰＡＳＳＷＯＲＤ')).toEqual([COMMON]);
  });

  it('reports a short common password for both reasons', () => {
    expect(passwordProblems('123456')).toEqual([TOO_SHORT, COMMON]);
  });

  it.each(['Password1!', 'xq7#kv2m', '春の小川はさらさら行くよ'])('accepts %j', (password) => {
    expect(isCommonPassword(password)).toBe(false);
  });
});

describe('passwordProblems: the login ID and the name', () => {
  const context = { login: 'tanaka.ichiro', name: '田中 一郎' };

  it.each(['tanaka.ichiro', 'TANAKA.ICHIRO', '田中 一郎', '田中一郎', '田中　一郎　'])(
    'refuses %j',
    (password) => {
      expect(passwordProblems(password, context)).toContain(SAME_AS_ACCOUNT);
    },
  );

  it('accepts a password that only contains them', () => {
    expect(passwordProblems('tanaka.ichiro-2025-春', context)).toEqual([]);
  });

  it('ignores empty context words', () => {
    expect(passwordProblems('xq7#kv2m', { login: '', name: '  ' })).toEqual([]);
  });
});

describe('passwordProblems never throws', () => {
  it('on any string and context', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), (password, login) => {
        const problems = passwordProblems(password, { login });
        expect(Array.isArray(problems)).toBe(true);
      }),
    );
  });
});
