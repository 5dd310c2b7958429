//! `annexa export` and `annexa verify`: audit packs out of a workspace, and checked when they
//! come back (no workspace needed to verify).

use std::io::Write;
use std::path::PathBuf;

use annexa_core::Workspace;
use annexa_core::catalogue::vocabulary::Theme;
use annexa_core::pack::{PackOptions, verify_pack_trusting};
use annexa_core::wire::{PackSummaryView, PackVerificationView};
use annexa_core::{ErrorKind, ErrorPayload};
use clap::Args;

use crate::evidence::{ProgressLine, human_size};
use crate::output::{self, Format, Rows};
use crate::{Failure, FormatArg, columns};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where to write the pack, e.g. audit-pack.zip (not needed with --check-only).
    #[arg(value_name = "PACK.zip", required_unless_present = "check_only")]
    pack: Option<PathBuf>,
    /// Only controls of this theme (repeatable): organizational, people, physical,
    /// technological.
    #[arg(long = "theme", value_name = "THEME")]
    themes: Vec<String>,
    /// Only this control (repeatable), e.g. A.5.15.
    #[arg(long = "control", value_name = "ID")]
    controls: Vec<String>,
    /// Only evidence whose status is approved.
    #[arg(long)]
    approved_only: bool,
    /// Show the control assessment frozen in this snapshot instead of the current one.
    #[arg(long, value_name = "NAME")]
    snapshot: Option<String>,
    /// The pack's creation time (UTC, YYYY-MM-DDTHH:MM:SSZ); by default the time of the last
    /// recorded change, so the same state always gives the same pack.
    #[arg(long, value_name = "TIME")]
    created: Option<String>,
    /// Replace a file already at PACK.zip (asks first in a terminal).
    #[arg(long)]
    force: bool,
    /// With --force: do not ask (needed when standard input is not a terminal).
    #[arg(long, short = 'y', requires = "force")]
    yes: bool,
    /// List what an auditor will flag and write nothing.
    #[arg(long)]
    check_only: bool,
    /// With --check-only: exit 1 when there is any finding (for CI).
    #[arg(long, requires = "check_only")]
    strict: bool,
    /// How to print the findings (with --check-only) or what was written: table (words), csv or
    /// json.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Do not list the pre-export findings.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Sign the manifest with your signing key (see `annexa keys generate`); the signature
    /// and your public key travel in the pack.
    #[arg(long)]
    sign: bool,
    /// With --sign: the secret key to sign with (default: the one in your config folder).
    #[arg(long, value_name = "FILE.key", requires = "sign")]
    key: Option<PathBuf>,
    /// With --sign: read the key's passphrase from the first line of this file (else
    /// ANNEXA_KEY_PASSPHRASE, else it is asked in the terminal).
    #[arg(long, value_name = "FILE", requires = "sign")]
    passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The audit pack to check.
    #[arg(value_name = "PACK.zip")]
    pack: PathBuf,
    /// The fingerprint (SHA-256 of manifest.json) the sender gave you; the pack fails when it
    /// differs.
    #[arg(long, value_name = "SHA256")]
    expect: Option<String>,
    /// The sender's public key (a minisign .pub file): the pack fails unless its manifest is
    /// signed by this key.
    #[arg(long, value_name = "FILE.pub")]
    trusted_key: Option<PathBuf>,
    #[command(flatten)]
    format: FormatArg,
}

