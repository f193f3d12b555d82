// One synthetic plan per organisation, as a raw document (what a YAML file would hold), deterministic per code.
import type { Organisation } from './organisations.ts';

export const PERIOD = { from: 2021, to: 2027 } as const;
/** The report year: mid-plan, so targets run to FY2027 and actuals to FY2024. */
export const REPORT_YEAR = 2024;
const SEED = 'shinchoku-bench-1';

/** mulberry32 seeded by FNV-1a of the text: a small deterministic PRNG (no Math.random). */
export function prng(text: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const between = (r: Rand, lo: number, hi: number) => lo + (hi - lo) * r();
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
const years = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const era = (fy: number) => `R${fy - 2018}`;

const DEPARTMENTS = [
  ['somu-gyosei', '総務部', '行政経営課'],
  ['somu-joho', '総務部', '情報政策課'],
  ['kikaku-digital', '企画部', 'デジタル推進課'],
  ['kikaku-seisaku', '企画部', '政策企画課'],
  ['fukushi-chiiki', '保健福祉部', '地域福祉課'],
  ['kankyo-seikatsu', '環境生活部', '生活安全課'],
  ['keizai-shoko', '経済商工部', '産業振興課'],
  ['nosei-nogyo', '農林水産部', '農業振興課'],
  ['doboku-toshi', '土木部', '都市計画課'],
  ['kyoiku-kikaku', '教育委員会', '教育企画課'],
] as const;

/** 5 goals: three 重点目標 and the 基盤取組 with one sub-area; each has one section of two guidelines. */
const GOALS = [
  ['citizen', 'priority', '住民サービスの向上', ['行政手続のオンライン化', 'キャッシュレス化の推進']],
  ['local', 'priority', '地域の課題解決と活力の創出', ['地域産業のデジタル化支援', '防災・減災への活用']],
  ['business', 'priority', 'デジタル化による働き方改革', ['テレワークの推進', 'ペーパーレス化']],
  ['foundation', 'foundation', '目標達成のための基盤取組', ['市町村との連携', 'データ利活用の基盤']],
  ['foundation-systems', 'area', '情報システムの最適化', ['標準化・共通化', 'セキュリティの確保']],
] as const;
const PROJECT_GOALS = GOALS.map(([code]) => code);

const MEASURE_STEMS = [
  '電子申請の拡充',
  'オープンデータの推進',
  'AI・RPAの活用',
  '窓口のデジタル化',
  'デジタル人材の育成',
];

/** KPI templates: percent values carry `%`, counts are grouped (`1,527`) as published tables print them. */
const KPI_TEMPLATES = [
  { name: 'オンライン申請件数', unit: '件', percent: false, base: [2000, 60000] },
  { name: 'オンライン化率', unit: '%', percent: true, base: [15, 60] },
  { name: '講座受講者数', unit: '人', percent: false, base: [100, 5000] },
  { name: '紙の使用量（R2比）', unit: '%', percent: true, base: [80, 100] },
  { name: '窓口待ち時間', unit: '分', percent: false, base: [15, 60] },
  { name: 'オープンデータ公開数', unit: '件', percent: false, base: [50, 800] },
] as const;

const PHRASES = [
  '利用者への周知を強化し、前年度を上回る実績となった',
  '関係部局と連携して手続の見直しを進めた',
  '感染症の影響により一部の取組が延期となった',
  '市町村への説明会を開催し、導入団体が増加した',
  'システム更新に伴い一時的に利用が減少した',
];

function fmt(value: number, percent: boolean): string {
  if (percent) return `${value.toFixed(1)}%`;
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function kpi(r: Rand, id: string) {
  const t = pick(r, KPI_TEMPLATES);
  const increase = t.name !== '紙の使用量（R2比）' && t.name !== '窓口待ち時間' ? r() < 0.85 : false;
  const cumulative = increase && !t.percent && r() < 0.4;
  const relative = increase && t.percent && r() < 0.1;
  const base = between(r, t.base[0], t.base[1]);
  const goal = increase
    ? Math.min(t.percent ? 100 : Infinity, base * between(r, 1.2, 2.5))
    : base * between(r, 0.5, 0.9);
  const targetOf = (fy: number) => base + ((goal - base) * (fy - 2020)) / 7;
  const targets = years(PERIOD.from, PERIOD.to).map((fy) =>
    relative
      ? { fiscalYear: fy, relative: 'exceed-previous-year' }
      : { fiscalYear: fy, value: fmt(targetOf(fy), t.percent) },
  );
  const actuals: { fiscalYear: string; value: string; note?: string }[] = [];
  const status: (boolean | undefined)[] = [];
  let previous = base;
  for (const fy of years(PERIOD.from, REPORT_YEAR)) {
    if (r() < 0.04) {
      const marker = fy === REPORT_YEAR ? '…' : pick(r, ['未計測', '—']);
      actuals.push({ fiscalYear: `${era(fy)}年度`, value: marker, note: '調査未実施・集計中のため' });
      status.push(undefined);
      continue;
    }
    let value = targetOf(fy) * between(r, 0.85, 1.15);
    if (t.percent) value = Math.min(100, value);
    if (cumulative) value = Math.max(value, previous);
    const text = fmt(value, t.percent);
    const v = Number(text.replace(/[,%]/g, ''));
    const target = relative ? previous : Number(fmt(targetOf(fy), t.percent).replace(/[,%]/g, ''));
    status.push(increase ? (relative ? v > target : v >= target) : v <= target);
    actuals.push({ fiscalYear: `${era(fy)}年度`, value: text });
    previous = v;
  }
  const document = {
    id,
    name: t.name,
    unit: t.unit,
    direction: increase ? 'increase' : 'decrease',
    cumulative,
    baseline: { value: fmt(base, t.percent), asOf: r() < 0.5 ? 'R2年度' : 'R3.3' },
    targets,
    actuals,
  };
  return { document, status };
}

function measure(r: Rand, i: number) {
  const n = String(i + 1).padStart(2, '0');
  const { document, status } = kpi(r, `k${n}`);
  const name = `${pick(r, MEASURE_STEMS)}（${document.name}）`;
  const analyses = years(PERIOD.from, REPORT_YEAR).map((fy, y) => {
    const achieved = status[y];
    if (achieved === undefined)
      return { fiscalYear: era(fy), text: '実績値が未確定のため、翌年度に評価する。' };
    const label = achieved ? '達成' : '未達成';
    const text = `【${label}】${name}について、${era(fy)}年度は${pick(r, PHRASES)}。引き続き${pick(r, PHRASES)}。`;
    return { fiscalYear: era(fy), publishedLabels: [label], text };
  });
  return {
    id: `m${n}`,
    goal: GOALS[Math.floor(i / 6)]?.[0] ?? 'foundation',
    name,
    department: DEPARTMENTS[i % DEPARTMENTS.length]?.[0] ?? 'somu-gyosei',
    kpis: [document],
    analyses,
  };
}

/** 関連事業: about 200 projects a year split over the goals, 決算額 in integer 千円; goal by goal (canonical order). */
function projects(r: Rand, prefecture: boolean) {
  const weights = PROJECT_GOALS.map(() => between(r, 0.5, 1.5));
  const sum = weights.reduce((a, b) => a + b, 0);
  const average = PROJECT_GOALS.map(() => (prefecture ? between(r, 20000, 80000) : between(r, 2000, 15000)));
  const rows = years(PERIOD.from, REPORT_YEAR).flatMap((fy) => {
    const total = 190 + Math.floor(r() * 21);
    const counts = weights.map((w) => Math.floor((total * w) / sum));
    counts[0] = (counts[0] ?? 0) + total - counts.reduce((a, b) => a + b, 0);
    return PROJECT_GOALS.map((goal, g) => {
      const count = counts[g] ?? 0;
      return {
        goal,
        fiscalYear: fy,
        count,
        amountThousandYen: Math.round(count * (average[g] ?? 0) * between(r, 0.9, 1.1)),
      };
    });
  });
  const rank = (goal: string) => PROJECT_GOALS.indexOf(goal as (typeof PROJECT_GOALS)[number]);
  return rows.sort((a, b) => rank(a.goal) - rank(b.goal) || a.fiscalYear - b.fiscalYear);
}

/** The raw plan document of one organisation: 10 departments, 5 goals, 30 measures (or `measures`) with one KPI each. */
export function planDocument(org: Organisation, measures = 30): unknown {
  const r = prng(`${SEED}:${org.code}`);
  const [priority, foundation] = [GOALS.slice(0, 3), GOALS.slice(3)];
  const goal = ([code, kind, title, guidelines]: (typeof GOALS)[number], number?: number) => ({
    code,
    kind,
    ...(number === undefined ? {} : { number }),
    title,
    sections: [{ guidelines: [...guidelines] }],
  });
  const [foundationGoal, area] = foundation;
  if (foundationGoal === undefined || area === undefined) throw new Error('invariant: foundation goals');
  const name = `${org.name}DX推進計画`;
  return {
    format: 'shinchoku-plan/1',
    organisation: { name: org.name, code: org.code },
    plan: {
      id: 'dx-plan',
      name,
      period: { from: `R${PERIOD.from - 2018}`, to: PERIOD.to },
      basicGoal: `デジタルで実現する${org.name}の未来`,
    },
    report: {
      fiscalYear: `令和${REPORT_YEAR - 2018}年度`,
      title: `${name} 令和6年度 進捗報告`,
      actualsProvisional: true,
    },
    departments: DEPARTMENTS.map(([code, bureau, division]) => ({ code, bureau, division })),
    goals: [
      ...priority.map((g, i) => goal(g, i + 1)),
      { ...goal(foundationGoal), children: [{ ...goal(area), marker: 'イ' }] },
    ],
    measures: Array.from({ length: measures }, (_, i) => measure(r, i)),
    projects: projects(r, org.kind === 'prefecture'),
  };
}
