import { describe, expect, it } from 'vitest';
import { filtersFor, nextSorting, shownIds, visibilityFor, FIRST_SORTING } from './controlTable';
import { control } from './testing';

const list = [
  control('A.5.2', { owner: 'bo', status: 'implemented' }),
  control('A.5.10', { theme: 'People', target_date: '2026-03-01' }),
  control('A.5.1', { owner: 'Ana', title: 'Policies for information security' }),
  control('A.5.3', { owner: 'Bo', status: 'partially_implemented', target_date: '2026-01-15' }),
];

describe('the table engine', () => {
  it('opens in id order, by the numbers in the ids', () => {
    expect(shownIds(list, [])).toEqual(['A.5.1', 'A.5.2', 'A.5.3', 'A.5.10']);
  });

  it('sorts by a column with empty values last and ties in id order, either way round', () => {
    const byOwner = nextSorting(FIRST_SORTING, 'owner');
    expect(shownIds(list, [], byOwner)).toEqual(['A.5.1', 'A.5.2', 'A.5.3', 'A.5.10']);
    const reversed = nextSorting(byOwner, 'owner');
    expect(reversed[0]).toEqual({ id: 'owner', desc: true });
    // "bo" and "Bo" tie (case is ignored) and stay in id order; no owner stays last.
    expect(shownIds(list, [], reversed)).toEqual(['A.5.2', 'A.5.3', 'A.5.1', 'A.5.10']);
    expect(shownIds(list, [], nextSorting(FIRST_SORTING, 'id'))).toEqual([
      'A.5.10',
      'A.5.3',
      'A.5.2',
      'A.5.1',
    ]);
  });

  it('sorts status in its own order and target dates with the empty ones last', () => {
    expect(shownIds(list, [], nextSorting(FIRST_SORTING, 'status'))).toEqual([
      'A.5.1',
      'A.5.10',
      'A.5.3',
      'A.5.2',
    ]);
    const late = nextSorting(nextSorting(FIRST_SORTING, 'target'), 'target');
    expect(shownIds(list, [], late)).toEqual(['A.5.10', 'A.5.3', 'A.5.1', 'A.5.2']);
  });

  it('filters by text (id, title or owner, accents and case ignored), theme and status', () => {
    expect(shownIds(list, filtersFor('  POLICIES ', '', ''))).toEqual(['A.5.1']);
    expect(shownIds(list, filtersFor('a.5.1', '', ''))).toEqual(['A.5.1', 'A.5.10']);
    expect(shownIds(list, filtersFor('bó', '', ''))).toEqual(['A.5.2', 'A.5.3']);
    expect(shownIds(list, filtersFor('', 'People', ''))).toEqual(['A.5.10']);
    expect(shownIds(list, filtersFor('bo', '', 'partially_implemented'))).toEqual(['A.5.3']);
    expect(filtersFor(' ', '', '')).toEqual([]);
  });

  it('hides the chosen columns and never shows the filter-only ones', () => {
    expect(visibilityFor(['owner'])).toEqual({ search: false, theme: false, owner: false });
  });
});