pub fn export(ws: &Workspace, args: &ExportArgs, out: &mut impl Write) -> Result<(), Failure> {
    let themes = args
        .themes
        .iter()
        .map(|t| t.parse::<Theme>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ErrorPayload::new(ErrorKind::InvalidInput, e.to_string()))?;
    let controls = args
        .controls
        .iter()
        .map(|c| annexa_core::store::control_id(c))
        .collect::<Result<Vec<_>, _>>()?;
    // The key is opened first: a wrong passphrase stops the export before anything is written.
    let signer = if args.sign && !args.check_only {
        let key = match &args.key {
            Some(k) => k.clone(),
            None => annexa_core::pack::KeyFiles::default_for_user()
                .map(|f| f.secret)
                .ok_or_else(|| {
                    ErrorPayload::new(
                        ErrorKind::InvalidInput,
                        "this system has no config folder with a key; give --key FILE.key",
                    )
                })?,
        };
        if !key.exists() {
            return Err(ErrorPayload::new(
                ErrorKind::NotFound,
                format!(
                    "no signing key at {}; make one with `annexa keys generate --name NAME`",
                    key.display()
                ),
            )
            .into());
        }
        let secret = crate::keys::passphrase(args.passphrase_file.as_deref(), false)?;
        Some(std::sync::Arc::new(annexa_core::pack::Signer::open(
            &key, &secret,
        )?))
    } else {
        None
    };
    let options = PackOptions {
        themes,
        controls,
        approved_only: args.approved_only,
        snapshot: args.snapshot.clone(),
        created: args.created.clone(),
        overwrite: args.force,
        signer,
    };
    let findings = ws.pack_check(&options)?;
    if args.check_only {
        let rows = Rows {
            headers: vec!["kind", "subject", "message"],
            rows: findings
                .iter()
                .map(|f| {
                    vec![
                        serde_json::to_value(f.kind)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            .unwrap_or_default(),
                        f.subject.clone(),
                        f.message.clone(),
                    ]
                })
                .collect(),
        };
        output::write(out, args.format, &rows, &findings, columns::FINDING)
            .map_err(Failure::Output)?;
        if args.format == Format::Table {
            writeln!(
                out,
                "{} finding(s); the export stays possible",
                findings.len()
            )
            .map_err(Failure::Output)?;
        }
        return if args.strict && !findings.is_empty() {
            Err(Failure::Findings(findings.len()))
        } else {
            Ok(())
        };
    }
    if !args.quiet && !findings.is_empty() {
        eprintln!(
            "annexa: an auditor will flag {} thing(s) (annexa export --check-only lists them):",
            findings.len()
        );
        // One line per kind, so 90 undecided controls do not bury an expired certificate. The
        // findings of one kind need not come together, so kinds are gathered, not just
        // collapsed where they repeat.
        let mut kinds: Vec<_> = findings.iter().map(|f| f.kind).collect();
        kinds.sort();
        kinds.dedup();
        for kind in kinds {
            let of_kind: Vec<_> = findings.iter().filter(|f| f.kind == kind).collect();
            if of_kind.len() == 1 {
                eprintln!(
                    "  warning: {}",
                    output::terminal_safe(&of_kind[0].to_string())
                );
            } else {
                let subjects: Vec<&str> =
                    of_kind.iter().take(8).map(|f| f.subject.as_str()).collect();
                eprintln!(
                    "  warning: {} {} ({}{})",
                    of_kind.len(),
                    kind.label(),
                    output::terminal_safe(&subjects.join(", ")),
                    if of_kind.len() > 8 { ", …" } else { "" }
                );
            }
        }
    }
    let Some(dest) = &args.pack else {
        return Err(
            ErrorPayload::new(ErrorKind::InvalidInput, "name the pack file to write").into(),
        );
    };
    if args.force && dest.exists() {
        crate::confirm(&format!("Replace {}?", dest.display()), args.yes)?;
    }
    let mut line = ProgressLine::new();
    let summary = ws.export_pack(dest, &options, &mut |p| line.show("exporting", p));
    line.finish();
    let s = PackSummaryView::from(&summary?);
    if args.format != Format::Table {
        return output::write(out, args.format, &Rows::default(), &s, columns::PACK)
            .map_err(Failure::Output);
    }
    writeln!(
        out,
        "Wrote {} ({} files, {} of evidence files, {} zipped) as of {}\nFingerprint (SHA-256 of manifest.json): {}\nSend the fingerprint apart from the pack; `annexa verify PACK --expect FINGERPRINT` checks both.",
        s.path,
        s.files,
        s.evidence_files,
        human_size(s.pack_bytes),
        s.created,
        s.fingerprint
    )
    .map_err(Failure::Output)
}

pub fn verify(args: &VerifyArgs, out: &mut impl Write) -> Result<(), Failure> {
    let mut line = ProgressLine::new();
    let result = verify_pack_trusting(&args.pack, args.trusted_key.as_deref(), &mut |p| {
        line.show("verifying", p)
    });
    line.finish();
    let v = result?;
    let mut view = PackVerificationView::from(&v);
    if let Some(expected) = &args.expect {
        view.expect(expected);
    }
    let rows = Rows {
        headers: vec!["problem", "file", "detail"],
        rows: view
            .problems
            .iter()
            .map(|p| {
                vec![
                    serde_json::to_value(p.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    p.file.clone(),
                    p.detail.clone(),
                ]
            })
            .collect(),
    };
    match args.format.format {
        format @ (Format::Json | Format::Csv) => {
            output::write(out, format, &rows, &view, columns::VERIFICATION)
                .map_err(Failure::Output)?
        }
        Format::Table => {
            if !view.problems.is_empty() {
                output::write(out, Format::Table, &rows, &view, &[]).map_err(Failure::Output)?;
            }
            {
                writeln!(
                    out,
                    "{}: {} files, {} checked against the manifest of {} ({}), fingerprint {}",
                    if view.ok { "OK" } else { "FAILED" },
                    view.files,
                    human_size(view.bytes),
                    view.organisation,
                    view.created,
                    view.fingerprint
                )
                .map_err(Failure::Output)?;
                if let Some(sig) = view.signature.as_ref().filter(|s| !s.key_id.is_empty()) {
                    use annexa_core::wire::SignatureCheckView as C;
                    let how = match sig.check {
                        C::Trusted => "made by the key you trust".to_owned(),
                        C::PackKey => "made by the key in the pack; to know who made it, check \
                                       it against the sender's public key with --trusted-key"
                            .to_owned(),
                        C::Failed => format!("it does not check: {}", sig.detail),
                    };
                    writeln!(
                        out,
                        "Signed with key {}: \"{}\"; {how}",
                        sig.key_id, sig.statement
                    )
                    .map_err(Failure::Output)?;
                }
            }
        }
    }
    if view.ok {
        Ok(())
    } else {
        let names: Vec<&str> = view.problems.iter().map(|p| p.file.as_str()).collect();
        Err(ErrorPayload::new(
            ErrorKind::Integrity,
            format!(
                "{} does not match its manifest: {}",
                args.pack.display(),
                names.join(", ")
            ),
        )
        .into())
    }
}
