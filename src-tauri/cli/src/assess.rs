//! The assessment commands: controls, set, people, actions, history, snapshot and report.
//!
//! Each parses its flags into a core patch or query, calls one `Workspace` method and renders
//! the result with `output`; the rules (what is valid, what is late) live in the core.

use std::io::Write;

use annexa_core::assessment::{self, ActionPatch, ClausePatch, ControlPatch, PersonInput};
use annexa_core::catalogue::vocabulary::{ActionStatus, Party, Priority, Reason, Status, Theme};
use annexa_core::store::Workspace;
use annexa_core::store::history::HistorySubject;
use annexa_core::wire::{
    ActionView, ChangeView, ClauseStateView, ControlStateView, HistoryView, PersonView, ReportView,
    SnapshotView,
};
use annexa_core::{ErrorKind, ErrorPayload};
use clap::{Args, Subcommand};

use crate::output::{self, Format, Rows};
use crate::{Failure, FormatArg, columns};

/// Parses a vocabulary word, turning a mistake into an "invalid input" error that lists the
/// words that would have been right.
fn word<T: std::str::FromStr<Err = annexa_core::catalogue::vocabulary::UnknownWord>>(
    s: &str,
) -> Result<T, Failure> {
    s.parse::<T>()
        .map_err(|e| Failure::from(ErrorPayload::new(ErrorKind::InvalidInput, e.to_string())))
}

pub(crate) fn bad(message: String) -> Failure {
    Failure::from(ErrorPayload::new(ErrorKind::InvalidInput, message))
}

