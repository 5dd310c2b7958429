// The window's views: their names, the same in the sidebar and in each view's header.

export type View =
  | 'dashboard'
  | 'assessment'
  | 'people'
  | 'actions'
  | 'snapshots'
  | 'evidence'
  | 'pack'
  | 'controls'
  | 'clauses'
  | 'risks'
  | 'mapping'
  | 'workspaces'
  /** The auditor's mode: a pack received, reviewed apart from any workspace. */
  | 'review';

export const VIEW_TITLES: Record<View, string> = {
  workspaces: 'Start',
  dashboard: 'Dashboard',
  assessment: 'Annex A controls',
  clauses: 'Clauses 4–10',
  risks: 'Risks',
  evidence: 'Evidence',
  actions: 'Actions',
  people: 'People',
  snapshots: 'Snapshots',
  pack: 'Audit pack',
  controls: 'Catalogue',
  mapping: '2013 → 2022',
  review: 'Audit pack review',
};
