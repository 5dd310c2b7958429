// What the unit tests share: a control's state with every field at its default.

import type { ControlStateView } from './bindings';

/** A control as the assessment reads it, undecided and not assessed unless `fields` say. */
export function control(id: string, fields: Partial<ControlStateView> = {}): ControlStateView {
  return {
    id,
    title: id,
    theme: 'Organizational',
    applicable: null,
    justification: '',
    reasons: [],
    risks: [],
    status: 'not_assessed',
    maturity: null,
    owner: null,
    contributors: [],
    target_date: null,
    priority: null,
    current_state: '',
    gap: '',
    updated_at: null,
    evidence_count: 0,
    ...fields,
  };
}
