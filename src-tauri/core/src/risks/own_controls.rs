//! Controls of the organisation's own, beyond Annex A (6.1.3 c, d): an id as the organisation
//! writes it (`ORG-1`), a title, what it is and how far it is implemented. A risk chooses them
//! as it chooses Annex A controls (`--control ORG-1`), and they join the Statement of
//! Applicability as additional controls, with the risks that chose them.

use super::store;
use crate::catalogue::ControlId;
use crate::catalogue::vocabulary::Status;
use crate::store::{Workspace, WorkspaceError, control_id, invalid, unknown};

/// A control of the organisation's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnControl {
    pub id: i64,
    /// As the organisation writes it, e.g. `ORG-1`.
    pub reference: String,
    pub title: String,
    pub description: String,
    pub status: Status,
    /// The risks that chose it (`R-001`), by number.
    pub risks: Vec<String>,
    pub updated_at: String,
}

/// A new control of the organisation's own, or a change to one: each `Some` field is set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OwnControlPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub status: Option<Status>,
}

/// Checks an id for a new control of the organisation's own: short, plain, and never one
/// that could be read as an Annex A control (`5.1`, `A.5.1`), so that `--control` means one
/// thing.
fn check_reference(reference: &str) -> Result<String, WorkspaceError> {
    let r = reference.trim();
    let plain = r
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if r.is_empty() || r.chars().count() > 20 || !plain {
        return Err(invalid(format!(
            "{r:?} cannot be a control's id: use up to 20 letters, digits, '.', '-' or '_', \
             e.g. ORG-1"
        )));
    }
    if control_id(r).is_ok() || r.to_ascii_uppercase().starts_with("A.") {
        return Err(invalid(format!(
            "{r:?} reads as an Annex A control; give the organisation's own control an id of \
             its own, e.g. ORG-1"
        )));
    }
    Ok(r.to_owned())
}

pub(super) fn check_title(title: &str) -> Result<String, WorkspaceError> {
    let t = title.trim();
    if t.is_empty() || t.chars().count() > 300 || t.chars().any(char::is_control) {
        return Err(invalid(
            "a control's title is one line of 1 to 300 characters",
        ));
    }
    Ok(t.to_owned())
}

impl Workspace {
    /// Adds a control of the organisation's own.
    pub fn add_own_control(
        &mut self,
        reference: &str,
        patch: &OwnControlPatch,
        actor: &str,
    ) -> Result<OwnControl, WorkspaceError> {
        let reference = check_reference(reference)?;
        let title = check_title(patch.title.as_deref().unwrap_or(""))?;
        let id =
            self.write(|tx| store::insert_own_control(tx, &reference, &title, patch, actor))?;
        self.own_control(id)
    }

    /// Changes a control of the organisation's own (`reference` as written, any case).
    pub fn update_own_control(
        &mut self,
        reference: &str,
        patch: &OwnControlPatch,
        actor: &str,
    ) -> Result<OwnControl, WorkspaceError> {
        let before = self.own_control_named(reference)?;
        if let Some(t) = &patch.title {
            check_title(t)?;
        }
        self.write(|tx| store::update_own_control(tx, &before, patch, actor))?;
        self.own_control(before.id)
    }

    /// The organisation's own controls, by id as written.
    pub fn own_controls(&self) -> Result<Vec<OwnControl>, WorkspaceError> {
        self.reading(|| store::read_own_controls(self.connection(), None))
    }

    fn own_control(&self, id: i64) -> Result<OwnControl, WorkspaceError> {
        self.reading(|| store::read_own_controls(self.connection(), Some(id)))?
            .into_iter()
            .next()
            .ok_or_else(|| {
                unknown(format!(
                    "there is no control of the organisation's own #{id}"
                ))
            })
    }

    fn own_control_named(&self, reference: &str) -> Result<OwnControl, WorkspaceError> {
        let r = reference.trim();
        self.own_controls()?
            .into_iter()
            .find(|c| c.reference.eq_ignore_ascii_case(r))
            .ok_or_else(|| {
                unknown(format!(
                    "there is no control of the organisation's own with the id {r:?} \
                     (`annexa own-controls list` lists them)"
                ))
            })
    }

    /// Reads each of `list` as an Annex A control or, failing that, one of the organisation's
    /// own: the Annex A ids, then the own controls.
    pub(super) fn split_controls(
        &self,
        list: &[String],
    ) -> Result<(Vec<ControlId>, Vec<OwnControl>), WorkspaceError> {
        let mut annex = Vec::new();
        let mut own = Vec::new();
        let mine = if list.is_empty() {
            Vec::new()
        } else {
            self.own_controls()?
        };
        for c in list {
            match control_id(c) {
                Ok(id) => annex.push(id),
                Err(e) => match mine
                    .iter()
                    .find(|o| o.reference.eq_ignore_ascii_case(c.trim()))
                {
                    Some(o) => own.push(o.clone()),
                    None => {
                        return Err(unknown(format!(
                            "{e}; nor is {:?} one of the organisation's own controls",
                            c.trim()
                        )));
                    }
                },
            }
        }
        Ok((annex, own))
    }
}
