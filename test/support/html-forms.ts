// Reading a server-rendered form the way a browser submits it, for HTTP tests that fill in staff forms.

/** Undoes the HTML escaping of attribute values and text. */
export const unescapeHtml = (text: string): string =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

const attributes = (tag: string): Map<string, string> =>
  new Map(
    [...tag.matchAll(/([\w.:-]+)(?:="([^"]*)")?/g)].map((m) => [m[1] as string, unescapeHtml(m[2] ?? '')]),
  );

/**
 * What a browser would send for the forms of a page (the first field of a name wins): inputs, checked boxes,
 * textareas and selects. `from` starts reading at the first occurrence of that text (e.g. a form's class).
 */
export function formFields(html: string, from?: string): Record<string, string> {
  const page = from === undefined ? html : html.slice(Math.max(0, html.indexOf(from)));
  const fields: Record<string, string> = {};
  for (const [, tag = ''] of page.matchAll(/<input\b([^>]*)>/g)) {
    const a = attributes(tag);
    const name = a.get('name');
    if (name === undefined) continue;
    if ((a.get('type') === 'checkbox' || a.get('type') === 'radio') && !a.has('checked')) continue;
    fields[name] ??= a.get('value') ?? '';
  }
  for (const [, tag = '', content = ''] of page.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attributes(tag).get('name');
    if (name !== undefined) fields[name] ??= unescapeHtml(content);
  }
  for (const [, tag = '', options = ''] of page.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attributes(tag).get('name');
    const all = [...options.matchAll(/<option\b([^>]*)>/g)].map((m) => attributes(m[1] ?? ''));
    const chosen = all.find((o) => o.has('selected')) ?? all[0];
    if (name !== undefined && chosen !== undefined) fields[name] ??= chosen.get('value') ?? '';
  }
  return fields;
}
