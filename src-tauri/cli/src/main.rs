//! `annexa`: the Annexa core on the command line, for headless machines, scripts and CI.
//!
//! It needs no display and no WebKit. Every subcommand parses its arguments, calls the core
//! and renders the result; it holds no domain logic of its own, so what the CLI does is
//! exactly what the window does.

mod assess;
mod columns;
mod compact;
mod evidence;
mod keys;
mod output;
mod own_controls;
mod pack;
mod risks;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use annexa_core::catalogue::Catalogue;
use annexa_core::catalogue::vocabulary::Theme;
use annexa_core::store::{self, NewWorkspace, Workspace};
use annexa_core::wire::{
    CatalogueView, ClauseView, ControlView, Mapping2013View, WorkspaceSummary,
};
use annexa_core::{ErrorKind, ErrorPayload};
use clap::{Args, Parser, Subcommand};

use crate::output::{Format, Rows};

/// What each exit status means, the same for every command; `annexa --help` prints it and
/// README.md carries the same table (a test keeps the two equal).
pub(crate) const EXIT_CODES: &str = "\
Exit status:
  0    done; for verify and history --verify, everything checked out
  1    findings, with export --check-only --strict
  2    invalid input: a bad option, date, theme or id, or an unsafe or unreadable pack
  3    not found: no such workspace, control, person, evidence or file
  4    not an Annexa workspace, or one from a newer Annexa
  5    the workspace is busy: another program is writing it
  6    a file could not be read or written, or the disk is full
  7    integrity: stored content, a pack, the history chain or the workspace file itself does
       not match what was recorded
  70   an internal error (please report it)
  130  stopped by the user";

