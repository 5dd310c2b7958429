import { describe, expect, it } from 'vitest';
import type { HistoryView } from './bindings';
import { changeText, readableTime, valueText } from './history';

const change = (field: string, old_value: string | null, new_value: string | null) =>
  ({
    at: '2026-12-07T20:46:07.155Z',
    actor: 'Ana',
    subject: 'control:A.5.1',
    field,
    old_value,
    new_value,
  }) as HistoryView;

describe('changeText', () => {
  it('says a change with the labels the window shows, not the stored values', () => {
    expect(changeText(change('status', 'not_assessed', 'partially_implemented'))).toEqual({
      field: 'Status',
      from: 'Not assessed',
      to: 'Partially implemented',
    });
    expect(changeText(change('applicable', 'undecided', 'yes'))).toEqual({
      field: 'Applicable',
      from: 'Not decided',
      to: 'Yes',
    });
    expect(changeText(change('evidence', null, '#1')).to).toBe('evidence #1');
    expect(changeText(change('target_date', null, '2027-03-31'))).toEqual({
      field: 'Target date',
      from: '–',
      to: '2027-03-31',
    });
  });

  it('names maturity and reasons, and leaves text from people as it is', () => {
    expect(valueText('maturity', '2')).toBe('2 Repeatable');
    expect(valueText('reasons', 'risk_assessment,contractual')).toBe(
      'Risk assessment, Contractual',
    );
    expect(valueText('gap', 'not_assessed <b>')).toBe('not_assessed <b>');
  });
});

describe('readableTime', () => {
  it('shows a stored UTC time in the reader’s zone, and anything else as it is', () => {
    expect(readableTime('2026-12-07T20:46:07.155Z', 'UTC')).toBe('7 Dec 2026, 20:46');
    expect(readableTime('2026-12-07T20:46:07.155Z', 'Europe/Berlin')).toBe('7 Dec 2026, 21:46');
    expect(readableTime('not a time')).toBe('not a time');
  });
});
