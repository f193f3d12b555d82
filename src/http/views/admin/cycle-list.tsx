// 照会（実績の収集）: the plan's campaigns, one per fiscal year, with their publications, and the form that opens the
// next year.
import { CsrfField } from './admin-layout.tsx';

export interface CycleListItem {
  readonly fiscalYear: number;
  /** 令和6年度 */
  readonly label: string;
  /** The cycle's state in Japanese (照会中 …). */
  readonly state: string;
  /** Its publications, e.g. 「（第1版 2026-06-01、整合性チェックのエラーなし）」. */
  readonly publications: string;
}

export function CycleList(props: { cycles: readonly CycleListItem[]; next: number; csrf: string }) {
  return (
    <>
      <h1>照会（実績の収集）</h1>
      {props.cycles.length === 0 ? (
        <p>照会はまだありません。</p>
      ) : (
        <ul>
          {props.cycles.map((cy) => (
            <li>
              <a href={`/admin/cycles/${cy.fiscalYear}`}>{cy.label}</a>: {cy.state}
              {cy.publications}
            </li>
          ))}
        </ul>
      )}
      <h2>新しい年度の照会を作る</h2>
      <form method="post" action="/admin/cycles" class="form-stack">
        <CsrfField token={props.csrf} />
        <div class="field">
          <label for="fiscal_year">年度</label>
          <input type="text" id="fiscal_year" name="fiscal_year" value={String(props.next)} />
          <p class="field__hint">
            例: 2025、R7、令和7年度。報告年度より後の年度を作ると、その年度が新しい報告年度になります。
          </p>
        </div>
        <div class="field">
          <label for="due_date">提出期限</label>
          <input type="date" id="due_date" name="due_date" />
        </div>
        <div class="form-actions">
          <button type="submit" class="button">
            照会を作る（準備中）
          </button>
        </div>
      </form>
    </>
  );
}
