//! `annexa keys generate` and the passphrase of a signing key: the key pair an organisation
//! signs its packs with (the core's `pack::sign`), and how the CLI asks for its passphrase.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use annexa_core::pack::{KeyFiles, generate_key};
use annexa_core::{ErrorKind, ErrorPayload};
use clap::{Args, Subcommand};

use crate::Failure;

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Make the key pair that signs your packs: a secret key protected by a passphrase (in
    /// your config folder, readable by you only, unless --out says where) and a public key to
    /// give to whoever receives your packs.
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Who signs with the key, as the pack's front page will say it, e.g. "Acme Ltd ISMS".
    #[arg(long)]
    name: String,
    /// Write PREFIX.key and PREFIX.pub instead of the key in your config folder.
    #[arg(long, value_name = "PREFIX")]
    out: Option<PathBuf>,
    /// Read the passphrase from the first line of this file (else ANNEXA_KEY_PASSPHRASE, else
    /// it is asked in the terminal).
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    /// Replace a key already there (its packs can no longer be signed by it).
    #[arg(long)]
    force: bool,
}

/// The passphrase of a signing key: the first line of `file`, else `ANNEXA_KEY_PASSPHRASE`,
/// else asked in the terminal (twice when it is new); a script with none of them is told
/// what to give.
pub(crate) fn passphrase(file: Option<&Path>, new: bool) -> Result<String, Failure> {
    if let Some(file) = file {
        let text = std::fs::read_to_string(file).map_err(|e| {
            ErrorPayload::new(
                if e.kind() == std::io::ErrorKind::NotFound {
                    ErrorKind::NotFound
                } else {
                    ErrorKind::Io
                },
                format!("cannot read the passphrase file {}: {e}", file.display()),
            )
        })?;
        return Ok(text.lines().next().unwrap_or("").to_owned());
    }
    if let Ok(p) = std::env::var("ANNEXA_KEY_PASSPHRASE") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(ErrorPayload::new(
            ErrorKind::InvalidInput,
            "the signing key needs its passphrase: give --passphrase-file FILE or set \
             ANNEXA_KEY_PASSPHRASE (in a terminal it is asked for)",
        )
        .into());
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt).map_err(|e| {
            Failure::from(ErrorPayload::new(
                ErrorKind::Io,
                format!("cannot read the passphrase: {e}"),
            ))
        })
    };
    let first = ask("Passphrase of the signing key: ")?;
    if new && ask("The same passphrase again: ")? != first {
        return Err(ErrorPayload::new(
            ErrorKind::InvalidInput,
            "the two passphrases differ; nothing was written",
        )
        .into());
    }
    Ok(first)
}

pub fn keys(command: &KeysCommand, out: &mut impl Write) -> Result<(), Failure> {
    match command {
        KeysCommand::Generate(args) => {
            let files = match &args.out {
                Some(prefix) => KeyFiles::at(prefix),
                None => KeyFiles::default_for_user().ok_or_else(|| {
                    ErrorPayload::new(
                        ErrorKind::InvalidInput,
                        "this system has no config folder for the key; give --out PREFIX",
                    )
                })?,
            };
            let secret = passphrase(args.passphrase_file.as_deref(), true)?;
            let info = generate_key(&files, &args.name, &secret, args.force)?;
            writeln!(
                out,
                "Made the signing key of {} (key ID {}).\n\
                 Secret key, readable by you only: {}\n\
                 Public key, to give to whoever receives your packs: {}\n\
                 Sign a pack with `annexa export PACK.zip --sign`; they check it with \
                 `annexa verify PACK.zip --trusted-key {}`.",
                info.name,
                info.id,
                info.files.secret.display(),
                info.files.public.display(),
                info.files
                    .public
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            )
            .map_err(Failure::Output)
        }
    }
}
