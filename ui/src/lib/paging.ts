// Long lists drawn a page at a time: the first PAGE items at once, more when the end of the
// list scrolls into view (or on the "Show more" button, for the keyboard).

/** How many items a long list draws at a time. */
export const PAGE = 100;

type EndParams = { more: () => void; shown: number };

/**
 * A Svelte action for the element after a list: calls `more` while it is in view. It is
 * watched afresh whenever `shown` changes, so a list shorter than the window keeps filling it.
 */
export function onEndInView(node: HTMLElement, params: EndParams) {
  let current = params;
  const watch = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) current.more();
  });
  watch.observe(node);
  return {
    update(next: EndParams) {
      current = next;
      watch.unobserve(node);
      watch.observe(node);
    },
    destroy() {
      watch.disconnect();
    },
  };
}
