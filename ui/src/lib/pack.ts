// Pure helpers of the audit pack screen: grouping findings, reading the control list a user
// types, suggesting a file name. Kept apart from the component so Vitest can check them.

import type {
  Finding,
  FindingKind,
  PackControl,
  PackData,
  PackEvidence,
  PackSignatureView,
} from './bindings';

const KIND_LABELS: Record<FindingKind, string> = {
  undecided: 'Applicability not decided',
  no_owner: 'Applicable without an owner',
  no_evidence: 'Applicable without evidence',
  no_justification: 'Excluded without a justification',
  expired_evidence: 'Expired evidence',
  missing_document: 'Mandatory documents missing',
  history_broken: 'History edited outside Annexa',
  risk_register: 'Risk register',
};

export type FindingGroup = { kind: FindingKind; label: string; items: Finding[] };

/** Findings grouped by kind, in the order the kinds first appear. */
export function groupFindings(findings: Finding[]): FindingGroup[] {
  const groups: FindingGroup[] = [];
  for (const f of findings) {
    let group = groups.find((g) => g.kind === f.kind);
    if (!group) {
      group = { kind: f.kind, label: KIND_LABELS[f.kind], items: [] };
      groups.push(group);
    }
    group.items.push(f);
  }
  return groups;
}

/** A finding's typed subject as people read it: `control:A.5.1` → `A.5.1`, `evidence:12` → `#12`. */
export function subjectLabel(subject: string): string {
  const colon = subject.indexOf(':');
  if (colon < 0) return subject;
  const kind = subject.slice(0, colon);
  const id = subject.slice(colon + 1);
  if (kind === 'evidence') return `#${id}`;
  if (kind === 'history') return 'History';
  return id;
}

/** "A.5.1, 5.2 8.1" → ["A.5.1", "5.2", "8.1"]; Rust checks each id. */
export function parseControlList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The organisation's name made safe for a file name: "Müller & Söhne" → "muller-sohne". */
export function fileSlug(organisation: string): string {
  const slug = organisation
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug || 'organisation';
}

/** A file name for a new pack: the organisation's name made safe, and the date. */
export function suggestedPackName(organisation: string, date: string): string {
  return `${fileSlug(organisation)}-audit-pack-${date}.zip`;
}

/** A file name for the board report (PDF), like the pack's. */
export function suggestedReportName(organisation: string, date: string): string {
  return `${fileSlug(organisation)}-board-report-${date}.pdf`;
}

/** The pack's evidence that proves a control or clause, in the pack's order. */
export function evidenceOf(data: PackData, ids: number[]): PackEvidence[] {
  return ids
    .map((id) => data.evidence.find((e) => e.id === id))
    .filter((e): e is PackEvidence => e !== undefined);
}

/** "Yes" / "No" / "Not decided". */
export function applicability(c: PackControl): string {
  if (c.applicable === null) return 'Not decided';
  return c.applicable ? 'Yes' : 'No';
}

/**
 * What a received pack's signature means for the auditor, in one sentence, and how it should
 * look: `ok` for a signature by the key they trust, `warn` for one checked only against the
 * key the pack carries (it shows the pack is whole, not who made it), `error` for one that
 * does not check, `none` for a pack that is not signed.
 */
export function signatureText(s: PackSignatureView | null): {
  tone: 'ok' | 'warn' | 'error' | 'none';
  text: string;
} {
  if (!s) return { tone: 'none', text: 'Not signed: only the fingerprint tells who made it.' };
  const said = s.statement ? ` It says: “${s.statement}”.` : '';
  switch (s.check) {
    case 'trusted':
      return { tone: 'ok', text: `Signed with the key you trust, key ID ${s.key_id}.${said}` };
    case 'pack_key':
      return {
        tone: 'warn',
        text:
          `Signed with key ID ${s.key_id}, and the signature matches the key in the pack.${said} ` +
          'Compare the key ID with the one the sender gave you: the key in the pack proves only ' +
          'that the pack is whole.',
      };
    case 'failed':
      return { tone: 'error', text: `The signature does not check: ${s.detail}.${said}` };
  }
}
