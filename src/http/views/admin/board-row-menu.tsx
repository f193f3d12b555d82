// One department's actions on the progress board, behind a disclosure (「操作」): where to enter its figures, its
// 調査票, submitting on its behalf, returning with a comment, approving and its own due date. A <details> element:
// keyboard and screen readers open it as a button, and it works without JavaScript.
import type { CycleState } from '../../../domain/campaign/campaign.ts';
import { CsrfField } from './admin-layout.tsx';
import type { BoardEntry } from './board.tsx';

export interface BoardRowMenuProps {
  readonly row: BoardEntry;
  /** `/admin/cycles/<fy>` */
  readonly base: string;
  readonly cycleState: CycleState;
  readonly csrf: string;
}

export function BoardRowMenu({ row: r, base, cycleState, csrf }: BoardRowMenuProps) {
  const answer = `${base}/answers/${r.department}`;
  const reviewable = cycleState === 'collecting' || cycleState === 'reviewing';
  const submittable = cycleState === 'collecting' && r.state !== 'submitted' && r.state !== 'approved';
  const hidden = <span class="visually-hidden">（{r.name}）</span>;
  return (
    <details class="row-menu">
      <summary>
        操作<span class="visually-hidden">（{r.name}）</span>
      </summary>
      <div class="row-menu__body">
        <ul class="row-menu__links">
          <li>
            <a href={`/admin?department=${encodeURIComponent(r.department)}`}>この所属の入力{hidden}</a>
          </li>
          <li>
            <a href={`${base}/surveys/${r.department}`}>調査票{hidden}</a>
          </li>
        </ul>
        {submittable &&
          (r.missing.length === 0 ? (
            <form method="post" action={`${answer}/submit`}>
              <CsrfField token={csrf} />
              <button type="submit" class="button">
                {r.onBehalf ? '代理で提出' : '提出'}
                {hidden}
              </button>
            </form>
          ) : (
            <p class="field__hint">未入力が{r.missing.length}件あるため、まだ提出できません。</p>
          ))}
        {reviewable && r.state === 'submitted' && (
          <form method="post" action={`${answer}/approve`}>
            <CsrfField token={csrf} />
            <button type="submit" class="button">
              承認{hidden}
            </button>
          </form>
        )}
        {reviewable && (r.state === 'submitted' || r.state === 'approved') && (
          <form method="post" action={`${answer}/return`} class="form-stack">
            <CsrfField token={csrf} />
            <label for={`comment-${r.department}`}>差戻しの理由（{r.name}）</label>
            <input type="text" id={`comment-${r.department}`} name="comment" />
            <button type="submit" class="button button--secondary">
              差し戻す{hidden}
            </button>
          </form>
        )}
        {cycleState !== 'published' && cycleState !== 'correcting' && (
          <form method="post" action={`${answer}/due`} class="form-stack">
            <CsrfField token={csrf} />
            <label for={`due-${r.department}`}>この所属の提出期限（{r.name}）</label>
            <input type="date" id={`due-${r.department}`} name="due_date" value={r.ownDue ?? ''} />
            <button type="submit" class="button button--secondary">
              期限を設定{hidden}
            </button>
          </form>
        )}
      </div>
    </details>
  );
}
