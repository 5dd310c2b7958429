//! Gathering a pack's content from the workspace in one read (the selection, the snapshot,
//! the pack's own time) and what an auditor will flag in it.

use super::*;
use crate::catalogue::vocabulary::Reason;

pub(super) fn findings(g: &Gathered) -> Vec<Finding> {
    let mut out = Vec::new();
    // The subject is typed (`control:A.5.1`, `evidence:12`, `document:…`), as every output
    // writes a reference to things of more than one kind.
    let finding = |kind, subject: &str, message: String| Finding {
        kind,
        subject: subject.to_owned(),
        message,
    };
    let control = |id: &str| format!("control:{id}");
    for c in &g.data.controls {
        match c.applicable {
            None => out.push(finding(
                FindingKind::Undecided,
                &control(&c.id),
                "applicability is not decided; the Statement of Applicability must say yes or no"
                    .into(),
            )),
            Some(false) if c.justification.trim().is_empty() => out.push(finding(
                FindingKind::NoJustification,
                &control(&c.id),
                "excluded without a justification".into(),
            )),
            Some(false) => {}
            Some(true) => {
                if c.owner.is_none() {
                    out.push(finding(
                        FindingKind::NoOwner,
                        &control(&c.id),
                        "applicable but nobody owns it".into(),
                    ));
                }
                if c.evidence.is_empty() {
                    out.push(finding(
                        FindingKind::NoEvidence,
                        &control(&c.id),
                        "applicable but has no evidence in the pack".into(),
                    ));
                }
            }
        }
    }
    for e in &g.data.evidence {
        if e.status == EvidenceStatus::Expired {
            out.push(finding(
                FindingKind::ExpiredEvidence,
                &format!("evidence:{}", e.id),
                format!(
                    "\"{}\" expired on {} (proves {})",
                    e.title,
                    e.expires_on.as_deref().unwrap_or("?"),
                    e.targets.join(", ")
                ),
            ));
        }
    }
    if let Some(h) = g.data.history.as_ref().filter(|h| !h.chain_intact) {
        out.push(finding(
            FindingKind::HistoryBroken,
            "history:chain",
            format!(
                "the history's hash chain is broken at {} of {} recorded changes: they were \
                 edited, inserted or removed outside Annexa (annexa history --verify)",
                h.broken, h.changes
            ),
        ));
    }
    for f in &g.risk_findings {
        let subject = f
            .risk
            .as_ref()
            .map_or_else(|| "method:risks".to_owned(), |r| format!("risk:{r}"));
        out.push(finding(
            FindingKind::RiskRegister,
            &subject,
            f.message.clone(),
        ));
    }
    for c in &g.data.clauses {
        for d in c.documents.iter().filter(|d| !d.present) {
            out.push(finding(
                FindingKind::MissingDocument,
                &format!("document:{}", d.id),
                format!("\"{}\" (clause {}) is missing", d.title, c.id),
            ));
        }
    }
    out
}

fn readiness(controls: &[ControlAssessment]) -> PackReadiness {
    let mut r = PackReadiness {
        controls: controls.len() as u32,
        applicable: 0,
        excluded: 0,
        undecided: 0,
        implemented: 0,
        partially_implemented: 0,
        percent: 0,
    };
    for c in controls {
        match c.applicable {
            Some(true) => r.applicable += 1,
            Some(false) => r.excluded += 1,
            None => r.undecided += 1,
        }
        if c.applicable == Some(true) {
            match c.status {
                Status::Implemented => r.implemented += 1,
                Status::PartiallyImplemented => r.partially_implemented += 1,
                _ => {}
            }
        }
    }
    // Undecided controls count as not ready, as in the window and `annexa report`.
    let counted = r.applicable + r.undecided;
    if counted > 0 {
        // Whole numbers keep the pack byte-identical across platforms.
        r.percent = (r.implemented * 200 + r.partially_implemented * 100 + counted) / (2 * counted);
    }
    r
}

