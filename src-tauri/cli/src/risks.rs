//! The risk commands: `annexa risks` (the method, the register, the owners' decisions, the
//! heat map) and `annexa assets`.
//!
//! Each parses its flags into a core patch, calls one `Workspace` method and renders the
//! result; what is valid, how a rating falls in a level and what an auditor flags live in the
//! core (`annexa_core::risks`).

use std::io::Write;
use std::path::PathBuf;

use annexa_core::risks::{
    AssetKind, DecisionInput, NewAsset, RiskKind, RiskMethod, RiskPatch, RiskStatus, Treatment,
    risk_number,
};
use annexa_core::store::Workspace;
use annexa_core::wire::{AssetView, RiskMethodView, RiskRoundView, RiskView, RoundChangeView};
use annexa_core::{ErrorKind, ErrorPayload};
use clap::{Args, Subcommand};

use crate::output::Rows;
use crate::{Failure, FormatArg, columns};

use crate::assess::{bad, write_out};

fn parsed<T: std::str::FromStr<Err = annexa_core::store::WorkspaceError>>(
    s: Option<&str>,
) -> Result<Option<T>, Failure> {
    Ok(s.map(str::parse).transpose()?)
}

#[derive(Debug, Subcommand)]
pub enum RisksCommand {
    /// Print the risk method (scales, levels, acceptance), set it from a preset or a file, or
    /// record who adopted it.
    Method(MethodArgs),
    /// Add a risk; prints its id.
    Add(AddArgs),
    /// Change a risk (links are added and removed one by one, never replaced).
    Set(SetArgs),
    /// List the register.
    List(ListArgs),
    /// The risk owner approves a risk's treatment plan.
    Approve(DecisionArgs),
    /// The risk owner accepts the residual risk of one risk, or of several within the
    /// acceptance criteria.
    Accept(AcceptArgs),
    /// The risk owner rejects a risk's treatment plan and its residual risk.
    Reject(DecisionArgs),
    /// Rate a risk again (after its treatment, or on review), with today's date.
    Rerate(RerateArgs),
    /// The heat map as text: how many risks in each cell of likelihood × impact.
    Matrix(MatrixArgs),
    /// Freeze the register as it is now as an approved assessment round (8.2).
    Round(RoundArgs),
    /// List the approved assessment rounds.
    Rounds(FormatArg),
    /// What changed from one round to another, or to now (a level that rose is a regression).
    Compare(CompareArgs),
}

#[derive(Debug, Args)]
pub struct RoundArgs {
    /// Record the round as approved (required: a round is the approved assessment).
    #[arg(long, required = true)]
    approve: bool,
    /// Who approved it: a person of the directory.
    #[arg(long, value_name = "NAME")]
    by: String,
    /// Its name (default: "Risk assessment" and today's date).
    #[arg(long, value_name = "TEXT")]
    name: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The earlier round.
    from: String,
    /// The later round (default: the register now).
    to: Option<String>,
    #[command(flatten)]
    format: FormatArg,
}

#[derive(Debug, Args)]
pub struct MethodArgs {
    /// Start from a preset: 3x3, 4x4 or 5x5 (likelihood × impact).
    #[arg(long, value_parser = ["3x3", "4x4", "5x5"], conflicts_with = "from")]
    preset: Option<String>,
    /// Set the whole method from a JSON file, as `--format json` prints it (for custom
    /// scales, levels and a matrix of a level per cell).
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
    /// The highest risk level accepted without treatment (e.g. low).
    #[arg(long, value_name = "LEVEL")]
    acceptable: Option<String>,
    /// How often the whole assessment is repeated, in months.
    #[arg(long, value_name = "MONTHS")]
    review_every: Option<u32>,
    /// What makes the organisation assess again before then.
    #[arg(long, value_name = "TEXT")]
    triggers: Option<String>,
    /// Record that the organisation adopted the method as its criteria (with --by).
    #[arg(long, requires = "by")]
    approve: bool,
    /// Who adopted it: a person of the directory.
    #[arg(long, value_name = "NAME", requires = "approve")]
    by: Option<String>,
    #[command(flatten)]
    format: FormatArg,
}

