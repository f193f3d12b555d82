import { describe, expect, it } from 'vitest';
import { departmentsActedFor, mayActForAny, mayWrite, onBehalfOf, onBehalfText } from './actor.ts';

const editor = { role: 'editor', departments: ['D01', 'D02'] } as const;
const admin = { role: 'admin', departments: ['D09'] } as const;
const viewer = { role: 'viewer', departments: [] } as const;

describe('department scope', () => {
  it('confines an editor to their own departments', () => {
    expect(departmentsActedFor(editor, ['D02', 'D03'])).toEqual(['D02']);
    expect(mayActForAny(editor, ['D02', 'D03'])).toBe(true);
    expect(mayActForAny(editor, ['D03'])).toBe(false);
    expect(mayActForAny(editor, [])).toBe(false);
  });

  it('lets admins and viewers address every department', () => {
    expect(departmentsActedFor(admin, ['D02', 'D03'])).toEqual(['D02', 'D03']);
    expect(mayActForAny(admin, ['D03'])).toBe(true);
    expect(mayActForAny(viewer, ['D03'])).toBe(true);
  });

  it('only admins and editors write', () => {
    expect([mayWrite(admin), mayWrite(editor), mayWrite(viewer)]).toEqual([true, true, false]);
  });
});

describe('代理入力', () => {
  it('is an admin acting for departments they do not belong to', () => {
    expect(onBehalfOf(admin, ['D01', 'D09'])).toEqual(['D01']);
    expect(onBehalfOf(admin, ['D09'])).toEqual([]);
  });

  it('never applies to editors, who act only for their own departments', () => {
    expect(onBehalfOf(editor, ['D01'])).toEqual([]);
  });

  it('is stored as codes separated by spaces, or null', () => {
    expect(onBehalfText(['D01', 'D03', 'D01'])).toBe('D01 D03');
    expect(onBehalfText([])).toBeNull();
  });
});