/// `evidence/<folder>/<title>.<ext>`, unique in the pack ignoring case and Unicode form (so
/// that no system makes two of them one file).
pub(super) fn unique_path(
    taken: &mut std::collections::HashSet<String>,
    folder: &str,
    title: &str,
    file_name: &str,
) -> String {
    let ext = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| format!(".{}", safe_file_name(e)))
        .unwrap_or_default();
    let stem = strip_suffix_ignoring_case(title.trim(), &ext);
    // Leave room for the extension and a " (n)" suffix within the safe length.
    let stem: String = safe_file_name(stem).chars().take(100).collect();
    let stem = stem.trim_end_matches(['.', ' ']).to_owned();
    let folder = safe_file_name(folder);
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("evidence/{folder}/{stem}{ext}")
        } else {
            format!("evidence/{folder}/{stem} ({n}){ext}")
        };
        if taken.insert(super::names::fold(&name)) {
            return name;
        }
        n += 1;
    }
}

/// `s` without a trailing `suffix`, compared ignoring case. It works on characters: lower-casing
/// can change a string's length in bytes (the Kelvin sign K is three bytes, k one), so a byte
/// offset found in a lower-cased copy never applies to the original.
fn strip_suffix_ignoring_case<'a>(s: &'a str, suffix: &str) -> &'a str {
    let n = suffix.chars().count();
    let len = s.chars().count();
    if n == 0 || len < n {
        return s;
    }
    let cut = s.char_indices().nth(len - n).map_or(s.len(), |(i, _)| i);
    if s[cut..].to_lowercase() == suffix.to_lowercase() {
        &s[..cut]
    } else {
        s
    }
}

/// Accepts `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS[.fff]Z` (or with a space) and returns
/// `YYYY-MM-DDTHH:MM:SSZ`.
pub(super) fn normalise_time(input: &str) -> Result<String, WorkspaceError> {
    let s = input.trim();
    let bad = || WorkspaceError::Invalid {
        message: format!(
            "{input:?} is not a time; use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC), e.g. 2026-11-23T10:00:00Z"
        ),
    };
    let date = s.get(..10).ok_or_else(bad)?;
    if !is_iso_date(date) {
        return Err(bad());
    }
    let rest = &s[10..];
    let time = if rest.is_empty() {
        "00:00:00".to_owned()
    } else {
        let t = rest
            .strip_prefix('T')
            .or_else(|| rest.strip_prefix(' '))
            .ok_or_else(bad)?;
        let t = t.strip_suffix('Z').unwrap_or(t);
        let hms = t.get(..8).ok_or_else(bad)?;
        let frac = &t[8..];
        let parts: Vec<&str> = hms.split(':').collect();
        let ok = parts.len() == 3
            && parts
                .iter()
                .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
            && parts[0] < "24"
            && parts[1] < "60"
            && parts[2] < "60"
            && (frac.is_empty()
                || frac
                    .strip_prefix('.')
                    .is_some_and(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit())));
        if !ok {
            return Err(bad());
        }
        hms.to_owned()
    };
    let year: u16 = date[..4].parse().map_err(|_| bad())?;
    if !(1980..=2107).contains(&year) {
        return Err(WorkspaceError::Invalid {
            message: format!("{input:?}: a zip can only hold times from 1980 to 2107"),
        });
    }
    Ok(format!("{date}T{time}Z"))
}

impl Workspace {
    /// What an auditor will flag in the pack these options would produce.
    pub fn pack_check(&self, options: &PackOptions) -> Result<Vec<Finding>, PackError> {
        self.reading(|| {
            let g = self.gather(options)?;
            Ok(findings(&g))
        })
    }

