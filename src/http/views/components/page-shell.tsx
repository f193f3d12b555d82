// What the public site and the staff side share in their page shell: the document head (fonts and design tokens
// served by the app, no favicon request), the skip link and the navigation list.

/** The `<head>`: the site's fonts, tokens and CSS, then any extra stylesheet (the staff side's). */
export function DocumentHead({
  title,
  extraStylesheets = [],
  noindex = false,
}: {
  title: string;
  extraStylesheets?: readonly string[];
  noindex?: boolean;
}) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      {noindex && <meta name="robots" content="noindex" />}
      <title>{title}</title>
      {/* No favicon request: the site has no icon of its own. */}
      <link rel="icon" href="data:," />
      <link rel="stylesheet" href="/assets/noto-sans-jp/400.css" />
      <link rel="stylesheet" href="/assets/noto-sans-jp/700.css" />
      <link rel="stylesheet" href="/assets/tokens/tokens.css" />
      <link rel="stylesheet" href="/assets/app/site.css" />
      {extraStylesheets.map((href) => (
        <link rel="stylesheet" href={href} />
      ))}
    </head>
  );
}

/** The first focusable element of every page. */
export const SkipLink = () => (
  <a class="skip-link" href="#main">
    本文へ移動
  </a>
);

/** A navigation list, the current page marked for assistive technology. */
export function NavList({
  label,
  items,
  current,
}: {
  label: string;
  items: readonly { readonly href: string; readonly label: string }[];
  current: (href: string) => boolean;
}) {
  return (
    <nav aria-label={label}>
      <ul class="site-nav">
        {items.map((item) => (
          <li>
            <a href={item.href} aria-current={current(item.href) ? 'page' : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