/// One example per command, shown under its `--help` (and in the manual page). A test checks
/// that every command has one.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "catalogue",
        "annexa catalogue --theme technological --format csv",
    ),
    (
        "init",
        "annexa init acme.annexa --org \"Acme Ltd\" --target-date 2027-06-30",
    ),
    ("info", "annexa info --format json"),
    (
        "controls",
        "annexa controls --status planned --owner \"Ana Silva\" --format csv",
    ),
    (
        "set",
        "annexa set A.5.15 --applicable yes --status partially_implemented --owner \"Ana Silva\"\n  annexa set A.7.1 A.7.2 A.7.3 --applicable no --justification \"Fully remote\"",
    ),
    (
        "people add",
        "annexa people add \"Bo Berg\" --role \"IT lead\" --department it",
    ),
    (
        "people set",
        "annexa people set \"Ana Silva\" --role CISO --email ana@acme.example",
    ),
    (
        "people remove",
        "annexa people remove \"Bo Berg\" --reassign \"Ana Silva\" --yes",
    ),
    ("people list", "annexa people list --format csv"),
    (
        "people show",
        "annexa people show \"Ana Silva\" --format json",
    ),
    ("people department", "annexa people department it"),
    (
        "actions add",
        "annexa actions add \"Run an access review\" --control A.5.15 --assignee \"Ana Silva\" --due 2027-01-31",
    ),
    ("actions list", "annexa actions list --late"),
    (
        "actions set",
        "annexa actions set 1 --status done --add-control A.5.16",
    ),
    (
        "history",
        "annexa history A.5.15\n  annexa history clause:6.1.2\n  annexa history --verify",
    ),
    (
        "snapshot take",
        "annexa snapshot take \"Gap analysis Nov 2026\"",
    ),
    ("snapshot list", "annexa snapshot list --format json"),
    (
        "snapshot compare",
        "annexa snapshot compare \"Gap analysis Nov 2026\"",
    ),
    ("clauses list", "annexa clauses list"),
    (
        "clauses set",
        "annexa clauses set 6.1.2 --status implemented --owner \"Ana Silva\"",
    ),
    (
        "clauses document",
        "annexa clauses document 6.1.3-soa --present yes",
    ),
    (
        "evidence add",
        "annexa evidence add policy.pdf --control A.5.1 --valid-until 2027-03-31",
    ),
    ("evidence import", "annexa evidence import ./evidence"),
    (
        "evidence link",
        "annexa evidence link https://wiki.example/runbook --control A.8.13 --title \"Backup runbook\"",
    ),
    (
        "evidence note",
        "annexa evidence note \"Badges checked at reception\" --control A.7.2",
    ),
    (
        "evidence list",
        "annexa evidence list --control A.5.1 --format json",
    ),
    ("evidence show", "annexa evidence show 3"),
    (
        "evidence version",
        "annexa evidence version 3 policy-v2.pdf",
    ),
    (
        "evidence set",
        "annexa evidence set 3 --status approved --add-control A.5.2",
    ),
    ("evidence remove", "annexa evidence remove 3 --yes"),
    ("evidence export", "annexa evidence export 3 ./copies/"),
    ("evidence verify", "annexa evidence verify"),
    (
        "report",
        "annexa report --expiring-within 60\n  annexa report --pdf board-report.pdf",
    ),
    (
        "export",
        "annexa export acme-pack.zip\n  annexa export --check-only --strict --format json",
    ),
    (
        "verify",
        "annexa verify acme-pack.zip --expect <fingerprint>",
    ),
    ("compact", "annexa compact"),
    (
        "keys generate",
        "annexa keys generate --name \"Acme Ltd ISMS\" --out acme-signing",
    ),
    (
        "completions",
        "annexa completions bash > ~/.local/share/bash-completion/completions/annexa",
    ),
    ("man", "annexa man | man -l -"),
    (
        "risks method",
        "annexa risks method --preset 5x5 --acceptable low\n  annexa risks method --approve --by \"Ana Silva\"",
    ),
    (
        "risks add",
        "annexa risks add \"Ransomware on the file server\" --owner \"Ana Silva\" --likelihood 4 --impact 5 --asset \"File server\" --treatment modify --control A.8.7,A.8.13 --target-likelihood 2 --target-impact 3",
    ),
    (
        "risks set",
        "annexa risks set R-001 --add-control A.8.15 --add-action 3 --status in_progress",
    ),
    (
        "risks list",
        "annexa risks list --owner \"Ana Silva\" --level high --format csv",
    ),
    (
        "risks approve",
        "annexa risks approve R-001 --by \"Ana Silva\"",
    ),
    (
        "risks accept",
        "annexa risks accept R-002 R-005 --by \"Ana Silva\" --until 2027-12-31",
    ),
    (
        "risks reject",
        "annexa risks reject R-003 --by \"Ana Silva\" --note \"Too costly; find another way\"",
    ),
    (
        "risks rerate",
        "annexa risks rerate R-001 --likelihood 2 --impact 3",
    ),
    ("risks matrix", "annexa risks matrix --residual"),
    (
        "risks round",
        "annexa risks round --approve --by \"Daniel Ortiz\" --name \"Risk assessment 2026\"",
    ),
    ("risks rounds", "annexa risks rounds --format json"),
    (
        "risks compare",
        "annexa risks compare \"Risk assessment 2026\"",
    ),
    (
        "assets add",
        "annexa assets add \"Customer database\" --type information --owner \"Ana Silva\" --c 5 --i 4 --a 3",
    ),
    ("assets list", "annexa assets list --format csv"),
    (
        "own-controls add",
        "annexa own-controls add ORG-2 --title \"Second approval for payments over 10,000\" --status planned",
    ),
    (
        "own-controls set",
        "annexa own-controls set ORG-2 --status implemented",
    ),
    (
        "own-controls list",
        "annexa own-controls list --format json",
    ),
];

/// The command line with each command's example attached.
pub(crate) fn command() -> clap::Command {
    use clap::CommandFactory;
    fn attach(cmd: clap::Command, path: &str) -> clap::Command {
        let mut cmd = cmd;
        if let Some((_, example)) = EXAMPLES.iter().find(|(p, _)| *p == path) {
            cmd = cmd.after_help(format!("Example:\n  {example}"));
        }
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_owned())
            .collect();
        for name in names {
            let sub_path = if path.is_empty() {
                name.clone()
            } else {
                format!("{path} {name}")
            };
            cmd = cmd.mut_subcommand(&name, |sub| attach(sub, &sub_path));
        }
        cmd
    }
    attach(Cli::command(), "")
}

