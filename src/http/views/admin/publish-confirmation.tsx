import type { Finding, Severity } from '../../../domain/audit/finding.ts';
import { ACKNOWLEDGEMENT_LABEL } from '../../../domain/campaign/publication-gate.ts';
import type { FindingsOutput } from '../../../domain/output/findings-output.ts';
import { FindingItem } from '../components/finding-item.tsx';
import { CsrfField } from './admin-layout.tsx';

export interface PublishConfirmationProps {
  readonly fiscalYear: number;
  readonly yearLabel: string;
  /** 訂正中 publishes the next revision and needs a reason. */
  readonly correcting: boolean;
  /** The revision this publication will be (第n版). */
  readonly revision: number;
  /** The consistency check of the year, as `shinchoku check` and the /checks page compute it. */
  readonly findings: FindingsOutput;
  /** Departments not yet approved (publishing 確認中 needs every one approved). */
  readonly notApproved: readonly string[];
  readonly csrf: string;
}

function FindingList({ findings, severity }: { findings: readonly Finding[]; severity: Severity }) {
  const shown = findings.filter((f) => f.severity === severity);
  if (shown.length === 0)
    return <p>{severity === 'error' ? 'エラーはありません。' : '警告はありません。'}</p>;
  return (
    <ul class="findings">
      {shown.map((f) => (
        <FindingItem finding={f} />
      ))}
    </ul>
  );
}

/** 公表の確認: the year's errors and warnings, and the publish form (with the acknowledgement when errors remain). */
export function PublishConfirmation(props: PublishConfirmationProps) {
  const { findings, correcting } = props;
  const errors = findings.counts.error;
  const base = `/admin/cycles/${props.fiscalYear}`;
  const what = correcting ? `訂正版（第${props.revision}版）` : `第${props.revision}版`;
  return (
    <>
      <p>
        <a href={base}>照会へ戻る</a>
      </p>
      <h1>
        {props.yearLabel}の{what}を公表する前の確認
      </h1>
      <p>
        公表すると、公開ページ・API・ダウンロード・報告書がこの内容に切り替わります。公表前に整合性チェックの結果を確認してください。
      </p>
      <p>
        整合性チェック（{findings.fiscalYearLabel}）: エラー <strong>{errors}</strong>件、警告{' '}
        <strong>{findings.counts.warning}</strong>件
      </p>
      <section aria-labelledby="gate-errors">
        <h2 id="gate-errors">エラー（{errors}件）</h2>
        <p class="note">公表資料の数値・判定が、データから再計算した結果と合いません。</p>
        <FindingList findings={findings.findings} severity="error" />
      </section>
      <section aria-labelledby="gate-warnings">
        <h2 id="gate-warnings">警告（{findings.counts.warning}件）</h2>
        <p class="note">確認が必要な点です。警告だけなら、確認のチェックなしで公表できます。</p>
        <FindingList findings={findings.findings} severity="warning" />
      </section>
      <section aria-labelledby="gate-publish">
        <h2 id="gate-publish">公表</h2>
        {!correcting && props.notApproved.length > 0 && (
          <p class="notice">
            承認していない所属があります（{props.notApproved.join('、')}）。すべて承認すると公表できます。
          </p>
        )}
        <form method="post" action={`${base}/publish`} class="form-stack">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="errors_shown" value={String(errors)} />
          <div class="field">
            <label for="reason">{correcting ? '訂正の理由（必須）' : '公表にあたっての注記（任意）'}</label>
            <input type="text" id="reason" name="reason" />
          </div>
          {errors > 0 && (
            <div class="field">
              <p class="notice">
                エラーが{errors}
                件あります。エラーを残したまま公表する場合は、確認したことを記録します（確認した人とエラーの内容が公表の記録に残ります）。
              </p>
              <label class="checkbox">
                <input type="checkbox" name="acknowledge" value="1" />
                {ACKNOWLEDGEMENT_LABEL}（エラー{errors}件）
              </label>
            </div>
          )}
          <button type="submit" class="button">
            {correcting ? '訂正版を公表する' : '公表する'}
          </button>
        </form>
      </section>
    </>
  );
}
