// Browsing the catalogue: filtering by theme and attribute, and full-text search over id, title
// (and the other names a control goes by), summary and guidance. Pure functions, so they are
// unit-tested without a window.

import type { AttributesView, ControlView, Party, Theme } from './bindings';

export type AttributeName = keyof AttributesView;

export const ATTRIBUTE_NAMES: readonly AttributeName[] = [
  'control_type',
  'information_security_properties',
  'cybersecurity_concepts',
  'operational_capabilities',
  'security_domains',
];

export const ATTRIBUTE_LABELS: Record<AttributeName, string> = {
  control_type: 'Control type',
  information_security_properties: 'Security properties',
  cybersecurity_concepts: 'Cybersecurity concepts',
  operational_capabilities: 'Operational capabilities',
  security_domains: 'Security domains',
};

export const THEMES: readonly Theme[] = ['Organizational', 'People', 'Physical', 'Technological'];

export const PARTY_LABELS: Record<Party, string> = {
  management: 'Management',
  it: 'IT',
  security: 'Security function',
  hr: 'HR',
  facilities: 'Facilities',
  legal_compliance: 'Legal and compliance',
  all_staff: 'All staff',
  suppliers: 'Suppliers',
};

export interface ControlFilter {
  query: string;
  theme: Theme | null;
  attribute: { name: AttributeName; value: string } | null;
}

export const NO_FILTER: ControlFilter = { query: '', theme: null, attribute: null };

/** `Governance_and_Ecosystem` → `Governance and Ecosystem`. */
export function attributeLabel(value: string): string {
  return value.replaceAll('_', ' ');
}

/** Lower case without diacritics, so `organisation` finds `Organisation` and `sécurité`. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The query's words; an id written `A.5.1` or `a.5.1` becomes `5.1`. */
export function queryTerms(query: string): string[] {
  return fold(query)
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .map((t) => t.replace(/^a\.(?=\d)/, ''));
}

/**
 * How well a control matches the search terms: 0 when a term is missing anywhere; otherwise
 * higher for matches on the id, then the title, then the summary and guidance.
 */
export function score(control: ControlView, terms: string[]): number {
  if (terms.length === 0) return 1;
  const title = fold([control.title, ...control.aliases].join(' · '));
  const body = fold(`${control.summary} ${control.guidance} ${control.typical_evidence.join(' ')}`);
  const id = control.id.replace(/^A\./, '');
  let total = 0;
  for (const term of terms) {
    if (id === term) total += 100;
    else if (id.startsWith(`${term}.`)) total += 50;
    else if (title.includes(term)) total += 10;
    else if (body.includes(term)) total += 1;
    else return 0;
  }
  return total;
}

/** The controls that pass the filter, best search matches first, otherwise in id order. */
export function filterControls(controls: ControlView[], filter: ControlFilter): ControlView[] {
  const terms = queryTerms(filter.query);
  const scored: { control: ControlView; score: number; index: number }[] = [];
  controls.forEach((control, index) => {
    if (filter.theme && control.theme !== filter.theme) return;
    if (filter.attribute) {
      const values: readonly string[] = control.attributes[filter.attribute.name];
      if (!values.includes(filter.attribute.value)) return;
    }
    const s = score(control, terms);
    if (s > 0) scored.push({ control, score: s, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((s) => s.control);
}

/** Every value an attribute takes across the controls, sorted, with how many controls have it. */
export function attributeValues(
  controls: ControlView[],
  name: AttributeName,
): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const control of controls) {
    for (const value of control.attributes[name] as readonly string[]) {
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => a.value.localeCompare(b.value));
}

/** How many controls each theme has. */
export function themeCounts(controls: ControlView[]): Record<Theme, number> {
  const counts: Record<Theme, number> = {
    Organizational: 0,
    People: 0,
    Physical: 0,
    Technological: 0,
  };
  for (const control of controls) counts[control.theme] += 1;
  return counts;
}
