// The staff home (/admin): the year's measures with their status, for one department when chosen, and an editor's
// campaign answers with what they still lack (props in, markup out).
import type { Cycle, DepartmentAnswer } from '../../../db/repositories/campaign.repository.ts';
import { formatFiscalYear } from '../../../domain/calendar/fiscal-year.ts';
import {
  ANSWER_STATE_LABELS,
  CYCLE_STATE_LABELS,
  type MissingItem,
} from '../../../domain/campaign/campaign.ts';
import type { MeasureStatus } from '../../../domain/evaluation/measure-status.ts';
import { StatusBadge } from '../components/status-badge.tsx';
import { CsrfField } from './admin-layout.tsx';

export interface HomeMeasureRow {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly status: MeasureStatus;
  readonly analysisEntered: boolean;
}

export interface HomeAnswer {
  readonly answer: DepartmentAnswer;
  readonly departmentName: string;
  readonly missing: readonly MissingItem[];
}

/** The department chosen with `?department=`, and the choices the person has. */
export interface DepartmentChoice {
  readonly options: readonly { readonly code: string; readonly label: string }[];
  readonly selected?: { readonly code: string; readonly division: string; readonly label: string };
  /** Set when an admin who does not belong to the chosen department will enter figures for it (代理入力). */
  readonly proxy: boolean;
}

export interface StaffHomeProps {
  readonly fiscalYear: number;
  readonly editor: boolean;
  readonly measures: readonly HomeMeasureRow[];
  readonly cycle?: Cycle;
  readonly answers: readonly HomeAnswer[];
  readonly choice: DepartmentChoice;
  readonly changed?: string;
  readonly done?: string;
  readonly csrf: string;
}

export function StaffHome(props: StaffHomeProps) {
  const { fiscalYear: fy, cycle, choice } = props;
  const selected = choice.selected;
  return (
    <>
      <h1>{formatFiscalYear(fy)}の実績の入力</h1>
      {props.done !== undefined && (
        <p class="success" role="status">
          {props.done.slice(0, 100)}
        </p>
      )}
      {cycle !== undefined && props.editor && (
        <CampaignAnswers cycle={cycle} fiscalYear={fy} answers={props.answers} csrf={props.csrf} />
      )}
      {props.changed === 'password' && (
        <p class="success" role="status">
          パスワードを変更しました。
        </p>
      )}
      {props.changed === 'mfa' && (
        <p class="success" role="status">
          二要素認証を登録しました。
        </p>
      )}
      {choice.options.length > 1 && (
        <form method="get" action="/admin" class="form-stack">
          <div class="field">
            <label for="department">所属</label>
            <select id="department" name="department">
              <option value="" selected={selected === undefined}>
                すべての所属
              </option>
              {choice.options.map((o) => (
                <option value={o.code} selected={o.code === selected?.code}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <div class="form-actions">
            <button type="submit" class="button button--secondary">
              表示する
            </button>
          </div>
        </form>
      )}
      {selected !== undefined && <h2>{selected.division}の施策</h2>}
      {selected !== undefined && choice.proxy && (
        <p class="notice">
          あなたはこの所属に属していないため、ここから入力した実績と要因分析は「代理入力（{selected.label}
          ）」として変更履歴に記録されます。
        </p>
      )}
      <p>
        {selected !== undefined
          ? `${selected.label}の施策（${props.measures.length}件）です。施策名を選ぶと入力画面を開きます。`
          : props.editor
            ? `担当する施策（${props.measures.length}件）です。施策名を選ぶと入力画面を開きます。`
            : `すべての施策（${props.measures.length}件）です。`}
      </p>
      {/* biome-ignore lint/a11y/useSemanticElements: a keyboard-scrollable container for a wide table, not a section of the page */}
      <div class="table-scroll" role="region" aria-label="施策と判定の表" tabindex={0}>
        <table class="data-table">
          <caption>
            {selected === undefined ? '' : `${selected.label}の`}施策と{formatFiscalYear(fy)}の判定
          </caption>
          <thead>
            <tr>
              <th scope="col">施策</th>
              <th scope="col">担当所属</th>
              <th scope="col">判定</th>
              <th scope="col">要因分析</th>
            </tr>
          </thead>
          <tbody>
            {props.measures.map((m) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/measures/${encodeURIComponent(m.id)}/years/${fy}`}>{m.name}</a>
                </th>
                <td>{m.owner}</td>
                <td>
                  <StatusBadge status={m.status} />
                </td>
                <td>{m.analysisEntered ? '入力済み' : '未入力'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function CampaignAnswers(props: {
  cycle: Cycle;
  fiscalYear: number;
  answers: readonly HomeAnswer[];
  csrf: string;
}) {
  const { cycle, fiscalYear: fy } = props;
  return (
    <section aria-labelledby="my-answers">
      <h2 id="my-answers">
        照会の状況（{CYCLE_STATE_LABELS[cycle.state]}
        {cycle.dueDate !== null && `、提出期限 ${cycle.dueDate}`}）
      </h2>
      {props.answers.map(({ answer: a, departmentName, missing }) => (
        <div class="answer-status">
          <p>
            {departmentName}: <strong>{ANSWER_STATE_LABELS[a.state]}</strong>
          </p>
          {a.state === 'returned' && a.comment !== null && <p class="notice">差戻しの理由: {a.comment}</p>}
          {cycle.state === 'collecting' && a.state !== 'approved' && (
            <p>
              <a href={`/admin/cycles/${fy}/surveys/${a.department}`}>調査票（Excel）で回答する</a>
            </p>
          )}
          {cycle.state === 'collecting' &&
            a.state !== 'approved' &&
            a.state !== 'submitted' &&
            (missing.length > 0 ? (
              <>
                <p>提出するには、次の項目を入力してください（{missing.length}件）。</p>
                <ul>
                  {missing.map((m) => (
                    <li>{m.message}</li>
                  ))}
                </ul>
              </>
            ) : (
              <form method="post" action={`/admin/cycles/${fy}/answers/${a.department}/submit`}>
                <CsrfField token={props.csrf} />
                <button type="submit" class="button">
                  回答を提出する
                </button>
              </form>
            ))}
        </div>
      ))}
    </section>
  );
}