/// Offline ISO/IEC 27001:2022 gap analysis and evidence tracking.
#[derive(Debug, Parser)]
#[command(
    name = "annexa",
    version,
    about,
    long_about = None,
    propagate_version = true,
    after_help = EXIT_CODES
)]
struct Cli {
    /// The workspace file to use (default: the app's default workspace in the user data directory).
    #[arg(
        long,
        short = 'w',
        global = true,
        env = "ANNEXA_WORKSPACE",
        value_name = "PATH",
        help_heading = "Global options"
    )]
    workspace: Option<PathBuf>,

    /// The name recorded in the history for changes (default: the operating system user).
    #[arg(
        long,
        global = true,
        env = "ANNEXA_USER",
        value_name = "NAME",
        help_heading = "Global options"
    )]
    user: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the bundled ISO/IEC 27001:2022 catalogue (no workspace needed).
    Catalogue(CatalogueArgs),
    /// Create a new workspace file for an organisation.
    Init(InitArgs),
    /// Show the workspace: organisation, scope, target date, file and versions.
    Info(FormatArg),
    /// List the assessment of the Annex A controls.
    Controls(assess::ControlsArgs),
    /// Change a control's applicability, status, owner, maturity, dates or notes.
    Set(assess::SetArgs),
    /// The people who own and contribute to controls and actions.
    #[command(subcommand)]
    People(assess::PeopleCommand),
    /// The risk treatment plan: actions that close gaps.
    #[command(subcommand)]
    Actions(assess::ActionsCommand),
    /// Every recorded change, for the workspace or one control.
    History(assess::HistoryArgs),
    /// Freeze the assessment under a name, list snapshots, compare them.
    #[command(subcommand)]
    Snapshot(assess::SnapshotCommand),
    /// Clauses 4 to 10: status, owner, notes and the required documents.
    #[command(subcommand)]
    Clauses(assess::ClausesCommand),
    /// Evidence: files, links and notes that prove controls and clauses.
    #[command(subcommand)]
    Evidence(evidence::EvidenceCommand),
    /// The risk register: the method, risks with their treatment, the owners' decisions.
    #[command(subcommand)]
    Risks(risks::RisksCommand),
    /// The assets the risks concern.
    #[command(subcommand)]
    Assets(risks::AssetsCommand),
    /// Controls of the organisation's own beyond Annex A, which risks choose and the
    /// Statement of Applicability adds.
    #[command(subcommand)]
    OwnControls(own_controls::OwnControlsCommand),
    /// Readiness, Statement of Applicability completeness, late and unowned work, expiring
    /// evidence.
    Report(assess::ReportArgs),
    /// Write an audit pack: a zip with index.html, the Statement of Applicability (CSV and
    /// XLSX), gap register, actions, history, evidence files and a manifest of SHA-256s.
    Export(pack::ExportArgs),
    /// Check an audit pack against its manifest (no workspace needed). Exit 7 when a file
    /// was added, removed or changed.
    Verify(pack::VerifyArgs),
    /// Give back the space that removed evidence left: rewrite the workspace file without
    /// its free pages (removed content is already overwritten with zeros).
    Compact(FormatArg),
    /// The key pair that signs your audit packs (no workspace needed).
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// Print a shell completion script, e.g. `annexa completions bash > ~/.local/share/bash-completion/completions/annexa`.
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `annexa man | man -l -`.
    Man,
}

#[derive(Debug, Args)]
struct CatalogueArgs {
    /// Only the controls of this theme (organizational, people, physical, technological).
    #[arg(long, value_name = "THEME", conflicts_with_all = ["clauses", "mapping"])]
    theme: Option<String>,
    /// List the ISMS clauses 4 to 10 and their required documents instead of the controls.
    #[arg(long, conflicts_with = "mapping")]
    clauses: bool,
    /// List the mapping from an earlier edition's Annex A to the 2022 controls.
    #[arg(long, value_name = "EDITION", value_parser = ["2013"])]
    mapping: Option<String>,
    #[command(flatten)]
    format: FormatArg,
}