    /// Reads everything the pack will hold, filtered by the options.
    pub(super) fn gather(&self, options: &PackOptions) -> Result<Gathered, PackError> {
        let catalogue = Catalogue::bundled().map_err(|e| WorkspaceError::Invalid {
            message: e.to_string(),
        })?;
        let org = self.organisation()?;
        let (all_controls, snapshot_time): (Vec<ControlAssessment>, Option<String>) =
            match &options.snapshot {
                Some(name) => {
                    let snap = self
                        .snapshots()?
                        .into_iter()
                        .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
                        .ok_or_else(|| WorkspaceError::Unknown {
                            message: format!("there is no snapshot named {:?}", name.trim()),
                        })?;
                    (self.snapshot_controls(&snap.name)?, Some(snap.taken_at))
                }
                None => (self.controls()?, None),
            };
        let created = match &options.created {
            Some(given) => normalise_time(given)?,
            None => match &snapshot_time {
                Some(t) => t.clone(),
                None => self
                    .connection()
                    .query_row("SELECT max(at) FROM history", [], |r| {
                        r.get::<_, Option<String>>(0)
                    })
                    .optional()
                    .map_err(db)?
                    .flatten()
                    .unwrap_or(org.created_at.clone()),
            },
        };
        let created = normalise_time(&created)?;
        let today = created[..10].to_owned();
        let included = |id: ControlId| {
            (options.themes.is_empty() || id.theme().is_some_and(|t| options.themes.contains(&t)))
                && (options.controls.is_empty() || options.controls.contains(&id))
        };
        let controls: Vec<ControlAssessment> = all_controls
            .into_iter()
            .filter(|c| included(c.id))
            .collect();
        let clauses = self.clauses()?;
        let evidence: Vec<Evidence> = self
            .evidence_list(None)?
            .into_iter()
            .rev()
            .filter(|e| !options.approved_only || e.status == EvidenceStatus::Approved)
            .filter(|e| {
                e.targets.iter().any(|t| match t {
                    Target::Control(c) => included(*c),
                    Target::Clause(_) => true,
                })
            })
            .collect();
        let in_pack = |t: &Target| match t {
            Target::Control(c) => controls.iter().any(|x| x.id == *c),
            Target::Clause(_) => true,
        };
        // Each file goes once under the folder of the first thing it proves, in catalogue
        // order; names are made safe and unique (ignoring case, for Windows and macOS).
        let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut pack_evidence = Vec::new();
        let order = |t: &Target| match t {
            Target::Control(c) => (0u8, c.clause as u32 * 1000 + c.number as u32, String::new()),
            Target::Clause(c) => (1u8, 0, c.clone()),
        };
        for e in &evidence {
            let mut targets: Vec<&Target> = e.targets.iter().filter(|t| in_pack(t)).collect();
            targets.sort_by_key(|t| order(t));
            let current = e.current();
            let file = match (&e.kind, &current.file_name, targets.first()) {
                (EvidenceKind::File, Some(name), Some(first)) => {
                    let folder = match first {
                        Target::Control(c) => c.prefixed(),
                        Target::Clause(c) => format!("clause {c}"),
                    };
                    Some(unique_path(&mut taken, &folder, &e.title, name))
                }
                _ => None,
            };
            pack_evidence.push(PackEvidence {
                id: e.id,
                kind: e.kind,
                title: e.title.clone(),
                description: e.description.clone(),
                status: e.status_on(&today),
                issued_on: e.issued_on.clone(),
                valid_until: e.valid_until.clone(),
                expires_on: e.expires_on.clone(),
                provided_by: e.provided_by.clone(),
                version: current.version,
                file,
                file_name: current.file_name.clone(),
                sha256: current.sha256.clone(),
                size: current.size,
                url: current.url.clone(),
                body: current.body.clone(),
                targets: targets
                    .iter()
                    .map(|t| match t {
                        Target::Control(c) => c.prefixed(),
                        Target::Clause(c) => c.clone(),
                    })
                    .collect(),
            });
        }
        let evidence_of = |target: &Target| -> Vec<i64> {
            evidence
                .iter()
                .filter(|e| e.targets.contains(target))
                .map(|e| e.id)
                .collect()
        };
        // The Statement of Applicability follows from the risks: a control a risk chose has
        // "risk assessment" among its reasons, naming the risks (the current register; a
        // snapshot freezes the assessment only).
        let chosen = if options.snapshot.is_none() {
            self.risks_by_control()?
        } else {
            Default::default()
        };
        let (pack_risks, risk_method, risk_charts) = if options.snapshot.is_none() {
            self.pack_risks()?
        } else {
            (Vec::new(), None, Vec::new())
        };
        let pack_controls: Vec<PackControl> = controls
            .iter()
            .map(|c| PackControl {
                id: c.id.prefixed(),
                title: catalogue
                    .control(c.id)
                    .map(|k| k.title.clone())
                    .unwrap_or_default(),
                theme: c.id.theme().unwrap_or(Theme::Organizational),
                applicable: c.applicable,
                reasons: with_risk_reason(&c.reasons, chosen.contains_key(&c.id)),
                risks: chosen.get(&c.id).cloned().unwrap_or_default(),
                justification: c.justification.clone(),
                status: c.status,
                owner: c.owner.clone(),
                updated_at: c.updated_at.clone(),
                evidence: evidence_of(&Target::Control(c.id)),
            })
            .collect();
        let pack_clauses: Vec<PackClause> = clauses
            .iter()
            .map(|c| PackClause {
                id: c.id.clone(),
                title: catalogue
                    .clauses
                    .iter()
                    .find(|k| k.id == c.id)
                    .map(|k| k.title.clone())
                    .unwrap_or_default(),
                status: c.status,
                owner: c.owner.clone(),
                notes: c.notes.clone(),
                documents: c
                    .documents
                    .iter()
                    .map(|(id, present)| PackDocument {
                        id: id.clone(),
                        title: catalogue
                            .documents
                            .iter()
                            .find(|d| &d.id == id)
                            .map(|d| d.title.clone())
                            .unwrap_or_else(|| id.clone()),
                        present: *present,
                    })
                    .collect(),
                evidence: evidence_of(&Target::Clause(c.id.clone())),
            })
            .collect();
        let readiness = readiness(&controls);
        let charts =
            self.pack_charts(&controls, &evidence, &today, &created, options, &included)?;
        let control_ids: Vec<String> = controls.iter().map(|c| c.id.to_string()).collect();
        let evidence_ids: Vec<String> = evidence.iter().map(|e| e.id.to_string()).collect();
        let filtered = !options.themes.is_empty() || !options.controls.is_empty();
        let actions = self
            .actions()?
            .into_iter()
            .filter(|a| {
                !filtered || a.controls.is_empty() || a.controls.iter().any(|c| included(*c))
            })
            .collect();
        // One read of the history serves both the selection shown and the chain check.
        let all_rows = crate::store::history::rows_with_hashes(self.connection())?;
        let history = all_rows
            .iter()
            .map(|(h, _)| h.clone())
            .filter(|h| snapshot_time.as_ref().is_none_or(|t| h.at <= *t))
            .filter(|h| match h.entity.as_str() {
                "control" => !filtered || control_ids.contains(&h.entity_id),
                "evidence" => {
                    !(filtered || options.approved_only) || evidence_ids.contains(&h.entity_id)
                }
                _ => true,
            })
            .collect();
        let ok = crate::store::history::check_rows(&all_rows);
        let broken = ok.iter().filter(|ok| !**ok).count() as u64;
        let pack_history = PackHistory {
            changes: all_rows.len() as u64,
            chain_intact: broken == 0,
            broken,
            head: all_rows.last().and_then(|(_, h)| h.clone()),
        };
        let chain = all_rows
            .into_iter()
            .zip(ok)
            .map(|((row, hash), ok)| (row.id, (hash, ok)))
            .collect();
        let risk_findings = if options.snapshot.is_none() {
            self.risk_findings(&today)?
        } else {
            Vec::new()
        };
        Ok(Gathered {
            charts,
            risk_charts,
            risk_findings,
            data: PackData {
                format: PACK_FORMAT.to_owned(),
                format_version: PACK_FORMAT_VERSION,
                created,
                tool_version: crate::VERSION.to_owned(),
                catalogue_version: catalogue.version.clone(),
                organisation: org.name,
                scope: org.scope,
                target_date: org.target_date,
                snapshot: options.snapshot.as_ref().map(|s| s.trim().to_owned()),
                selection: PackSelection {
                    themes: options.themes.clone(),
                    controls: options.controls.iter().map(|c| c.prefixed()).collect(),
                    approved_only: options.approved_only,
                },
                readiness,
                controls: pack_controls,
                clauses: pack_clauses,
                evidence: pack_evidence,
                risks: pack_risks,
                risk_method,
                own_controls: if options.snapshot.is_none() {
                    self.own_controls()?
                        .iter()
                        .map(|c| PackOwnControl {
                            id: c.reference.clone(),
                            title: c.title.clone(),
                            description: c.description.clone(),
                            status: c.status,
                            risks: c.risks.clone(),
                            updated_at: c.updated_at.clone(),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                history: Some(pack_history),
                signer: options.signer.as_ref().map(|s| PackSigner {
                    name: s.name.clone(),
                    key_id: s.id.clone(),
                }),
            },
            actions,
            history,
            chain,
            controls,
            today,
        })
    }
}

impl Workspace {
    /// The dashboard's charts for the pack: its controls by status, readiness at each snapshot
    /// up to the pack's time (and the pack's own state), and its evidence's freshness.
    fn pack_charts(
        &self,
        controls: &[ControlAssessment],
        evidence: &[Evidence],
        today: &str,
        created: &str,
        options: &PackOptions,
        included: &dyn Fn(ControlId) -> bool,
    ) -> Result<Vec<crate::charts::Chart>, WorkspaceError> {
        use crate::assessment::Readiness;
        use crate::charts::ReadinessPoint;
        let mut points = Vec::new();
        for s in self
            .snapshots()?
            .into_iter()
            .filter(|s| s.taken_at.as_str() <= created)
        {
            let frozen: Vec<ControlAssessment> = self
                .snapshot_controls(&s.name)?
                .into_iter()
                .filter(|c| included(c.id))
                .collect();
            points.push(ReadinessPoint {
                readiness: Readiness::of(frozen.iter()),
                date: s.taken_at.get(..10).unwrap_or(&s.taken_at).to_owned(),
                label: s.name,
            });
        }
        if options.snapshot.is_none() {
            points.push(ReadinessPoint {
                label: "This pack".into(),
                date: today.to_owned(),
                readiness: Readiness::of(controls.iter()),
            });
        }
        let freshness = self.freshness(evidence, today, crate::assessment::EXPIRY_WARNING_DAYS)?;
        Ok(vec![
            crate::charts::status_by_theme(controls),
            crate::charts::readiness_over_time(&points),
            crate::charts::evidence_freshness(&freshness),
        ])
    }
}

/// The reasons for a control's inclusion, with "risk assessment" first among them when a risk
/// chose it (once, whether or not it was also recorded by hand).
fn with_risk_reason(recorded: &[Reason], chosen_by_a_risk: bool) -> Vec<Reason> {
    let mut reasons = recorded.to_vec();
    if chosen_by_a_risk && !reasons.contains(&Reason::RiskAssessment) {
        reasons.insert(0, Reason::RiskAssessment);
    }
    reasons
}

impl Workspace {
    /// The register as the pack states it, rated on the workspace's method, and the method.
    #[allow(clippy::type_complexity)]
    fn pack_risks(
        &self,
    ) -> Result<
        (
            Vec<PackRisk>,
            Option<PackRiskMethod>,
            Vec<crate::charts::Chart>,
        ),
        WorkspaceError,
    > {
        let adopted = self.risk_method()?;
        let today = self.today()?;
        let level = |l: u8, i: u8| adopted.method.rate(l, i).map(|r| r.level).ok();
        let all = self.risks()?;
        let risks: Vec<PackRisk> = all
            .iter()
            .map(|r| {
                let (rl, ri) = r.residual_rating();
                let plan = r.plan.as_ref().filter(|_| r.plan_approved());
                let accepted = r
                    .residual
                    .as_ref()
                    .filter(|_| r.acceptance(&today) != crate::risks::Acceptance::None);
                PackRisk {
                    id: r.reference(),
                    kind: r.kind.to_string(),
                    title: r.title.clone(),
                    scenario: r.scenario.clone(),
                    assets: r.assets.clone(),
                    owner: r.owner.clone(),
                    likelihood: r.likelihood,
                    impact: r.impact,
                    level: level(r.likelihood, r.impact).unwrap_or_default(),
                    rated_on: r.rated_on.clone(),
                    treatment: r.treatment.map(|t| t.to_string()),
                    controls: r.controls.iter().map(|c| c.prefixed()).collect(),
                    own_controls: r.own_controls.clone(),
                    actions: r.actions.clone(),
                    target_level: r
                        .target_likelihood
                        .zip(r.target_impact)
                        .and_then(|(l, i)| level(l, i)),
                    residual_level: level(rl, ri).unwrap_or_default(),
                    status: r.status.to_string(),
                    plan_approved_by: plan.map(|d| d.by.clone()),
                    plan_approved_at: plan.map(|d| d.at.clone()),
                    accepted_by: accepted.map(|d| d.by.clone()),
                    accepted_at: accepted.map(|d| d.at.clone()),
                    accepted_until: accepted.and_then(|d| d.until.clone()),
                    accepted_note: accepted.map(|d| d.note.clone()).filter(|n| !n.is_empty()),
                }
            })
            .collect();
        let heat_maps = if all.is_empty() {
            Vec::new()
        } else {
            crate::charts::risk_heat_maps(&adopted.method, &all).into()
        };
        let method = PackRiskMethod {
            preset: adopted.method.preset.clone(),
            acceptable: adopted.method.acceptable.clone(),
            approved_by: adopted.approved_by.clone(),
            approved_at: adopted.approved_at.clone(),
        };
        Ok((risks, Some(method), heat_maps))
    }
}
