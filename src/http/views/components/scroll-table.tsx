import type { Child } from 'hono/jsx';

export interface ScrollTableProps {
  /** Unique on the page: the caption's id is `${id}-caption`. */
  readonly id: string;
  readonly caption: Child;
  readonly class?: string;
  readonly children?: Child;
}

/**
 * A table with its caption inside a region that scrolls sideways on narrow screens (never clipped) and can be
 * reached and scrolled with the keyboard.
 */
export function ScrollTable({ id, caption, class: className, children }: ScrollTableProps) {
  const captionId = `${id}-caption`;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a keyboard-scrollable container named by its table's caption, not a section of the page
    <div class="table-scroll" role="region" aria-labelledby={captionId} tabindex={0}>
      <table id={id} class={className ? `data-table ${className}` : 'data-table'}>
        <caption id={captionId}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}
