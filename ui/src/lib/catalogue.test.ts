import { describe, expect, it } from 'vitest';
import type { ControlView } from './bindings';
import {
  attributeValues,
  filterControls,
  fold,
  NO_FILTER,
  queryTerms,
  themeCounts,
} from './catalogue';

function control(id: string, title: string, extra: Partial<ControlView> = {}): ControlView {
  return {
    id,
    theme: 'Organizational',
    title,
    aliases: [],
    attributes: {
      control_type: ['Preventive'],
      information_security_properties: ['Confidentiality'],
      cybersecurity_concepts: ['Identify'],
      operational_capabilities: ['Governance'],
      security_domains: ['Governance_and_Ecosystem'],
    },
    summary: '',
    guidance: '',
    typical_evidence: [],
    responsible: ['management'],
    new_in_2022: false,
    ids_2013: [],
    documents: [],
    ...extra,
  };
}

const controls = [
  control('A.5.1', 'Policies for information security', { guidance: 'Board approves the policy.' }),
  control('A.5.7', 'Threat intelligence', { new_in_2022: true }),
  control('A.8.13', 'Information backup', {
    theme: 'Technological',
    guidance: 'Keep an immutable copy and test restores.',
    attributes: {
      control_type: ['Corrective'],
      information_security_properties: ['Integrity', 'Availability'],
      cybersecurity_concepts: ['Recover'],
      operational_capabilities: ['Continuity'],
      security_domains: ['Protection'],
    },
  }),
  control('A.8.1', 'User end point devices', { theme: 'Technological' }),
];

const ids = (list: ControlView[]) => list.map((c) => c.id);

describe('search', () => {
  it('finds a control by its id with or without the A. prefix', () => {
    expect(ids(filterControls(controls, { ...NO_FILTER, query: 'A.8.13' }))).toEqual(['A.8.13']);
    expect(ids(filterControls(controls, { ...NO_FILTER, query: '8.13' }))).toEqual(['A.8.13']);
  });

  it('ranks title matches above guidance matches', () => {
    const found = filterControls(controls, { ...NO_FILTER, query: 'information' });
    expect(ids(found)).toEqual(['A.5.1', 'A.8.13']);
    const policy = filterControls(controls, { ...NO_FILTER, query: 'policy' });
    expect(ids(policy)).toEqual(['A.5.1']);
  });

  it('finds a control by another name it goes by, ranked as a title match', () => {
    const named = [
      control('A.5.2', 'Roles', { guidance: 'The register of tasks.' }),
      control('A.5.34', 'Privacy and protection of personal data', { aliases: ['PII register'] }),
    ];
    expect(ids(filterControls(named, { ...NO_FILTER, query: 'register' }))).toEqual([
      'A.5.34',
      'A.5.2',
    ]);
  });

  it('requires every word and ignores case and accents', () => {
    expect(ids(filterControls(controls, { ...NO_FILTER, query: 'IMMUTABLE restores' }))).toEqual([
      'A.8.13',
    ]);
    expect(ids(filterControls(controls, { ...NO_FILTER, query: 'immutable board' }))).toEqual([]);
    expect(fold('Sécurité')).toBe('securite');
  });

  it('an id prefix lists the clause', () => {
    expect(queryTerms('a.8')).toEqual(['8']);
    expect(ids(filterControls(controls, { ...NO_FILTER, query: '8' }))).toEqual([
      'A.8.13',
      'A.8.1',
    ]);
  });
});

describe('filters', () => {
  it('filters by theme and by attribute value', () => {
    expect(ids(filterControls(controls, { ...NO_FILTER, theme: 'Technological' }))).toEqual([
      'A.8.13',
      'A.8.1',
    ]);
    const recover = filterControls(controls, {
      ...NO_FILTER,
      attribute: { name: 'cybersecurity_concepts', value: 'Recover' },
    });
    expect(ids(recover)).toEqual(['A.8.13']);
  });

  it('counts attribute values and themes', () => {
    expect(attributeValues(controls, 'control_type')).toEqual([
      { value: 'Corrective', count: 1 },
      { value: 'Preventive', count: 3 },
    ]);
    expect(themeCounts(controls)).toEqual({
      Organizational: 2,
      People: 0,
      Physical: 0,
      Technological: 2,
    });
  });
});
