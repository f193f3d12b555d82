// The e-mail that carries an invitation: plain text in Japanese, saying who invites whom to which organisation's
// staff side as what, the link, until when it works (和暦, Japan time), and what to do with an unexpected one.
import { eraYearOfDate, formatEraYear } from '../domain/calendar/japanese-era.ts';
import type { OutgoingMail } from './mailer.ts';

export interface InvitationMailContent {
  readonly to: string;
  /** The organisation's name as it is served: 宮城県. */
  readonly organisation: string;
  /** Who invites, as the invited person knows them: 「企画部 山田 太郎（yamada01）」, or the service operator. */
  readonly inviter: string;
  /** The role as staff read it (ROLE_LABELS). */
  readonly role: string;
  /** The departments' names, for an editor: 「企画部 デジタルみやぎ推進課」 (empty for none). */
  readonly departments: readonly string[];
  readonly link: string;
  readonly expiresAt: Date;
}

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'] as const;

/**
 * A moment in Japan time (UTC+9, no summer time) in 和暦, e.g. 2026-06-08T00:00Z → 「令和8年6月8日（月）9時00分」,
 * 2019-05-01T00:00Z → 「令和元年5月1日（水）9時00分」.
 */
export function japanEraDateTime(at: Date): string {
  const d = new Date(at.getTime() + 9 * 3_600_000);
  const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  const era = eraYearOfDate(date);
  const year = era === undefined ? `${date.year}年` : `${era.era.name}${formatEraYear(era.year)}年`;
  const minutes = String(d.getUTCMinutes()).padStart(2, '0');
  return `${year}${date.month}月${date.day}日（${WEEKDAYS[d.getUTCDay()]}）${d.getUTCHours()}時${minutes}分`;
}

const departmentsNote = (names: readonly string[]): string =>
  names.length === 0 ? '' : `（担当課: ${names.join('、')}）`;

/** The invitation e-mail to one person. */
export function invitationMail(content: InvitationMailContent): OutgoingMail {
  const expires = japanEraDateTime(content.expiresAt);
  return {
    to: content.to,
    subject: `【${content.organisation}】進捗管理システムへの招待`,
    text: [
      `${content.organisation} 進捗管理システム（職員用画面）への招待をお送りします。`,
      '',
      `${content.inviter}が、あなたを「${content.role}」として招待しました${departmentsNote(content.departments)}。`,
      '次のリンクを開き、ログインID・氏名・パスワードを決めてアカウントを作成してください。',
      '',
      content.link,
      '',
      `リンクの有効期限: ${expires}（日本時間）`,
      'リンクは1回だけ使えます。期限が過ぎたときは、招待した人に新しい招待を依頼してください。',
      '',
      '心当たりがない場合は、リンクを開かずにこのメールを削除してください。リンクを開かなければアカウントは作られません。',
      '不審に思われたときは、組織の情報システム担当にお知らせください。',
      '',
      'このメールは送信専用のアドレスから送っています。返信はできません。',
      '',
    ].join('\n'),
  };
}
