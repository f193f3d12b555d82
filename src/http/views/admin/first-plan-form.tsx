// 最初の計画を作る: the admin's landing while the organisation has no plan — the plan's name, period, 基本目標 and
// report year, its first goal and its first department; everything else is added afterwards in the plan editor.
import { FIRST_PLAN_LABELS, type FirstPlanInput, GOAL_KINDS } from '../../../app/first-plan.ts';
import { GOAL_KIND_LABELS } from '../../../domain/tables/labels.ts';
import { CsrfField, FieldError } from './admin-layout.tsx';
import { TextField } from './users-create.tsx';
import type { FieldErrors } from './users-fields.tsx';

export const EMPTY_FIRST_PLAN: FirstPlanInput = {
  planCode: '',
  planName: '',
  periodFrom: '',
  periodTo: '',
  basicGoal: '',
  reportYear: '',
  goalCode: '',
  goalKind: 'priority',
  goalTitle: '',
  departmentCode: '',
  bureau: '',
  division: '',
};

const YEAR_HINT = '西暦（2025）か和暦（令和7年度）で入力します。';
const CODE_HINT = '半角英小文字・数字・ハイフン（例: ';

/** Why the form was refused: every problem names its field and links to it. */
function Problems({ headline, errors }: { headline: string; errors: FieldErrors }) {
  return (
    <div class="error-summary" role="alert">
      <h2>{headline}</h2>
      <ul>
        {Object.entries(errors).map(([field, message]) => (
          <li>{field === 'form' ? message : <a href={`#f-${field}`}>{message}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

function GoalKindSelect({ value, error }: { value: string; error: string | undefined }) {
  return (
    <div class="field">
      <label for="f-goalKind">{FIRST_PLAN_LABELS.goalKind}</label>
      <select
        id="f-goalKind"
        name="goalKind"
        aria-invalid={error === undefined ? undefined : 'true'}
        aria-describedby={error === undefined ? undefined : 'f-goalKind-error'}
      >
        {GOAL_KINDS.map((kind) => (
          <option value={kind} selected={kind === value}>
            {GOAL_KIND_LABELS[kind]}
          </option>
        ))}
      </select>
      <FieldError id="f-goalKind-error" message={error === undefined ? undefined : `＊${error}`} />
    </div>
  );
}

export function FirstPlanForm(props: {
  organisation: string;
  values: FirstPlanInput;
  errors: FieldErrors;
  headline?: string | undefined;
  csrf: string;
}) {
  const { values: v, errors } = props;
  const field = (name: keyof FirstPlanInput, hint?: string) => (
    <TextField
      field={name}
      label={`${FIRST_PLAN_LABELS[name]}（必須）`}
      value={v[name]}
      errors={errors}
      autocomplete="off"
      {...(hint === undefined ? {} : { hint })}
    />
  );
  return (
    <>
      <h1>最初の計画を作る</h1>
      <p>
        {props.organisation}
        の計画はまだありません。計画の名称と期間、最初の目標と担当課を入力して作成してください。
        ほかの目標・施策・KPI・担当課は、作成後に「計画の編集」で追加できます。
      </p>
      <p>
        計画の入力用ひな形（Excel）に目標・施策・KPIまで入力してから、
        <a href="/admin/plan/import">計画の取込</a>で最初の計画として取り込むこともできます。
      </p>
      {props.headline !== undefined && <Problems headline={props.headline} errors={errors} />}
      <form method="post" action="/admin/first-plan" class="form-stack">
        <CsrfField token={props.csrf} />
        <h2>計画</h2>
        {field('planCode', `${CODE_HINT}sogo-keikaku）。作成後は変更できません。`)}
        {field('planName', '例: 第2期総合計画')}
        {field('periodFrom', YEAR_HINT)}
        {field('periodTo', YEAR_HINT)}
        {field('basicGoal')}
        <TextField
          field="reportYear"
          label={`${FIRST_PLAN_LABELS.reportYear}（任意）`}
          value={v.reportYear}
          errors={errors}
          hint={`計画期間内の年度。空欄のときは初年度です。${YEAR_HINT}`}
          autocomplete="off"
        />
        <h2>最初の目標</h2>
        {field('goalCode', `${CODE_HINT}kosodate）`)}
        <GoalKindSelect value={v.goalKind} error={errors.goalKind} />
        {field('goalTitle')}
        <h2>最初の担当課</h2>
        {field('departmentCode', `${CODE_HINT}kikaku-seisaku）`)}
        {field('bureau', '例: 企画部')}
        {field('division', '例: 政策企画課')}
        <div class="form-actions">
          <button type="submit" class="button">
            計画を作成する
          </button>
        </div>
      </form>
    </>
  );
}

/** What an editor or viewer sees before the first plan exists. */
export function NoPlanYet({ organisation }: { organisation: string }) {
  return (
    <>
      <h1>計画はまだありません</h1>
      <p>
        {organisation}
        の計画はまだ作成されていません。管理者が最初の計画を作成すると、ここから実績を入力できるようになります。
      </p>
    </>
  );
}
