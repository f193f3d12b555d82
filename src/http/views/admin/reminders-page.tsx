// 督促: the departments that have not submitted, each with its addressees and the ready-to-send text.
import { ANSWER_STATE_LABELS } from '../../../domain/campaign/campaign.ts';
import type { BoardRow } from '../../staff/board-rows.ts';
import { CsrfField } from './admin-layout.tsx';

export interface Reminder {
  readonly row: BoardRow;
  readonly text: string;
  /** Addressees as 「氏名 <mail>」; empty when the department has none. */
  readonly to: readonly string[];
}

export interface RemindersPageProps {
  readonly fiscalYear: number;
  readonly yearLabel: string;
  readonly reminders: readonly Reminder[];
  /** The server can send e-mail (SMTP_URL is set). */
  readonly canSend: boolean;
  readonly csrf: string;
}

export function RemindersPage(props: RemindersPageProps) {
  const base = `/admin/cycles/${props.fiscalYear}`;
  const { reminders } = props;
  return (
    <>
      <p>
        <a href={base}>照会へ戻る</a>
      </p>
      <h1>{props.yearLabel}の督促</h1>
      {reminders.length === 0 ? (
        <p>督促が必要な所属はありません。</p>
      ) : (
        <>
          <p>
            まだ提出していない所属です（{reminders.length}所属）。文面をコピーするか、
            <a href={`${base}/reminders.txt`}>すべての文面をダウンロード</a>
            できます。
          </p>
          {props.canSend ? (
            <form method="post" action={`${base}/reminders/send`}>
              <CsrfField token={props.csrf} />
              <button type="submit" class="button">
                メールで送る（宛先のある所属のみ）
              </button>
            </form>
          ) : (
            <p class="note">メールで送るには、サーバーに SMTP_URL を設定します。</p>
          )}
          {reminders.map(({ row: r, text, to }) => (
            <section class="reminder" aria-labelledby={`reminder-${r.department}`}>
              <h2 id={`reminder-${r.department}`}>
                {r.name}（{ANSWER_STATE_LABELS[r.state]}
                {r.overdue && '・期限超過'}）
              </h2>
              <p>宛先: {to.length === 0 ? '登録されたメールアドレスがありません' : to.join('、')}</p>
              <label for={`text-${r.department}`}>文面</label>
              <textarea id={`text-${r.department}`} rows={12} readonly>
                {text}
              </textarea>
            </section>
          ))}
        </>
      )}
    </>
  );
}
