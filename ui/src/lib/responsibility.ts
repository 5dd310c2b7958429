// Who answers for what: the responsibility matrix (controls against departments, each cell
// naming the people who own or contribute) and the counts per person. Pure, for Vitest.

import type { ControlStateView, Party, PersonView } from './bindings';
import { isLate } from './assessment';

export type Role = 'owner' | 'contributor';

/** A department column; `null` holds the people with no department. */
export type Column = { department: Party | null };

export type Cell = { name: string; role: Role }[];

export type MatrixRow = { control: ControlStateView; cells: Cell[]; unowned: boolean };

export type Matrix = { columns: Column[]; rows: MatrixRow[] };

/**
 * The matrix of the controls that apply or may apply (excluded ones are left out), against the
 * departments that have people, in `order`; a name not in the directory counts as having no
 * department.
 */
export function responsibilityMatrix(
  controls: ControlStateView[],
  people: PersonView[],
  order: readonly Party[],
): Matrix {
  const department = new Map(people.map((p) => [p.name, p.department]));
  const used = new Set<Party | null>();
  for (const c of controls) {
    for (const name of [c.owner, ...c.contributors]) {
      if (name) used.add(department.get(name) ?? null);
    }
  }
  const columns: Column[] = [
    ...order.filter((d) => used.has(d)).map((d) => ({ department: d })),
    ...(used.has(null) ? [{ department: null }] : []),
  ];
  const rows = controls
    .filter((c) => c.applicable !== false)
    .map((control) => {
      const cells: Cell[] = columns.map(() => []);
      const place = (name: string, role: Role) => {
        const at = columns.findIndex((col) => col.department === (department.get(name) ?? null));
        if (at >= 0) cells[at]?.push({ name, role });
      };
      if (control.owner) place(control.owner, 'owner');
      for (const name of control.contributors) place(name, 'contributor');
      return { control, cells, unowned: control.applicable === true && !control.owner };
    });
  return { columns, rows };
}

export type PersonLoad = { owns: number; contributes: number; done: number; late: string[] };

/** What each person owns, contributes to, has implemented and has late, as of `today`. */
export function loadOf(name: string, controls: ControlStateView[], today: string): PersonLoad {
  const owns = controls.filter((c) => c.owner === name);
  return {
    owns: owns.length,
    contributes: controls.filter((c) => c.contributors.includes(name)).length,
    done: owns.filter((c) => c.status === 'implemented').length,
    late: owns.filter((c) => isLate(c, today)).map((c) => c.id),
  };
}
