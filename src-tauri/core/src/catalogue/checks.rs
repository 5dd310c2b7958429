//! The checks the loader runs on every catalogue it reads (and so every test run): counts,
//! references between files, names that mean one control, and prose that keeps one voice.

use super::*;

/// Words the catalogue never uses (with a reason shown when one slips in).
const REFUSED_WORDS: &[(&str, &str)] = &[
    ("whitelist", "write \"allowlist\""),
    ("blacklist", "write \"denylist\""),
];

impl Catalogue {
    /// The checks that the loader and the test suite both rely on.
    pub(super) fn check(&self, new_ids: &BTreeSet<ControlId>, problems: &mut Vec<String>) {
        let mut seen = BTreeSet::new();
        for control in &self.controls {
            if !seen.insert(control.id) {
                problems.push(format!("control {} appears twice", control.id));
            }
        }
        for (theme, expected) in THEME_COUNTS {
            let ids: BTreeSet<u8> = self.controls_of(theme).map(|c| c.id.number).collect();
            let wanted: BTreeSet<u8> = (1..=expected as u8).collect();
            if ids != wanted {
                let missing: Vec<_> = wanted
                    .difference(&ids)
                    .map(|n| format!("{}.{n}", theme.clause()))
                    .collect();
                let extra: Vec<_> = ids
                    .difference(&wanted)
                    .map(|n| format!("{}.{n}", theme.clause()))
                    .collect();
                problems.push(format!(
                    "theme {theme} must have controls {c}.1 to {c}.{expected} (missing: [{}], unexpected: [{}])",
                    missing.join(", "),
                    extra.join(", "),
                    c = theme.clause(),
                ));
            }
        }

        let clause_ids: Vec<&str> = self.clauses.iter().map(|c| c.id.as_str()).collect();
        let unique: BTreeSet<&str> = clause_ids.iter().copied().collect();
        if unique.len() != clause_ids.len() {
            problems.push("clauses.toml: a clause id appears twice".to_owned());
        }
        let wanted: BTreeSet<&str> = CLAUSE_IDS.iter().copied().collect();
        for missing in wanted.difference(&unique) {
            problems.push(format!("clauses.toml: clause {missing} is missing"));
        }
        for extra in unique.difference(&wanted) {
            problems.push(format!(
                "clauses.toml: clause {extra} is not a clause of the standard"
            ));
        }
        for clause in &self.clauses {
            if clause.title.trim().is_empty() || clause.summary.trim().is_empty() {
                problems.push(format!(
                    "clauses.toml: clause {} needs a title and a summary",
                    clause.id
                ));
            }
        }
        for id in ["4.1", "4.2"] {
            if self
                .clauses
                .iter()
                .any(|c| c.id == id && c.amendment_2024.is_none())
            {
                problems.push(format!(
                    "clauses.toml: clause {id} must describe the 2024 amendment"
                ));
            }
        }

        let mut doc_ids = BTreeSet::new();
        for document in &self.documents {
            if !doc_ids.insert(document.id.as_str()) {
                problems.push(format!("documents.toml: {} appears twice", document.id));
            }
            if document.title.trim().is_empty() || document.description.trim().is_empty() {
                problems.push(format!(
                    "documents.toml: {} needs a title and a description",
                    document.id
                ));
            }
        }
        if self.documents.is_empty() {
            problems.push("documents.toml: no required documents".to_owned());
        }
        for document in &self.control_documents {
            if !doc_ids.insert(document.id.as_str()) {
                problems.push(format!(
                    "control-documents.toml: {} appears twice (ids are shared with documents.toml)",
                    document.id
                ));
            }
            if self.control(document.control).is_none() {
                problems.push(format!(
                    "control-documents.toml: {} names control {}, which does not exist",
                    document.id, document.control
                ));
            }
            if document.title.trim().is_empty() || document.description.trim().is_empty() {
                problems.push(format!(
                    "control-documents.toml: {} needs a title and a description",
                    document.id
                ));
            }
        }
        self.check_names(problems);
        self.check_prose(problems);

        if self.mapping_2013.len() != CONTROLS_2013 {
            problems.push(format!(
                "mapping-2013.toml: {} controls of 2013, expected {CONTROLS_2013}",
                self.mapping_2013.len()
            ));
        }
        let mut old_ids = BTreeSet::new();
        for old in &self.mapping_2013 {
            if !old_ids.insert(old.id.as_str()) {
                problems.push(format!("mapping-2013.toml: {} appears twice", old.id));
            }
            if old.ids_2022.is_empty() || old.title.trim().is_empty() {
                problems.push(format!(
                    "mapping-2013.toml: {} needs a title and a 2022 id",
                    old.id
                ));
            }
        }
        if new_ids.len() != NEW_IN_2022 {
            problems.push(format!(
                "mapping-2013.toml: {} controls flagged new, expected {NEW_IN_2022}",
                new_ids.len()
            ));
        }
        for control in &self.controls {
            match (control.new_in_2022, control.ids_2013.is_empty()) {
                (true, false) => problems.push(format!(
                    "control {} is flagged new but 2013 controls map to it: {}",
                    control.id,
                    control.ids_2013.join(", ")
                )),
                (false, true) => problems.push(format!(
                    "control {} is neither new nor the target of a 2013 control",
                    control.id
                )),
                _ => {}
            }
        }
        for id in new_ids {
            if self.control(*id).is_none() {
                problems.push(format!(
                    "mapping-2013.toml: new control {id} does not exist"
                ));
            }
        }
    }

