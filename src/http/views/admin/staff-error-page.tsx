// A refused or failed staff request, shown inside the staff shell so the person stays on the staff side.

/** The heading of each error status a staff page can answer with; anything else is 「エラーが発生しました」. */
const HEADINGS: Readonly<Record<number, string>> = {
  400: '入力または指定が正しくありません',
  401: 'ログインしてください',
  403: 'この操作はできません',
  404: 'ページが見つかりません',
  409: 'ほかの変更と重なりました',
  413: '送信された内容が大きすぎます',
  429: 'しばらく待ってから操作してください',
};

/** The heading shown for an error status on the staff side. */
export const staffErrorHeading = (status: number): string => HEADINGS[status] ?? 'エラーが発生しました';

export interface StaffErrorProps {
  readonly status: number;
  readonly message: string;
  /** Where 「戻る」 leads: the staff page the person came from, or the staff top page. */
  readonly back: string;
}

/** The body of a staff error page (the shell adds the navigation when someone is signed in). */
export function StaffErrorPage({ status, message, back }: StaffErrorProps) {
  return (
    <>
      <h1>{staffErrorHeading(status)}</h1>
      <p class="staff-error__message">{message}</p>
      <p class="staff-error__status">エラーコード: {status}</p>
      <ul class="staff-error__links">
        <li>
          <a href={back}>{back === '/admin' ? '職員用トップ（実績の入力）へ戻る' : '前のページへ戻る'}</a>
        </li>
        {back !== '/admin' && (
          <li>
            <a href="/admin">職員用トップ（実績の入力）へ</a>
          </li>
        )}
      </ul>
    </>
  );
}
