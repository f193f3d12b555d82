import { describe, expect, it } from 'vitest';
import { matchesVersion, parseIfMatch } from './if-match.ts';

describe('parseIfMatch (RFC 9110 §13.1.1, strong comparison)', () => {
  it.each([
    [undefined, { kind: 'absent' }],
    ['*', { kind: 'any' }],
    [' * ', { kind: 'any' }],
    ['"7"', { kind: 'tags', versions: [7] }],
    [' "7" ', { kind: 'tags', versions: [7] }],
    ['"1", "2"', { kind: 'tags', versions: [1, 2] }],
    ['"1","2"', { kind: 'tags', versions: [1, 2] }],
    ['"1",, "2"', { kind: 'tags', versions: [1, 2] }],
    // A weak tag never matches strongly; the strong ones beside it still count.
    ['W/"7"', { kind: 'weak-only' }],
    ['W/"7", W/"8"', { kind: 'weak-only' }],
    ['W/"1", "2"', { kind: 'tags', versions: [2] }],
    // A tag may hold a comma; it is one element, and not a version of ours.
    ['"a,b", "3"', { kind: 'tags', versions: [3] }],
    ['"abc"', { kind: 'tags', versions: [] }],
    ['"1234567890"', { kind: 'tags', versions: [] }],
    ['', { kind: 'malformed' }],
    [',', { kind: 'malformed' }],
    ['7', { kind: 'malformed' }],
    ['w/"7"', { kind: 'malformed' }],
    ['"1" "2"', { kind: 'malformed' }],
    ['"7"x', { kind: 'malformed' }],
    ['"7', { kind: 'malformed' }],
    ['*, "7"', { kind: 'malformed' }],
  ])('%j → %j', (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });

  it('matches only a strong tag naming the current version', () => {
    expect(matchesVersion(parseIfMatch('"1", "2"'), 2)).toBe(true);
    expect(matchesVersion(parseIfMatch('"1", "2"'), 3)).toBe(false);
    expect(matchesVersion(parseIfMatch('W/"2"'), 2)).toBe(false);
    expect(matchesVersion(parseIfMatch('W/"2", "3"'), 2)).toBe(false);
    expect(matchesVersion(parseIfMatch('*'), 2)).toBe(false);
    expect(matchesVersion(parseIfMatch('"02"'), 2)).toBe(false);
    expect(matchesVersion(parseIfMatch('"0"'), 0)).toBe(true);
  });
});
