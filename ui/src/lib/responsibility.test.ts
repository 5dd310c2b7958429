import { describe, expect, it } from 'vitest';
import { control as aControl } from './testing';
import type { ControlStateView, PersonView } from './bindings';
import { loadOf, responsibilityMatrix } from './responsibility';

// Applicable unless a test says otherwise: the matrix leaves excluded controls out.
const control = (id: string, fields: Partial<ControlStateView> = {}) =>
  aControl(id, { applicable: true, ...fields });

const person = (name: string, department: PersonView['department']): PersonView => ({
  name,
  role: '',
  department,
  email: '',
});

describe('responsibilityMatrix', () => {
  const people = [person('Ana', 'security'), person('Bo', 'it'), person('Cy', null)];
  const controls = [
    control('A.5.1', { owner: 'Ana', contributors: ['Bo'] }),
    control('A.5.2'),
    control('A.7.4', { applicable: false, owner: 'Bo' }),
    control('A.8.1', { applicable: null, owner: 'Cy', contributors: ['Dee'] }),
  ];
  const m = responsibilityMatrix(controls, people, ['management', 'it', 'security']);

  it('has a column per department with people in it, in the given order, then none', () => {
    expect(m.columns.map((c) => c.department)).toEqual(['it', 'security', null]);
  });

  it('names owners and contributors in their department, and leaves out excluded controls', () => {
    expect(m.rows.map((r) => r.control.id)).toEqual(['A.5.1', 'A.5.2', 'A.8.1']);
    expect(m.rows[0]?.cells).toEqual([
      [{ name: 'Bo', role: 'contributor' }],
      [{ name: 'Ana', role: 'owner' }],
      [],
    ]);
    // Someone not in the directory counts as having no department.
    expect(m.rows[2]?.cells[2]).toEqual([
      { name: 'Cy', role: 'owner' },
      { name: 'Dee', role: 'contributor' },
    ]);
  });

  it('flags applicable controls that no one owns, not undecided ones', () => {
    expect(m.rows.map((r) => r.unowned)).toEqual([false, true, false]);
  });
});

describe('loadOf', () => {
  it('counts what a person owns, contributes to, has done and has late', () => {
    const controls = [
      control('A.5.1', { owner: 'Ana', status: 'implemented' }),
      control('A.5.2', { owner: 'Ana', target_date: '2026-01-01' }),
      control('A.5.3', { contributors: ['Ana'] }),
    ];
    expect(loadOf('Ana', controls, '2026-06-01')).toEqual({
      owns: 2,
      contributes: 1,
      done: 1,
      late: ['A.5.2'],
    });
  });
});
