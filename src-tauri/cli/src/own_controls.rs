//! `annexa own-controls`: the organisation's own controls beyond Annex A (6.1.3 d), which a
//! risk chooses with `--control ID` and which join the Statement of Applicability.

use std::io::Write;

use annexa_core::catalogue::vocabulary::Status;
use annexa_core::risks::OwnControlPatch;
use annexa_core::store::Workspace;
use annexa_core::wire::OwnControlView;
use clap::{Args, Subcommand};

use crate::assess::{bad, write_out};
use crate::output::Rows;
use crate::{Failure, FormatArg, columns};

#[derive(Debug, Subcommand)]
pub enum OwnControlsCommand {
    /// Add a control of the organisation's own.
    Add {
        /// Its id as the organisation writes it (ORG-1), never an Annex A id.
        id: String,
        #[command(flatten)]
        fields: OwnControlFields,
    },
    /// Change a control of the organisation's own.
    Set {
        /// The control's id, e.g. ORG-1.
        id: String,
        #[command(flatten)]
        fields: OwnControlFields,
    },
    /// List the organisation's own controls, with the risks that chose each.
    List(FormatArg),
}

/// Options that both `add` and `set` take.
#[derive(Debug, Args)]
pub struct OwnControlFields {
    /// What the control is called (required to add one).
    #[arg(long)]
    title: Option<String>,
    /// What it does, in a sentence or two.
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// not_assessed, not_implemented, planned, partially_implemented or implemented.
    #[arg(long)]
    status: Option<String>,
}

impl OwnControlFields {
    fn patch(&self) -> Result<OwnControlPatch, Failure> {
        Ok(OwnControlPatch {
            title: self.title.clone(),
            description: self.description.clone(),
            status: self
                .status
                .as_deref()
                .map(|s| s.parse::<Status>().map_err(|e| bad(e.to_string())))
                .transpose()?,
        })
    }
}

pub fn own_controls(
    ws: &mut Workspace,
    cmd: OwnControlsCommand,
    actor: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    match cmd {
        OwnControlsCommand::Add { id, fields } => {
            let c = ws.add_own_control(&id, &fields.patch()?, actor)?;
            writeln!(out, "Added {}: {}", c.reference, c.title).map_err(Failure::Output)
        }
        OwnControlsCommand::Set { id, fields } => {
            let c = ws.update_own_control(&id, &fields.patch()?, actor)?;
            writeln!(out, "{} is {}: {}", c.reference, c.status, c.title).map_err(Failure::Output)
        }
        OwnControlsCommand::List(format) => {
            let views: Vec<OwnControlView> = ws
                .own_controls()?
                .iter()
                .map(OwnControlView::from)
                .collect();
            let rows = Rows {
                headers: vec!["id", "title", "status", "risks", "description"],
                rows: views
                    .iter()
                    .map(|c| {
                        vec![
                            c.id.clone(),
                            c.title.clone(),
                            c.status.to_string(),
                            c.risks.join(", "),
                            c.description.clone(),
                        ]
                    })
                    .collect(),
            };
            write_out(out, format.format, &rows, &views, columns::OWN_CONTROL)
        }
    }
}
