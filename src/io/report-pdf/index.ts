export { ChromiumMissingError, chromiumPath, renderReportPdf } from './report-pdf.ts';
