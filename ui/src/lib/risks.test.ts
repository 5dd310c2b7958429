import { describe, expect, it } from 'vitest';
import type { RiskMethodView, RiskView } from './bindings';
import { NO_FILTER, levelColour, matches, ratingWords, sorted } from './risks';

const scale = (names: string[]) =>
  names.map((name, i) => ({ value: i + 1, name, description: '' }));

const METHOD: RiskMethodView = {
  preset: '3x3',
  likelihood: scale(['rare', 'possible', 'likely']),
  impact: scale(['minor', 'moderate', 'major']),
  levels: [
    { name: 'low', colour: '#2e7d32', up_to: 2, acceptable: true },
    { name: 'medium', colour: '#f9a825', up_to: 4, acceptable: false },
    { name: 'high', colour: '#c62828', up_to: 9, acceptable: false },
  ],
  matrix: [],
  acceptable: 'low',
  review_months: 12,
  triggers: '',
  approved_by: null,
  approved_at: null,
};

function risk(n: number, over: Partial<RiskView>): RiskView {
  return {
    id: `R-${String(n).padStart(3, '0')}`,
    kind: 'security',
    title: `Risk ${n}`,
    scenario: '',
    threat: '',
    vulnerability: '',
    concerns: [],
    assets: [],
    owner: null,
    likelihood: 1,
    impact: 1,
    level: 'low',
    acceptable: true,
    rated_on: '2026-12-01',
    treatment: null,
    controls: [],
    own_controls: [],
    actions: [],
    target_likelihood: null,
    target_impact: null,
    target_level: null,
    residual_level: 'low',
    status: 'open',
    next_review: null,
    plan_approved_by: null,
    plan_approved_at: null,
    accepted_by: null,
    accepted_at: null,
    accepted_until: null,
    accepted_note: null,
    acceptance: 'none',
    updated_at: '',
    ...over,
  };
}

const R = [
  risk(1, {
    title: 'Ransomware',
    owner: 'Ana',
    likelihood: 3,
    impact: 3,
    level: 'high',
    acceptable: false,
    treatment: 'modify',
    threat: 'criminals',
  }),
  risk(2, { title: 'Laptop theft', owner: 'Ben', likelihood: 1, impact: 2, level: 'low' }),
  risk(3, {
    title: 'Supplier outage',
    likelihood: 2,
    impact: 2,
    level: 'medium',
    acceptable: false,
    treatment: 'share',
    status: 'planned',
  }),
  risk(10, {
    title: 'Phishing',
    owner: 'Ana',
    likelihood: 3,
    impact: 1,
    level: 'medium',
    acceptable: false,
    target_likelihood: 1,
    target_impact: 1,
    target_level: 'low',
  }),
];

const ids = (list: RiskView[]) => list.map((r) => r.id);

describe('the register filters', () => {
  it('keeps risks by owner, and "-" keeps those without one', () => {
    expect(ids(R.filter((r) => matches(r, { ...NO_FILTER, owner: 'Ana' })))).toEqual([
      'R-001',
      'R-010',
    ]);
    expect(ids(R.filter((r) => matches(r, { ...NO_FILTER, owner: '-' })))).toEqual(['R-003']);
  });

  it('keeps a level, or every risk above the criteria', () => {
    expect(ids(R.filter((r) => matches(r, { ...NO_FILTER, level: 'medium' })))).toEqual([
      'R-003',
      'R-010',
    ]);
    expect(ids(R.filter((r) => matches(r, { ...NO_FILTER, level: 'above' })))).toEqual([
      'R-001',
      'R-003',
      'R-010',
    ]);
  });

  it('keeps a treatment, "none" for none chosen, and a status', () => {
    expect(ids(R.filter((r) => matches(r, { ...NO_FILTER, treatment: 'none' })))).toEqual([
      'R-002',
      'R-010',
    ]);
    expect(
      ids(R.filter((r) => matches(r, { ...NO_FILTER, treatment: 'share', status: 'planned' }))),
    ).toEqual(['R-003']);
    expect(
      ids(R.filter((r) => matches(r, { ...NO_FILTER, treatment: 'share', status: 'open' }))),
    ).toEqual([]);
  });

  it('finds every word typed in the id, title or threat', () => {
    expect(ids(R.filter((r) => matches(r, { ...NO_FILTER, text: 'CRIMINALS ransom' })))).toEqual([
      'R-001',
    ]);
    expect(ids(R.filter((r) => matches(r, { ...NO_FILTER, text: 'r-010' })))).toEqual(['R-010']);
  });
});

describe('the register sorts', () => {
  it('by number, not as text (R-010 after R-003)', () => {
    expect(ids(sorted(R, METHOD, 'id', false))).toEqual(['R-001', 'R-002', 'R-003', 'R-010']);
    expect(ids(sorted(R, METHOD, 'id', true))).toEqual(['R-010', 'R-003', 'R-002', 'R-001']);
  });

  it('by rating: the level first, then likelihood × impact', () => {
    // R-003 (medium, 2 × 2 = 4) is above R-010 (medium, 3 × 1 = 3).
    expect(ids(sorted(R, METHOD, 'rating', true))).toEqual(['R-001', 'R-003', 'R-010', 'R-002']);
  });

  it('by owner, those without one last', () => {
    expect(ids(sorted(R, METHOD, 'owner', false))).toEqual(['R-001', 'R-010', 'R-002', 'R-003']);
  });

  it('by target, risks without one first when ascending', () => {
    expect(ids(sorted(R, METHOD, 'target', false))[3]).toBe('R-010');
  });
});

describe('the levels in words and colour', () => {
  it('names both scales', () => {
    expect(ratingWords(METHOD, 3, 2)).toBe('likelihood 3 (likely) × impact 2 (moderate)');
  });
  it('gives each level its colour', () => {
    expect(levelColour(METHOD, 'high')).toBe('#c62828');
    expect(levelColour(METHOD, 'nope')).toBe('transparent');
  });
});
