import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valueLabel } from '../tables/labels.ts';
import {
  accessInForce,
  describeOperatorAccess,
  grantedUntilOf,
  japanMoment,
  type OperatorAccess,
  operatorAccessInput,
} from './operator-access.ts';

const grant = (until: string, reason: string | null = null): OperatorAccess => ({
  grantedUntil: new Date(until),
  grantedBy: 'admin1',
  grantedAt: new Date('2026-12-06T00:00:00Z'),
  reason,
});

describe('有効期間 and 理由 of a grant', () => {
  it.each([
    ['1', 1],
    ['30', 30],
    [' 7 ', 7],
    ['007', 7],
  ])('「%s」 days → %d', (days, expected) => {
    expect(operatorAccessInput.parse({ days, reason: '' })).toEqual({ days: expected, reason: null });
  });

  it.each(['0', '31', 'abc', '', '7.5', '-1', '１０', '1e1', '9999'])(
    '「%s」 days is refused, naming 有効期間',
    (days) => {
      const parsed = operatorAccessInput.safeParse({ days, reason: '' });
      expect(parsed.success).toBe(false);
      const messages = parsed.error?.issues.map((i) => [i.path.join('.'), i.message]);
      expect(new Set(messages?.map(([path]) => path))).toEqual(new Set(['days']));
      expect(messages?.[0]?.[1]).toBe('有効期間は1〜30日の整数（半角数字）で指定してください。');
    },
  );

  it('a reason is trimmed, 200 characters pass and 201 are refused', () => {
    expect(operatorAccessInput.parse({ days: '1', reason: '  移行のため ' }).reason).toBe('移行のため');
    expect(operatorAccessInput.parse({ days: '1', reason: '𠮷'.repeat(200) }).reason).toHaveLength(400);
    const long = operatorAccessInput.safeParse({ days: '1', reason: 'あ'.repeat(201) });
    expect(long.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['reason', '理由は200文字以内にしてください。'],
    ]);
  });

  it('never throws on junk', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (days, reason) => {
        operatorAccessInput.safeParse({ days, reason });
      }),
    );
  });
});

describe('in force and in words', () => {
  it('7 days from 2026-12-06 00:00 UTC end at 2026-12-13 00:00 UTC; the end itself is no longer in force', () => {
    const until = grantedUntilOf(new Date('2026-12-06T00:00:00Z'), 7);
    expect(until.toISOString()).toBe('2026-12-13T00:00:00.000Z');
    const access = grant(until.toISOString());
    expect(accessInForce(access, new Date('2026-12-12T23:59:59.999Z'))).toBe(true);
    expect(accessInForce(access, new Date('2026-12-13T00:00:00Z'))).toBe(false);
    expect(accessInForce(undefined, new Date('2026-12-06T00:00:00Z'))).toBe(false);
  });

  it.each([
    ['2026-12-13T00:00:00Z', '2026-12-06T00:00:00Z', '12月13日9時'],
    ['2026-12-13T09:30:00Z', '2026-12-06T00:00:00Z', '12月13日18時30分'],
    // 2026-12-31 20:00 UTC is 2027-01-01 05:00 in Japan: another year than now.
    ['2026-12-31T20:00:00Z', '2026-12-20T00:00:00Z', '2027年1月1日5時'],
  ])('%s read on %s → 「%s」', (at, now, expected) => {
    expect(japanMoment(new Date(at), new Date(now))).toBe(expected);
  });

  it('the page says 許可なし, or until when and why', () => {
    const now = new Date('2026-12-06T00:00:00Z');
    expect(describeOperatorAccess(undefined, now)).toBe('許可なし');
    expect(describeOperatorAccess(grant('2026-12-13T00:00:00Z', 'データ移行の支援のため'), now)).toBe(
      '12月13日9時まで許可（データ移行の支援のため）',
    );
    expect(describeOperatorAccess(grant('2026-12-13T00:00:00Z'), now)).toBe('12月13日9時まで許可');
    expect(describeOperatorAccess(grant('2026-12-05T00:00:00Z', '期限切れ'), now)).toBe('許可なし');
  });

  it('history shows the end in Japan time and who exported in words', () => {
    expect(valueLabel('operator_access', 'granted_until', '2026-12-13T00:00:00.000Z')).toBe(
      '2026-12-13 09:00（日本時間）',
    );
    expect(valueLabel('organisation_exports', 'exported_by', 'operator')).toBe(
      '運営者（shinchoku organisation export）',
    );
    expect(valueLabel('organisation_exports', 'exported_by', 'admin')).toBe(
      '団体の管理者（「団体のデータ」からダウンロード）',
    );
  });
});
