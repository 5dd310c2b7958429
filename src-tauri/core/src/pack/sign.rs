//! Signed packs: an organisation signs the manifest of its packs with its own key pair
//! (Ed25519, in the minisign format, so the standard `minisign` tool checks them too), and a
//! receiver who has the organisation's public key knows the pack came from it.
//!
//! The signature travels inside the pack, beside the manifest and outside it (the manifest
//! cannot list its own signature): `manifest.json.minisig` and the signer's public key as
//! `signer.pub`. A pack still verifies against its own fingerprint without a key; with
//! `--trusted-key` the signature must be there and made by that key. The key that travels in
//! the pack proves only that the pack is consistent; trust comes from a key received apart.
//!
//! The secret key is encrypted with a passphrase (scrypt, as minisign does) and written so
//! that only its owner can read it (0600).

use std::io::Cursor;
use std::path::{Path, PathBuf};

use minisign::{KeyPair, PublicKey, PublicKeyBox, SecretKey, SecretKeyBox, SignatureBox};

use super::PackError;

/// The entry that holds the manifest's signature.
pub const SIGNATURE_ENTRY: &str = "manifest.json.minisig";

/// The entry that holds the signer's public key.
pub const SIGNER_ENTRY: &str = "signer.pub";

/// A key pair's two files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFiles {
    pub secret: PathBuf,
    pub public: PathBuf,
}

impl KeyFiles {
    /// `PREFIX.key` and `PREFIX.pub`.
    pub fn at(prefix: &Path) -> KeyFiles {
        let with = |ext: &str| {
            let mut name = prefix.as_os_str().to_owned();
            name.push(ext);
            PathBuf::from(name)
        };
        KeyFiles {
            secret: with(".key"),
            public: with(".pub"),
        }
    }

    /// The user's own key: `$XDG_CONFIG_HOME/annexa/keys/annexa.key` and `.pub`.
    pub fn default_for_user() -> Option<KeyFiles> {
        dirs::config_dir().map(|d| KeyFiles::at(&d.join("annexa").join("keys").join("annexa")))
    }
}

/// A public key as people compare it: the key ID minisign prints (16 hex digits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    pub id: String,
    /// Who the key belongs to, as its owner named it.
    pub name: String,
    pub files: KeyFiles,
}

/// A secret key opened with its passphrase, ready to sign.
pub struct Signer {
    sk: SecretKey,
    pk: PublicKey,
    pub id: String,
    pub name: String,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key itself.
        write!(f, "Signer {{ id: {}, name: {:?} }}", self.id, self.name)
    }
}

impl PartialEq for Signer {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Signer {}

fn key_id(keynum: &[u8]) -> String {
    let mut le = [0u8; 8];
    le.copy_from_slice(&keynum[..8]);
    format!("{:016X}", u64::from_le_bytes(le))
}

fn key_error(path: &Path, reason: impl Into<String>) -> PackError {
    PackError::Key {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

/// A name or comment fit for one line of a key or signature file.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

const KEY_COMMENT: &str = "Annexa signing key of ";

/// Makes a new key pair named `name`, the secret encrypted with `passphrase`, and writes it to
/// `files` (refusing to replace existing files unless `overwrite`). The secret key's file is
/// readable by its owner only.
pub fn generate_key(
    files: &KeyFiles,
    name: &str,
    passphrase: &str,
    overwrite: bool,
) -> Result<KeyInfo, PackError> {
    let name = one_line(name);
    if name.is_empty() {
        return Err(key_error(
            &files.secret,
            "give the key a name (the organisation that signs with it)",
        ));
    }
    if passphrase.is_empty() {
        return Err(key_error(
            &files.secret,
            "the passphrase is empty; a secret key is only as safe as its passphrase",
        ));
    }
    for path in [&files.secret, &files.public] {
        if path.exists() && !overwrite {
            return Err(PackError::DestinationExists { path: path.clone() });
        }
    }
    let KeyPair { pk, sk } = KeyPair::generate_encrypted_keypair(Some(passphrase.to_owned()))
        .map_err(|e| key_error(&files.secret, e.to_string()))?;
    let id = key_id(pk.keynum());
    let comment = format!("{KEY_COMMENT}{name}, key ID {id}");
    let secret = sk
        .to_box(Some(&comment))
        .map_err(|e| key_error(&files.secret, e.to_string()))?
        .into_string();
    let public = format!("untrusted comment: {comment}\n{}\n", pk.to_base64());
    // Each file is written whole under a temporary name and then named, so a key is never
    // half there; the secret first, from which the public key can always be made again.
    put(&files.secret, secret.as_bytes(), true, overwrite)?;
    put(&files.public, public.as_bytes(), false, overwrite)?;
    Ok(KeyInfo {
        id,
        name,
        files: files.clone(),
    })
}

/// Writes `bytes` to `path` through a temporary file beside it, readable by its owner only
/// when `private` (created so, never readable by others for a moment), and renamed into place
/// only when complete.
fn put(path: &Path, bytes: &[u8], private: bool, overwrite: bool) -> Result<(), PackError> {
    use std::io::Write;
    let write = |source| PackError::Write {
        path: path.to_owned(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(write)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".annexa-key-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(if private {
            0o600
        } else {
            0o644
        }));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(write)?;
    tmp.write_all(bytes).map_err(write)?;
    tmp.as_file().sync_all().map_err(write)?;
    let persisted = if overwrite {
        tmp.persist(path).map(drop)
    } else {
        tmp.persist_noclobber(path).map(drop)
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            PackError::DestinationExists {
                path: path.to_owned(),
            }
        } else {
            write(e.error)
        }
    })
}

