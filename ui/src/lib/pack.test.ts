import { describe, expect, it } from 'vitest';
import type { Finding, PackData } from './bindings';
import {
  evidenceOf,
  groupFindings,
  parseControlList,
  signatureText,
  subjectLabel,
  suggestedPackName,
  suggestedReportName,
} from './pack';

describe('groupFindings', () => {
  it('groups by kind in order of first appearance', () => {
    const f = (kind: Finding['kind'], subject: string): Finding => ({ kind, subject, message: '' });
    const groups = groupFindings([
      f('no_owner', 'A.5.1'),
      f('undecided', 'A.5.2'),
      f('no_owner', 'A.5.3'),
    ]);
    expect(groups.map((g) => [g.kind, g.items.map((i) => i.subject)])).toEqual([
      ['no_owner', ['A.5.1', 'A.5.3']],
      ['undecided', ['A.5.2']],
    ]);
    expect(groups[0]?.label).toBe('Applicable without an owner');
  });
});

describe('subjectLabel', () => {
  it('reads typed subjects as people write them', () => {
    expect(subjectLabel('control:A.5.1')).toBe('A.5.1');
    expect(subjectLabel('evidence:12')).toBe('#12');
    expect(subjectLabel('document:risk-treatment-plan')).toBe('risk-treatment-plan');
    expect(subjectLabel('history:chain')).toBe('History');
    expect(subjectLabel('plain')).toBe('plain');
  });
});

describe('parseControlList', () => {
  it('splits on commas, semicolons and spaces', () => {
    expect(parseControlList(' A.5.1, 5.2;8.1\n')).toEqual(['A.5.1', '5.2', '8.1']);
    expect(parseControlList('  ')).toEqual([]);
  });
});

describe('suggestedPackName', () => {
  it('makes the organisation safe for a file name', () => {
    expect(suggestedPackName('Müller & Söhne GmbH', '2026-11-23')).toBe(
      'muller-sohne-gmbh-audit-pack-2026-11-23.zip',
    );
    expect(suggestedPackName('<>', '2026-11-23')).toBe('organisation-audit-pack-2026-11-23.zip');
  });
});

describe('suggestedReportName', () => {
  it('names the board report after the organisation and the day, as a PDF', () => {
    expect(suggestedReportName('Łódź Ørsted AB', '2026-12-02')).toBe(
      'odz-rsted-ab-board-report-2026-12-02.pdf',
    );
    expect(suggestedReportName('', '2026-12-02')).toBe('organisation-board-report-2026-12-02.pdf');
  });
});

describe('evidenceOf', () => {
  it('keeps the order of the ids and skips unknown ones', () => {
    const data = { evidence: [{ id: 1 }, { id: 2 }] } as unknown as PackData;
    expect(evidenceOf(data, [2, 9, 1]).map((e) => e.id)).toEqual([2, 1]);
  });
});

describe('signatureText', () => {
  const sig = (check: 'trusted' | 'pack_key' | 'failed', detail = '') => ({
    key_id: 'A1B2C3D4E5F60718',
    statement: 'Annexa audit pack of Acme, signed by Acme ISMS',
    check,
    detail,
  });

  it('says how far a signature checks, and what it shows', () => {
    expect(signatureText(null).tone).toBe('none');
    const trusted = signatureText(sig('trusted'));
    expect(trusted.tone).toBe('ok');
    expect(trusted.text).toContain('the key you trust, key ID A1B2C3D4E5F60718');
    const carried = signatureText(sig('pack_key'));
    expect(carried.tone).toBe('warn');
    expect(carried.text).toContain('Compare the key ID with the one the sender gave you');
    expect(carried.text).toContain('signed by Acme ISMS');
    const failed = signatureText(sig('failed', 'the signature does not match the manifest'));
    expect(failed.tone).toBe('error');
    expect(failed.text).toContain('does not match the manifest');
  });
});
