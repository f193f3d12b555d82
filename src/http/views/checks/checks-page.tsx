import { type Finding, SEVERITY_LABELS, type Severity } from '../../../domain/audit/finding.ts';
import type { FindingsOutput } from '../../../domain/output/findings-output.ts';
import { FindingItem } from '../components/finding-item.tsx';
import { SeverityBadge } from '../components/status-badge.tsx';
import { YearSelect } from '../components/year-form.tsx';
import { goalHref, measureHref, type PageYear, yearText } from '../links.ts';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

const SEVERITY_MEANING: Readonly<Record<Severity, string>> = {
  error: '公表資料の数値・判定が、データから再計算した結果と合いません。',
  warning: '確認が必要な点です。',
  info: '記録のための注記です。',
};

export interface ChecksPageProps {
  readonly year: PageYear;
  readonly output: FindingsOutput;
  readonly severity?: Severity | undefined;
  /** Names for the links: measure names and goal names by code. */
  readonly measureNames: ReadonlyMap<string, string>;
  readonly goalNames: ReadonlyMap<string, string>;
}

/** The page a finding concerns: the measure's page, else the goal's. */
function FindingLink({ finding, props }: { finding: Finding; props: ChecksPageProps }) {
  const { measure, goal } = finding.where;
  if (measure !== undefined && props.measureNames.has(measure)) {
    return <a href={measureHref(measure, props.year)}>施策「{props.measureNames.get(measure)}」のページ</a>;
  }
  if (goal !== undefined && props.goalNames.has(goal)) {
    return <a href={goalHref(goal, props.year)}>目標「{props.goalNames.get(goal)}」のページ</a>;
  }
  return null;
}

/** 整合性チェック: the findings grouped by severity, each linking to the page concerned; filter by severity. */
export function ChecksPage(props: ChecksPageProps) {
  const { year, output, severity } = props;
  const shown = severity ? [severity] : SEVERITIES;
  return (
    <>
      <h1>整合性チェック</h1>
      <p class="lead">
        {yearText(year.fy)}
        の公表資料に載った数値・判定を、保存されたデータと計画の評価ルールから再計算した結果と照合しました。
      </p>
      <ul class="count-list" aria-label="重要度ごとの件数">
        {SEVERITIES.map((s) => (
          <li>
            <SeverityBadge severity={s} /> <span class="num">{output.counts[s]}</span>件
          </li>
        ))}
      </ul>
      <form class="filter-form" method="get" action="/checks" aria-label="指摘の絞り込み">
        <div class="field">
          <label for="filter-severity">重要度</label>
          <select id="filter-severity" name="severity">
            <option value="">すべての重要度</option>
            {SEVERITIES.map((s) => (
              <option value={s} selected={s === severity}>
                {SEVERITY_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <YearSelect year={year} id="filter-fy" />
        <div class="filter-form__actions">
          <button type="submit" class="button">
            絞り込む
          </button>
          <a href="/checks">条件を解除</a>
        </div>
      </form>
      {shown.map((s) => {
        const findings = output.findings.filter((f) => f.severity === s);
        return (
          <section aria-labelledby={`severity-${s}`}>
            <h2 id={`severity-${s}`}>
              {SEVERITY_LABELS[s]}（{findings.length}件）
            </h2>
            <p class="note">{SEVERITY_MEANING[s]}</p>
            {findings.length === 0 ? (
              <p>{SEVERITY_LABELS[s]}はありません。</p>
            ) : (
              <ul class="findings">
                {findings.map((f) => (
                  <FindingItem finding={f}>
                    <p class="finding__links">
                      <FindingLink finding={f} props={props} />
                      <span class="finding__code">
                        （コード: <code>{f.code}</code>、データの位置: <code>{f.where.path}</code>）
                      </span>
                    </p>
                  </FindingItem>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </>
  );
}