/// Options that both `risks add` and `risks set` take.
#[derive(Debug, Args)]
pub struct RiskFields {
    /// security (an information security risk), isms_risk or isms_opportunity (6.1.1).
    #[arg(long)]
    kind: Option<String>,
    /// What could happen, in a sentence or two.
    #[arg(long, value_name = "TEXT")]
    scenario: Option<String>,
    /// The threat.
    #[arg(long, value_name = "TEXT")]
    threat: Option<String>,
    /// The vulnerability it exploits.
    #[arg(long, value_name = "TEXT")]
    vulnerability: Option<String>,
    /// Which of confidentiality, integrity and availability it concerns: c, i, a or a mix
    /// (cia).
    #[arg(long, value_name = "CIA")]
    concerns: Option<String>,
    /// The risk owner: a person of the directory.
    #[arg(long, value_name = "NAME")]
    owner: Option<String>,
    /// How likely, on the method's scale (1 = lowest).
    #[arg(long, value_name = "N")]
    likelihood: Option<u8>,
    /// How bad, on the method's scale (1 = lowest).
    #[arg(long, value_name = "N")]
    impact: Option<u8>,
    /// modify, retain, avoid or share (ISO/IEC 27005).
    #[arg(long)]
    treatment: Option<String>,
    /// The likelihood the plan aims for (with --target-impact).
    #[arg(long, value_name = "N", requires = "target_impact")]
    target_likelihood: Option<u8>,
    /// The impact the plan aims for (with --target-likelihood).
    #[arg(long, value_name = "N", requires = "target_likelihood")]
    target_impact: Option<u8>,
    /// open, planned, in_progress, treated or closed.
    #[arg(long)]
    status: Option<String>,
    /// When the risk is next reviewed, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    next_review: Option<String>,
}

impl RiskFields {
    fn patch(&self) -> Result<RiskPatch, Failure> {
        Ok(RiskPatch {
            kind: parsed::<RiskKind>(self.kind.as_deref())?,
            title: None,
            scenario: self.scenario.clone(),
            threat: self.threat.clone(),
            vulnerability: self.vulnerability.clone(),
            cia: self.concerns.clone(),
            owner: self.owner.clone(),
            likelihood: self.likelihood,
            impact: self.impact,
            treatment: parsed::<Treatment>(self.treatment.as_deref())?,
            target: self.target_likelihood.zip(self.target_impact),
            status: parsed::<RiskStatus>(self.status.as_deref())?,
            next_review: self.next_review.clone(),
            ..RiskPatch::default()
        })
    }
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The risk's title, unique in the register.
    title: String,
    #[command(flatten)]
    fields: RiskFields,
    /// An asset it concerns (repeatable).
    #[arg(long = "asset", value_name = "NAME")]
    assets: Vec<String>,
    /// An Annex A control chosen to treat it (repeatable, or comma separated).
    #[arg(long = "control", value_delimiter = ',', value_name = "ID")]
    controls: Vec<String>,
    /// An action of the plan that carries the treatment out (repeatable).
    #[arg(long = "action", value_name = "N")]
    actions: Vec<i64>,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The risk, e.g. R-001.
    id: String,
    /// A new title.
    #[arg(long)]
    title: Option<String>,
    #[command(flatten)]
    fields: RiskFields,
    /// Also concern this asset (repeatable).
    #[arg(long = "add-asset", value_name = "NAME")]
    add_assets: Vec<String>,
    /// No longer concern this asset (repeatable).
    #[arg(long = "remove-asset", value_name = "NAME")]
    remove_assets: Vec<String>,
    /// Also treat it with this control (repeatable).
    #[arg(long = "add-control", value_name = "ID")]
    add_controls: Vec<String>,
    /// No longer treat it with this control (repeatable).
    #[arg(long = "remove-control", value_name = "ID")]
    remove_controls: Vec<String>,
    /// Also carry the treatment out with this action (repeatable).
    #[arg(long = "add-action", value_name = "N")]
    add_actions: Vec<i64>,
    /// No longer count this action (repeatable).
    #[arg(long = "remove-action", value_name = "N")]
    remove_actions: Vec<i64>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this owner's risks.
    #[arg(long, value_name = "NAME")]
    owner: Option<String>,
    /// Only risks at this level (e.g. high).
    #[arg(long, value_name = "LEVEL")]
    level: Option<String>,
    #[command(flatten)]
    format: FormatArg,
}

#[derive(Debug, Args)]
pub struct DecisionArgs {
    /// The risk, e.g. R-001.
    id: String,
    /// Whose decision it is: the risk owner (or someone for them, with --on-behalf).
    #[arg(long, value_name = "NAME")]
    by: String,
    /// --by decides for the risk owner; recorded as such.
    #[arg(long)]
    on_behalf: bool,
    /// Why, or the conditions (kept with the decision).
    #[arg(long, value_name = "TEXT", default_value = "")]
    note: String,
}

