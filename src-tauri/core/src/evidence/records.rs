//! Evidence as records: links and notes, the metadata, targets and versions of every item,
//! listing, changing and removing them, each change one transaction with its history.

use super::*;

/// What a new evidence row is made of.
pub(super) struct NewEvidence<'a> {
    pub(super) kind: EvidenceKind,
    pub(super) title: String,
    pub(super) meta: &'a EvidenceMeta,
    pub(super) targets: &'a [Target],
    pub(super) content_id: Option<i64>,
    pub(super) file_name: Option<&'a str>,
    pub(super) url: Option<&'a str>,
    pub(super) body: &'a str,
}

pub(super) fn insert_evidence(
    tx: &Transaction<'_>,
    actor: &str,
    new: &NewEvidence<'_>,
) -> Result<i64, EvidenceError> {
    let provided_by = match &new.meta.provided_by {
        Some(name) if !name.trim().is_empty() => Some(person_id(tx, actor, name)?),
        _ => None,
    };
    tx.execute(
        &format!(
            "INSERT INTO evidence (kind, title, description, issued_on, valid_until,
                 review_interval, provided_by, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, {NOW}, {NOW})"
        ),
        params![
            new.kind.as_str(),
            new.title,
            new.meta.description.trim(),
            new.meta.issued_on,
            new.meta.valid_until,
            new.meta.review_interval.map(|r| r.as_str()),
            provided_by,
            new.meta.status.unwrap_or(EvidenceStatus::Draft).as_str(),
        ],
    )
    .map_err(db)?;
    let id = tx.last_insert_rowid();
    insert_version(
        tx,
        actor,
        id,
        1,
        new.content_id,
        new.file_name,
        new.url,
        new.body,
    )?;
    for t in new.targets {
        tx.execute(
            "INSERT INTO evidence_target (evidence_id, target_kind, target_id) VALUES (?1, ?2, ?3)",
            params![id, t.kind(), t.id()],
        )
        .map_err(db)?;
        record(
            tx,
            actor,
            t.kind(),
            &t.id(),
            "evidence",
            None,
            Some(&format!("#{id} {}", new.title)),
        )?;
    }
    let what = match new.file_name {
        Some(f) => format!("{} ({f})", new.title),
        None => new
            .url
            .map_or_else(|| new.title.clone(), |u| format!("{} <{u}>", new.title)),
    };
    record(
        tx,
        actor,
        "evidence",
        &id.to_string(),
        "added",
        None,
        Some(&what),
    )?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn insert_version(
    tx: &Transaction<'_>,
    actor: &str,
    id: i64,
    version: i64,
    content_id: Option<i64>,
    file_name: Option<&str>,
    url: Option<&str>,
    body: &str,
) -> Result<(), EvidenceError> {
    let media = file_name.map(media_type);
    tx.execute(
        &format!(
            "INSERT INTO evidence_version (evidence_id, version, content_id, file_name,
                 media_type, url, body, added_at, added_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, {NOW}, ?8)"
        ),
        params![id, version, content_id, file_name, media, url, body, actor],
    )
    .map_err(db)?;
    Ok(())
}

/// The title a file gets when none is given: its name without the extension.
pub(super) fn title_from_name(name: &str) -> String {
    let stem = Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(name);
    stem.trim().to_owned()
}

const EVIDENCE_SELECT: &str = "
    SELECT e.id, e.kind, e.title, e.description, e.issued_on, e.valid_until, e.review_interval,
           p.name, e.status, e.created_at, e.updated_at,
           coalesce(e.valid_until,
                    CASE e.review_interval
                        WHEN 'monthly' THEN date(coalesce(e.issued_on, v.added_at), '+1 month')
                        WHEN 'quarterly' THEN date(coalesce(e.issued_on, v.added_at), '+3 months')
                        WHEN 'yearly' THEN date(coalesce(e.issued_on, v.added_at), '+1 year')
                    END)
    FROM evidence e
    LEFT JOIN person p ON p.id = e.provided_by
    JOIN evidence_version v ON v.evidence_id = e.id
         AND v.version = (SELECT max(version) FROM evidence_version WHERE evidence_id = e.id)";

