import type { ReportModel } from '../../domain/report/report-model.ts';
import { notoSansJpCss } from './report-fonts.ts';
import { renderReportHtml } from './report-html.tsx';

export { notoSansJpCss } from './report-fonts.ts';
export { type ReportHtmlOptions, renderReportHtml } from './report-html.tsx';

/** The report as a single self-contained HTML file: Noto Sans JP subsets the text uses are inlined as data: URLs. */
export function renderReportHtmlDocument(model: ReportModel): string {
  const plain = renderReportHtml(model);
  return renderReportHtml(model, { fontCss: notoSansJpCss(plain) });
}
