/**
 * A linear scan of untrusted XML, for the checks that run before any parser allocates: every tag is visited once,
 * with its local name, raw attribute text and offsets. No regular expression runs over the document, so a hostile
 * part costs time proportional to its size (a backtracking pattern could take minutes on a few megabytes).
 */

export interface XmlTag {
  /** The local name: `x:row` → `row`. */
  readonly name: string;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  /** The text between the name and `>` (or `/>`). */
  readonly attributes: string;
  /** Offset of `<` and just past `>`. */
  readonly start: number;
  readonly end: number;
  /** Elements open around this tag (the root element's tag is at depth 0). */
  readonly depth: number;
}

/** Thrown by scanTags for a tag that never ends or a closing tag without an opening one: the part is broken. */
export class BrokenXmlError extends Error {}

const isSpace = (code: number): boolean => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

/** Visits every element tag in order; comments, CDATA, processing instructions and declarations are skipped. */
export function* scanTags(xml: string): Generator<XmlTag> {
  let depth = 0;
  let at = xml.indexOf('<');
  while (at !== -1) {
    const next = xml.charCodeAt(at + 1);
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      at = skipMarkup(xml, at);
      at = xml.indexOf('<', at);
      continue;
    }
    const closing = next === 0x2f; /* / */
    let i = closing ? at + 2 : at + 1;
    const nameStart = i;
    while (i < xml.length) {
      const code = xml.charCodeAt(i);
      if (isSpace(code) || code === 0x3e /* > */ || code === 0x2f /* / */) break;
      i += 1;
    }
    const qualified = xml.slice(nameStart, i);
    const end = tagEnd(xml, i);
    if (end === -1 || qualified === '') throw new BrokenXmlError(`unterminated tag at ${at}`);
    const selfClosing = !closing && xml.charCodeAt(end - 2) === 0x2f;
    const attributes = xml.slice(i, selfClosing ? end - 2 : end - 1);
    const colon = qualified.lastIndexOf(':');
    const name = colon === -1 ? qualified : qualified.slice(colon + 1);
    if (closing) {
      depth -= 1;
      if (depth < 0) throw new BrokenXmlError(`unexpected closing tag at ${at}`);
    }
    yield { name, closing, selfClosing, attributes, start: at, end, depth };
    if (!closing && !selfClosing) depth += 1;
    at = xml.indexOf('<', end);
  }
}

/** Just past the `>` that ends a tag whose name ends at `from`, skipping quoted attribute values; -1 if none. */
function tagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let i = from; i < xml.length; i += 1) {
    const code = xml.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 0x22 || code === 0x27) quote = code;
    else if (code === 0x3e) return i + 1;
  }
  return -1;
}

/** Just past a comment, CDATA section, processing instruction or declaration starting at `at`. */
function skipMarkup(xml: string, at: number): number {
  const [terminator] = xml.startsWith('<!--', at)
    ? ['-->']
    : xml.startsWith('<![CDATA[', at)
      ? [']]>']
      : xml.startsWith('<?', at)
        ? ['?>']
        : ['>'];
  const found = xml.indexOf(terminator, at + 2);
  if (found === -1) throw new BrokenXmlError(`unterminated markup at ${at}`);
  return found + terminator.length;
}

/** The attributes of a tag's attribute text, by local name (`r:id` → `id`), scanned once, values entity-decoded. */
export function tagAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i += 1;
    const nameStart = i;
    while (i < text.length && text[i] !== '=' && !isSpace(text.charCodeAt(i))) i += 1;
    const qualified = text.slice(nameStart, i);
    while (i < text.length && isSpace(text.charCodeAt(i))) i += 1;
    if (text[i] !== '=') break;
    i += 1;
    while (i < text.length && isSpace(text.charCodeAt(i))) i += 1;
    const quote = text[i];
    if (quote !== '"' && quote !== "'") break;
    const close = text.indexOf(quote, i + 1);
    if (close === -1) break;
    const colon = qualified.lastIndexOf(':');
    attributes.set(
      colon === -1 ? qualified : qualified.slice(colon + 1),
      decodeEntities(text.slice(i + 1, close)),
    );
    i = close + 1;
  }
  return attributes;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references (one pass, no backtracking). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  let out = '';
  let at = 0;
  for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', at)) {
    const semi = text.indexOf(';', amp);
    const ref = semi === -1 || semi - amp > 10 ? '' : text.slice(amp + 1, semi);
    const decoded = decodeReference(ref);
    out += text.slice(at, amp) + (decoded ?? '&');
    at = decoded === undefined ? amp + 1 : semi + 1;
  }
  return out + text.slice(at);
}

function decodeReference(ref: string): string | undefined {
  if (ref.startsWith('#')) {
    const hex = ref[1] === 'x' || ref[1] === 'X';
    const digits = ref.slice(hex ? 2 : 1);
    if (digits === '' || !(hex ? /^[0-9a-f]+$/i : /^\d+$/).test(digits)) return undefined;
    const code = Number.parseInt(digits, hex ? 16 : 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  return NAMED_ENTITIES[ref.toLowerCase()];
}

/** The XML with every element named in `names` (and its content) removed, found by the same linear scan. */
export function removeElements(xml: string, names: ReadonlySet<string>): string {
  let out = '';
  let copiedTo = 0;
  let removing: { depth: number } | undefined;
  for (const tag of scanTags(xml)) {
    if (removing === undefined) {
      if (tag.closing || !names.has(tag.name)) continue;
      out += xml.slice(copiedTo, tag.start);
      if (tag.selfClosing) copiedTo = tag.end;
      else removing = { depth: tag.depth };
    } else if (tag.closing && tag.depth === removing.depth) {
      copiedTo = tag.end;
      removing = undefined;
    }
  }
  return removing === undefined ? out + xml.slice(copiedTo) : out;
}
