import { z } from 'zod';

const roundingMode = z.enum(['half-up', 'half-even', 'truncate', 'away-from-zero', 'floor', 'ceiling']);

const displayRounding = z.strictObject({
  digits: z.number().int().min(0).max(4),
  mode: roundingMode,
});

/**
 * The evaluation rule set (評価ルール) belongs to the plan, not to the code: other governments grade differently.
 * Every field has a default that reproduces Miyagi's published report.
 */
export const ruleSetSchema = z.strictObject({
  /** 達成率: actual ÷ target for increase KPIs, target ÷ actual for decrease KPIs (docs/domain.md §6). */
  achievementRate: z
    .strictObject({
      decreaseFormula: z.enum(['target-over-actual', 'none']).default('target-over-actual'),
      // The seed prints 658,815 ÷ 131,000 = 502.9…% as 502%: whole percent, truncated.
      display: displayRounding.default({ digits: 0, mode: 'truncate' }),
    })
    .prefault({}),
  /** 進捗率: (actual − baseline) ÷ (target − baseline). */
  progressRate: z
    .strictObject({
      display: displayRounding.default({ digits: 0, mode: 'truncate' }),
    })
    .prefault({}),
  /** 施策の判定: all evaluable KPIs achieved → 達成, none → 未達成, otherwise 一部達成. */
  measureStatus: z
    .strictObject({
      kind: z.literal('all-some-none').default('all-some-none'),
    })
    .prefault({}),
  /** 事業費の億円表示: one decimal, 四捨五入 by default (docs/domain.md §7). */
  summary: z
    .strictObject({
      okuYen: displayRounding.default({ digits: 1, mode: 'half-up' }),
    })
    .prefault({}),
});

export type RuleSet = z.output<typeof ruleSetSchema>;
export type DisplayRounding = z.output<typeof displayRounding>;

/** The default rule set: the conventions of Miyagi's published report. */
export const DEFAULT_RULES: RuleSet = ruleSetSchema.parse({});
