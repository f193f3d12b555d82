import { raw } from 'hono/html';
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import type { FiguresOutput } from '../../domain/output/summary-output.ts';
import type {
  CardModel,
  FoundationPage,
  GoalPage,
  InitiativeModel,
  KpiRowModel,
  KpiTable,
  ReportModel,
  SectionModel,
  SummaryPage,
} from '../../domain/report/report-model.ts';
import { REPORT_CSS } from './report-styles.ts';

export interface ReportHtmlOptions {
  /** @font-face rules for Noto Sans JP (see notoSansJpCss); without them the reader's fonts are used. */
  readonly fontCss?: string;
}

/** 「R6」, as the report prints a year. */
const shortYear = (model: ReportModel): string =>
  formatFiscalYear(model.fiscalYear, 'short').replace('年度', '');

const provisionalFootnote = (model: ReportModel): string =>
  `※ 見込み（${shortYear(model)}年度実績は見込み値）`;

/** 「(前年度比+8件 +8.2億円)」, or nothing when there is no previous year. */
const differenceText = (f: FiguresOutput): string | undefined =>
  f.display.differenceProjects !== null && f.display.differenceOkuYen !== null
    ? `(前年度比${f.display.differenceProjects} ${f.display.differenceOkuYen})`
    : undefined;

function Figures({ figures, caption, total }: { figures: FiguresOutput; caption: string; total?: boolean }) {
  const diff = differenceText(figures);
  return (
    <div class={total ? 'figures total' : 'figures'}>
      <p class="caption">{caption}</p>
      <dl>
        <dt>事業数</dt>
        <dd>{figures.display.projects}</dd>
        <dt>決算額</dt>
        <dd>{figures.display.amountOkuYen}</dd>
      </dl>
      {diff && <p class="diff">{diff}</p>}
    </div>
  );
}

function Summary({ model, summary }: { model: ReportModel; summary: SummaryPage }) {
  const short = model.fiscalYearLabel;
  const priority = summary.boxes.filter((b) => b.kind === 'priority');
  const areas = summary.boxes.filter((b) => b.kind !== 'priority');
  const yearLabel = `${shortYear(model)}年度実績${model.provisional ? '(見込み)' : ''}`;
  return (
    <section class="page summary" aria-labelledby="summary-title">
      <p class="doc-title">{`${model.organisation} ${short}`}</p>
      <h1 id="summary-title">{model.title}</h1>
      <p>
        <span class="year-badge">{yearLabel}</span>
      </p>
      <div class="summary-head">
        <div class="basic-goal">
          <p>
            <span class="label">基本目標 </span>
            <span class="text">{summary.basicGoal}</span>
          </p>
          {summary.slogan && <p class="slogan">{summary.slogan}</p>}
          {summary.subtitle && <p class="subtitle">{summary.subtitle}</p>}
        </div>
        <Figures figures={summary.total} caption={`${shortYear(model)} 関連事業【実績】`} total />
      </div>
      {priority.length > 0 && (
        <>
          <p class="group-label">{`${priority.length}つの重点目標`}</p>
          <div class="box-row">
            {priority.map((b) => (
              <div class="box">
                <p class="title">{b.label}</p>
                <Figures figures={b} caption={`${shortYear(model)}関連事業`} />
              </div>
            ))}
          </div>
        </>
      )}
      {areas.length > 0 && (
        <>
          <p class="group-label">目標達成のための基盤取組</p>
          <div class="box-row foundation">
            {areas.map((b) => (
              <div class="box">
                <p class="title">{b.title}</p>
                <Figures figures={b} caption={`${shortYear(model)}関連事業`} />
              </div>
            ))}
          </div>
        </>
      )}
      {summary.roundingNote && <p class="note">{summary.roundingNote}</p>}
    </section>
  );
}

function Card({ card }: { card: CardModel }) {
  return (
    <div class="card">
      <p class="name">{card.name}</p>
      {(card.values.length > 0 || card.achievementRate !== undefined) && (
        <table>
          <thead>
            <tr>
              {card.values.map((v) => (
                <th scope="col">{v.label}</th>
              ))}
              {card.achievementRate !== undefined && <th scope="col">達成率</th>}
            </tr>
          </thead>
          <tbody>
            <tr>
              {card.values.map((v) => (
                <td>{v.text}</td>
              ))}
              {card.achievementRate !== undefined && <td>{card.achievementRate}</td>}
            </tr>
          </tbody>
        </table>
      )}
      {card.target && <p class="target">{`${card.target.label} ${card.target.text}`}</p>}
      {card.note && <p class="note">{card.note}</p>}
    </div>
  );
}

