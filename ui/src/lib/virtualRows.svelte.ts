// A long table's rows, virtualised (TanStack Virtual): only the rows in and near the view are
// in the page, between two spacer rows (`before`, `after`) that keep the scrollbar true. The
// plan of actions and the risk register share it.

import { createVirtualizer, type VirtualItem } from '@tanstack/svelte-virtual';
import { fromStore, get } from 'svelte/store';
import { untrack } from 'svelte';

export type VirtualRows<T> = {
  /** The rows to draw, each with its place. */
  readonly drawn: { item: VirtualItem; value: T }[];
  /** The height of the rows not drawn above and below the drawn ones. */
  readonly before: number;
  readonly after: number;
  /**
   * Each drawn row is measured (`use:rows.measured`, in the frame after it is drawn), so a row
   * that wraps keeps the sum right.
   */
  measured: (node: HTMLTableRowElement) => void;
};

/**
 * Call once from a component's script. `scroller` is the element that scrolls, `body` the
 * table's body (the rows start below whatever comes before it in the scroller); `redo` is read
 * so that a change above the table (an error banner) moves the rows' start.
 */
export function virtualRows<T>(options: {
  items: () => readonly T[];
  key: (value: T) => string | number;
  scroller: () => HTMLElement | null;
  body: () => HTMLElement | null;
  row: number;
  redo?: () => unknown;
  /** Rows drawn beyond each end of the view (12 unless said). */
  overscan?: number;
}): VirtualRows<T> {
  const rows = createVirtualizer<HTMLElement, HTMLTableRowElement>({
    count: untrack(() => options.items().length),
    getScrollElement: options.scroller,
    estimateSize: () => options.row,
    overscan: options.overscan ?? 12,
    // Until the panel is measured, draw as if it were a tall window: the first rows at once.
    initialRect: { width: 1024, height: 1200 },
  });
  $effect(() => {
    const list = options.items();
    const keys = list.map(options.key);
    options.redo?.();
    const scroller = options.scroller();
    const body = options.body();
    // Where the rows start inside the scrolling panel (below the heading and the forms).
    const margin =
      scroller && body
        ? body.getBoundingClientRect().top -
          scroller.getBoundingClientRect().top +
          scroller.scrollTop
        : 0;
    get(rows).setOptions({
      count: list.length,
      getScrollElement: options.scroller,
      getItemKey: (i) => keys[i] ?? i,
      scrollMargin: margin,
    });
  });
  const waiting: HTMLTableRowElement[] = [];
  const view = fromStore(rows);
  const items = $derived(view.current.getVirtualItems());
  const drawn = $derived(
    items.flatMap((item) => {
      const value = options.items()[item.index];
      return value === undefined ? [] : [{ item, value }];
    }),
  );
  const before = $derived(
    (items[0]?.start ?? 0) - (items[0] ? view.current.options.scrollMargin : 0),
  );
  const after = $derived.by(() => {
    const last = items.at(-1);
    return last ? view.current.getTotalSize() + view.current.options.scrollMargin - last.end : 0;
  });
  return {
    get drawn() {
      return drawn;
    },
    get before() {
      return before;
    },
    get after() {
      return after;
    },
    measured(node) {
      // Measured together in the next frame, not one by one as they mount: each measurement
      // that changes a size redraws the rows, and forty of them in a row cost the view half of
      // its opening time (a thousand risks: 315 ms against 157 without measuring).
      waiting.push(node);
      if (waiting.length > 1) return;
      requestAnimationFrame(() => {
        const nodes = waiting.splice(0);
        const virtualizer = get(rows);
        for (const n of nodes) if (n.isConnected) virtualizer.measureElement(n);
      });
    },
  };
}
