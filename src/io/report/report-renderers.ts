import type { ReportModel } from '../../domain/report/report-model.ts';
import { renderReportPptx } from '../pptx/report-pptx.ts';
import { renderReportHtmlDocument } from '../report-html/index.ts';
import { renderReportPdf } from '../report-pdf/index.ts';
import { renderReportXlsx } from '../xlsx-report/report-xlsx.ts';

export const REPORT_FORMATS = ['html', 'pdf', 'pptx', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** One report format: how to render it and how to send it. */
export interface ReportFormatSpec {
  readonly render: (model: ReportModel) => Promise<Buffer>;
  readonly contentType: string;
  readonly label: string;
}

/** Every report format, used by `shinchoku report` and the web app's report downloads. */
export const REPORT_RENDERERS: Readonly<Record<ReportFormat, ReportFormatSpec>> = {
  pdf: {
    render: (model) => renderReportPdf(renderReportHtmlDocument(model)),
    contentType: 'application/pdf',
    label: 'PDF（A4横）',
  },
  pptx: {
    render: renderReportPptx,
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    label: 'PowerPoint（編集可能）',
  },
  xlsx: {
    render: renderReportXlsx,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel（帳票とデータ）',
  },
  html: {
    render: async (model) => Buffer.from(renderReportHtmlDocument(model), 'utf8'),
    contentType: 'text/html; charset=utf-8',
    label: 'HTML（印刷用）',
  },
};
