/**
 * The annual progress report as an editable PowerPoint deck (16:9), rendered only from the ReportModel in the
 * seed's order: summary, one slide per priority goal, the foundation slide, then the KPI tables per goal.
 */
import type { ReportModel } from '../../domain/report/report-model.ts';
import { addFoundationSlides, addGoalSlides } from './goal-slides.ts';
import { addKpiSlides } from './kpi-slides.ts';
import { PptxGenJS } from './pptx-lib.ts';
import { FONT } from './pptx-style.ts';
import { addSummarySlide } from './summary-slide.ts';

export async function renderReportPptx(model: ReportModel): Promise<Buffer> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.theme = { headFontFace: FONT, bodyFontFace: FONT };
  pptx.title = model.title;
  pptx.author = model.organisation;
  pptx.company = model.organisation;
  pptx.subject = model.fiscalYearLabel;
  addSummarySlide(pptx.addSlide(), model);
  for (const goal of model.goalPages) addGoalSlides(pptx, goal, model.fiscalYear);
  if (model.foundation) addFoundationSlides(pptx, model.foundation, model.fiscalYear);
  for (const table of model.kpiTables) addKpiSlides(pptx, table, model.fiscalYear);
  const out = await pptx.write({ outputType: 'nodebuffer', compression: true });
  return Buffer.isBuffer(out) ? out : Buffer.from(out as Uint8Array);
}