#[derive(Debug, Args)]
pub(crate) struct FormatArg {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
struct InitArgs {
    /// Where to create the workspace file (e.g. acme.annexa).
    path: PathBuf,
    /// The organisation's name.
    #[arg(long, required_unless_present = "example")]
    org: Option<String>,
    /// The ISMS scope statement.
    #[arg(long, default_value = "")]
    scope: String,
    /// The target certification date, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    target_date: Option<String>,
    /// Write "Example Ltd", a part-finished assessment to explore (people, owners, evidence,
    /// actions, two snapshots, a risk register), instead of an empty workspace.
    #[arg(long, conflicts_with_all = ["org", "scope", "target_date"])]
    example: bool,
}

fn main() -> ExitCode {
    // A bug that panics is reported in one sentence with where the details went, and exits
    // 70; Rust's own panic text is for the report, not the user. Unwinding drops whatever was
    // under way: an open transaction rolls back, a temporary file is removed.
    std::panic::set_hook(Box::new(|info| {
        let details = format!("{info}\n\n{}", std::backtrace::Backtrace::force_capture());
        let place = annexa_core::preferences::write_crash_report("annexa", &details)
            .map(|p| format!("; the details are in {}", p.display()))
            .unwrap_or_default();
        eprintln!(
            "annexa: error: an internal error stopped this command (please report it){}",
            output::terminal_safe(&place)
        );
    }));
    std::panic::catch_unwind(run_main).unwrap_or(ExitCode::from(70))
}

fn run_main() -> ExitCode {
    use clap::FromArgMatches;
    let cli = match command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let stdout = io::stdout();
    // Everything printed passes through one filter: workspaces and packs come from other
    // people, and their text must not be able to drive the terminal.
    let mut out = output::TerminalSafe::new(stdout.lock());
    let result = run(cli, &mut out).and_then(|()| out.flush().map_err(Failure::Output));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Payload(e)) => {
            eprintln!("annexa: error: {}", output::terminal_safe(&e.message));
            ExitCode::from(exit_code(e.kind))
        }
        // A closed pipe (`annexa catalogue | head`) is not an error worth a message.
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(e)) => {
            eprintln!("annexa: error: cannot write output: {e}");
            ExitCode::from(6)
        }
        Err(Failure::Findings(n)) => {
            eprintln!("annexa: {n} finding(s), and --strict asks for none");
            ExitCode::from(1)
        }
    }
}

/// A mistake on the command line, said the way every other error is: `annexa: error: …`, then
/// `annexa: hint: …` lines (clap's tip and the usage), exit 2. Help and version go out as
/// clap writes them.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind as K;
    if matches!(
        e.kind(),
        K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit();
    }
    let text = e.render().to_string();
    let mut message = String::new();
    let mut hints = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(tip) = line.strip_prefix("tip: ") {
            hints.push(tip.to_owned());
        } else if let Some(usage) = line.strip_prefix("Usage: ") {
            hints.push(format!("usage: {usage}"));
        } else if line.starts_with("For more information") {
            hints.push("for more, add --help".to_owned());
        } else {
            // The error itself, and the arguments it lists on the lines after it.
            let line = line.strip_prefix("error: ").unwrap_or(line);
            if !message.is_empty() {
                message.push(' ');
            }
            message.push_str(line);
        }
    }
    eprintln!("annexa: error: {}", output::terminal_safe(&message));
    for hint in hints {
        eprintln!("annexa: hint: {}", output::terminal_safe(&hint));
    }
    ExitCode::from(2)
}

/// Exit codes by error kind, so scripts can tell "you typed it wrong" from "the file is bad".
fn exit_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::InvalidInput => 2,
        // The CLI always names its workspace; only the window starts without one.
        ErrorKind::NotFound | ErrorKind::NoWorkspace => 3,
        ErrorKind::NotAWorkspace => 4,
        ErrorKind::Busy => 5,
        ErrorKind::Io => 6,
        ErrorKind::Integrity => 7,
        ErrorKind::Cancelled => 130,
        ErrorKind::Internal => 70,
    }
}

