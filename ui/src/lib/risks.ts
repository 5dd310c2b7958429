// Labels and the register's filters and sort orders, for the Risks view. Pure, so unit-tested.

import type {
  AssetKind,
  RiskKind,
  RiskMethodView,
  RiskStatus,
  RiskView,
  Treatment,
} from './bindings';

export const TREATMENTS: readonly Treatment[] = ['modify', 'retain', 'avoid', 'share'];

/** ISO/IEC 27005:2022's words, with what each means in practice. */
export const TREATMENT_LABELS: Record<Treatment, string> = {
  modify: 'Modify (controls change it)',
  retain: 'Retain (keep it as it is)',
  avoid: 'Avoid (stop what causes it)',
  share: 'Share (insurance, a supplier)',
};

export const RISK_STATUSES: readonly RiskStatus[] = [
  'open',
  'planned',
  'in_progress',
  'treated',
  'closed',
];

export const RISK_STATUS_LABELS: Record<RiskStatus, string> = {
  open: 'Open',
  planned: 'Planned',
  in_progress: 'In progress',
  treated: 'Treated',
  closed: 'Closed',
};

export const RISK_KINDS: readonly RiskKind[] = ['security', 'isms_risk', 'isms_opportunity'];

export const RISK_KIND_LABELS: Record<RiskKind, string> = {
  security: 'Information security risk',
  isms_risk: 'Risk to the ISMS itself',
  isms_opportunity: 'Opportunity for the ISMS',
};

export const ASSET_KINDS: readonly AssetKind[] = [
  'information',
  'software',
  'hardware',
  'service',
  'people',
  'site',
  'supplier',
];

/** What the register can be narrowed to; `''` is "any". */
export type RiskFilter = {
  /** A person's name, `'-'` for risks without an owner. */
  owner: string;
  /** A level's name, or `'above'` for every risk above what the criteria accept. */
  level: string;
  /** A treatment, or `'none'` for risks with none chosen yet. */
  treatment: string;
  status: string;
  /** Words to find in the id, title, threat or scenario. */
  text: string;
};

export const NO_FILTER: RiskFilter = { owner: '', level: '', treatment: '', status: '', text: '' };

export function matches(r: RiskView, f: RiskFilter): boolean {
  if (f.owner === '-' ? r.owner !== null : f.owner && r.owner !== f.owner) return false;
  if (f.level === 'above' ? r.acceptable : f.level && r.level !== f.level) return false;
  if (f.treatment === 'none' ? r.treatment !== null : f.treatment && r.treatment !== f.treatment) {
    return false;
  }
  if (f.status && r.status !== f.status) return false;
  const words = f.text.trim().toLowerCase();
  if (words) {
    const hay = `${r.id} ${r.title} ${r.threat} ${r.scenario}`.toLowerCase();
    return words.split(/\s+/).every((w) => hay.includes(w));
  }
  return true;
}

export type RiskSortKey = 'id' | 'title' | 'owner' | 'rating' | 'treatment' | 'target' | 'status';

/** How severe a rating is: its level's place among the method's levels, then the product. */
function severity(method: RiskMethodView, level: string | null, l: number, i: number): number {
  const band = method.levels.findIndex((b) => b.name === level);
  return band * 1000 + l * i;
}

const number = (id: string) => Number(id.replace(/\D/g, ''));

/** The register sorted by `key`; ties keep the register's order (by number). */
export function sorted(
  risks: readonly RiskView[],
  method: RiskMethodView,
  key: RiskSortKey,
  descending: boolean,
): RiskView[] {
  const value = (r: RiskView): number | string => {
    switch (key) {
      case 'id':
        return number(r.id);
      case 'title':
        return r.title.toLowerCase();
      case 'owner':
        return (r.owner ?? '\uffff').toLowerCase();
      case 'rating':
        return severity(method, r.level, r.likelihood, r.impact);
      case 'treatment':
        return r.treatment ?? '\uffff';
      case 'target':
        return r.target_level === null
          ? -1
          : severity(method, r.target_level, r.target_likelihood ?? 0, r.target_impact ?? 0);
      case 'status':
        return RISK_STATUSES.indexOf(r.status as RiskStatus);
    }
  };
  const sign = descending ? -1 : 1;
  return risks
    .map((r) => ({ r, v: value(r), n: number(r.id) }))
    .sort((a, b) => (a.v < b.v ? -sign : a.v > b.v ? sign : a.n - b.n))
    .map((x) => x.r);
}

/** The colour of a level, for its swatch. */
export function levelColour(method: RiskMethodView, level: string | null): string {
  return method.levels.find((b) => b.name === level)?.colour ?? 'transparent';
}

/** "4 × 5" with the scales' names, e.g. "likely (4) × severe (5)". */
export function ratingWords(method: RiskMethodView, l: number, i: number): string {
  const ln = method.likelihood[l - 1]?.name ?? String(l);
  const im = method.impact[i - 1]?.name ?? String(i);
  return `likelihood ${l} (${ln}) × impact ${i} (${im})`;
}

/** What each kind of register finding has in common, for its group's heading. */
export const FINDING_LABELS: Record<string, string> = {
  method_not_approved: 'Risk criteria not adopted',
  no_owner: 'Risks without an owner',
  plan_not_approved: 'Treatment plans the owner has not approved',
  residual_not_accepted: 'Residual risks the owner has not accepted',
  acceptance_lapsed: 'Acceptances that have lapsed',
  excluded_control_chosen: 'Controls a risk chose but the SoA excludes',
};

/** Findings grouped by kind, in the order the kinds first appear. */
export function groupByKind<T extends { kind: string }>(items: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.kind);
    if (group) group.push(item);
    else groups.set(item.kind, [item]);
  }
  return [...groups];
}
