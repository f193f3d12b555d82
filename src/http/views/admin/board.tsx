// The progress board of a year's campaign: one row per department (状態, 期限, 未入力, 最終更新), each row's actions in
// a disclosure menu (「操作」, a <details> that works without JavaScript), and for admins the approval of several
// submitted answers at once through checkboxes tied to one form.
import {
  ANSWER_STATE_LABELS,
  ANSWER_STATES,
  CYCLE_MOVES,
  CYCLE_STATE_LABELS,
  type CycleState,
} from '../../../domain/campaign/campaign.ts';
import type { Role } from '../../../domain/staff/role.ts';
import type { BoardRow } from '../../staff/board-rows.ts';
import { CsrfField } from './admin-layout.tsx';
import { BoardRowMenu } from './board-row-menu.tsx';
import { japanTime } from './history-view.tsx';

/** One row and what the person viewing the board may do with it. */
export interface BoardEntry extends BoardRow {
  /** The admin would submit for a department they do not belong to (代理で提出, recorded as 代理入力). */
  readonly onBehalf: boolean;
}

export interface BoardProps {
  readonly fiscalYear: number;
  readonly yearLabel: string;
  readonly cycleState: CycleState;
  readonly cycleDue: string | null;
  readonly rows: readonly BoardEntry[];
  readonly role: Role;
  readonly csrf: string;
  /** What the last action did (「承認しました。」), shown as a status message. */
  readonly done: string | undefined;
  /** How many departments the reminders page lists. */
  readonly remindCount: number;
}

const BULK_FORM = 'bulk-approve';

const moveLabel = (from: CycleState, to: CycleState): string =>
  to === 'collecting' && from === 'preparing'
    ? '照会を始める（照会中にする）'
    : to === 'collecting'
      ? '照会中に戻す'
      : to === 'reviewing'
        ? '照会を締め切る（確認中にする）'
        : '訂正を始める（訂正中にする）';

/** 未入力: the count, the items behind a disclosure. */
function Missing({ row }: { row: BoardRow }) {
  if (row.missing.length === 0) return <>なし</>;
  return (
    <details class="board__missing">
      <summary>
        {row.missing.length}件<span class="visually-hidden">の未入力（{row.name}）</span>
      </summary>
      <ul>
        {row.missing.map((m) => (
          <li>{m.message}</li>
        ))}
      </ul>
    </details>
  );
}

/** The year's progress board. */
export function Board(props: BoardProps) {
  const { rows, role, csrf, cycleState } = props;
  const admin = role === 'admin';
  const base = `/admin/cycles/${props.fiscalYear}`;
  const reviewable = cycleState === 'collecting' || cycleState === 'reviewing';
  const submitted = rows.filter((r) => r.state === 'submitted');
  const bulk = admin && reviewable && submitted.length > 0;
  return (
    <>
      <p>
        <a href="/admin/cycles">照会の一覧へ戻る</a>
      </p>
      <h1>{props.yearLabel}の照会</h1>
      <p>
        状態: <strong>{CYCLE_STATE_LABELS[cycleState]}</strong>　提出期限: {props.cycleDue ?? '未設定'}
      </p>
      {props.done !== undefined && (
        <p class="success" role="status">
          {props.done}
        </p>
      )}
      <ul class="state-counts" aria-label="回答の状態ごとの所属数">
        {ANSWER_STATES.map((s) => (
          <li>
            {ANSWER_STATE_LABELS[s]}: {rows.filter((r) => r.state === s).length}
          </li>
        ))}
      </ul>
      {/* biome-ignore lint/a11y/useSemanticElements: a keyboard-scrollable container for a wide table, not a section of the page */}
      <div class="table-scroll" role="region" aria-label="進捗状況の表" tabindex={0}>
        <table class="data-table board">
          <caption>所属ごとの回答状況</caption>
          <thead>
            <tr>
              {bulk && (
                <th scope="col">
                  <span class="visually-hidden">承認する回答の選択</span>
                </th>
              )}
              <th scope="col">所属</th>
              <th scope="col">状態</th>
              <th scope="col">期限</th>
              <th scope="col">未入力</th>
              <th scope="col">最終更新</th>
              {admin && <th scope="col">操作</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr data-department={r.department}>
                {bulk && (
                  <td class="board__select">
                    {r.state === 'submitted' && (
                      <label class="checkbox">
                        <input type="checkbox" name="department" value={r.department} form={BULK_FORM} />
                        <span class="visually-hidden">{r.name}の回答を選択</span>
                      </label>
                    )}
                  </td>
                )}
                <th scope="row">{r.name}</th>
                <td data-label="状態">
                  {ANSWER_STATE_LABELS[r.state]}
                  {r.overdue && <strong class="overdue">（期限超過）</strong>}
                  {r.state === 'returned' && r.comment !== null && (
                    <p class="field__hint">差戻し: {r.comment}</p>
                  )}
                </td>
                <td data-label="期限">{r.due ?? '—'}</td>
                <td data-label="未入力">
                  <Missing row={r} />
                </td>
                <td data-label="最終更新">
                  {japanTime(r.updatedAt)}
                  {r.lastChangedBy !== null && `（${r.lastChangedBy}）`}
                </td>
                {admin && (
                  <td class="board__menu">
                    <BoardRowMenu row={r} base={base} cycleState={cycleState} csrf={csrf} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {bulk && (
        <form method="post" action={`${base}/answers/approve`} id={BULK_FORM} class="board__bulk">
          <CsrfField token={csrf} />
          <button type="submit" class="button" name="scope" value="selected">
            選択した回答を承認
          </button>
          <button type="submit" class="button button--secondary" name="scope" value="all-submitted">
            提出済みをすべて承認（{submitted.length}所属）
          </button>
        </form>
      )}
      <ul class="link-list">
        <li>
          <a href={`${base}/board.csv`}>この表をCSVでダウンロード</a>
        </li>
        {admin && (
          <>
            <li>
              <a href={`${base}/reminders`}>督促の一覧（{props.remindCount}所属）</a>
            </li>
            <li>
              <a href={`${base}/surveys.zip`}>全所属の調査票（zip）</a>
            </li>
          </>
        )}
      </ul>
      {admin && (
        <section aria-labelledby="moves">
          <h2 id="moves">照会の状態を進める</h2>
          {CYCLE_MOVES[cycleState]
            .filter((to) => to !== 'published')
            .map((to) => (
              <form method="post" action={`${base}/state`} class="form-stack">
                <CsrfField token={csrf} />
                <input type="hidden" name="to" value={to} />
                <button type="submit" class="button">
                  {moveLabel(cycleState, to)}
                </button>
              </form>
            ))}
          {(cycleState === 'reviewing' || cycleState === 'correcting') && (
            <p>
              <a href={`${base}/publish`} class="button">
                {cycleState === 'correcting'
                  ? '訂正版の公表へ進む（整合性チェックの確認）'
                  : '公表へ進む（整合性チェックの確認）'}
              </a>
            </p>
          )}
        </section>
      )}
    </>
  );
}