#[derive(Debug)]
pub(crate) enum Failure {
    Payload(ErrorPayload),
    Output(io::Error),
    /// `--strict` and this many findings: exit 1.
    Findings(usize),
}

impl<E: Into<ErrorPayload>> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Payload(e.into())
    }
}

/// Asks before a command removes something: in a terminal the user answers y; elsewhere
/// (a script, CI) only `--yes` confirms, so nothing is removed by accident.
pub(crate) fn confirm(question: &str, yes: bool) -> Result<(), Failure> {
    use std::io::IsTerminal;
    if yes {
        return Ok(());
    }
    if !io::stdin().is_terminal() {
        return Err(ErrorPayload::new(
            ErrorKind::InvalidInput,
            format!("{question} Not confirmed: pass --yes to confirm when not in a terminal"),
        )
        .into());
    }
    eprint!("{} [y/N] ", output::terminal_safe(question));
    let mut answer = String::new();
    io::stdin()
        .read_line(&mut answer)
        .map_err(Failure::Output)?;
    if matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
        Ok(())
    } else {
        Err(ErrorPayload::new(ErrorKind::Cancelled, "nothing was removed").into())
    }
}

/// Opens the workspace named on the command line, or the default one.
fn open(path: Option<PathBuf>) -> Result<Workspace, Failure> {
    let path = match path {
        Some(path) => path,
        None => store::default_path()?,
    };
    Ok(Workspace::open(&path)?)
}

fn run(cli: Cli, out: &mut impl Write) -> Result<(), Failure> {
    // Lets the tests see what a bug's panic looks like to a user, in the built program.
    if std::env::var_os("ANNEXA_PANIC_FOR_TEST").is_some() {
        panic!("a panic asked for by ANNEXA_PANIC_FOR_TEST");
    }
    // The history name: --user / ANNEXA_USER, else the name set in the app's preferences,
    // else the operating system user.
    let actor = cli
        .user
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| {
            annexa_core::preferences::default_file()
                .map(|f| annexa_core::preferences::Preferences::load(&f).actor())
                .unwrap_or_else(annexa_core::store::os_user)
        });
    match cli.command {
        Command::Catalogue(args) => catalogue(&args, out),
        Command::Init(args) => init(&args, &actor, out),
        Command::Controls(args) => assess::controls(&open(cli.workspace)?, &args, out),
        Command::Set(args) => assess::set(&mut open(cli.workspace)?, &args, &actor, out),
        Command::People(cmd) => assess::people(&mut open(cli.workspace)?, cmd, &actor, out),
        Command::Actions(cmd) => assess::actions(&mut open(cli.workspace)?, cmd, &actor, out),
        Command::History(args) => assess::history(&open(cli.workspace)?, &args, out),
        Command::Snapshot(cmd) => assess::snapshot(&mut open(cli.workspace)?, cmd, &actor, out),
        Command::Clauses(cmd) => assess::clauses(&mut open(cli.workspace)?, cmd, &actor, out),
        Command::Report(args) => assess::report(&open(cli.workspace)?, &args, out),
        Command::Risks(cmd) => risks::risks(&mut open(cli.workspace)?, cmd, &actor, out),
        Command::Assets(cmd) => risks::assets(&mut open(cli.workspace)?, cmd, &actor, out),
        Command::OwnControls(cmd) => {
            own_controls::own_controls(&mut open(cli.workspace)?, cmd, &actor, out)
        }
        Command::Export(args) => pack::export(&open(cli.workspace)?, &args, out),
        Command::Verify(args) => pack::verify(&args, out),
        Command::Compact(args) => compact::compact(&mut open(cli.workspace)?, &args, out),
        Command::Keys(command) => keys::keys(&command, out),
        Command::Completions { shell } => {
            // Generated into memory first: the generator panics on a write error (a closed
            // pipe), and no input may reach a panic.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command(), "annexa", &mut script);
            out.write_all(&script).map_err(Failure::Output)
        }
        Command::Man => clap_mangen::Man::new(command())
            .render(out)
            .map_err(Failure::Output),
        Command::Evidence(cmd) => evidence::evidence(&mut open(cli.workspace)?, cmd, &actor, out),
        Command::Info(args) => {
            let ws = open(cli.workspace)?;
            let summary = WorkspaceSummary::of(&ws)?;
            let rows = Rows {
                headers: vec!["field", "value"],
                rows: vec![
                    vec!["organisation".into(), summary.organisation.clone()],
                    vec!["scope".into(), summary.scope.clone()],
                    vec![
                        "target_date".into(),
                        summary.target_date.clone().unwrap_or_default(),
                    ],
                    vec!["created_at".into(), summary.created_at.clone()],
                    vec![
                        "catalogue_version".into(),
                        summary.catalogue_version.clone(),
                    ],
                    vec!["path".into(), summary.path.clone()],
                ],
            };
            output::write(out, args.format, &rows, &summary, columns::WORKSPACE)
                .map_err(Failure::Output)
        }
    }
}

