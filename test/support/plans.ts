import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadPlan } from '../../src/domain/plan/load.ts';
import type { Plan } from '../../src/domain/plan/model.ts';
import { BUNDLED_DATASET } from '../../src/io/dataset/read-dataset.ts';

const seedText = readFileSync(BUNDLED_DATASET, 'utf8');

/** A fresh, mutable copy of the bundled Miyagi dataset as parsed YAML (before validation). */
// biome-ignore lint/suspicious/noExplicitAny: tests mutate the raw document freely
export const seedDocument = (): any => parse(seedText);

/** Validates a raw document, failing the test with every issue when it is invalid. */
export function planFrom(document: unknown): Plan {
  const result = loadPlan(document);
  if (!result.ok) throw new Error(result.error.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return result.value;
}

/** The bundled Miyagi plan. */
export const seedPlan = (): Plan => planFrom(seedDocument());