/// A version's columns, as [`version_at`] reads them.
const VERSION_COLUMNS: &str = "v.version, c.sha256, c.size, v.file_name, v.media_type, v.url, \
                               v.body, v.added_at, v.added_by";

/// The version whose [`VERSION_COLUMNS`] start at column `first` of `r`.
fn version_at(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<EvidenceVersion> {
    Ok(EvidenceVersion {
        version: r.get(first)?,
        sha256: r.get(first + 1)?,
        size: r.get::<_, Option<i64>>(first + 2)?.map(|s| s as u64),
        file_name: r.get(first + 3)?,
        media_type: r.get(first + 4)?,
        url: r.get(first + 5)?,
        body: r.get(first + 6)?,
        added_at: r.get(first + 7)?,
        added_by: r.get(first + 8)?,
    })
}

/// Text for matching as people search: decomposed, without accents, in lower case.
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn row_evidence(r: &rusqlite::Row<'_>) -> rusqlite::Result<Evidence> {
    let kind: String = r.get(1)?;
    let interval: Option<String> = r.get(6)?;
    let status: String = r.get(8)?;
    Ok(Evidence {
        id: r.get(0)?,
        kind: kind.parse().unwrap_or(EvidenceKind::Note),
        title: r.get(2)?,
        description: r.get(3)?,
        issued_on: r.get(4)?,
        valid_until: r.get(5)?,
        review_interval: interval.and_then(|i| i.parse().ok()),
        provided_by: r.get(7)?,
        status: status.parse().unwrap_or(EvidenceStatus::Draft),
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        expires_on: r.get(11)?,
        targets: Vec::new(),
        versions: Vec::new(),
    })
}

/// One piece of evidence with its targets and versions, read through `conn`: the
/// workspace's connection, or the transaction of a change, which plans from what it locked.
pub(super) fn read_evidence(
    conn: &rusqlite::Connection,
    id: i64,
) -> Result<Evidence, WorkspaceError> {
    let mut e = conn
        .query_row(
            &format!("{EVIDENCE_SELECT} WHERE e.id = ?1"),
            [id],
            row_evidence,
        )
        .optional()
        .map_err(db)?
        .ok_or_else(|| unknown(format!("there is no evidence #{id} in this workspace")))?;
    fill_evidence(conn, &mut e)?;
    Ok(e)
}

fn fill_evidence(conn: &rusqlite::Connection, e: &mut Evidence) -> Result<(), WorkspaceError> {
    let mut stmt = conn
        .prepare_cached("SELECT target_kind, target_id FROM evidence_target WHERE evidence_id = ?1")
        .map_err(db)?;
    let mut targets: Vec<Target> = stmt
        .query_map([e.id], |r| {
            Ok(Target::from_row(
                &r.get::<_, String>(0)?,
                &r.get::<_, String>(1)?,
            ))
        })
        .map_err(db)?
        .filter_map(|r| r.transpose())
        .collect::<Result<_, _>>()
        .map_err(db)?;
    targets.sort();
    e.targets = targets;
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {VERSION_COLUMNS}
             FROM evidence_version v LEFT JOIN content c ON c.id = v.content_id
             WHERE v.evidence_id = ?1 ORDER BY v.version"
        ))
        .map_err(db)?;
    e.versions = stmt
        .query_map([e.id], |r| version_at(r, 0))
        .map_err(db)?
        .collect::<Result<_, _>>()
        .map_err(db)?;
    Ok(())
}

/// How many pieces of evidence prove each control, by control id, read through `conn` (the
/// workspace's connection or a change's transaction): what other domains ask of the locker.
pub(crate) fn evidence_counts(
    conn: &rusqlite::Connection,
) -> Result<std::collections::HashMap<String, u32>, WorkspaceError> {
    let mut stmt = conn
        .prepare(
            "SELECT target_id, count(*) FROM evidence_target
             WHERE target_kind = 'control' GROUP BY target_id",
        )
        .map_err(db)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))
        .map_err(db)?;
    rows.collect::<Result<_, _>>().map_err(db)
}