    /// Every title and alias names one control only, so that a name read from a spreadsheet
    /// can never mean two.
    fn check_names(&self, problems: &mut Vec<String>) {
        let mut names: BTreeMap<String, ControlId> = BTreeMap::new();
        for control in &self.controls {
            for name in std::iter::once(&control.title).chain(&control.aliases) {
                let key = normalise_title(name);
                if key.is_empty() {
                    problems.push(format!("control {} has an empty alias", control.id));
                    continue;
                }
                if let Some(other) = names.insert(key, control.id) {
                    if other != control.id {
                        problems.push(format!(
                            "the name {name:?} is used by controls {other} and {}",
                            control.id
                        ));
                    } else {
                        problems.push(format!(
                            "control {} lists the name {name:?} twice",
                            control.id
                        ));
                    }
                }
            }
        }
    }

    /// The prose keeps one voice: no refused words anywhere, and no sentence written under
    /// two controls (each control's guidance is its own, not pasted from a neighbour).
    fn check_prose(&self, problems: &mut Vec<String>) {
        let mut texts: Vec<(String, &str)> = Vec::new();
        for c in &self.controls {
            let place = format!("control {}", c.id);
            texts.push((place.clone(), &c.title));
            texts.push((place.clone(), &c.summary));
            texts.push((place.clone(), &c.guidance));
            for e in &c.typical_evidence {
                texts.push((place.clone(), e));
            }
        }
        for c in &self.clauses {
            let place = format!("clause {}", c.id);
            texts.push((place.clone(), &c.summary));
            if let Some(a) = &c.amendment_2024 {
                texts.push((place, a));
            }
        }
        for d in &self.documents {
            texts.push((format!("document {}", d.id), &d.description));
        }
        for d in &self.control_documents {
            texts.push((format!("document {}", d.id), &d.description));
        }
        for (place, text) in &texts {
            let lower = text.to_lowercase();
            for (word, instead) in REFUSED_WORDS {
                if lower.contains(word) {
                    problems.push(format!("{place} says {word:?}: {instead}"));
                }
            }
        }
        let mut first_seen: BTreeMap<String, ControlId> = BTreeMap::new();
        for c in &self.controls {
            let prose = [&c.summary, &c.guidance]
                .into_iter()
                .chain(&c.typical_evidence);
            let mut own = BTreeSet::new();
            for sentence in prose.flat_map(|t| sentences(t)) {
                if !own.insert(sentence.clone()) {
                    continue;
                }
                if let Some(other) = first_seen.insert(sentence.clone(), c.id) {
                    problems.push(format!(
                        "controls {other} and {} both say {sentence:?}",
                        c.id
                    ));
                }
            }
        }
    }
}

/// The sentences of a text, normalised for comparison; very short fragments (under four
/// words, such as "Keep it simple") are common phrases rather than pasted guidance.
fn sentences(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut start = 0;
    let mut cuts = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = matches!(c, '.' | '!' | '?')
            && chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        if ends {
            cuts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    cuts.push(&text[start..]);
    cuts.into_iter()
        .map(|s| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .filter(|s| s.split(' ').count() >= 4)
}
