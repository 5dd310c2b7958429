// The assessment table's model on TanStack Table's engine: which controls show (the filter
// row), in which order (the sortable headers), which columns (the column chooser) and which
// rows are picked for a change to all of them. The markup stays the view's own; this file
// holds only the engine's setup, so that Vitest runs the same model the window does.

import {
  columnFilteringFeature,
  columnVisibilityFeature,
  constructTable,
  createFilteredRowModel,
  createSortedRowModel,
  rowSelectionFeature,
  rowSortingFeature,
  sortFn_basic,
  tableFeatures,
  type ColumnDef,
  type ColumnFiltersState,
  type Row,
  type SortingState,
} from '@tanstack/table-core';
import { storeReactivityBindings } from '@tanstack/table-core/store-reactivity-bindings';
import type { ControlStateView, Status, Theme } from './bindings';
import { STATUSES } from './assessment';
import { fold } from './catalogue';
import { compareIds } from './workshop';
import type { ColumnKey } from './columns';

export const features = tableFeatures({
  columnFilteringFeature,
  filteredRowModel: createFilteredRowModel(),
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  columnVisibilityFeature,
  rowSelectionFeature,
});

type Features = typeof features;
export type ControlRow = Row<Features, ControlStateView>;

/** The columns that can be sorted by their header. */
export type SortColumn = 'id' | 'status' | 'owner' | 'target';

const byId = (a: ControlRow, b: ControlRow) => compareIds(a.original.id, b.original.id);
const equals = (row: ControlRow, id: string, value: unknown) => row.getValue(id) === value;

/**
 * Every column the engine knows: the shown ones by the keys of the column chooser, and two
 * that only filter (the theme, and the text the filter box searches). Empty owners and
 * target dates sort last whichever the direction; ties keep the catalogue's order.
 */
export const columns: ColumnDef<Features, ControlStateView, unknown>[] = [
  { id: 'id', accessorFn: (c) => c.id, sortFn: byId, enableHiding: false },
  {
    id: 'search',
    accessorFn: (c) => fold(`${c.id} ${c.title} ${c.owner ?? ''}`),
    filterFn: (row, id, q: string) => String(row.getValue(id)).includes(q),
    enableSorting: false,
  },
  { id: 'theme', accessorFn: (c) => c.theme, filterFn: equals, enableSorting: false },
  { id: 'applicable', accessorFn: (c) => c.applicable, enableSorting: false },
  {
    id: 'status',
    accessorFn: (c) => STATUSES.indexOf(c.status),
    filterFn: (row, _id, value: Status) => row.original.status === value,
    sortFn: sortFn_basic,
  },
  {
    id: 'owner',
    accessorFn: (c) => c.owner?.toLowerCase() ?? undefined,
    sortFn: sortFn_basic,
    sortUndefined: 'last',
  },
  { id: 'maturity', accessorFn: (c) => c.maturity, enableSorting: false },
  {
    id: 'target',
    accessorFn: (c) => c.target_date ?? undefined,
    sortFn: sortFn_basic,
    sortUndefined: 'last',
  },
  { id: 'evidence', accessorFn: (c) => c.evidence_count, enableSorting: false },
];

/** The filter row's three fields as the engine's column filters (empty ones left out). */
export function filtersFor(
  query: string,
  theme: Theme | '',
  status: Status | '',
): ColumnFiltersState {
  const q = fold(query.trim()).replace(/^a\./, '');
  const filters: ColumnFiltersState = [];
  if (q) filters.push({ id: 'search', value: q });
  if (theme) filters.push({ id: 'theme', value: theme });
  if (status) filters.push({ id: 'status', value: status });
  return filters;
}

/** The column chooser's hidden columns as the engine's visibility (the filter-only ones never show). */
export function visibilityFor(hidden: readonly ColumnKey[]): Record<string, boolean> {
  return {
    search: false,
    theme: false,
    ...Object.fromEntries(hidden.map((key) => [key, false])),
  };
}

/**
 * A header's click: the same column again turns its order round; another one sorts
 * ascending. Ties between equal values stay in id order, whichever the direction.
 */
export function nextSorting(current: SortingState, column: SortColumn): SortingState {
  const now = current[0];
  const first = { id: column, desc: now?.id === column ? !now.desc : false };
  return column === 'id' ? [first] : [first, { id: 'id', desc: false }];
}

/** The table opens in the catalogue's order. */
export const FIRST_SORTING: SortingState = [{ id: 'id', desc: false }];

/** The common options of the window's table and of `shownIds` (the row's id is the control's). */
export const baseOptions = {
  features,
  columns,
  getRowId: (c: ControlStateView) => c.id,
  enableSortingRemoval: false,
  enableMultiSort: false,
} as const;

/** The ids the table shows for these controls, filters and order: the engine, without a window. */
export function shownIds(
  controls: ControlStateView[],
  filters: ColumnFiltersState,
  sorting: SortingState = FIRST_SORTING,
): string[] {
  const table = constructTable({
    ...baseOptions,
    // Outside Svelte the engine keeps its state in TanStack Store (the window's adapter
    // puts Svelte's own reactivity in this slot).
    features: Object.assign({ coreReactivityFeature: storeReactivityBindings() }, features),
    data: controls,
    state: { columnFilters: filters, sorting },
  });
  return table.getRowModel().rows.map((r) => r.id);
}