impl Workspace {
    /// Records a link (a URL and a note) as evidence.
    pub fn add_link(
        &mut self,
        url: &str,
        note: &str,
        targets: &[Target],
        meta: &EvidenceMeta,
        actor: &str,
    ) -> Result<i64, EvidenceError> {
        let url = url.trim();
        let scheme_ok = has_scheme(url, &["https://", "http://", "file://", "mailto:"]);
        if !scheme_ok || url.chars().any(char::is_whitespace) {
            return Err(invalid(format!(
                "{url:?} is not a link Annexa can record; give a full address starting with \
                 https://, http://, file:// or mailto:"
            ))
            .into());
        }
        check_meta(meta)?;
        let targets = check_targets(targets)?;
        let title = check_title(meta.title.as_deref().unwrap_or(url))?;
        self.write_evidence(|tx| {
            insert_evidence(
                tx,
                actor,
                &NewEvidence {
                    kind: EvidenceKind::Link,
                    title,
                    meta,
                    targets: &targets,
                    content_id: None,
                    file_name: None,
                    url: Some(url),
                    body: note.trim(),
                },
            )
        })
    }

    /// Records a written note as evidence (e.g. what was observed in a walk-through).
    pub fn add_note(
        &mut self,
        text: &str,
        targets: &[Target],
        meta: &EvidenceMeta,
        actor: &str,
    ) -> Result<i64, EvidenceError> {
        if text.trim().is_empty() {
            return Err(invalid("the note is empty").into());
        }
        check_meta(meta)?;
        let targets = check_targets(targets)?;
        let title = check_title(meta.title.as_deref().unwrap_or("Note"))?;
        self.write_evidence(|tx| {
            insert_evidence(
                tx,
                actor,
                &NewEvidence {
                    kind: EvidenceKind::Note,
                    title,
                    meta,
                    targets: &targets,
                    content_id: None,
                    file_name: None,
                    url: None,
                    body: text.trim(),
                },
            )
        })
    }

    /// All evidence, newest first, or only what proves `target`.
    pub fn evidence_list(&self, target: Option<&Target>) -> Result<Vec<Evidence>, WorkspaceError> {
        self.reading(|| {
            let conn = self.connection();
            let mut list: Vec<Evidence> = match target {
                None => {
                    let mut stmt = conn
                        .prepare(&format!("{EVIDENCE_SELECT} ORDER BY e.id DESC"))
                        .map_err(db)?;
                    stmt.query_map([], row_evidence)
                        .map_err(db)?
                        .collect::<Result<_, _>>()
                        .map_err(db)?
                }
                Some(t) => {
                    let mut stmt = conn
                        .prepare(&format!(
                            "{EVIDENCE_SELECT}
                         WHERE e.id IN (SELECT evidence_id FROM evidence_target
                                        WHERE target_kind = ?1 AND target_id = ?2)
                         ORDER BY e.id DESC"
                        ))
                        .map_err(db)?;
                    stmt.query_map(params![t.kind(), t.id()], row_evidence)
                        .map_err(db)?
                        .collect::<Result<_, _>>()
                        .map_err(db)?
                }
            };
            self.fill_all(&mut list)?;
            Ok(list)
        })
    }

