import { SEVERITY_LABELS } from '../../domain/audit/finding.ts';
import type { FindingsOutput } from '../../domain/output/findings-output.ts';

/** `check` for a terminal: one block per finding, most severe first. */
export function findingsText(f: FindingsOutput): string {
  const head = `整合性チェック ${f.fiscalYearLabel}（${f.fiscalYear}年度）: エラー ${f.counts.error}件 / 警告 ${f.counts.warning}件 / 情報 ${f.counts.info}件`;
  if (f.findings.length === 0) return `${head}\n問題は見つかりませんでした。`;
  const blocks = f.findings.map((x, i) =>
    [
      `${i + 1}. [${SEVERITY_LABELS[x.severity]}] ${x.where.label}`,
      `   ${x.message}`,
      `   (${x.code} — ${x.where.path})`,
    ].join('\n'),
  );
  return [head, '', blocks.join('\n\n')].join('\n');
}
