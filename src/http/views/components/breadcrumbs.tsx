export interface Crumb {
  readonly label: string;
  readonly href?: string;
}

/** Where the page is: links up to the top page, the current page last and unlinked. */
export function Breadcrumbs({ items }: { items: readonly Crumb[] }) {
  return (
    <nav class="breadcrumbs" aria-label="パンくずリスト">
      <ol>
        {items.map((item) => (
          <li>
            {item.href === undefined ? (
              <span aria-current="page">{item.label}</span>
            ) : (
              <a href={item.href}>{item.label}</a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