    /// A page of evidence, newest first: what proves `target` (or all of it) and whose title,
    /// file name, link or SHA-256 holds `query` (case and accents aside; empty matches all),
    /// at most `limit` items from `offset`, with how many match in all. Only the page's items
    /// are read in full, so a long locker opens as fast as a short one.
    pub fn evidence_page(
        &self,
        target: Option<&Target>,
        query: &str,
        offset: usize,
        limit: usize,
    ) -> Result<EvidencePage, WorkspaceError> {
        self.reading(|| {
            let conn = self.connection();
            let wanted = fold(query.trim());
            let mut sql = "SELECT e.id, e.title, v.file_name, v.url, c.sha256
             FROM evidence e
             JOIN evidence_version v ON v.evidence_id = e.id
                  AND v.version = (SELECT max(version) FROM evidence_version
                                   WHERE evidence_id = e.id)
             LEFT JOIN content c ON c.id = v.content_id"
                .to_owned();
            if target.is_some() {
                sql.push_str(
                    " WHERE e.id IN (SELECT evidence_id FROM evidence_target
                                 WHERE target_kind = ?1 AND target_id = ?2)",
                );
            }
            sql.push_str(" ORDER BY e.id DESC");
            let mut stmt = conn.prepare(&sql).map_err(db)?;
            let keep = |r: &rusqlite::Row<'_>| -> rusqlite::Result<Option<i64>> {
                let id: i64 = r.get(0)?;
                if wanted.is_empty() {
                    return Ok(Some(id));
                }
                let mut text: String = r.get(1)?;
                for i in 2..5 {
                    if let Some(part) = r.get::<_, Option<String>>(i)? {
                        text.push(' ');
                        text.push_str(&part);
                    }
                }
                Ok(fold(&text).contains(&wanted).then_some(id))
            };
            let ids: Vec<i64> = match target {
                Some(t) => stmt.query_map(params![t.kind(), t.id()], keep),
                None => stmt.query_map([], keep),
            }
            .map_err(db)?
            .filter_map(|r| r.transpose())
            .collect::<Result<_, _>>()
            .map_err(db)?;
            let total = ids.len();
            let page: Vec<i64> = ids.into_iter().skip(offset).take(limit).collect();
            let mut items = Vec::with_capacity(page.len());
            if !page.is_empty() {
                let marks = vec!["?"; page.len()].join(",");
                let mut stmt = conn
                    .prepare(&format!(
                        "{EVIDENCE_SELECT} WHERE e.id IN ({marks}) ORDER BY e.id DESC"
                    ))
                    .map_err(db)?;
                items = stmt
                    .query_map(rusqlite::params_from_iter(&page), row_evidence)
                    .map_err(db)?
                    .collect::<Result<_, _>>()
                    .map_err(db)?;
                self.fill_rows(&mut items, Some(&page))?;
            }
            Ok(EvidencePage { total, items })
        })
    }

    /// Fills the targets and versions of many items with one read of each table (one query
    /// per item made a locker of 5,000 items take a fifth of a second).
    fn fill_all(&self, list: &mut [Evidence]) -> Result<(), WorkspaceError> {
        if list.len() < 8 {
            for e in list.iter_mut() {
                fill_evidence(self.connection(), e)?;
            }
            return Ok(());
        }
        self.fill_rows(list, None)
    }

    /// Fills the targets and versions of `list` with one read of each table: every row, or
    /// with `only`, the rows of those evidence ids (a page of them).
    fn fill_rows(&self, list: &mut [Evidence], only: Option<&[i64]>) -> Result<(), WorkspaceError> {
        let at: std::collections::HashMap<i64, usize> =
            list.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
        let ids = only.unwrap_or_default();
        let marks = only.map(|ids| vec!["?"; ids.len()].join(","));
        let within = |column: &str| {
            marks
                .as_ref()
                .map(|m| format!(" WHERE {column} IN ({m})"))
                .unwrap_or_default()
        };
        let conn = self.connection();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT evidence_id, target_kind, target_id FROM evidence_target{}",
                within("evidence_id")
            ))
            .map_err(db)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(ids)).map_err(db)?;
        while let Some(r) = rows.next().map_err(db)? {
            let Some(&i) = at.get(&r.get::<_, i64>(0).map_err(db)?) else {
                continue;
            };
            let kind: String = r.get(1).map_err(db)?;
            let id: String = r.get(2).map_err(db)?;
            if let Some(t) = Target::from_row(&kind, &id) {
                list[i].targets.push(t);
            }
        }
        let mut stmt = conn
            .prepare(&format!(
                "SELECT v.evidence_id, {VERSION_COLUMNS}
                 FROM evidence_version v LEFT JOIN content c ON c.id = v.content_id{}
                 ORDER BY v.evidence_id, v.version",
                within("v.evidence_id")
            ))
            .map_err(db)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(ids)).map_err(db)?;
        while let Some(r) = rows.next().map_err(db)? {
            let Some(&i) = at.get(&r.get::<_, i64>(0).map_err(db)?) else {
                continue;
            };
            list[i].versions.push(version_at(r, 1).map_err(db)?);
        }
        for e in list.iter_mut() {
            e.targets.sort();
        }
        Ok(())
    }

    /// One piece of evidence by id.
    pub fn evidence(&self, id: i64) -> Result<Evidence, WorkspaceError> {
        self.reading(|| read_evidence(self.connection(), id))
    }

    /// How many pieces of evidence prove each control, by control id.
    pub fn evidence_counts(
        &self,
    ) -> Result<std::collections::HashMap<String, u32>, WorkspaceError> {
        self.reading(|| evidence_counts(self.connection()))
    }

    /// Changes a piece of evidence's description, status, dates or targets.
    pub fn update_evidence(
        &mut self,
        id: i64,
        patch: &EvidencePatch,
        actor: &str,
    ) -> Result<Evidence, EvidenceError> {
        if let Some(Some(d)) = &patch.issued_on {
            check_date("issue date", &Some(d.clone()))?;
        }
        if let Some(Some(d)) = &patch.valid_until {
            check_date("valid-until date", &Some(d.clone()))?;
        }
        let title = patch.title.as_deref().map(check_title).transpose()?;
        let targets = patch.targets.as_deref().map(check_targets).transpose()?;
        // Read inside the change's transaction, after the write lock is taken, so a change
        // another program made a moment ago is the starting point.
        self.write_evidence(|tx| {
            let before = read_evidence(tx, id)?;
            let key = id.to_string();
            let set = |field: &str, column: &str, old: Option<String>, new: Option<String>| {
                tx.execute(
                    &format!("UPDATE evidence SET {column} = ?2, updated_at = {NOW} WHERE id = ?1"),
                    params![id, new],
                )
                .map_err(db)?;
                record(
                    tx,
                    actor,
                    "evidence",
                    &key,
                    field,
                    old.as_deref(),
                    new.as_deref(),
                )
            };
            if let Some(t) = &title {
                set(
                    "title",
                    "title",
                    Some(before.title.clone()),
                    Some(t.clone()),
                )?;
            }
            if let Some(d) = &patch.description {
                set(
                    "description",
                    "description",
                    Some(before.description.clone()),
                    Some(d.trim().to_owned()),
                )?;
            }
            if let Some(d) = &patch.issued_on {
                set(
                    "issued_on",
                    "issued_on",
                    before.issued_on.clone(),
                    d.clone(),
                )?;
            }
            if let Some(d) = &patch.valid_until {
                set(
                    "valid_until",
                    "valid_until",
                    before.valid_until.clone(),
                    d.clone(),
                )?;
            }
            if let Some(r) = &patch.review_interval {
                set(
                    "review_interval",
                    "review_interval",
                    before.review_interval.map(|r| r.to_string()),
                    r.map(|r| r.to_string()),
                )?;
            }
            if let Some(s) = &patch.status {
                set(
                    "status",
                    "status",
                    Some(before.status.to_string()),
                    Some(s.to_string()),
                )?;
            }
            if let Some(p) = &patch.provided_by {
                let pid = match p {
                    Some(name) if !name.trim().is_empty() => Some(person_id(tx, actor, name)?),
                    _ => None,
                };
                tx.execute(
                    &format!(
                        "UPDATE evidence SET provided_by = ?2, updated_at = {NOW} WHERE id = ?1"
                    ),
                    params![id, pid],
                )
                .map_err(db)?;
                record(
                    tx,
                    actor,
                    "evidence",
                    &key,
                    "provided_by",
                    before.provided_by.as_deref(),
                    p.as_deref().map(str::trim).filter(|n| !n.is_empty()),
                )?;
            }
            if let Some(targets) = &targets {
                for t in before.targets.iter().filter(|t| !targets.contains(t)) {
                    tx.execute(
                        "DELETE FROM evidence_target
                         WHERE evidence_id = ?1 AND target_kind = ?2 AND target_id = ?3",
                        params![id, t.kind(), t.id()],
                    )
                    .map_err(db)?;
                    record(
                        tx,
                        actor,
                        t.kind(),
                        &t.id(),
                        "evidence",
                        Some(&format!("#{id} {}", before.title)),
                        None,
                    )?;
                }
                for t in targets.iter().filter(|t| !before.targets.contains(t)) {
                    tx.execute(
                        "INSERT INTO evidence_target (evidence_id, target_kind, target_id)
                         VALUES (?1, ?2, ?3)",
                        params![id, t.kind(), t.id()],
                    )
                    .map_err(db)?;
                    record(
                        tx,
                        actor,
                        t.kind(),
                        &t.id(),
                        "evidence",
                        None,
                        Some(&format!("#{id} {}", before.title)),
                    )?;
                }
            }
            Ok(())
        })?;
        Ok(self.evidence(id)?)
    }

    /// Removes a piece of evidence and its versions. The history keeps the record of what it
    /// was; stored content that no other evidence uses is deleted with it.
    pub fn remove_evidence(&mut self, id: i64, actor: &str) -> Result<Evidence, EvidenceError> {
        let before = self.write_evidence(|tx| {
            let before = read_evidence(tx, id)?;
            for t in &before.targets {
                record(
                    tx,
                    actor,
                    t.kind(),
                    &t.id(),
                    "evidence",
                    Some(&format!("#{id} {}", before.title)),
                    None,
                )?;
            }
            let what = before.versions.iter().fold(before.title.clone(), |s, v| {
                match (&v.file_name, &v.sha256) {
                    (Some(f), Some(h)) => format!("{s}; v{} {f} sha256 {h}", v.version),
                    _ => s,
                }
            });
            record(
                tx,
                actor,
                "evidence",
                &id.to_string(),
                "removed",
                Some(&what),
                None,
            )?;
            tx.execute("DELETE FROM evidence WHERE id = ?1", [id])
                .map_err(db)?;
            tx.execute(
                "DELETE FROM content WHERE id NOT IN
                     (SELECT content_id FROM evidence_version WHERE content_id IS NOT NULL)",
                [],
            )
            .map_err(db)?;
            Ok(before)
        })?;
        Ok(before)
    }

    /// Runs `change` as one transaction, with evidence errors passed through untouched.
    pub(super) fn write_evidence<T>(
        &mut self,
        change: impl FnOnce(&Transaction<'_>) -> Result<T, EvidenceError>,
    ) -> Result<T, EvidenceError> {
        let mut inner = None;
        let result = self.write(|tx| match change(tx) {
            Ok(v) => Ok(v),
            Err(EvidenceError::Workspace(w)) => Err(w),
            Err(other) => {
                inner = Some(other);
                // Any error aborts the transaction; the real one is returned below.
                Err(WorkspaceError::Invalid {
                    message: String::new(),
                })
            }
        });
        match (result, inner) {
            (_, Some(e)) => Err(e),
            (r, None) => Ok(r?),
        }
    }
}