#[derive(Debug, Args)]
pub struct AcceptArgs {
    /// The risks, e.g. R-001 R-004 (several only within the acceptance criteria).
    #[arg(required = true)]
    ids: Vec<String>,
    /// The risk owner (or someone for them, with --on-behalf).
    #[arg(long, value_name = "NAME")]
    by: String,
    /// --by decides for the risk owner; recorded as such.
    #[arg(long)]
    on_behalf: bool,
    /// Until when the acceptance holds, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    until: Option<String>,
    /// Why (required for a residual risk above the acceptance criteria).
    #[arg(long, value_name = "TEXT", default_value = "")]
    note: String,
}

#[derive(Debug, Args)]
pub struct RerateArgs {
    /// The risk, e.g. R-001.
    id: String,
    /// The likelihood now.
    #[arg(long, value_name = "N")]
    likelihood: u8,
    /// The impact now.
    #[arg(long, value_name = "N")]
    impact: u8,
    /// A review only: the treatment is not done yet (the rating is not the residual risk).
    #[arg(long)]
    review: bool,
}

#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// Count each risk where its residual risk lies (the plan's target until it is done),
    /// not where it is rated now.
    #[arg(long)]
    residual: bool,
}

#[derive(Debug, Subcommand)]
pub enum AssetsCommand {
    /// Add an asset.
    Add {
        /// Its name, unique in the workspace.
        name: String,
        /// information, software, hardware, service, people, site or supplier.
        #[arg(long = "type", value_name = "TYPE")]
        kind: Option<String>,
        /// Who answers for it: a person of the directory.
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        /// How much its confidentiality matters, 1 to 5.
        #[arg(long = "c", value_name = "N")]
        confidentiality: Option<u8>,
        /// How much its integrity matters, 1 to 5.
        #[arg(long = "i", value_name = "N")]
        integrity: Option<u8>,
        /// How much its availability matters, 1 to 5.
        #[arg(long = "a", value_name = "N")]
        availability: Option<u8>,
    },
    /// List the assets.
    List(FormatArg),
}

fn method_rows(view: &RiskMethodView) -> Rows {
    let mut rows = vec![
        vec!["preset".into(), view.preset.clone()],
        vec![
            "adopted".into(),
            match (&view.approved_by, &view.approved_at) {
                (Some(by), Some(at)) => format!("by {by}, {at}"),
                _ => "not yet (annexa risks method --approve --by NAME)".into(),
            },
        ],
    ];
    for (what, scale) in [("likelihood", &view.likelihood), ("impact", &view.impact)] {
        for l in scale {
            rows.push(vec![
                format!("{what} {}", l.value),
                format!("{}: {}", l.name, l.description),
            ]);
        }
    }
    for l in &view.levels {
        rows.push(vec![
            format!("level {}", l.name),
            format!(
                "up to {}{}",
                l.up_to,
                if l.acceptable { ", acceptable" } else { "" }
            ),
        ]);
    }
    rows.push(vec![
        "review".into(),
        format!(
            "every {} months; again on {}",
            view.review_months, view.triggers
        ),
    ]);
    Rows {
        headers: vec!["measure", "value"],
        rows,
    }
}

fn risk_rows(views: &[RiskView]) -> Rows {
    Rows {
        headers: vec![
            "id",
            "title",
            "owner",
            "rating",
            "level",
            "treatment",
            "controls",
            "target",
            "status",
            "plan",
            "residual",
        ],
        rows: views
            .iter()
            .map(|r| {
                vec![
                    r.id.clone(),
                    r.title.clone(),
                    r.owner.clone().unwrap_or_default(),
                    format!("{} × {}", r.likelihood, r.impact),
                    r.level.clone(),
                    r.treatment.clone().unwrap_or_default(),
                    r.controls
                        .iter()
                        .chain(&r.own_controls)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" "),
                    r.target_level.clone().unwrap_or_default(),
                    r.status.clone(),
                    r.plan_approved_by
                        .as_ref()
                        .map(|b| format!("approved by {b}"))
                        .unwrap_or_default(),
                    match r.acceptance.as_str() {
                        "holds" => {
                            format!("accepted by {}", r.accepted_by.clone().unwrap_or_default())
                        }
                        "lapsed" => "acceptance lapsed".into(),
                        _ => String::new(),
                    },
                ]
            })
            .collect(),
    }
}