function Initiative({ item }: { item: InitiativeModel }) {
  return (
    <li>
      {item.text}
      {item.date && <span class="date">{`(${item.date})`}</span>}
      {item.isNew && <span class="new">【新】</span>}
      {item.details.length > 0 && (
        <ul class="details">
          {item.details.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

const Initiatives = ({ items }: { items: readonly InitiativeModel[] }) =>
  items.length === 0 ? null : (
    <ul>
      {items.map((i) => (
        <Initiative item={i} />
      ))}
    </ul>
  );

const Guidelines = ({ items }: { items: readonly string[] }) => (
  <ul>
    {items.map((g) => (
      <li>{g}</li>
    ))}
  </ul>
);

function GoalSection({ section }: { section: SectionModel }) {
  return (
    <div class="goal-section">
      <div>
        <Guidelines items={section.guidelines} />
        {section.cards.map((c) => (
          <Card card={c} />
        ))}
      </div>
      <div>
        <Initiatives items={section.initiatives} />
      </div>
    </div>
  );
}

function Goal({ page, year }: { page: GoalPage; year: string }) {
  return (
    <section class="page goal" aria-labelledby={`goal-${page.code}`}>
      <h2 id={`goal-${page.code}`}>{page.heading}</h2>
      <div class="goal-section">
        <p class="col-head">ポリシー行動指針 ＜関連KPI＞</p>
        <p class="col-head">{`${year}年度の主要取組`}</p>
      </div>
      {page.sections.map((s) => (
        <GoalSection section={s} />
      ))}
    </section>
  );
}

function Foundation({ page, year }: { page: FoundationPage; year: string }) {
  return (
    <section class="page foundation" aria-labelledby="foundation-title">
      <h2 id="foundation-title">{page.title}</h2>
      <table class="grid foundation">
        <caption class="visually-hidden">{page.title}</caption>
        <thead>
          <tr>
            <th scope="col">取組</th>
            <th scope="col">ポリシー行動指針</th>
            <th scope="col">{`${year}年度の主要取組`}</th>
          </tr>
        </thead>
        <tbody>
          {page.areas.flatMap((area) =>
            area.sections.map((s, i) => (
              <tr>
                {i === 0 && (
                  <th scope="rowgroup" rowspan={area.sections.length}>
                    {area.title}
                  </th>
                )}
                <td>
                  <Guidelines items={s.guidelines} />
                </td>
                <td>
                  <Initiatives items={s.initiatives} />
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </section>
  );
}

const Lines = ({ lines }: { lines: readonly string[] }) => (
  <>
    {lines.map((l) => (
      <p>{l}</p>
    ))}
  </>
);

function KpiRow({ row }: { row: KpiRowModel }) {
  const [mark, ...rest] = row.analysis.split('】');
  return (
    <tr>
      <th scope="row">
        <Lines lines={row.measureNames} />
      </th>
      <td>
        <Lines lines={row.departments} />
      </td>
      <td>
        <Lines lines={row.items} />
      </td>
      <td>
        <Lines lines={row.baselines} />
      </td>
      <td>
        <Lines lines={row.targets} />
      </td>
      <td>
        <Lines lines={row.actuals} />
      </td>
      <td>
        <span class="status">{`${mark}】`}</span>
        {rest.join('】')}
      </td>
    </tr>
  );
}

function KpiTables({ model }: { model: ReportModel }) {
  const year = shortYear(model);
  let n = 0;
  return (
    <>
      {model.kpiTables.map((t: KpiTable) => (
        <section class="page kpi-tables" aria-labelledby={`kpi-${t.goal.code}`}>
          <p class="doc-title">{`${model.title} 個別施策及びKPI設定施策の進捗状況について`}</p>
          <h2 id={`kpi-${t.goal.code}`}>{t.goal.label}</h2>
          <div class="project-lines">
            <Lines lines={t.projectLines} />
          </div>
          {t.groups.map((g) => {
            n += 1;
            return (
              <div class="kpi-block">
                {g.heading && <h3 class="subarea">{g.heading}</h3>}
                <table class="grid kpi">
                  <caption>{`表${n} ${t.goal.label}${g.heading ? ` ${g.heading}` : ''} KPI設定施策の進捗状況`}</caption>
                  <colgroup>
                    <col class="measure" />
                    <col class="dept" />
                    <col class="item" />
                    <col class="baseline" />
                    <col class="target" />
                    <col class="actual" />
                    <col class="analysis" />
                  </colgroup>
                  <thead>
                    <tr>
                      <th scope="col">施策名</th>
                      <th scope="col">担当所属</th>
                      <th scope="col">項目(単位)</th>
                      <th scope="col">基準値(時点)</th>
                      <th scope="col">{`${year}年度末 目標値`}</th>
                      <th scope="col">{`${year}年度末 実績値`}</th>
                      <th scope="col">進捗状況に係る要因分析等</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.rows.map((r) => (
                      <KpiRow row={r} />
                    ))}
                  </tbody>
                </table>
              </div>
            );
          })}
          {model.provisional && <p class="note">{provisionalFootnote(model)}</p>}
        </section>
      ))}
    </>
  );
}

/** Keeps CSS from closing the <style> element early. */
const safeCss = (css: string): string => css.replace(/<\/style/gi, '<\\/style');

/**
 * The report as one self-contained, print-ready HTML document (A4 landscape, page numbers 「n / N」 in the page
 * margin), rendered only from the report model; all text is escaped by JSX.
 */
export function renderReportHtml(model: ReportModel, options: ReportHtmlOptions = {}): string {
  const year = shortYear(model);
  const doc = (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="ja">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{model.title}</title>
          <style>{raw(safeCss(`${options.fontCss ?? ''}\n${REPORT_CSS}`))}</style>
        </head>
        <body>
          <main>
            <Summary model={model} summary={model.summary} />
            {model.goalPages.map((p) => (
              <Goal page={p} year={year} />
            ))}
            {model.foundation && <Foundation page={model.foundation} year={year} />}
            <KpiTables model={model} />
          </main>
        </body>
      </html>
    </>
  );
  return doc.toString() as string;
}
