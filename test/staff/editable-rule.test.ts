// Which measures a person sees and what they may change (domain/editing/editable.ts), on the bundled Miyagi plan:
// an editor only their departments' measures and KPIs (a joint measure counts for both departments), an admin
// everything, a viewer nothing to change.
import { describe, expect, it } from 'vitest';
import {
  departmentKpis,
  editableKpis,
  mayEditAnalysis,
  visibleMeasures,
} from '../../src/domain/editing/editable.ts';
import type { Plan } from '../../src/domain/plan/model.ts';
import type { Actor } from '../../src/domain/staff/actor.ts';
import { seedPlan } from '../support/plans.ts';

const plan: Plan = seedPlan();
const person = (role: Actor['role'], departments: string[] = []) => ({ role, departments });
const measure = (id: string) => {
  const m = plan.measures.get(id);
  if (m === undefined) throw new Error(`no measure ${id}`);
  return m;
};

describe('what a person may see and change', () => {
  it("an editor sees their department's two measures; admins and viewers see all", () => {
    expect(visibleMeasures(plan, person('editor', ['kikaku-sangyo-digital'])).map((m) => m.id)).toEqual([
      'ict-company-location',
      'ai-iot-industry',
    ]);
    expect(visibleMeasures(plan, person('admin'))).toHaveLength(plan.document.measures.length);
    expect(visibleMeasures(plan, person('viewer'))).toHaveLength(plan.document.measures.length);
  });

  it('a joint measure is seen and changed by the editors of both departments', () => {
    const paperless = measure('paperless-meetings');
    for (const department of ['somu-gyosei-keiei', 'somu-bunsho']) {
      const editor = person('editor', [department]);
      expect(visibleMeasures(plan, editor)).toContain(paperless);
      expect(editableKpis(plan, paperless, editor)).toEqual(
        new Set(['paperless-meetings-held', 'paper-reduction-rate']),
      );
      expect(mayEditAnalysis(editor, paperless)).toBe(true);
    }
    expect(departmentKpis(plan, paperless, 'somu-bunsho').map((k) => k.id)).toEqual([
      'paperless-meetings-held',
      'paper-reduction-rate',
    ]);
  });

  it("an editor may change nothing of another department's measure; a viewer nothing at all", () => {
    const openData = measure('open-data-miyagi');
    const editorA = person('editor', ['kikaku-sangyo-digital']);
    expect(editableKpis(plan, openData, editorA)).toEqual(new Set());
    expect(mayEditAnalysis(editorA, openData)).toBe(false);
    expect(editableKpis(plan, openData, person('admin'))).toEqual(new Set(['open-data-datasets']));
    expect(editableKpis(plan, openData, person('viewer'))).toEqual(new Set());
    expect(mayEditAnalysis(person('viewer'), openData)).toBe(false);
  });
});