impl Signer {
    /// Opens the secret key at `path` with `passphrase`.
    pub fn open(path: &Path, passphrase: &str) -> Result<Signer, PackError> {
        let text = std::fs::read_to_string(path).map_err(|source| PackError::Unreadable {
            path: path.to_owned(),
            source,
        })?;
        let name = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("untrusted comment: "))
            .and_then(|c| c.strip_prefix(KEY_COMMENT))
            .map(|c| c.split(", key ID ").next().unwrap_or(c).to_owned())
            .unwrap_or_else(|| "an unnamed key".to_owned());
        let sk = SecretKeyBox::from_string(&text)
            .and_then(|b| b.into_secret_key(Some(passphrase.to_owned())))
            .map_err(|e| {
                key_error(
                    path,
                    format!(
                        "it cannot be opened with this passphrase, or it is not a minisign \
                         secret key ({e})"
                    ),
                )
            })?;
        let pk = PublicKey::from_secret_key(&sk).map_err(|e| key_error(path, e.to_string()))?;
        Ok(Signer {
            id: key_id(pk.keynum()),
            name,
            sk,
            pk,
        })
    }

    /// The public key as a minisign `.pub` file, named.
    pub fn public_file(&self) -> String {
        format!(
            "untrusted comment: {KEY_COMMENT}{}, key ID {}\n{}\n",
            self.name,
            self.id,
            self.pk.to_base64()
        )
    }

    /// The signature of `manifest`, as a `.minisig` file. The trusted comment (which the
    /// signature covers) says whose pack it is and who signed it.
    pub(super) fn sign(
        &self,
        manifest: &[u8],
        organisation: &str,
        created: &str,
    ) -> Result<String, PackError> {
        let trusted = one_line(&format!(
            "Annexa audit pack of {organisation}, state as of {created}, signed by {}",
            self.name
        ));
        let untrusted = format!("signature from Annexa key {}", self.id);
        minisign::sign(
            Some(&self.pk),
            &self.sk,
            Cursor::new(manifest),
            Some(&trusted),
            Some(&untrusted),
        )
        .map(|sig| sig.into_string())
        .map_err(|e| key_error(Path::new(SIGNATURE_ENTRY), e.to_string()))
    }
}

/// Reads a public key file (`.pub`, as minisign writes it).
pub fn read_public_key(path: &Path) -> Result<(PublicKey, String), PackError> {
    let text = std::fs::read_to_string(path).map_err(|source| PackError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    let pk = public_key_from(&text)
        .map_err(|why| key_error(path, format!("it is not a minisign public key ({why})")))?;
    let id = key_id(pk.keynum());
    Ok((pk, id))
}

fn public_key_from(text: &str) -> Result<PublicKey, String> {
    PublicKeyBox::from_string(text)
        .and_then(PublicKeyBox::into_public_key)
        .map_err(|e| e.to_string())
}

/// What a pack's signature says, and how far it checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackSignature {
    /// The key ID the signature names.
    pub key_id: String,
    /// The signed comment: whose pack, as of when, signed by whom.
    pub statement: String,
    pub check: SignatureCheck,
}

/// How a pack's signature checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureCheck {
    /// Made by the key the receiver trusts.
    Trusted,
    /// Made by the key the pack carries; no key the receiver trusts was given.
    ByTheKeyInThePack,
    /// It does not check, for the reason given.
    Failed(String),
}