fn catalogue(args: &CatalogueArgs, out: &mut impl Write) -> Result<(), Failure> {
    let catalogue = Catalogue::bundled()?;
    let view = CatalogueView::from(catalogue);
    let format = args.format.format;
    if args.clauses {
        let clauses: Vec<ClauseView> = view.clauses;
        let rows = Rows {
            headers: vec!["id", "title", "documents"],
            rows: clauses
                .iter()
                .map(|c| {
                    let docs: Vec<&str> = c.documents.iter().map(|d| d.title.as_str()).collect();
                    vec![c.id.clone(), c.title.clone(), docs.join("; ")]
                })
                .collect(),
        };
        return output::write(out, format, &rows, &clauses, columns::CLAUSE)
            .map_err(Failure::Output);
    }
    if args.mapping.is_some() {
        let mapping: Vec<Mapping2013View> = view.mapping_2013;
        let rows = Rows {
            headers: vec!["id_2013", "title_2013", "ids_2022"],
            rows: mapping
                .iter()
                .map(|m| {
                    vec![
                        m.id_2013.clone(),
                        m.title_2013.clone(),
                        m.ids_2022.join(" "),
                    ]
                })
                .collect(),
        };
        return output::write(out, format, &rows, &mapping, columns::MAPPING)
            .map_err(Failure::Output);
    }
    let theme = match &args.theme {
        Some(t) => Some(
            t.parse::<Theme>()
                .map_err(|e| ErrorPayload::new(ErrorKind::InvalidInput, e.to_string()))?,
        ),
        None => None,
    };
    let controls: Vec<ControlView> = view
        .controls
        .into_iter()
        .filter(|c| theme.is_none_or(|t| c.theme == t))
        .collect();
    let rows = Rows {
        headers: vec!["id", "theme", "title"],
        rows: controls
            .iter()
            .map(|c| vec![c.id.clone(), c.theme.to_string(), c.title.clone()])
            .collect(),
    };
    output::write(out, format, &rows, &controls, columns::CONTROL).map_err(Failure::Output)
}

fn init(args: &InitArgs, actor: &str, out: &mut impl Write) -> Result<(), Failure> {
    let ws = if args.example {
        annexa_core::risks::create_example(&args.path, actor)?
    } else {
        let new = NewWorkspace {
            organisation: args.org.clone().unwrap_or_default(),
            scope: args.scope.clone(),
            target_date: args.target_date.clone(),
        };
        Workspace::create(&args.path, &new)?
    };
    let summary = WorkspaceSummary::of(&ws)?;
    writeln!(
        out,
        "Created workspace for {} at {}",
        summary.organisation, summary.path
    )
    .map_err(Failure::Output)
}

