import { describe, expect, it } from 'vitest';
import type { ControlStateView } from './bindings';
import { applicableValue, isLate, isShown, parseApplicable, percent, todayIso } from './assessment';

function state(extra: Partial<ControlStateView>): ControlStateView {
  return {
    id: 'A.5.1',
    title: 'Policies for information security',
    theme: 'Organizational',
    applicable: true,
    justification: '',
    reasons: [],
    risks: [],
    status: 'planned',
    maturity: null,
    owner: null,
    contributors: [],
    target_date: '2026-06-30',
    priority: null,
    current_state: '',
    gap: '',
    updated_at: null,
    evidence_count: 0,
    ...extra,
  };
}

describe('assessment helpers', () => {
  it('round-trips applicability through the select values', () => {
    for (const a of [true, false, null]) expect(parseApplicable(applicableValue(a))).toBe(a);
  });

  it('flags late controls only when unfinished, applicable and past the date', () => {
    expect(isLate(state({}), '2026-07-01')).toBe(true);
    expect(isLate(state({}), '2026-06-30')).toBe(false);
    expect(isLate(state({ status: 'implemented' }), '2026-07-01')).toBe(false);
    expect(isLate(state({ applicable: false }), '2026-07-01')).toBe(false);
    expect(isLate(state({ target_date: null }), '2026-07-01')).toBe(false);
  });

  it('formats scores and dates', () => {
    expect(percent(0.625)).toBe('63%');
    expect(todayIso(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});

describe('isShown', () => {
  const today = '2026-12-07';
  it('narrows the table as the dashboard counts', () => {
    const late = state({ status: 'planned', target_date: '2026-12-01', owner: 'Ana' });
    const unowned = state({ applicable: true, owner: null, target_date: null });
    const undecided = state({ applicable: null, target_date: null });
    const done = state({ status: 'implemented', target_date: '2026-12-01', owner: 'Ana' });
    expect([late, unowned, undecided, done].map((c) => isShown(c, 'late', today))).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect([late, unowned, undecided].map((c) => isShown(c, 'unowned', today))).toEqual([
      false,
      true,
      false,
    ]);
    expect([late, unowned, undecided].map((c) => isShown(c, 'undecided', today))).toEqual([
      false,
      false,
      true,
    ]);
    expect(isShown(done, '', today)).toBe(true);
  });
});