/// How many evidence items a person provided (for the people directory, which may not remove
/// someone who still answers for evidence).
pub(crate) fn provided_by_count(
    conn: &rusqlite::Connection,
    person: i64,
) -> Result<u64, WorkspaceError> {
    conn.query_row(
        "SELECT count(*) FROM evidence WHERE provided_by = ?1",
        [person],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n as u64)
    .map_err(db)
}

/// Hands the evidence one person provided to another, recording each item's change.
pub(crate) fn reassign_provider(
    tx: &Transaction<'_>,
    actor: &str,
    from: i64,
    from_name: &str,
    to: i64,
    to_name: &str,
) -> Result<(), WorkspaceError> {
    let ids: Vec<i64> = {
        let mut stmt = tx
            .prepare("SELECT id FROM evidence WHERE provided_by = ?1 ORDER BY id")
            .map_err(db)?;
        let rows = stmt.query_map([from], |r| r.get(0)).map_err(db)?;
        rows.collect::<Result<_, _>>().map_err(db)?
    };
    for id in ids {
        record(
            tx,
            actor,
            "evidence",
            &id.to_string(),
            "provided_by",
            Some(from_name),
            Some(to_name),
        )?;
    }
    tx.execute(
        "UPDATE evidence SET provided_by = ?1 WHERE provided_by = ?2",
        params![to, from],
    )
    .map_err(db)?;
    Ok(())
}