/// Every command that changes a workspace or writes a file, by its path in the command tree.
/// The crash harness (`tests/crash.rs`) kills each of them with SIGKILL at random moments and
/// checks that nothing was lost or left half-written; the test below keeps this list and
/// [`READING`] equal to the commands that exist, so a new writing command cannot be left out.
/// (The harness reads the list from this file's text; the program itself has no use for it.)
#[cfg(test)]
const WRITING: &[&str] = &[
    "init",
    "set",
    "people add",
    "people set",
    "people remove",
    "actions add",
    "actions set",
    "snapshot take",
    "clauses set",
    "clauses document",
    "evidence add",
    "evidence import",
    "evidence link",
    "evidence note",
    "evidence version",
    "evidence set",
    "evidence remove",
    "evidence export",
    "report",
    "export",
    "compact",
    "keys generate",
    "risks method",
    "risks add",
    "risks set",
    "risks approve",
    "risks accept",
    "risks reject",
    "risks rerate",
    "risks round",
    "assets add",
    "own-controls add",
    "own-controls set",
];

/// Every command that only reads (`report` writes with `--pdf`, `export` unless
/// `--check-only`: both are in [`WRITING`]).
#[cfg(test)]
const READING: &[&str] = &[
    "catalogue",
    "info",
    "controls",
    "people list",
    "people show",
    "people department",
    "actions list",
    "history",
    "snapshot list",
    "snapshot compare",
    "clauses list",
    "evidence list",
    "evidence show",
    "evidence verify",
    "verify",
    "completions",
    "man",
    "risks list",
    "risks matrix",
    "risks rounds",
    "risks compare",
    "assets list",
    "own-controls list",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Clap checks the whole command tree (unique names, valid defaults) only when asked, or
    /// when the broken subcommand is first run; this asks for every subcommand at once.
    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    /// Every command has an example under its help, and every option says what it does.
    #[test]
    fn every_command_has_an_example_and_every_option_a_description() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let leaf = cmd.get_subcommands().next().is_none();
            if leaf && !path.is_empty() {
                let help = cmd
                    .get_after_help()
                    .map(|h| h.to_string())
                    .unwrap_or_default();
                if !help.contains("Example:") {
                    missing.push(format!("{path}: no example"));
                }
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} <{id}>: no description"));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_name() == "help" {
                    continue;
                }
                let p = if path.is_empty() {
                    sub.get_name().to_owned()
                } else {
                    format!("{path} {}", sub.get_name())
                };
                walk(sub, &p, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&command(), "", &mut missing);
        assert!(
            missing.is_empty(),
            "help is incomplete:\n{}",
            missing.join("\n")
        );
        for (path, _) in EXAMPLES {
            let mut cmd = command();
            for part in path.split(' ') {
                cmd = cmd
                    .find_subcommand(part)
                    .unwrap_or_else(|| panic!("the example for {path:?} names no command"))
                    .clone();
            }
        }
    }

    /// Every command is either writing or reading, once, so the crash harness knows every
    /// command that could lose something when killed.
    #[test]
    fn every_command_is_known_as_writing_or_reading() {
        fn leaves(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
            let subs: Vec<&clap::Command> = cmd
                .get_subcommands()
                .filter(|s| s.get_name() != "help")
                .collect();
            if subs.is_empty() {
                out.push(path.to_owned());
            }
            for sub in subs {
                let p = if path.is_empty() {
                    sub.get_name().to_owned()
                } else {
                    format!("{path} {}", sub.get_name())
                };
                leaves(sub, &p, out);
            }
        }
        let mut all = Vec::new();
        leaves(&command(), "", &mut all);
        all.sort();
        let mut known: Vec<String> = WRITING
            .iter()
            .chain(READING)
            .map(|s| (*s).to_owned())
            .collect();
        known.sort();
        assert_eq!(
            all, known,
            "add each new command to WRITING (and to the crash harness) or to READING"
        );
    }

    /// The exit status table is written once here and shown by `annexa --help`; README.md
    /// must carry it word for word.
    #[test]
    fn the_readme_gives_the_same_exit_codes() {
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
                .expect("README.md");
        assert!(
            readme.contains(EXIT_CODES),
            "README.md's exit status table differs"
        );
        use clap::CommandFactory;
        let help = Cli::command().render_help().to_string();
        assert!(help.contains("130  stopped by the user"), "{help}");
    }
}
