// Long lists drawn a page at a time: the first FIRST_PAGE items at once (a screenful and a
// half, so the view opens quickly), PAGE more whenever the end of the list scrolls into view
// (or on the "Show more" button, for the keyboard).

/** How many items a long list draws when it opens. */
export const FIRST_PAGE = 40;

/** How many more items a long list draws each time its end comes near. */
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