/// Checks the signature `minisig` (if the pack has one) of `manifest`, against `trusted` when
/// given, else against the key in the pack (`signer`).
pub(super) fn check(
    manifest: &[u8],
    minisig: Option<&[u8]>,
    signer: Option<&[u8]>,
    trusted: Option<&(PublicKey, String)>,
) -> Option<PackSignature> {
    let Some(minisig) = minisig else {
        return trusted.map(|(_, id)| PackSignature {
            key_id: String::new(),
            statement: String::new(),
            check: SignatureCheck::Failed(format!(
                "the pack is not signed; a pack signed with key {id} was expected"
            )),
        });
    };
    let failed = |key_id: String, statement: String, why: String| PackSignature {
        key_id,
        statement,
        check: SignatureCheck::Failed(why),
    };
    let text = String::from_utf8_lossy(minisig);
    let signature = match SignatureBox::from_string(&text) {
        Ok(s) => s,
        Err(e) => {
            return Some(failed(
                String::new(),
                String::new(),
                format!("{SIGNATURE_ENTRY} is not a minisign signature ({e})"),
            ));
        }
    };
    let key_id = if signature.keynum().len() >= 8 {
        key_id(signature.keynum())
    } else {
        String::new()
    };
    let statement = signature.trusted_comment().unwrap_or_default();
    let verify = |pk: &PublicKey| {
        minisign::verify(pk, &signature, Cursor::new(manifest), true, false, false)
            .map_err(|e| e.to_string())
    };
    Some(match trusted {
        Some((pk, trusted_id)) => {
            if key_id != *trusted_id {
                failed(
                    key_id.clone(),
                    statement,
                    format!(
                        "it is signed with key {key_id}, not with the trusted key {trusted_id}"
                    ),
                )
            } else {
                match verify(pk) {
                    Ok(()) => PackSignature {
                        key_id,
                        statement,
                        check: SignatureCheck::Trusted,
                    },
                    Err(e) => failed(
                        key_id,
                        statement,
                        format!("the signature does not match the manifest ({e})"),
                    ),
                }
            }
        }
        None => {
            let carried = signer.map(|b| public_key_from(&String::from_utf8_lossy(b)));
            match carried {
                None => failed(
                    key_id,
                    statement,
                    format!("the pack has a signature but no {SIGNER_ENTRY} to check it with"),
                ),
                Some(Err(e)) => failed(
                    key_id,
                    statement,
                    format!("{SIGNER_ENTRY} is not a minisign public key ({e})"),
                ),
                Some(Ok(pk)) => match verify(&pk) {
                    Ok(()) => PackSignature {
                        key_id,
                        statement,
                        check: SignatureCheck::ByTheKeyInThePack,
                    },
                    Err(e) => failed(
                        key_id,
                        statement,
                        format!("the signature does not match the manifest ({e})"),
                    ),
                },
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_checks_with_its_key_and_fails_otherwise() {
        let dir = tempfile::tempdir().expect("temp");
        let files = KeyFiles::at(&dir.path().join("acme"));
        let info = generate_key(&files, "Acme Ltd", "correct horse", false).expect("generate");
        assert_eq!(info.id.len(), 16);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&files.secret)
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(matches!(
            generate_key(&files, "Acme Ltd", "x", false),
            Err(PackError::DestinationExists { .. })
        ));
        let err = Signer::open(&files.secret, "wrong").expect_err("wrong passphrase");
        assert!(err.to_string().contains("passphrase"), "{err}");
        let signer = Signer::open(&files.secret, "correct horse").expect("open");
        assert_eq!(
            (signer.id.as_str(), signer.name.as_str()),
            (info.id.as_str(), "Acme Ltd")
        );
        let manifest = b"{\"files\": []}\n";
        let sig = signer
            .sign(manifest, "Acme Ltd", "2026-12-07T00:00:00Z")
            .expect("sign");
        let public = signer.public_file();
        let trusted = read_public_key(&files.public).expect("pub");
        let ok = check(
            manifest,
            Some(sig.as_bytes()),
            Some(public.as_bytes()),
            Some(&trusted),
        )
        .expect("signed");
        assert_eq!(ok.check, SignatureCheck::Trusted);
        assert!(
            ok.statement.contains("signed by Acme Ltd"),
            "{}",
            ok.statement
        );
        let carried = check(
            manifest,
            Some(sig.as_bytes()),
            Some(public.as_bytes()),
            None,
        )
        .expect("s");
        assert_eq!(carried.check, SignatureCheck::ByTheKeyInThePack);
        let changed = check(
            b"{\"files\": [1]}\n",
            Some(sig.as_bytes()),
            Some(public.as_bytes()),
            Some(&trusted),
        )
        .expect("s");
        assert!(
            matches!(changed.check, SignatureCheck::Failed(ref w) if w.contains("does not match"))
        );
        let other = KeyFiles::at(&dir.path().join("other"));
        generate_key(&other, "Someone else", "pw", false).expect("other");
        let other_key = read_public_key(&other.public).expect("pub");
        let wrong = check(
            manifest,
            Some(sig.as_bytes()),
            Some(public.as_bytes()),
            Some(&other_key),
        )
        .expect("s");
        assert!(
            matches!(wrong.check, SignatureCheck::Failed(ref w) if w.contains("not with the trusted key"))
        );
        let unsigned = check(manifest, None, None, Some(&trusted)).expect("expected");
        assert!(
            matches!(unsigned.check, SignatureCheck::Failed(ref w) if w.contains("not signed"))
        );
        assert_eq!(check(manifest, None, None, None), None);
    }
}