/// An empty value (`--owner ""`) clears an optional field.
fn optional(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

pub(crate) fn write_out<T: serde::Serialize>(
    out: &mut impl Write,
    format: Format,
    rows: &Rows,
    json: &T,
    csv: &[&str],
) -> Result<(), Failure> {
    output::write(out, format, rows, json, csv).map_err(Failure::Output)
}

#[derive(Debug, Args)]
pub struct ControlsArgs {
    /// Only this theme (organizational, people, physical, technological).
    #[arg(long)]
    theme: Option<String>,
    /// Only this implementation status.
    #[arg(long)]
    status: Option<String>,
    /// Only controls owned by this person.
    #[arg(long)]
    owner: Option<String>,
    #[command(flatten)]
    format: FormatArg,
}

pub fn controls(ws: &Workspace, args: &ControlsArgs, out: &mut impl Write) -> Result<(), Failure> {
    let theme = args.theme.as_deref().map(word::<Theme>).transpose()?;
    let status = args.status.as_deref().map(word::<Status>).transpose()?;
    let chosen = ws.risks_by_control()?;
    let views: Vec<ControlStateView> = ws
        .controls()?
        .iter()
        .filter(|c| theme.is_none_or(|t| c.id.theme() == Some(t)))
        .filter(|c| status.is_none_or(|s| c.status == s))
        .filter(|c| {
            args.owner.as_deref().is_none_or(|o| {
                c.owner
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(o.trim()))
            })
        })
        .map(|c| ControlStateView::from(c).with_risks(&chosen))
        .collect();
    let format = args.format.format;
    let rows = Rows {
        headers: vec![
            "id",
            "title",
            "applicable",
            "status",
            "owner",
            "maturity",
            "target_date",
        ],
        rows: views
            .iter()
            .map(|v| {
                vec![
                    v.id.clone(),
                    v.title.clone(),
                    match v.applicable {
                        Some(true) => "yes".into(),
                        Some(false) => "no".into(),
                        None => String::new(),
                    },
                    v.status.to_string(),
                    v.owner.clone().unwrap_or_default(),
                    v.maturity.map(|m| m.to_string()).unwrap_or_default(),
                    v.target_date.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    };
    write_out(out, format, &rows, &views, columns::CONTROL_STATE)
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The control, e.g. A.5.1 or 5.1; several (A.7.1 A.7.2 …) change together, all or none.
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
    /// yes, no or undecided.
    #[arg(long)]
    applicable: Option<String>,
    /// Why the control is excluded (required when --applicable no).
    #[arg(long)]
    justification: Option<String>,
    /// Reasons for inclusion, comma separated: risk_assessment, legal_regulatory, contractual,
    /// business_requirement, best_practice.
    #[arg(long, value_delimiter = ',')]
    reason: Option<Vec<String>>,
    /// not_assessed, not_implemented, planned, partially_implemented or implemented.
    #[arg(long)]
    status: Option<String>,
    /// The person who answers for the control ("" clears it).
    #[arg(long)]
    owner: Option<String>,
    /// People who contribute, comma separated.
    #[arg(long, value_delimiter = ',')]
    contributor: Option<Vec<String>>,
    /// 0 (non-existent) to 5 (optimised); "" clears it.
    #[arg(long)]
    maturity: Option<String>,
    /// YYYY-MM-DD; "" clears it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    target_date: Option<String>,
    /// low, medium, high or critical; "" clears it.
    #[arg(long)]
    priority: Option<String>,
    /// Notes on the current state.
    #[arg(long)]
    note: Option<String>,
    /// What is missing to implement the control.
    #[arg(long)]
    gap: Option<String>,
    #[command(flatten)]
    format: FormatArg,
}

pub fn set(
    ws: &mut Workspace,
    args: &SetArgs,
    actor: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let applicable = match args
        .applicable
        .as_deref()
        .map(|a| a.trim().to_ascii_lowercase())
    {
        None => None,
        Some(a) => Some(match a.as_str() {
            "yes" | "y" | "true" => Some(true),
            "no" | "n" | "false" => Some(false),
            "undecided" | "" => None,
            _ => return Err(bad(format!("--applicable {a:?}: use yes, no or undecided"))),
        }),
    };
    let maturity = match args.maturity.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(m) => Some(Some(m.parse::<u8>().ok().filter(|m| *m <= 5).ok_or_else(
            || {
                bad(format!(
                    "--maturity {m:?}: use a number from 0 (non-existent) to 5 (optimised)"
                ))
            },
        )?)),
    };
    let patch = ControlPatch {
        applicable,
        justification: args.justification.clone(),
        reasons: args
            .reason
            .as_ref()
            .map(|rs| {
                rs.iter()
                    .filter(|r| !r.trim().is_empty())
                    .map(|r| word::<Reason>(r))
                    .collect()
            })
            .transpose()?,
        status: args.status.as_deref().map(word::<Status>).transpose()?,
        maturity,
        owner: args.owner.as_deref().map(optional),
        contributors: args
            .contributor
            .clone()
            .map(|c| c.into_iter().filter(|n| !n.trim().is_empty()).collect()),
        target_date: args.target_date.as_deref().map(optional),
        priority: match args.priority.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(p) => Some(Some(word::<Priority>(p)?)),
        },
        current_state: args.note.clone(),
        gap: args.gap.clone(),
    };
    if patch == ControlPatch::default() {
        return Err(bad(
            "nothing to change: give at least one of --applicable, --status, --owner, …".into(),
        ));
    }
    let applicability = |view: &ControlStateView| -> String {
        match view.applicable {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => "undecided".into(),
        }
    };
    if let [id] = args.ids.as_slice() {
        let saved = ws.set_control(id, &patch, actor)?;
        let view = ControlStateView::from(&saved).with_risks(&ws.risks_by_control()?);
        let rows = Rows {
            headers: vec!["field", "value"],
            rows: vec![
                vec!["control".into(), format!("{} {}", view.id, view.title)],
                vec!["applicable".into(), applicability(&view)],
                vec!["status".into(), view.status.to_string()],
                vec!["owner".into(), view.owner.clone().unwrap_or_default()],
            ],
        };
        return write_out(
            out,
            args.format.format,
            &rows,
            &view,
            columns::CONTROL_STATE,
        );
    }
    // Several controls: one transaction, and a listing of what they are now.
    let saved = ws.set_controls(&args.ids, &patch, actor)?;
    let chosen = ws.risks_by_control()?;
    let views: Vec<ControlStateView> = saved
        .iter()
        .map(|c| ControlStateView::from(c).with_risks(&chosen))
        .collect();
    let rows = Rows {
        headers: vec!["control", "applicable", "status", "owner"],
        rows: views
            .iter()
            .map(|v| {
                vec![
                    format!("{} {}", v.id, v.title),
                    applicability(v),
                    v.status.to_string(),
                    v.owner.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    };
    write_out(
        out,
        args.format.format,
        &rows,
        &views,
        columns::CONTROL_STATE,
    )
}

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Add a person to the directory (someone already there is left as they are: change them
    /// with `people set`).
    Add {
        /// The person's name, e.g. "Ana Silva".
        name: String,
        /// Their role, e.g. CISO.
        #[arg(long, default_value = "")]
        role: String,
        /// management, it, security, hr, facilities, legal_compliance, all_staff or suppliers.
        #[arg(long)]
        department: Option<String>,
        /// Their e-mail address.
        #[arg(long, default_value = "")]
        email: String,
    },
    /// Change a person: role, department, e-mail or name (what they own follows the name).
    Set {
        /// Who to change.
        name: String,
        /// The new role.
        #[arg(long)]
        role: Option<String>,
        /// The new department (management, it, security, hr, facilities, legal_compliance,
        /// all_staff or suppliers); "" clears it.
        #[arg(long)]
        department: Option<String>,
        /// The new e-mail address.
        #[arg(long)]
        email: Option<String>,
        /// A new name.
        #[arg(long, value_name = "NEW NAME")]
        rename: Option<String>,
    },
    /// Remove a person from the directory; refused while they own, contribute to, are assigned
    /// or provided anything, unless --reassign names who takes it over.
    Remove {
        /// Who to remove.
        name: String,
        /// Who takes over everything they answer for (added to the directory if new).
        #[arg(long, value_name = "NAME")]
        reassign: Option<String>,
        /// Do not ask (needed when standard input is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// List the directory.
    List(FormatArg),
    /// Everything one person answers for: controls owned and contributed to, clauses,
    /// actions, evidence provided, and what of it is late.
    Show {
        /// The person, e.g. "Ana Silva" (any case).
        name: String,
        #[command(flatten)]
        format: FormatArg,
    },
    /// What the people of one department own: management, it, security, hr, facilities,
    /// legal_compliance, all_staff or suppliers.
    Department {
        /// The department (management, it, security, hr, facilities, legal_compliance, all_staff or suppliers).
        department: String,
        #[command(flatten)]
        format: FormatArg,
    },
}

pub fn people(
    ws: &mut Workspace,
    cmd: PeopleCommand,
    actor: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    match cmd {
        PeopleCommand::Add {
            name,
            role,
            department,
            email,
        } => {
            if let Some(existing) = ws
                .people()?
                .into_iter()
                .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
            {
                return writeln!(
                    out,
                    "{0} is already in the directory; nothing was changed. To change them: \
                     annexa people set \"{0}\" --role ... --department ... --email ...",
                    existing.name
                )
                .map_err(Failure::Output);
            }
            let department = department.as_deref().map(word::<Party>).transpose()?;
            let p = ws.add_person(
                &PersonInput {
                    name,
                    role,
                    department,
                    email,
                },
                actor,
            )?;
            writeln!(out, "Added {}", p.name).map_err(Failure::Output)
        }
        PeopleCommand::Set {
            name,
            role,
            department,
            email,
            rename,
        } => {
            let department = match department.as_deref().map(str::trim) {
                None => None,
                Some("") => Some(None),
                Some(d) => Some(Some(word::<Party>(d)?)),
            };
            let before = ws.person_work(&name)?.person;
            let after = ws.update_person(
                &name,
                &assessment::PersonPatch {
                    role,
                    department,
                    email,
                    rename,
                },
                actor,
            )?;
            let mut changes = Vec::new();
            let mut change = |field: &str, old: &str, new: &str| {
                if old != new {
                    changes.push(format!("{field} {old:?} -> {new:?}"));
                }
            };
            change("name", &before.name, &after.name);
            change("role", &before.role, &after.role);
            change(
                "department",
                before.department.map(|d| d.as_str()).unwrap_or(""),
                after.department.map(|d| d.as_str()).unwrap_or(""),
            );
            change("email", &before.email, &after.email);
            if changes.is_empty() {
                writeln!(out, "{}: nothing changed", after.name)
            } else {
                writeln!(out, "Updated {}: {}", after.name, changes.join(", "))
            }
            .map_err(Failure::Output)
        }
        PeopleCommand::Remove {
            name,
            reassign,
            yes,
        } => {
            let held = ws.responsibilities(&name)?;
            let question = match (&reassign, held.is_empty()) {
                (Some(to), false) => format!(
                    "Remove {} from the directory and hand over to {to} what they answer for ({})?",
                    name.trim(),
                    held.describe()
                ),
                _ => format!("Remove {} from the directory?", name.trim()),
            };
            if held.is_empty() || reassign.is_some() {
                crate::confirm(&question, yes)?;
            }
            let (person, held) = ws.remove_person(&name, reassign.as_deref(), actor)?;
            match reassign.filter(|_| !held.is_empty()) {
                Some(to) => writeln!(
                    out,
                    "Removed {}; {to} now answers for what they did ({})",
                    person.name,
                    held.describe()
                ),
                None => writeln!(out, "Removed {}", person.name),
            }
            .map_err(Failure::Output)
        }
        PeopleCommand::List(f) => {
            let views: Vec<PersonView> = ws.people()?.iter().map(PersonView::from).collect();
            let rows = Rows {
                headers: vec!["name", "role", "department", "email"],
                rows: views
                    .iter()
                    .map(|p| {
                        vec![
                            p.name.clone(),
                            p.role.clone(),
                            p.department.map(|d| d.to_string()).unwrap_or_default(),
                            p.email.clone(),
                        ]
                    })
                    .collect(),
            };
            write_out(out, f.format, &rows, &views, columns::PERSON)
        }
        PeopleCommand::Department { department, format } => {
            let department = word::<Party>(&department)?;
            let today = ws.today()?;
            let members: Vec<String> = ws
                .people()?
                .into_iter()
                .filter(|p| p.department == Some(department))
                .map(|p| p.name)
                .collect();
            let owned: Vec<_> = ws
                .controls()?
                .into_iter()
                .filter(|c| c.owner.as_ref().is_some_and(|o| members.contains(o)))
                .collect();
            let rows = Rows {
                headers: vec!["id", "title", "owner", "status", "target_date", "late"],
                rows: owned
                    .iter()
                    .map(|c| {
                        vec![
                            c.id.prefixed(),
                            ControlStateView::from(c).title,
                            c.owner.clone().unwrap_or_default(),
                            c.status.to_string(),
                            c.target_date.clone().unwrap_or_default(),
                            if c.is_late(&today) {
                                "late".into()
                            } else {
                                String::new()
                            },
                        ]
                    })
                    .collect(),
            };
            let owned: Vec<ControlStateView> = owned.iter().map(ControlStateView::from).collect();
            write_out(out, format.format, &rows, &owned, columns::CONTROL_STATE)
        }
        PeopleCommand::Show { name, format } => {
            let today = ws.today()?;
            let work = ws.person_work(&name)?;
            let view =
                annexa_core::wire::PersonWorkView::new(&work, &today, &ws.risks_by_control()?);
            let late = |c: &annexa_core::assessment::ControlAssessment| {
                if c.is_late(&today) { "late" } else { "" }.to_owned()
            };
            let mut rows: Vec<Vec<String>> = Vec::new();
            for c in &work.owns {
                rows.push(vec![
                    "owns".into(),
                    c.id.prefixed(),
                    ControlStateView::from(c).title,
                    c.status.to_string(),
                    c.target_date.clone().unwrap_or_default(),
                    late(c),
                ]);
            }
            for c in &work.contributes_to {
                rows.push(vec![
                    "contributes to".into(),
                    c.id.prefixed(),
                    ControlStateView::from(c).title,
                    c.status.to_string(),
                    c.target_date.clone().unwrap_or_default(),
                    late(c),
                ]);
            }
            for c in &work.clauses {
                rows.push(vec![
                    "owns clause".into(),
                    c.id.clone(),
                    String::new(),
                    c.status.to_string(),
                    String::new(),
                    String::new(),
                ]);
            }
            for a in &view.actions {
                rows.push(vec![
                    "is assigned".into(),
                    format!("#{}", a.id),
                    a.title.clone(),
                    a.status.to_string(),
                    a.due_date.clone().unwrap_or_default(),
                    if a.late { "late".into() } else { String::new() },
                ]);
            }
            for e in &view.evidence {
                rows.push(vec![
                    "provided".into(),
                    format!("#{}", e.id),
                    e.title.clone(),
                    e.status.to_string(),
                    e.expires_on.clone().unwrap_or_default(),
                    String::new(),
                ]);
            }
            let rows = Rows {
                headers: vec!["relation", "id", "title", "status", "date", "late"],
                rows,
            };
            write_out(out, format.format, &rows, &view, columns::PERSON_WORK)
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ActionsCommand {
    /// Add an action to the risk treatment plan.
    Add {
        /// What is to be done, e.g. "Run an access review".
        title: String,
        /// A control the action serves (repeatable).
        #[arg(long = "control")]
        controls: Vec<String>,
        /// Who does it; a new name is added to the directory.
        #[arg(long)]
        assignee: Option<String>,
        /// When it is due, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
    },
    /// List the actions; late ones are flagged.
    List {
        /// Only late actions.
        #[arg(long)]
        late: bool,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Change an action.
    Set {
        /// The action's number, e.g. 1.
        id: i64,
        /// A new title.
        #[arg(long)]
        title: Option<String>,
        /// open, in_progress, done or cancelled.
        #[arg(long)]
        status: Option<String>,
        /// Who does it ("" for nobody); a new name is added to the directory.
        #[arg(long)]
        assignee: Option<String>,
        /// When it is due, YYYY-MM-DD ("" for no date).
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
        /// The controls the action serves, exactly these (repeatable, or comma separated as
        /// --controls A.5.1,A.5.2); the output names the ones it no longer serves.
        #[arg(
            long = "control",
            alias = "controls",
            value_delimiter = ',',
            value_name = "ID"
        )]
        controls: Vec<String>,
        /// Also serve this control (repeatable).
        #[arg(long = "add-control", value_name = "ID")]
        add_controls: Vec<String>,
        /// No longer serve this control (repeatable).
        #[arg(long = "remove-control", value_name = "ID")]
        remove_controls: Vec<String>,
    },
}

pub fn actions(
    ws: &mut Workspace,
    cmd: ActionsCommand,
    actor: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    match cmd {
        ActionsCommand::Add {
            title,
            controls,
            assignee,
            due,
        } => {
            let patch = ActionPatch {
                title: Some(title),
                controls: Some(controls),
                assignee: assignee.as_deref().map(optional),
                due_date: due.as_deref().map(optional),
                status: None,
            };
            let a = ws.add_action(&patch, actor)?;
            writeln!(out, "Added action {}: {}", a.id, a.title).map_err(Failure::Output)
        }
        ActionsCommand::Set {
            id,
            title,
            status,
            assignee,
            due,
            controls,
            add_controls,
            remove_controls,
        } => {
            let before = ws.action(id)?;
            let new_controls =
                if controls.is_empty() && add_controls.is_empty() && remove_controls.is_empty() {
                    None
                } else {
                    let mut list: Vec<String> = if controls.is_empty() {
                        before.controls.iter().map(ToString::to_string).collect()
                    } else {
                        controls
                            .iter()
                            .map(|c| annexa_core::store::control_id(c).map(|c| c.to_string()))
                            .collect::<Result<_, _>>()?
                    };
                    for c in &add_controls {
                        list.push(annexa_core::store::control_id(c)?.to_string());
                    }
                    for c in &remove_controls {
                        let c = annexa_core::store::control_id(c)?.to_string();
                        if !list.contains(&c) {
                            return Err(bad(format!("action {id} does not serve A.{c}")));
                        }
                        list.retain(|x| *x != c);
                    }
                    Some(list)
                };
            let patch = ActionPatch {
                title,
                controls: new_controls,
                assignee: assignee.as_deref().map(optional),
                due_date: due.as_deref().map(optional),
                status: status.as_deref().map(word::<ActionStatus>).transpose()?,
            };
            let a = ws.update_action(id, &patch, actor)?;
            let changes =
                output::link_changes(&before.controls, &a.controls, |c| c.prefixed(), "serves");
            writeln!(out, "Action {} is {}: {}{changes}", a.id, a.status, a.title)
                .map_err(Failure::Output)
        }
        ActionsCommand::List { late, format } => {
            let today = ws.today()?;
            let views: Vec<ActionView> = ws
                .actions()?
                .iter()
                .map(|a| ActionView::new(a, &today))
                .filter(|a| !late || a.late)
                .collect();
            let rows = Rows {
                headers: vec![
                    "id", "title", "controls", "assignee", "due_date", "status", "late",
                ],
                rows: views
                    .iter()
                    .map(|a| {
                        vec![
                            a.id.to_string(),
                            a.title.clone(),
                            a.controls.join(" "),
                            a.assignee.clone().unwrap_or_default(),
                            a.due_date.clone().unwrap_or_default(),
                            a.status.to_string(),
                            if a.late { "late".into() } else { String::new() },
                        ]
                    })
                    .collect(),
            };
            write_out(out, format.format, &rows, &views, columns::ACTION)
        }
    }
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only the changes to one thing: control:A.5.1, clause:5.1, action:3, evidence:3,
    /// person:NAME, snapshot:NAME, risk:R-001 or asset:NAME. Without the kind, a control id
    /// means the control, a number the action or evidence item that has one, a name a person
    /// or snapshot; the choice is said on standard error.
    #[arg(conflicts_with = "verify", value_name = "KIND:ID")]
    id: Option<String>,
    /// Re-check the history's hash chain instead of listing it: exit 7 when a recorded change
    /// was edited, inserted or removed outside Annexa.
    #[arg(long)]
    verify: bool,
    #[command(flatten)]
    format: FormatArg,
}

pub fn history(ws: &Workspace, args: &HistoryArgs, out: &mut impl Write) -> Result<(), Failure> {
    if args.verify {
        let check = ws.verify_history()?;
        let view = annexa_core::wire::HistoryCheckView::from(&check);
        match args.format.format {
            Format::Json | Format::Csv => write_out(
                out,
                args.format.format,
                &Rows::default(),
                &view,
                columns::HISTORY_CHECK,
            )?,
            _ => writeln!(
                out,
                "{}: {}{}",
                if view.intact { "OK" } else { "BROKEN" },
                view.message,
                view.head
                    .as_deref()
                    .map(|h| format!("; head {h}"))
                    .unwrap_or_default()
            )
            .map_err(Failure::Output)?,
        }
        return if view.intact {
            Ok(())
        } else {
            Err(ErrorPayload::new(ErrorKind::Integrity, view.message).into())
        };
    }
    let entries = match args.id.as_deref() {
        None => ws.history(None)?,
        Some(input) => {
            let (subject, note) = history_subject(ws, input)?;
            eprintln!(
                "annexa: history of {}{}",
                output::terminal_safe(&subject.describe()),
                note.map(|n| format!(" ({})", output::terminal_safe(&n)))
                    .unwrap_or_default()
            );
            ws.history_of(&subject)?
        }
    };
    let views: Vec<HistoryView> = entries.iter().map(HistoryView::from).collect();
    let rows = Rows {
        headers: vec!["at", "actor", "subject", "field", "old_value", "new_value"],
        rows: views
            .iter()
            .map(|h| {
                vec![
                    h.at.clone(),
                    h.actor.clone(),
                    h.subject.clone(),
                    h.field.clone(),
                    h.old_value.clone().unwrap_or_default(),
                    h.new_value.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    };
    write_out(out, args.format.format, &rows, &views, columns::HISTORY)?;
    // A listing of a history that was edited behind Annexa's back says so, as the window does.
    let check = ws.verify_history()?;
    if !check.intact() {
        eprintln!(
            "annexa: warning: {} (annexa history --verify)",
            output::terminal_safe(&check.describe())
        );
    }
    Ok(())
}

/// What `annexa history INPUT` is about: the typed form as written, else the reading that
/// fits (and a note when another reading exists).
fn history_subject(
    ws: &Workspace,
    input: &str,
) -> Result<(HistorySubject, Option<String>), Failure> {
    if let Some(subject) = HistorySubject::typed(input)? {
        return Ok((subject, None));
    }
    let input = input.trim();
    let catalogue = annexa_core::Catalogue::bundled()?;
    let is_clause = |id: &str| catalogue.clauses.iter().any(|c| c.id == id);
    if let Ok(control) = annexa_core::store::control_id(input) {
        let digits = control.to_string();
        let subject = HistorySubject {
            entity: "control",
            id: digits.clone(),
        };
        let bare = !input.to_ascii_lowercase().starts_with('a');
        let note = (bare && is_clause(&digits))
            .then(|| format!("for clause {digits}: annexa history clause:{digits}"));
        return Ok((subject, note));
    }
    if let Ok(n) = input.trim_start_matches('#').parse::<i64>() {
        let of = |entity: &'static str| HistorySubject {
            entity,
            id: n.to_string(),
        };
        let action = !ws.history_of(&of("action"))?.is_empty();
        let evidence = !ws.history_of(&of("evidence"))?.is_empty();
        return match (action, evidence) {
            (true, true) => Err(bad(format!(
                "{n} is both action {n} and evidence {n}; say action:{n} or evidence:{n}"
            ))),
            (false, true) => Ok((of("evidence"), None)),
            _ => Ok((of("action"), None)),
        };
    }
    if is_clause(input) {
        return Ok((
            HistorySubject {
                entity: "clause",
                id: input.to_owned(),
            },
            None,
        ));
    }
    let person = ws
        .people()?
        .into_iter()
        .find(|p| p.name.eq_ignore_ascii_case(input));
    Ok(match person {
        Some(p) => (
            HistorySubject {
                entity: "person",
                id: p.name,
            },
            None,
        ),
        None => (
            HistorySubject {
                entity: "snapshot",
                id: input.to_owned(),
            },
            None,
        ),
    })
}

#[derive(Debug, Subcommand)]
pub enum SnapshotCommand {
    /// Freeze the current assessment under a name.
    Take {
        /// The snapshot's name, e.g. "Gap analysis Nov 2026".
        name: String,
    },
    /// List the snapshots.
    List(FormatArg),
    /// What moved between two snapshots, or between a snapshot and now.
    Compare {
        /// The earlier snapshot.
        from: String,
        /// The later snapshot (default: the current state).
        to: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
}

pub fn snapshot(
    ws: &mut Workspace,
    cmd: SnapshotCommand,
    actor: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    match cmd {
        SnapshotCommand::Take { name } => {
            let s = ws.take_snapshot(&name, actor)?;
            writeln!(out, "Snapshot {:?} taken at {}", s.name, s.taken_at).map_err(Failure::Output)
        }
        SnapshotCommand::List(f) => {
            let views: Vec<SnapshotView> = ws.snapshots()?.iter().map(SnapshotView::from).collect();
            let rows = Rows {
                headers: vec!["name", "taken_at", "actor"],
                rows: views
                    .iter()
                    .map(|s| vec![s.name.clone(), s.taken_at.clone(), s.actor.clone()])
                    .collect(),
            };
            write_out(out, f.format, &rows, &views, columns::SNAPSHOT)
        }
        SnapshotCommand::Compare { from, to, format } => {
            let views = ChangeView::between(ws, &from, to.as_deref())?;
            let rows = Rows {
                headers: vec!["id", "field", "before", "after", "regression"],
                rows: views
                    .iter()
                    .map(|c| {
                        vec![
                            c.id.clone(),
                            c.field.clone(),
                            c.before.clone(),
                            c.after.clone(),
                            if c.regression {
                                "regression".into()
                            } else {
                                String::new()
                            },
                        ]
                    })
                    .collect(),
            };
            write_out(out, format.format, &rows, &views, columns::CHANGE)
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Warn of evidence that expires within this many days.
    #[arg(long, value_name = "DAYS", default_value_t = annexa_core::assessment::EXPIRY_WARNING_DAYS)]
    expiring_within: u32,
    /// Write the board report, a printable PDF summary (readiness, charts, top gaps, late
    /// actions, owners), to this file instead of printing the figures.
    #[arg(long, value_name = "FILE.pdf")]
    pdf: Option<std::path::PathBuf>,
    /// With --pdf: replace a file already there (asks first in a terminal).
    #[arg(long, requires = "pdf")]
    force: bool,
    /// With --force: do not ask (needed when standard input is not a terminal).
    #[arg(long, short = 'y', requires = "force")]
    yes: bool,
    #[command(flatten)]
    format: FormatArg,
}

pub fn report(ws: &Workspace, args: &ReportArgs, out: &mut impl Write) -> Result<(), Failure> {
    let format = args.format.format;
    let today = ws.today()?;
    if let Some(dest) = &args.pdf {
        if args.force && dest.exists() {
            crate::confirm(&format!("Replace {}?", dest.display()), args.yes)?;
        }
        let written = ws.write_board_report(dest, &today, args.expiring_within, args.force)?;
        let view = annexa_core::wire::BoardReportView::from(&written);
        let table = Rows {
            headers: vec!["written", "pages", "bytes"],
            rows: vec![vec![
                view.path.clone(),
                view.pages.to_string(),
                view.bytes.to_string(),
            ]],
        };
        if format == Format::Table {
            return writeln!(
                out,
                "Wrote the board report {} ({} pages, {} KiB) as of {today}",
                output::terminal_safe(&view.path),
                view.pages,
                view.bytes.div_ceil(1024)
            )
            .map_err(Failure::Output);
        }
        return write_out(out, format, &table, &view, columns::BOARD_REPORT);
    }
    let view = ReportView::from(&ws.report_within(&today, args.expiring_within)?)
        .with_risk_findings(&ws.risk_findings(&today)?);
    let pct = |s: f64| format!("{:.0}%", s * 100.0);
    let mut rows = vec![vec![
        "readiness".into(),
        format!(
            "{} of {} applicable or undecided controls ({} implemented, {} partial, {} not \
             decided yet: they count as not ready)",
            pct(view.readiness.score),
            view.readiness.applicable + view.readiness.undecided,
            view.readiness.implemented,
            view.readiness.partially_implemented,
            view.readiness.undecided
        ),
    ]];
    for t in &view.by_theme {
        rows.push(vec![
            format!("readiness {}", t.label),
            format!("{} of {}", pct(t.score), t.applicable + t.undecided),
        ]);
    }
    for o in &view.by_owner {
        rows.push(vec![
            format!("readiness owner {}", o.label),
            format!("{} of {}", pct(o.score), o.applicable + o.undecided),
        ]);
    }
    rows.push(vec![
        "statement of applicability".into(),
        format!(
            "{} of {} decided, {} excluded, {} without justification",
            view.soa_decided,
            view.soa_controls,
            view.soa_excluded,
            view.soa_excluded_without_justification
        ),
    ]);
    rows.push(vec![
        "late".into(),
        format!("{} {}", view.late_total, view.late_words),
    ]);
    rows.push(vec!["late controls".into(), view.late_controls.join(" ")]);
    rows.push(vec![
        "unowned applicable controls".into(),
        view.unowned_applicable_controls.join(" "),
    ]);
    rows.push(vec![
        "late actions".into(),
        view.late_actions
            .iter()
            .map(|a| format!("#{} {}", a.id, a.title))
            .collect::<Vec<_>>()
            .join("; "),
    ]);
    rows.push(vec![
        "risk findings".into(),
        view.risk_findings
            .iter()
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
    ]);
    rows.push(vec![
        "missing documents".into(),
        view.missing_documents.join(" "),
    ]);
    let describe = |expired: bool| {
        view.expiring_evidence
            .iter()
            .filter(|e| e.expired == expired)
            .map(|e| {
                format!(
                    "#{} {} ({})",
                    e.id,
                    e.title,
                    e.expires_on.as_deref().unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    rows.push(vec!["expired evidence".into(), describe(true)]);
    rows.push(vec![
        format!("evidence expiring within {} days", view.expiry_window_days),
        describe(false),
    ]);
    let table = Rows {
        headers: vec!["measure", "value"],
        rows,
    };
    write_out(out, format, &table, &view, columns::REPORT)
}

#[derive(Debug, Subcommand)]
pub enum ClausesCommand {
    /// List clauses 4 to 10 with status, owner and which required documents exist.
    List(FormatArg),
    /// Change a clause's status, owner or notes.
    Set {
        /// The clause, e.g. 6.1.2.
        id: String,
        /// not_assessed, not_implemented, planned, partially_implemented or implemented.
        #[arg(long)]
        status: Option<String>,
        /// Who answers for it ("" for nobody); a new name is added to the directory.
        #[arg(long)]
        owner: Option<String>,
        /// Notes on how the clause is met.
        #[arg(long)]
        note: Option<String>,
    },
    /// Record whether a required document exists (ids: `annexa catalogue --clauses --format json`).
    Document {
        /// The document's id, e.g. 6.1.3-soa.
        id: String,
        /// yes or no.
        #[arg(long)]
        present: String,
    },
}

pub fn clauses(
    ws: &mut Workspace,
    cmd: ClausesCommand,
    actor: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    match cmd {
        ClausesCommand::List(f) => {
            let views: Vec<ClauseStateView> =
                ws.clauses()?.iter().map(ClauseStateView::from).collect();
            let rows = Rows {
                headers: vec!["id", "title", "status", "owner", "documents"],
                rows: views
                    .iter()
                    .map(|c| {
                        let docs: Vec<String> = c
                            .documents
                            .iter()
                            .map(|d| {
                                format!(
                                    "{} ({})",
                                    d.id,
                                    if d.present { "present" } else { "missing" }
                                )
                            })
                            .collect();
                        vec![
                            c.id.clone(),
                            c.title.clone(),
                            c.status.to_string(),
                            c.owner.clone().unwrap_or_default(),
                            docs.join("; "),
                        ]
                    })
                    .collect(),
            };
            write_out(out, f.format, &rows, &views, columns::CLAUSE_STATE)
        }
        ClausesCommand::Set {
            id,
            status,
            owner,
            note,
        } => {
            let patch = ClausePatch {
                status: status.as_deref().map(word::<Status>).transpose()?,
                owner: owner.as_deref().map(optional),
                notes: note,
            };
            if patch == ClausePatch::default() {
                return Err(bad(
                    "nothing to change: give --status, --owner or --note".into()
                ));
            }
            let c = ws.set_clause(&id, &patch, actor)?;
            writeln!(out, "Clause {} is {}", c.id, c.status).map_err(Failure::Output)
        }
        ClausesCommand::Document { id, present } => {
            let present = match present.trim().to_ascii_lowercase().as_str() {
                "yes" | "y" | "true" => true,
                "no" | "n" | "false" => false,
                other => return Err(bad(format!("--present {other:?}: use yes or no"))),
            };
            ws.set_document(&id, present, actor)?;
            writeln!(
                out,
                "Document {} is {}",
                id.trim(),
                if present { "present" } else { "missing" }
            )
            .map_err(Failure::Output)
        }
    }
}
