/** The report's print stylesheet: A4 landscape pages, page numbers 「n / N」 in the bottom margin, tables whose header repeats. */
export const REPORT_CSS = `
@page {
  size: A4 landscape;
  margin: 12mm 12mm 14mm 12mm;
  @bottom-center {
    content: counter(page) " / " counter(pages);
    font-family: 'Noto Sans JP', sans-serif;
    font-size: 9pt;
    color: #333;
  }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0;
  font-family: 'Noto Sans JP', sans-serif;
  font-size: 10pt;
  line-height: 1.45;
  color: #1a1a1a;
}
@media screen {
  body { background: #e6e6e6; padding: 8mm 0; }
  .page { width: 297mm; min-height: 210mm; margin: 0 auto 8mm; background: #fff; padding: 12mm; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
}
.page { break-after: page; }
.page:last-child { break-after: auto; }
h1, h2, h3, h4 { margin: 0 0 3mm; line-height: 1.3; }
h1 { font-size: 18pt; }
h2 { font-size: 15pt; border-bottom: 2px solid #0031d8; padding-bottom: 1.5mm; }
h3 { font-size: 12pt; }
h4 { font-size: 11pt; margin-top: 3mm; }
.doc-title { font-size: 11pt; color: #333; margin: 0 0 2mm; }
.year-badge { display: inline-block; border: 2px solid #0031d8; color: #0031d8; padding: 1mm 3mm; font-weight: 700; border-radius: 2mm; }
.summary-head { display: flex; gap: 6mm; align-items: stretch; margin: 3mm 0 5mm; }
.basic-goal { flex: 1; }
.basic-goal .label { font-weight: 700; }
.basic-goal .text { font-size: 16pt; font-weight: 700; }
.slogan { font-size: 13pt; font-weight: 700; }
.subtitle { font-size: 11pt; }
.figures { border: 2px solid #1a1a1a; border-radius: 2mm; padding: 2mm 4mm; min-width: 60mm; }
.figures.total { border-color: #0031d8; background: #f0f3ff; }
.figures .caption { font-weight: 700; margin: 0 0 1mm; }
.figures dl { margin: 0; display: grid; grid-template-columns: auto auto; column-gap: 3mm; }
.figures dt { font-weight: 400; }
.figures dd { margin: 0; font-weight: 700; text-align: right; }
.figures .diff { margin: 1mm 0 0; font-size: 9pt; }
.box-row { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4mm; margin-bottom: 4mm; }
.box-row.foundation { grid-template-columns: repeat(2, 1fr); }
.box { border: 1px solid #666; border-radius: 2mm; padding: 2mm 3mm; break-inside: avoid; }
.box .code { font-weight: 700; color: #0031d8; margin: 0; }
.box .title { font-weight: 700; font-size: 11pt; margin: 0 0 1mm; }
.group-label { font-weight: 700; margin: 2mm 0 1mm; }
.note { font-size: 8.5pt; color: #333; margin: 1mm 0; }
.goal-section { display: grid; grid-template-columns: 38% 1fr; gap: 5mm; border-top: 1px solid #999; padding: 2.5mm 0; break-inside: avoid; }
.col-head { font-weight: 700; background: #eef; padding: 1mm 2mm; margin: 0 0 2mm; }
ul { margin: 0 0 1mm; padding-left: 5mm; }
li { margin: 0.3mm 0; }
ul.details { list-style: none; padding-left: 3mm; font-size: 9pt; }
ul.details li::before { content: "▶ "; }
.new { font-weight: 700; color: #b30000; }
.date { white-space: nowrap; }
.card { border: 1px solid #0031d8; border-radius: 2mm; padding: 1.5mm 2.5mm; margin: 2mm 0; break-inside: avoid; }
.card .name { font-weight: 700; margin: 0 0 1mm; }
.card table { border-collapse: collapse; font-size: 9.5pt; }
.card th, .card td { border: 1px solid #999; padding: 0.5mm 2mm; text-align: center; }
.card th { background: #f0f3ff; font-weight: 400; }
.card .target { margin: 1mm 0 0; }
table.grid { width: 100%; border-collapse: collapse; }
table.grid caption { caption-side: top; text-align: left; font-weight: 700; font-size: 10.5pt; margin-bottom: 1.5mm; }
table.grid th, table.grid td { border: 1px solid #666; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
table.grid thead { display: table-header-group; }
table.grid thead th { background: #dfe5ff; font-weight: 700; text-align: center; }
table.grid tr { break-inside: avoid; }
table.kpi { font-size: 8.5pt; }
table.kpi col.measure { width: 14%; }
table.kpi col.dept { width: 10%; }
table.kpi col.item { width: 15%; }
table.kpi col.baseline { width: 10%; }
table.kpi col.target { width: 8%; }
table.kpi col.actual { width: 9%; }
table.kpi col.analysis { width: 34%; }
table.kpi td p { margin: 0; }
.project-lines { margin: 0 0 2mm; font-weight: 700; }
.subarea { font-size: 11pt; margin: 3mm 0 1.5mm; }
.kpi-block { margin-bottom: 4mm; }
.status { font-weight: 700; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