pub fn risks(
    ws: &mut Workspace,
    cmd: RisksCommand,
    actor: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    match cmd {
        RisksCommand::Method(args) => method(ws, &args, actor, out),
        RisksCommand::Add(args) => {
            let patch = RiskPatch {
                title: Some(args.title.clone()),
                add_assets: args.assets.clone(),
                add_controls: args.controls.clone(),
                add_actions: args.actions.clone(),
                ..args.fields.patch()?
            };
            let r = ws.add_risk(&patch, actor)?;
            writeln!(out, "{}", r.reference()).map_err(Failure::Output)
        }
        RisksCommand::Set(args) => {
            let id = risk_number(&args.id)?;
            let patch = RiskPatch {
                title: args.title.clone(),
                add_assets: args.add_assets.clone(),
                remove_assets: args.remove_assets.clone(),
                add_controls: args.add_controls.clone(),
                remove_controls: args.remove_controls.clone(),
                add_actions: args.add_actions.clone(),
                remove_actions: args.remove_actions.clone(),
                ..args.fields.patch()?
            };
            let r = ws.update_risk(id, &patch, actor)?;
            writeln!(out, "{} is {}: {}", r.reference(), r.status, r.title).map_err(Failure::Output)
        }
        RisksCommand::List(args) => {
            let method = ws.risk_method()?.method;
            if let Some(level) = &args.level
                && !method.bands.iter().any(|b| &b.name == level)
            {
                return Err(bad(format!(
                    "{level:?} is not a risk level of this method; use one of {}",
                    method
                        .bands
                        .iter()
                        .map(|b| b.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            let today = ws.today()?;
            let views: Vec<RiskView> = ws
                .risks()?
                .iter()
                .map(|r| RiskView::new(r, &method, &today))
                .filter(|r| {
                    args.owner.as_ref().is_none_or(|o| {
                        r.owner
                            .as_ref()
                            .is_some_and(|x| x.eq_ignore_ascii_case(o.trim()))
                    })
                })
                .filter(|r| args.level.as_ref().is_none_or(|l| &r.level == l))
                .collect();
            write_out(
                out,
                args.format.format,
                &risk_rows(&views),
                &views,
                columns::RISK,
            )
        }
        RisksCommand::Approve(args) => {
            let r = ws.decide_plan(risk_number(&args.id)?, true, &decision(&args), actor)?;
            writeln!(
                out,
                "{}'s treatment plan is approved by {}",
                r.reference(),
                args.by
            )
            .map_err(Failure::Output)
        }
        RisksCommand::Reject(args) => {
            let r = ws.reject_risk(risk_number(&args.id)?, &decision(&args), actor)?;
            writeln!(
                out,
                "{}'s treatment plan and residual risk are rejected by {}",
                r.reference(),
                args.by
            )
            .map_err(Failure::Output)
        }
        RisksCommand::Accept(args) => {
            let ids = args
                .ids
                .iter()
                .map(|i| risk_number(i))
                .collect::<Result<Vec<_>, _>>()?;
            let input = DecisionInput {
                by: args.by.clone(),
                on_behalf: args.on_behalf,
                until: args.until.clone(),
                note: args.note.clone(),
            };
            let done = ws.decide_residual(&ids, true, &input, actor)?;
            let names: Vec<String> = done.iter().map(|r| r.reference()).collect();
            writeln!(
                out,
                "Residual risk accepted by {}: {}",
                args.by,
                names.join(", ")
            )
            .map_err(Failure::Output)
        }
        RisksCommand::Rerate(args) => {
            let r = ws.rerate_risk(
                risk_number(&args.id)?,
                args.likelihood,
                args.impact,
                !args.review,
                actor,
            )?;
            let level = ws
                .risk_method()?
                .method
                .rate(r.likelihood, r.impact)
                .map(|x| x.level)
                .unwrap_or_default();
            writeln!(
                out,
                "{} is rated {} × {} ({level}) on {}",
                r.reference(),
                r.likelihood,
                r.impact,
                r.rated_on
            )
            .map_err(Failure::Output)
        }
        RisksCommand::Matrix(args) => matrix(ws, args.residual, out),
        RisksCommand::Round(args) => {
            let _ = args.approve;
            let round = ws.approve_risk_round(args.name.as_deref(), &args.by, actor)?;
            writeln!(
                out,
                "Approved the round {:?}: {} risks, by {}",
                round.name,
                round.risks.len(),
                round.approved_by
            )
            .map_err(Failure::Output)
        }
        RisksCommand::Rounds(format) => {
            let views: Vec<RiskRoundView> =
                ws.risk_rounds()?.iter().map(RiskRoundView::from).collect();
            let rows = Rows {
                headers: vec!["name", "approved_by", "approved_at", "risks"],
                rows: views
                    .iter()
                    .map(|r| {
                        vec![
                            r.name.clone(),
                            r.approved_by.clone(),
                            r.approved_at.clone(),
                            r.risks.to_string(),
                        ]
                    })
                    .collect(),
            };
            write_out(out, format.format, &rows, &views, columns::RISK_ROUND)
        }
        RisksCommand::Compare(args) => {
            let views: Vec<RoundChangeView> = ws
                .compare_risk_rounds(&args.from, args.to.as_deref())?
                .iter()
                .map(RoundChangeView::from)
                .collect();
            let rows = Rows {
                headers: vec!["risk", "title", "change", "before", "after", ""],
                rows: views
                    .iter()
                    .map(|c| {
                        vec![
                            c.risk.clone(),
                            c.title.clone(),
                            c.change.clone(),
                            c.before.clone(),
                            c.after.clone(),
                            if c.regression {
                                "worse".into()
                            } else {
                                String::new()
                            },
                        ]
                    })
                    .collect(),
            };
            write_out(
                out,
                args.format.format,
                &rows,
                &views,
                columns::ROUND_CHANGE,
            )
        }
    }
}

fn decision(args: &DecisionArgs) -> DecisionInput {
    DecisionInput {
        by: args.by.clone(),
        on_behalf: args.on_behalf,
        until: None,
        note: args.note.clone(),
    }
}

fn method(
    ws: &mut Workspace,
    args: &MethodArgs,
    actor: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let changes = args.preset.is_some()
        || args.from.is_some()
        || args.acceptable.is_some()
        || args.review_every.is_some()
        || args.triggers.is_some();
    if changes {
        let mut method = match (&args.preset, &args.from) {
            (Some(p), _) => RiskMethod::preset(p)
                .ok_or_else(|| bad(format!("{p:?} is not a preset; use 3x3, 4x4 or 5x5")))?,
            (None, Some(file)) => {
                let text = std::fs::read_to_string(file).map_err(|e| {
                    ErrorPayload::new(
                        ErrorKind::NotFound,
                        format!("{} cannot be read: {e}", file.display()),
                    )
                })?;
                method_from_json(&text)
                    .map_err(|e| bad(format!("{} is not a risk method: {e}", file.display())))?
            }
            (None, None) => ws.risk_method()?.method,
        };
        let preset_before = method.clone();
        if let Some(a) = &args.acceptable {
            method.acceptable = a.trim().to_owned();
        }
        if let Some(m) = args.review_every {
            method.review_months = m;
        }
        if let Some(t) = &args.triggers {
            method.triggers = t.trim().to_owned();
        }
        if args.from.is_some() || method.bands != preset_before.bands || method.matrix.is_some() {
            method.preset = "custom".into();
        }
        ws.change_risk_method(Some(&method), args.by.as_deref(), actor)?;
    } else if let Some(by) = &args.by {
        ws.approve_risk_method(by, actor)?;
    }
    let view = RiskMethodView::from(&ws.risk_method()?);
    write_out(
        out,
        args.format.format,
        &method_rows(&view),
        &view,
        columns::RISK_METHOD,
    )
}

/// A method as `risks method --format json` prints it, read back: the window's JSON has the
/// scales with their numbers and the levels with `acceptable`; the core's type is built from
/// it, a custom matrix kept when its cells differ from what the levels' bounds give.
fn method_from_json(text: &str) -> Result<RiskMethod, String> {
    #[derive(serde::Deserialize)]
    struct Level {
        name: String,
        #[serde(default)]
        description: String,
    }
    #[derive(serde::Deserialize)]
    struct Band {
        name: String,
        colour: String,
        up_to: u32,
    }
    #[derive(serde::Deserialize)]
    struct Given {
        likelihood: Vec<Level>,
        impact: Vec<Level>,
        levels: Vec<Band>,
        #[serde(default)]
        matrix: Option<Vec<Vec<String>>>,
        acceptable: String,
        #[serde(default = "twelve")]
        review_months: u32,
        #[serde(default)]
        triggers: String,
    }
    fn twelve() -> u32 {
        12
    }
    let g: Given = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let scale = |levels: Vec<Level>| {
        levels
            .into_iter()
            .map(|l| annexa_core::risks::ScaleLevel {
                name: l.name,
                description: l.description,
            })
            .collect()
    };
    let mut m = RiskMethod {
        preset: "custom".into(),
        likelihood: scale(g.likelihood),
        impact: scale(g.impact),
        bands: g
            .levels
            .into_iter()
            .map(|b| annexa_core::risks::Band {
                name: b.name,
                colour: b.colour,
                up_to: b.up_to,
            })
            .collect(),
        matrix: None,
        acceptable: g.acceptable,
        review_months: g.review_months,
        triggers: g.triggers,
    };
    if let Some(matrix) = g.matrix {
        let by_bounds = (m.problem().is_none()).then(|| {
            m.cells()
                .iter()
                .map(|row| row.iter().map(|r| r.level.clone()).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        });
        if by_bounds.as_ref() != Some(&matrix) {
            m.matrix = Some(matrix);
        }
    }
    Ok(m)
}

fn matrix(ws: &Workspace, residual: bool, out: &mut impl Write) -> Result<(), Failure> {
    let method = ws.risk_method()?.method;
    let risks = ws.risks()?;
    let (rows, cols) = (method.likelihood.len(), method.impact.len());
    let mut counts = vec![vec![0u32; cols]; rows];
    for r in risks.iter().filter(|r| r.status != RiskStatus::Closed) {
        let (l, i) = if residual {
            r.residual_rating()
        } else {
            (r.likelihood, r.impact)
        };
        if let Some(cell) = counts
            .get_mut(usize::from(l).wrapping_sub(1))
            .and_then(|row| row.get_mut(usize::from(i).wrapping_sub(1)))
        {
            *cell += 1;
        }
    }
    let cells = method.cells();
    let width = 12;
    writeln!(
        out,
        "{} risks, {} (likelihood down, impact across; count and level)",
        if residual { "Residual" } else { "Current" },
        method.preset
    )
    .map_err(Failure::Output)?;
    let mut header = format!("{:>w$}", "", w = width + 4);
    for (i, level) in method.impact.iter().enumerate() {
        header.push_str(&format!(
            " {:<w$}",
            format!("{} {}", i + 1, short(&level.name)),
            w = width
        ));
    }
    writeln!(out, "{}", header.trim_end()).map_err(Failure::Output)?;
    for l in (0..rows).rev() {
        let mut line = format!(
            "{:>w$}",
            format!("{} {}", l + 1, short(&method.likelihood[l].name)),
            w = width + 4
        );
        for i in 0..cols {
            let cell = format!("{} {}", counts[l][i], cells[l][i].level);
            line.push_str(&format!(" {cell:<width$}"));
        }
        writeln!(out, "{}", line.trim_end()).map_err(Failure::Output)?;
    }
    Ok(())
}

/// A scale level's name cut to fit a column of the text heat map.
fn short(name: &str) -> String {
    name.chars().take(10).collect()
}

pub fn assets(
    ws: &mut Workspace,
    cmd: AssetsCommand,
    actor: &str,
    out: &mut impl Write,
) -> Result<(), Failure> {
    match cmd {
        AssetsCommand::Add {
            name,
            kind,
            owner,
            confidentiality,
            integrity,
            availability,
        } => {
            let a = ws.add_asset(
                &NewAsset {
                    name,
                    kind: parsed::<AssetKind>(kind.as_deref())?,
                    owner,
                    confidentiality,
                    integrity,
                    availability,
                },
                actor,
            )?;
            writeln!(out, "Added the asset {} ({})", a.name, a.kind).map_err(Failure::Output)
        }
        AssetsCommand::List(format) => {
            let views: Vec<AssetView> = ws.assets()?.iter().map(AssetView::from).collect();
            let rate = |v: Option<u8>| v.map(|x| x.to_string()).unwrap_or_default();
            let rows = Rows {
                headers: vec!["name", "type", "owner", "c", "i", "a", "risks"],
                rows: views
                    .iter()
                    .map(|a| {
                        vec![
                            a.name.clone(),
                            a.kind.clone(),
                            a.owner.clone().unwrap_or_default(),
                            rate(a.confidentiality),
                            rate(a.integrity),
                            rate(a.availability),
                            a.risks.to_string(),
                        ]
                    })
                    .collect(),
            };
            write_out(out, format.format, &rows, &views, columns::ASSET)
        }
    }
}
