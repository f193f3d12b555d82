// If-Match as RFC 9110 §13.1.1 defines it, for writes whose ETag is a row version ("7"). A write must name the
// version it was based on, so the comparison is strong: a weak tag (W/"7") never matches, and "*" (any current
// representation) is refused because every resource of the write API always has one; it would make the write
// unconditional and could overwrite a newer save unseen.

/** What an If-Match header asks for; `versions` are the strong tags that are row versions, in order. */
export type IfMatch =
  | { readonly kind: 'absent' }
  | { readonly kind: 'any' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'weak-only' }
  | { readonly kind: 'tags'; readonly versions: readonly number[] };

// entity-tag = [ %s"W/" ] DQUOTE *etagc DQUOTE; etagc = %x21 / %x23-7E / obs-text (a tag may hold a comma).
// Elements of the list are separated by commas with optional whitespace; empty elements are allowed (§5.6.1).
const ELEMENT = /[ \t]*(?:(W\/)?"([\x21\x23-\x7e\x80-\xff]*)")?[ \t]*(?:,|$)/y;
// Our ETags are versions written without leading zeros; strong comparison is character by character, so "07" ≠ "7".
const VERSION = /^(?:0|[1-9]\d{0,8})$/;

/** Reads an If-Match header; never throws. */
export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined) return { kind: 'absent' };
  if (header.trim() === '*') return { kind: 'any' };
  const versions: number[] = [];
  let strong = 0;
  let weak = 0;
  ELEMENT.lastIndex = 0;
  while (ELEMENT.lastIndex < header.length) {
    const at = ELEMENT.lastIndex;
    const match = ELEMENT.exec(header);
    if (match === null || ELEMENT.lastIndex === at) return { kind: 'malformed' };
    if (match[2] === undefined) continue;
    if (match[1] !== undefined) {
      weak += 1;
      continue;
    }
    strong += 1;
    if (VERSION.test(match[2])) versions.push(Number(match[2]));
  }
  if (strong === 0) return weak === 0 ? { kind: 'malformed' } : { kind: 'weak-only' };
  return { kind: 'tags', versions };
}

/** The strong comparison: does the list name the current version? */
export const matchesVersion = (condition: IfMatch, current: number): boolean =>
  condition.kind === 'tags' && condition.versions.includes(current);
