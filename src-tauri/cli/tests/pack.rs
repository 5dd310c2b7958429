//! Audit packs through real `annexa` processes: the zip is read back by Info-ZIP's `unzip`,
//! Python's `zipfile`, 7-Zip, bsdtar (from a file and, as a streaming reader, from a pipe),
//! Java's `ZipInputStream` and `sha256sum`; two exports are compared byte for byte; tampered
//! and hostile packs (made with Python) must fail `annexa verify` by name, writing nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Ws {
    dir: tempfile::TempDir,
    path: PathBuf,
}

impl Ws {
    fn new(org: &str) -> Ws {
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("client.annexa");
        let ws = Ws { dir, path };
        ws.ok(&["init", ws.path.to_str().expect("utf-8"), "--org", org]);
        ws
    }

    fn run_in(&self, cwd: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_annexa"))
            .args(args)
            .stdin(std::process::Stdio::null())
            .current_dir(cwd)
            .env("ANNEXA_WORKSPACE", &self.path)
            .env("ANNEXA_USER", "Pack Clerk")
            .env("XDG_DATA_HOME", "/nonexistent-annexa-test-dir")
            .env("XDG_CONFIG_HOME", "/nonexistent-annexa-test-dir")
            .output()
            .expect("run annexa")
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_in(self.dir.path(), args)
    }

    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "annexa {args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).expect("utf-8")
    }

    fn fails(&self, args: &[&str]) -> (i32, String) {
        let o = self.run(args);
        assert!(!o.status.success(), "annexa {args:?} should have failed");
        (
            o.status.code().expect("exit code"),
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
        )
    }

    fn file(&self, name: &str, content: &[u8]) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, content).expect("write");
        p.to_str().expect("utf-8").to_owned()
    }

    fn at(&self, name: &str) -> String {
        self.dir
            .path()
            .join(name)
            .to_str()
            .expect("utf-8")
            .to_owned()
    }
}

fn noise(len: usize, seed: u32) -> Vec<u8> {
    let mut x: u32 = 2_463_534_242 ^ seed;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// Runs a Python script with arguments; returns its standard output.
fn python(script: &str, args: &[&str]) -> String {
    let o = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3");
    assert!(
        o.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8")
}

/// A workspace with decided, excluded and undecided controls, owners, evidence files of
/// several kinds (one covering two controls, one with a non-ASCII and hostile title), a link,
/// a note and evidence on a clause.
fn populated() -> Ws {
    let ws = Ws::new("Acme <script>alert(1)</script> & Söhne");
    ws.ok(&["people", "add", "Alice Admin", "--role", "CISO"]);
    ws.ok(&[
        "set",
        "A.5.1",
        "--applicable",
        "yes",
        "--status",
        "implemented",
        "--owner",
        "Alice Admin",
        "--reason",
        "risk_assessment",
    ]);
    ws.ok(&["set", "A.5.2", "--applicable", "yes", "--status", "planned"]);
    ws.ok(&[
        "set",
        "A.7.4",
        "--applicable",
        "no",
        "--justification",
        "No premises of our own",
    ]);
    ws.ok(&[
        "set",
        "A.7.5",
        "--applicable",
        "no",
        "--justification",
        "Covered by the landlord",
    ]);
    ws.ok(&[
        "set",
        "A.6.3",
        "--applicable",
        "yes",
        "--status",
        "partially_implemented",
    ]);
    let policy = ws.file(
        "policy.txt",
        "Every <b>secret</b> is kept.\n".repeat(2000).as_bytes(),
    );
    ws.ok(&[
        "evidence",
        "add",
        &policy,
        "--control",
        "A.5.1",
        "--control",
        "A.5.2",
        "--title",
        "Politique de sécurité <img src=x onerror=alert(1)>",
        "--status",
        "approved",
    ]);
    let shot = ws.file("screen.png", &noise(200_000, 1));
    ws.ok(&[
        "evidence",
        "add",
        &shot,
        "--control",
        "A.5.2",
        "--title",
        "Firewall #1 100%?",
    ]);
    let training = ws.file("training.csv", b"name,date\nAlice,2026-01-01\n");
    ws.ok(&[
        "evidence",
        "add",
        &training,
        "--control",
        "A.6.3",
        "--valid-until",
        "2020-01-01",
    ]);
    let scope = ws.file("scope.pdf", &noise(50_000, 2));
    ws.ok(&[
        "evidence",
        "add",
        &scope,
        "--clause",
        "4.3",
        "--title",
        "ISMS scope",
    ]);
    ws.ok(&[
        "evidence",
        "link",
        "https://intranet.example/policy?a=1&b=2",
        "--control",
        "A.5.1",
        "--title",
        "Policy page",
    ]);
    ws
}

const READ_PACK: &str = r#"
import hashlib, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
out = {}
for i in z.infolist():
    data = z.read(i)
    out[i.filename] = {"method": i.compress_type, "utf8": bool(i.flag_bits & 0x800),
                       "size": i.file_size, "sha256": hashlib.sha256(data).hexdigest(),
                       "date": list(i.date_time)}
print(json.dumps(out))
"#;

fn entries(pack: &str) -> serde_json::Value {
    serde_json::from_str(&python(READ_PACK, &[pack])).expect("json")
}

fn read_entry(pack: &str, name: &str) -> Vec<u8> {
    let o = Command::new("unzip")
        .args(["-p", pack, name])
        .output()
        .expect("unzip -p");
    assert!(o.status.success(), "unzip -p {name}");
    o.stdout
}

#[test]
fn export_holds_everything_and_other_tools_read_it() {
    let ws = populated();
    let pack = ws.at("pack.zip");
    let out = ws.ok(&["export", &pack, "-q"]);
    assert!(out.contains("Fingerprint"), "{out}");

    let t = Command::new("unzip")
        .args(["-t", &pack])
        .output()
        .expect("unzip -t");
    assert!(
        t.status.success(),
        "unzip -t: {}",
        String::from_utf8_lossy(&t.stdout)
    );

    let e = entries(&pack);
    let names: Vec<&str> = e
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    for expected in [
        "README.txt",
        "index.html",
        "statement-of-applicability.csv",
        "statement-of-applicability.xlsx",
        "gap-register.csv",
        "gap-register.xlsx",
        "risk-register.csv",
        "risk-register.xlsx",
        "actions.csv",
        "history.csv",
        "pack.json",
        "manifest.json",
        "manifest.sha256",
        "evidence/A.5.1/Politique de sécurité _img src=x onerror=alert(1)_.txt",
        "evidence/A.5.2/Firewall #1 100%_.png",
        "evidence/A.6.3/training.csv",
        "evidence/clause 4.3/ISMS scope.pdf",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    // The policy covers A.5.1 and A.5.2 but is stored once.
    assert_eq!(names.iter().filter(|n| n.contains("Politique")).count(), 1);
    let policy = &e["evidence/A.5.1/Politique de sécurité _img src=x onerror=alert(1)_.txt"];
    assert_eq!(
        policy["utf8"], true,
        "a non-ASCII name carries the UTF-8 flag"
    );
    assert_eq!(policy["method"], 8, "text is deflated");
    assert_eq!(
        e["evidence/A.5.2/Firewall #1 100%_.png"]["method"], 0,
        "png is stored"
    );
    assert_eq!(
        e["evidence/clause 4.3/ISMS scope.pdf"]["method"], 0,
        "pdf is stored"
    );
    assert_eq!(
        read_entry(&pack, "evidence/A.5.2/Firewall #1 100%_.png"),
        noise(200_000, 1),
        "evidence comes out byte for byte"
    );

    // The manifest lists every other file with the size and SHA-256 Python computes, and
    // manifest.sha256 holds the manifest's own digest.
    let manifest: serde_json::Value =
        serde_json::from_slice(&read_entry(&pack, "manifest.json")).expect("manifest");
    let files = manifest["files"].as_array().expect("files");
    assert_eq!(files.len(), names.len() - 2);
    for f in files {
        let name = f["path"].as_str().expect("path");
        assert_eq!(f["sha256"], e[name]["sha256"], "{name}");
        assert_eq!(f["size"], e[name]["size"], "{name}");
    }
    let digest = String::from_utf8(read_entry(&pack, "manifest.sha256")).expect("utf-8");
    assert_eq!(
        digest,
        format!(
            "{}  manifest.json\n",
            e["manifest.json"]["sha256"].as_str().expect("sha")
        )
    );
    assert!(out.contains(e["manifest.json"]["sha256"].as_str().expect("sha")));

    // CSV for Excel: BOM, CRLF, the documented columns, a formula-looking cell neutralised.
    let soa =
        String::from_utf8(read_entry(&pack, "statement-of-applicability.csv")).expect("utf-8");
    assert!(soa.starts_with("\u{feff}Control,Title,Theme,Applicable,Reasons for inclusion,Risks,Justification,Implementation status,Owner,Evidence,Last changed\r\n"));
    assert_eq!(soa.lines().count(), 94, "93 controls and a header");
    let a74 = soa
        .lines()
        .find(|l| l.starts_with("A.7.4,"))
        .expect("A.7.4");
    assert!(
        a74.contains(",No,") && a74.contains("No premises of our own"),
        "{a74}"
    );
    let a51 = soa
        .lines()
        .find(|l| l.starts_with("A.5.1,"))
        .expect("A.5.1");
    assert!(
        a51.contains("Alice Admin") && a51.contains("evidence/A.5.1/Politique"),
        "{a51}"
    );
    // The XLSX is a real workbook: its sheet holds the same controls.
    let xlsx = ws.file(
        "soa.xlsx",
        &read_entry(&pack, "statement-of-applicability.xlsx"),
    );
    let sheet = python(
        "import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read('xl/sharedStrings.xml').decode())",
        &[&xlsx],
    );
    assert!(sheet.contains("A.8.34") && sheet.contains("No premises of our own"));

    // What a user typed is escaped in the HTML, and the page allows no script.
    let html = String::from_utf8(read_entry(&pack, "index.html")).expect("utf-8");
    assert!(
        !html.contains("<script>alert"),
        "organisation name must be escaped"
    );
    assert!(html.contains("Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; Söhne"));
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("default-src 'none'"));
    // Every relative link points at a file in the pack (percent-encoded names included).
    let links = python(
        r#"
import html.parser, sys, urllib.parse, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
class P(html.parser.HTMLParser):
    ids, hrefs = set(), []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if 'id' in a: self.ids.add(a['id'])
        if tag == 'a': self.hrefs.append(a['href'])
p = P(); p.feed(zipfile.ZipFile(sys.argv[1]).read('index.html').decode())
bad = [h for h in p.hrefs if not h.startswith(('http:', 'https:', 'mailto:'))
       and not (h[1:] in p.ids if h.startswith('#') else urllib.parse.unquote(h) in names)]
print(len(p.hrefs), bad)
"#,
        &[&pack],
    );
    assert!(links.trim_end().ends_with("[]"), "broken links: {links}");
}

#[test]
fn the_same_state_gives_the_same_bytes() {
    let ws = populated();
    let (a, b, c) = (ws.at("a.zip"), ws.at("b.zip"), ws.at("c.zip"));
    ws.ok(&["export", &a, "-q"]);
    ws.ok(&["export", &b, "-q"]);
    assert_eq!(std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    // Any change to the state changes the pack.
    ws.ok(&["set", "A.8.1", "--owner", "Alice Admin"]);
    ws.ok(&["export", &c, "-q"]);
    assert_ne!(std::fs::read(&a).expect("a"), std::fs::read(&c).expect("c"));
    // A given creation time is the time of every entry.
    let d = ws.at("d.zip");
    ws.ok(&["export", &d, "-q", "--created", "2027-03-04T05:06:08Z"]);
    let e = entries(&d);
    assert_eq!(
        e["index.html"]["date"],
        serde_json::json!([2027, 3, 4, 5, 6, 8])
    );
}

/// Rewrites a pack with Python: `action` is Python code run with `zin` (the original) and
/// `zout` (the new zip) open.
fn rewrite(src: &str, dest: &str, action: &str) {
    let script = format!(
        r#"
import sys, zipfile
zin = zipfile.ZipFile(sys.argv[1])
zout = zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED)
{action}
zout.close()
"#
    );
    python(&script, &[src, dest]);
}

const COPY_ALL_BUT: &str = r#"
def copy(skip=(), change=None):
    for i in zin.infolist():
        if i.filename in skip: continue
        data = zin.read(i)
        if change and i.filename == change[0]: data = change[1](data)
        zout.writestr(i, data)
"#;

#[test]
fn verify_names_every_added_missing_or_changed_file() {
    let ws = populated();
    let pack = ws.at("pack.zip");
    ws.ok(&["export", &pack, "-q"]);
    let ok = ws.ok(&["verify", &pack]);
    assert!(ok.starts_with("OK: 15 files"), "{ok}");
    let fingerprint = ok
        .trim()
        .rsplit(' ')
        .next()
        .expect("fingerprint")
        .to_owned();
    ws.ok(&["verify", &pack, "--expect", &fingerprint]);

    let png = "evidence/A.5.2/Firewall #1 100%_.png";
    let cases: [(&str, String, &str); 5] = [
        (
            "changed",
            format!(
                "{COPY_ALL_BUT}\ncopy(change=({png:?}, lambda d: d[:-1] + bytes([d[-1] ^ 1])))"
            ),
            png,
        ),
        (
            "added",
            format!("{COPY_ALL_BUT}\ncopy()\nzout.writestr('evidence/A.5.1/extra.txt', 'x')"),
            "evidence/A.5.1/extra.txt",
        ),
        (
            "missing",
            format!("{COPY_ALL_BUT}\ncopy(skip=('evidence/A.6.3/training.csv',))"),
            "evidence/A.6.3/training.csv",
        ),
        (
            "manifest edited to hide a change",
            format!(
                "{COPY_ALL_BUT}\nimport json\ndef edit(d):\n    m = json.loads(d)\n    m['organisation'] = 'Someone else'\n    return json.dumps(m).encode()\ncopy(change=('manifest.json', edit))"
            ),
            "manifest.json",
        ),
        (
            "html changed",
            format!(
                "{COPY_ALL_BUT}\ncopy(change=('index.html', lambda d: d.replace(b'Implemented', b'Done')))"
            ),
            "index.html",
        ),
    ];
    for (what, action, file) in cases {
        let bad = ws.at(&format!("{}.zip", what.replace(' ', "-")));
        rewrite(&pack, &bad, &action);
        let (code, msg) = ws.fails(&["verify", &bad]);
        assert_eq!(code, 7, "{what}: {msg}");
        assert!(
            msg.contains(file),
            "{what}: the message names {file}: {msg}"
        );
    }
    let (code, msg) = ws.fails(&["verify", &pack, "--expect", &"0".repeat(64)]);
    assert_eq!(code, 7, "{msg}");
    assert!(msg.contains("fingerprint"), "{msg}");
    // JSON for scripts.
    let o = ws.run(&["verify", &ws.at("changed.zip"), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["ok"], false);
    assert_eq!(v["problems"][0]["kind"], "changed");
    assert_eq!(v["problems"][0]["file"], png);
}

#[test]
fn hostile_and_broken_packs_are_refused_and_nothing_is_written() {
    let ws = populated();
    let pack = ws.at("pack.zip");
    ws.ok(&["export", &pack, "-q"]);
    let half = std::fs::read(&pack).expect("pack");
    let truncated = ws.file("truncated.zip", &half[..half.len() / 2]);
    let text = ws.file("notes.zip", b"this is not a zip at all");
    let empty = ws.file("empty.zip", b"");
    let not_a_pack = ws.at("plain.zip");
    rewrite(&pack, &not_a_pack, "zout.writestr('hello.txt', 'hi')");
    let manifest_of = |action: &str| format!("{COPY_ALL_BUT}\ncopy()\n{action}");
    let hostile: Vec<(&str, String, &str)> = vec![
        (
            "dotdot",
            manifest_of("zout.writestr('../../evil.txt', 'x')"),
            "climbs out",
        ),
        (
            "dotdot-inside",
            manifest_of("zout.writestr('evidence/../../evil.txt', 'x')"),
            "climbs out",
        ),
        (
            "absolute",
            manifest_of("zout.writestr('/tmp/evil.txt', 'x')"),
            "absolute",
        ),
        (
            "backslash",
            manifest_of("zout.writestr('..\\\\evil.txt', 'x')"),
            "backslash",
        ),
        (
            "symlink",
            manifest_of(
                "i = zipfile.ZipInfo('evidence/link')\ni.external_attr = (0o120777 << 16)\nzout.writestr(i, '/etc/passwd')",
            ),
            "symbolic link",
        ),
        (
            "duplicate",
            manifest_of(
                "import warnings\nwarnings.simplefilter('ignore')\nzout.writestr('index.html', 'second')",
            ),
            "same name",
        ),
    ];
    let listing_before: Vec<String> = {
        let mut v: Vec<String> = std::fs::read_dir(ws.dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    for (name, action, why) in &hostile {
        let bad = ws.at(&format!("{name}.zip"));
        rewrite(&pack, &bad, action);
        let (code, msg) = ws.fails(&["verify", &bad]);
        assert_eq!(code, 2, "{name}: {msg}");
        assert!(msg.contains(why), "{name}: expected {why:?} in {msg}");
    }
    for (file, why) in [
        (&truncated, "not a zip file, or it is truncated"),
        (&text, "not a zip file"),
        (&empty, "not a zip file"),
        (&not_a_pack, "no manifest.json"),
    ] {
        let (code, msg) = ws.fails(&["verify", file]);
        assert_eq!(code, 2, "{file}: {msg}");
        assert!(msg.contains(why), "{file}: expected {why:?} in {msg}");
    }
    let (code, msg) = ws.fails(&["verify", &ws.at("nothing-here.zip")]);
    assert_eq!(code, 3, "{msg}");
    let (code, msg) = ws.fails(&["verify", ws.dir.path().to_str().expect("utf-8")]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("folder"), "{msg}");

    // Zip bombs. An entry that claims more than deflate can give is refused before reading;
    // one whose header lies about its size is never read past the manifest's size.
    let bombs = r#"
import struct, sys, zipfile, zlib
def patch_sizes(path, name, size):
    data = bytearray(open(path, "rb").read())
    n = name.encode()
    i = data.find(b"PK\x03\x04")
    while i >= 0:
        if data[i+30:i+30+len(n)] == n: struct.pack_into("<I", data, i + 22, size)
        i = data.find(b"PK\x03\x04", i + 4)
    i = data.find(b"PK\x01\x02")
    while i >= 0:
        if data[i+46:i+46+len(n)] == n: struct.pack_into("<I", data, i + 24, size)
        i = data.find(b"PK\x01\x02", i + 4)
    open(path, "wb").write(data)
src, claim, lie = sys.argv[1], sys.argv[2], sys.argv[3]
zin = zipfile.ZipFile(src)
zeros = bytes(64 << 20)
for out in (claim, lie):
    z = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
    for name in zin.namelist():
        data = zeros if name == "history.csv" else zin.read(name)
        z.writestr(name, data)
    z.close()
patch_sizes(claim, "history.csv", 0xFFFFFFF0)
"#;
    let (claim, lie) = (ws.at("bomb-claim.zip"), ws.at("bomb-lie.zip"));
    python(bombs, &[&pack, &claim, &lie]);
    let (code, msg) = ws.fails(&["verify", &claim]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("zip bomb"), "{msg}");
    // 64 MiB of zeros where the manifest promises a small history.csv: named, not inflated.
    let (code, msg) = ws.fails(&["verify", &lie]);
    assert_eq!(code, 7, "{msg}");
    assert!(msg.contains("history.csv"), "{msg}");

    // Verifying wrote nothing beside the packs we made.
    let mut listing_after: Vec<String> = std::fs::read_dir(ws.dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    listing_after.sort();
    let made: Vec<String> = hostile
        .iter()
        .map(|(n, _, _)| format!("{n}.zip"))
        .chain(["bomb-claim.zip".into(), "bomb-lie.zip".into()])
        .collect();
    listing_after.retain(|n| !made.contains(n));
    assert_eq!(listing_before, listing_after);
    assert!(!Path::new("/tmp/evil.txt").exists());
}

#[test]
fn export_never_leaves_a_partial_or_replaced_file() {
    let ws = populated();
    let pack = ws.at("pack.zip");
    let original = ws.file("pack.zip", b"an earlier pack");
    assert_eq!(original, pack);
    let (code, msg) = ws.fails(&["export", &pack, "-q"]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("already a file"), "{msg}");
    assert_eq!(std::fs::read(&pack).expect("pack"), b"an earlier pack");
    // Replacing asks: outside a terminal only --yes confirms, and nothing is touched before.
    let (code, msg) = ws.fails(&["export", &pack, "-q", "--force"]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("--yes"), "{msg}");
    assert_eq!(std::fs::read(&pack).expect("pack"), b"an earlier pack");
    ws.ok(&["export", &pack, "-q", "--force", "--yes"]);
    ws.ok(&["verify", &pack]);

    let (code, msg) = ws.fails(&["export", &ws.at("no/such/dir/pack.zip"), "-q"]);
    assert!(code == 3 || code == 6, "{msg}");
    let (code, msg) = ws.fails(&["export", ws.dir.path().to_str().expect("utf-8"), "-q"]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("folder"), "{msg}");
    let (code, msg) = ws.fails(&["export", &ws.at("x.zip"), "--created", "yesterday"]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("not a time"), "{msg}");
    let (code, msg) = ws.fails(&["export", &ws.at("x.zip"), "--theme", "kitchen"]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("kitchen"), "{msg}");

    // Stored content damaged from outside: the export refuses and leaves nothing behind.
    let db = rusqlite::Connection::open(&ws.path).expect("open");
    db.execute(
        "UPDATE content_chunk SET data = zeroblob(length(data)) WHERE content_id = \
         (SELECT id FROM content WHERE size = 200000)",
        [],
    )
    .expect("corrupt");
    drop(db);
    let (code, msg) = ws.fails(&["export", &ws.at("damaged.zip"), "-q"]);
    assert_ne!(code, 0);
    assert!(msg.contains("damaged"), "{msg}");
    assert!(!Path::new(&ws.at("damaged.zip")).exists());
    let leftovers: Vec<String> = std::fs::read_dir(ws.dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".annexa-pack-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn options_choose_themes_controls_evidence_and_snapshots() {
    let ws = populated();
    let soa_ids = |pack: &str| -> Vec<String> {
        String::from_utf8(read_entry(pack, "statement-of-applicability.csv"))
            .expect("utf-8")
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap_or("").to_owned())
            .collect()
    };
    let people = ws.at("people.zip");
    ws.ok(&["export", &people, "-q", "--theme", "people"]);
    let ids = soa_ids(&people);
    assert_eq!(ids.len(), 8);
    assert!(ids.iter().all(|i| i.starts_with("A.6.")), "{ids:?}");
    let names = entries(&people);
    assert!(names.get("evidence/A.6.3/training.csv").is_some());
    assert!(names.get("evidence/A.5.2/Firewall #1 100%_.png").is_none());

    let two = ws.at("two.zip");
    ws.ok(&[
        "export",
        &two,
        "-q",
        "--control",
        "A.5.2",
        "--control",
        "8.1",
    ]);
    assert_eq!(soa_ids(&two), ["A.5.2", "A.8.1"]);
    // The policy proves A.5.1 too, but only A.5.2 is in this pack: it files under A.5.2.
    assert!(
        entries(&two)
            .as_object()
            .expect("object")
            .keys()
            .any(|k| k.starts_with("evidence/A.5.2/Politique"))
    );

    let approved = ws.at("approved.zip");
    ws.ok(&["export", &approved, "-q", "--approved-only"]);
    let files: Vec<String> = entries(&approved)
        .as_object()
        .expect("object")
        .keys()
        .filter(|k| k.starts_with("evidence/"))
        .cloned()
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].contains("Politique"));

    ws.ok(&["snapshot", "take", "Gap analysis"]);
    ws.ok(&["set", "A.5.2", "--status", "implemented"]);
    let now = ws.at("now.zip");
    let then = ws.at("then.zip");
    ws.ok(&["export", &now, "-q"]);
    ws.ok(&["export", &then, "-q", "--snapshot", "Gap analysis"]);
    let status = |pack: &str| {
        let data: serde_json::Value =
            serde_json::from_slice(&read_entry(pack, "pack.json")).expect("json");
        let c = data["controls"]
            .as_array()
            .expect("controls")
            .iter()
            .find(|c| c["id"] == "A.5.2")
            .cloned()
            .expect("A.5.2");
        (
            c["status"].as_str().expect("status").to_owned(),
            data["snapshot"].clone(),
        )
    };
    assert_eq!(
        status(&now),
        ("implemented".into(), serde_json::Value::Null)
    );
    assert_eq!(
        status(&then),
        ("planned".into(), serde_json::json!("Gap analysis"))
    );
    let (code, msg) = ws.fails(&["export", &ws.at("x.zip"), "--snapshot", "Nope"]);
    assert_eq!(code, 3, "{msg}");
}

#[test]
fn the_pre_export_check_lists_what_an_auditor_will_flag() {
    let ws = populated();
    ws.ok(&[
        "set",
        "A.8.2",
        "--applicable",
        "yes",
        "--owner",
        "Alice Admin",
    ]);
    let out = ws.ok(&["export", "--check-only"]);
    for expected in [
        "no_owner          control:A.5.2",
        "no_evidence       control:A.8.2",
        "expired_evidence  evidence:3",
        "undecided         control:A.8.34",
        "missing_document  document:",
        // The risk criteria were never adopted.
        "risk_register     method:risks",
    ] {
        let (kind, subject) = expected.split_once(' ').unwrap_or((expected, ""));
        assert!(
            out.lines()
                .any(|l| l.starts_with(kind) && l.contains(subject.trim())),
            "{expected:?} not in:\n{out}"
        );
    }
    // Decided, owned, evidenced controls are not flagged; A.7.4 has its justification.
    assert!(!out.lines().any(|l| l.contains(":A.5.1 ")), "{out}");
    assert!(!out.lines().any(|l| l.contains(":A.7.4 ")), "{out}");
    // The export warns with the same findings and still writes the pack.
    let o = ws.run(&["export", &ws.at("p.zip")]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("an auditor will flag"), "{err}");
    assert!(Path::new(&ws.at("p.zip")).exists());
    // One warning line per kind of finding, however the kinds interleave in the list (they
    // do here: each control's findings come together).
    let kinds: std::collections::BTreeSet<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|k| k.contains('_') || *k == "undecided")
        .collect();
    let warnings = err.lines().filter(|l| l.contains("warning:")).count();
    assert!(kinds.len() >= 4, "{out}");
    assert_eq!(warnings, kinds.len(), "{err}");
}

fn script(name: &str) -> String {
    format!("{}/tests/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// What Python's zipfile sees in a zip (names and content digests), or `None` when it cannot
/// read it.
fn python_view(zip: &str) -> Option<serde_json::Value> {
    let o = Command::new("python3")
        .args([&script("list_zip.py"), zip])
        .output()
        .expect("python3");
    o.status
        .success()
        .then(|| serde_json::from_slice(&o.stdout).expect("json"))
}

/// What Info-ZIP's `unzip` sees: the names `unzip -l` lists and whether `unzip -t` finds the
/// archive sound (its exit code).
fn unzip_view(zip: &str) -> (Vec<String>, i32) {
    let list = Command::new("unzip")
        .args(["-Z1", zip])
        .output()
        .expect("unzip -Z1");
    let mut names: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    names.sort();
    let test = Command::new("unzip")
        .args(["-tqq", zip])
        .output()
        .expect("unzip -t");
    (names, test.status.code().unwrap_or(-1))
}

/// The extracted content of `name` by Info-ZIP, for the readers that disagree on content.
fn unzip_content(zip: &str, name: &str) -> Option<Vec<u8>> {
    let o = Command::new("unzip")
        .args(["-p", zip, name])
        .output()
        .expect("unzip -p");
    o.status.success().then_some(o.stdout)
}

/// What an extractor made in `dir`: every path under it with what it is (a file's SHA-256,
/// `folder`, `link -> target` or `other`).
fn tree_view(dir: &Path) -> BTreeMap<String, String> {
    use sha2::Digest as _;
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(at) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            let name = path
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            let meta = std::fs::symlink_metadata(&path).expect("meta");
            let what = if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).expect("link");
                format!("link -> {}", target.display())
            } else if meta.is_dir() {
                stack.push(path.clone());
                "folder".to_owned()
            } else if meta.is_file() {
                let bytes = std::fs::read(&path).expect("read");
                format!("{:x}", sha2::Sha256::digest(&bytes))
            } else {
                "other".to_owned()
            };
            out.insert(name, what);
        }
    }
    out
}

/// What one outside tool extracts from `zip` into a fresh folder under `scratch`: `bsdtar`
/// reading the file (the central directory), `bsdtar-pipe` reading it from a pipe as a
/// streaming reader, or `7z`.
fn extracted(tool: &str, zip: &str, scratch: &Path) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir_in(scratch).expect("temp");
    let to = dir.path().to_str().expect("utf-8");
    let command = match tool {
        "bsdtar" => format!("bsdtar -xf '{zip}' -C '{to}'"),
        "bsdtar-pipe" => format!("cat '{zip}' | bsdtar -xf - -C '{to}'"),
        "7z" => format!("7z x -y -o'{to}' '{zip}'"),
        other => panic!("no extractor {other}"),
    };
    // Their exit status does not matter: what they left on disk is what a user gets.
    Command::new("sh")
        .args(["-c", &command])
        .output()
        .expect("extractor");
    tree_view(dir.path())
}

/// What Java's `ZipInputStream` reads from `zip` fed to it on standard input: one line per
/// entry, its SHA-256 and name.
fn java_stream_view(zip: &str) -> String {
    let o = Command::new("sh")
        .args([
            "-c",
            &format!("java '{}' < '{zip}'", script("StreamZip.java")),
        ])
        .output()
        .expect("java");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The security review's crafted zips, each built in the test by craft_zip.py writing raw
/// headers. For every one, verify refuses with a message that names the inconsistency, and
/// the other readers are asked what they see: Info-ZIP, Python, 7-Zip and bsdtar reading the
/// file, and bsdtar reading it from a pipe as a streaming extractor does. Where one of them
/// sees other files or other bytes than the original (the attack works on it), verify must
/// refuse; a valid zip with honest data descriptors, which every reader agrees on, verifies.
#[test]
fn zips_that_readers_could_see_differently_are_refused_by_name() {
    let ws = populated();
    let pack = ws.at("pack.zip");
    ws.ok(&["export", &pack, "-q"]);
    let fingerprint = ws.ok(&["verify", &pack, "--format", "json"]);
    let fingerprint: serde_json::Value = serde_json::from_str(&fingerprint).expect("json");
    let fingerprint = fingerprint["fingerprint"].as_str().expect("fp").to_owned();
    let original_py = python_view(&pack).expect("python reads the original");
    let original_unzip = unzip_view(&pack);
    assert_eq!(original_unzip.1, 0, "unzip -t accepts the original");
    let manifest = read_entry(&pack, "manifest.json");
    let scratch = ws.dir.path().join("extracted");
    std::fs::create_dir(&scratch).expect("scratch");
    const TOOLS: [&str; 3] = ["bsdtar", "bsdtar-pipe", "7z"];
    let original_trees: Vec<BTreeMap<String, String>> = TOOLS
        .iter()
        .map(|tool| extracted(tool, &pack, &scratch))
        .collect();
    for (tool, tree) in TOOLS.iter().zip(&original_trees) {
        assert!(
            tree.contains_key("index.html") && tree.contains_key("manifest.json"),
            "{tool} reads the original: {tree:?}"
        );
    }
    assert_eq!(
        original_trees[0], original_trees[1],
        "bsdtar from a file and a pipe agree"
    );
    let original_java = java_stream_view(&pack);
    assert!(
        original_java.lines().count() >= 13 && !original_java.contains("error:"),
        "Java reads the original: {original_java}"
    );

    let expected: &[(&str, &str)] = &[
        (
            "second-eocd-in-comment",
            "second end-of-central-directory record",
        ),
        (
            "local-name-differs",
            "streaming extractors would see that name",
        ),
        ("local-name-traversal", "names it \"../evil.txt\""),
        ("local-method-differs", "says compression method"),
        (
            "hidden-local-entry",
            "unaccounted bytes lie between entries",
        ),
        ("lying-data-descriptor", "the data descriptor of"),
        ("streaming-forgery", "bytes before its data does"),
        ("file-with-unix-folder-mode", "attributes make it a folder"),
        ("file-with-dos-folder-bit", "MS-DOS folder attribute"),
        (
            "symlink-under-dos-host",
            "attributes make it a symbolic link",
        ),
        ("file-with-fifo-mode", "attributes make it a named pipe"),
        ("prepended-script", "bytes come before the zip itself"),
        ("local-flags-differ", "has flags"),
        ("local-crc-differs", "gives another CRC"),
        ("local-size-differs", "gives another size"),
        ("gap-before-central", "and the central directory"),
        ("unicode-path-extra", "carries a second name"),
        ("eocd-disk-mismatch", "multi-disk archive"),
        ("eocd-nonzero-disk", "multi-disk archive"),
    ];
    // A link's target is the entry's content: a small entry makes a link 7-Zip can create.
    let entry_for = |variant: &str| match variant {
        "symlink-under-dos-host" => Some("manifest.sha256"),
        _ => None,
    };
    let listed: Vec<String> = String::from_utf8(
        Command::new("python3")
            .args([&script("craft_zip.py"), "--list"])
            .output()
            .expect("craft --list")
            .stdout,
    )
    .expect("utf-8")
    .lines()
    .map(str::to_owned)
    .collect();
    let mut fooled: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for variant in &listed {
        let out = ws.at(&format!("{variant}.zip"));
        let mut craft = Command::new("python3");
        craft.arg(script("craft_zip.py"));
        if let Some(entry) = entry_for(variant) {
            craft.args(["--entry", entry]);
        }
        let crafted = craft.args([variant, &pack, &out]).output().expect("craft");
        assert!(
            crafted.status.success(),
            "{variant}: {}",
            String::from_utf8_lossy(&crafted.stderr)
        );
        let py = python_view(&out);
        let (names, unzip_exit) = unzip_view(&out);
        let unzip_manifest = unzip_content(&out, "manifest.json");
        let mut differ = Vec::new();
        if py.as_ref() != Some(&original_py) {
            differ.push("python");
        }
        if names != original_unzip.0 || unzip_manifest.as_deref() != Some(manifest.as_slice()) {
            differ.push("unzip");
        }
        for (tool, original) in TOOLS.iter().zip(&original_trees) {
            if extracted(tool, &out, &scratch) != *original {
                differ.push(tool);
            }
        }
        if variant == "honest-data-descriptor" {
            assert!(
                differ.is_empty(),
                "{variant}: readers agree on a valid zip: {differ:?}"
            );
            assert_eq!(unzip_exit, 0, "{variant}: unzip -t");
            assert_eq!(
                java_stream_view(&out),
                original_java,
                "{variant}: Java agrees"
            );
            let report = ws.ok(&["verify", &out, "--expect", &fingerprint]);
            assert!(report.starts_with("OK"), "{variant}: {report}");
            continue;
        }
        if variant == "streaming-forgery" && java_stream_view(&out) != original_java {
            differ.push("java");
        }
        let (code, message) = ws.fails(&["verify", &out, "--expect", &fingerprint]);
        let (_, want) = expected
            .iter()
            .find(|(v, _)| v == variant)
            .unwrap_or_else(|| panic!("no expectation for {variant}"));
        assert_eq!(code, 2, "{variant}: {message}");
        assert!(
            message.contains("refused as unsafe") && message.contains(want),
            "{variant}: expected {want:?} in {message}"
        );
        fooled.insert(variant.as_str(), differ);
        // Auditor mode's extraction refuses it too, writing nothing.
        let before = std::fs::read_dir(ws.dir.path()).expect("dir").count();
        let (code, _) = ws.fails(&["verify", &out]);
        assert_eq!(code, 2);
        assert_eq!(
            std::fs::read_dir(ws.dir.path()).expect("dir").count(),
            before
        );
    }
    assert_eq!(listed.len(), expected.len() + 1, "every variant is checked");
    // The attacks are real: these make a reader see another pack.
    for (attack, reader) in [
        ("second-eocd-in-comment", "python"),
        ("unicode-path-extra", "unzip"),
        ("local-name-differs", "python"),
        ("streaming-forgery", "bsdtar-pipe"),
        ("streaming-forgery", "java"),
        ("file-with-unix-folder-mode", "bsdtar"),
        ("file-with-dos-folder-bit", "7z"),
        ("symlink-under-dos-host", "7z"),
    ] {
        assert!(
            fooled[attack].contains(&reader),
            "{attack} should fool {reader}: {fooled:?}"
        );
    }
    // ... while the central directory's readers see the genuine pack: only a check of where
    // each deflate stream ends tells it.
    assert!(
        !fooled["streaming-forgery"].contains(&"python")
            && !fooled["streaming-forgery"].contains(&"unzip"),
        "{fooled:?}"
    );
}

/// A pack unzipped and zipped again from the same files verifies with the same fingerprint,
/// whichever common tool re-zipped it: Info-ZIP adds folder entries (and streams with data
/// descriptors when writing to a pipe), 7-Zip and Python write their own headers. A file that
/// is really added still fails. Info-ZIP does not mark UTF-8 names, so a pack with a
/// non-ASCII name re-zipped by it is refused with a message that says so.
#[test]
fn packs_rezipped_by_common_tools_verify() {
    let ws = Ws::new("Plain Ltd");
    let notes = ws.file("notes.txt", b"minutes of the review\n");
    ws.ok(&["evidence", "add", &notes, "--control", "A.5.1"]);
    let scan = ws.file("scan.pdf", &noise(80_000, 7));
    ws.ok(&["evidence", "add", &scan, "--control", "A.8.8"]);
    let pack = ws.at("pack.zip");
    ws.ok(&["export", &pack, "-q"]);
    let fingerprint = {
        let v: serde_json::Value =
            serde_json::from_str(&ws.ok(&["verify", &pack, "--format", "json"])).expect("json");
        v["fingerprint"].as_str().expect("fp").to_owned()
    };
    let tree = ws.dir.path().join("tree");
    let unpacked = Command::new("unzip")
        .args(["-q", &pack, "-d"])
        .arg(&tree)
        .status()
        .expect("unzip");
    assert!(unpacked.success());
    let sh = |cmd: &str| {
        let o = Command::new("sh")
            .args(["-c", cmd])
            .current_dir(&tree)
            .output()
            .expect("sh");
        assert!(
            o.status.success(),
            "{cmd}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    let repack = r#"
import os, sys, zipfile
out = open(sys.argv[1], "wb")
class Pipe:  # not seekable, so zipfile streams with data descriptors
    def write(self, b): return out.write(b)
    def flush(self): out.flush()
z = zipfile.ZipFile(Pipe() if sys.argv[2] == "stream" else out, "w", zipfile.ZIP_DEFLATED)
for root, dirs, files in sorted(os.walk(".")):
    for d in sorted(dirs): z.write(os.path.join(root, d))
    for f in sorted(files): z.write(os.path.join(root, f))
z.close()
"#;
    let made = [
        ("info-zip", "zip -qr ../info-zip.zip ."),
        ("info-zip-stream", "zip -qr - . > ../info-zip-stream.zip"),
        ("7z", "7z a -tzip ../7z.zip . > /dev/null"),
    ];
    for (_, cmd) in made {
        sh(cmd);
    }
    for mode in ["seek", "stream"] {
        let o = Command::new("python3")
            .args(["-c", repack, &ws.at(&format!("python-{mode}.zip")), mode])
            .current_dir(&tree)
            .output()
            .expect("python");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    for name in [
        "info-zip",
        "info-zip-stream",
        "7z",
        "python-seek",
        "python-stream",
    ] {
        let zip = ws.at(&format!("{name}.zip"));
        let (names, _) = unzip_view(&zip);
        assert!(
            names.iter().any(|n| n == "evidence/"),
            "{name} holds folder entries: {names:?}"
        );
        let report = ws.ok(&["verify", &zip, "--expect", &fingerprint]);
        assert!(report.starts_with("OK"), "{name}: {report}");
    }
    std::fs::write(
        tree.join("evidence").join("extra.txt"),
        b"not in the manifest",
    )
    .expect("w");
    sh("zip -qr ../added.zip .");
    let (code, message) = ws.fails(&["verify", &ws.at("added.zip")]);
    assert_eq!(code, 7, "{message}");
    let added: Vec<&str> = message
        .lines()
        .filter(|l| l.starts_with("added "))
        .collect();
    assert_eq!(
        added.len(),
        1,
        "only the real file counts as added: {message}"
    );
    assert!(added[0].contains("evidence/extra.txt"), "{message}");

    // A non-ASCII name that Info-ZIP leaves unmarked: Python would read it as code page 437.
    std::fs::remove_file(tree.join("evidence").join("extra.txt")).expect("rm");
    let folder = tree.join("evidence").join("A.5.1");
    let file = std::fs::read_dir(&folder)
        .expect("dir")
        .next()
        .expect("file")
        .expect("entry")
        .path();
    std::fs::rename(&file, folder.join("Política.txt")).expect("rename");
    sh("zip -qr ../unmarked.zip .");
    let (code, message) = ws.fails(&["verify", &ws.at("unmarked.zip")]);
    assert_eq!(code, 2, "{message}");
    assert!(message.contains("not marked as a UTF-8 name"), "{message}");
}

/// The history's hash chain through the CLI and the pack: `history --verify` passes on an
/// untouched workspace and exits 7 naming the row once a change is edited with a plain SQLite
/// tool (triggers dropped and restored with their exact text); the pack then warns before
/// export, marks the row BROKEN in history.csv and says so in index.html. A workspace with a
/// planted trigger is refused by every command, with exit 7 and nothing changed.
#[test]
fn the_history_chain_is_checked_by_the_cli_and_shown_in_the_pack() {
    let ws = Ws::new("Chain Ltd");
    ws.ok(&["set", "A.5.1", "--status", "planned"]);
    ws.ok(&["set", "A.5.1", "--status", "implemented"]);
    let report = ws.ok(&["history", "--verify"]);
    assert!(
        report.starts_with("OK: the history's hash chain is intact"),
        "{report}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ws.ok(&["history", "--verify", "--format", "json"])).expect("json");
    assert_eq!(json["intact"], true);
    assert_eq!(json["rows"], 2);

    let intact_pack = ws.at("intact.zip");
    ws.ok(&["export", &intact_pack, "-q"]);
    let csv = String::from_utf8(read_entry(&intact_pack, "history.csv")).expect("utf-8");
    assert!(
        csv.lines()
            .next()
            .expect("header")
            .ends_with("Change,SHA-256,Chain"),
        "{csv}"
    );
    assert_eq!(csv.matches(",intact\r\n").count(), 2, "{csv}");
    // An auditor's own tool recomputes the chain from history.csv as README.txt describes.
    let recomputed = python(
        r#"
import csv, hashlib, io, sys, zipfile
text = zipfile.ZipFile(sys.argv[1]).read("history.csv").decode("utf-8-sig")
rows = list(csv.DictReader(io.StringIO(text)))
previous, ok = "", 0
for r in rows:
    h = hashlib.sha256(previous.encode())
    for key in ["Change", "At", "By", "What", "Which", "Field", "Before", "After"]:
        cell = r[key][1:] if r[key][:2] in ("'=", "'+", "'-", "'@") else r[key]
        b = cell.encode()
        h.update(len(b).to_bytes(8, "little") + b)
    ok += h.hexdigest() == r["SHA-256"]
    previous = r["SHA-256"]
print(ok, len(rows))
"#,
        &[&intact_pack],
    );
    assert_eq!(
        recomputed.trim(),
        "2 2",
        "README's recipe reproduces every hash"
    );

    {
        let conn = rusqlite::Connection::open(&ws.path).expect("db");
        let triggers: Vec<String> = conn
            .prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("triggers");
        conn.execute_batch(&format!(
            "DROP TRIGGER history_is_append_only_update;
             UPDATE history SET new_value = 'not_started' WHERE id = 2;
             DROP TRIGGER history_is_append_only_delete;
             {};",
            triggers.join(";\n")
        ))
        .expect("tamper");
    }
    let (code, message) = ws.fails(&["history", "--verify"]);
    assert_eq!(code, 7, "{message}");
    assert!(
        message.contains("BROKEN") && message.contains("#2"),
        "{message}"
    );
    // Listing it still works, and warns as the window does.
    let listed = ws.run(&["history"]);
    assert!(listed.status.success());
    let warning = String::from_utf8_lossy(&listed.stderr);
    assert!(
        warning.contains("annexa: warning: the history's hash chain is broken"),
        "{warning}"
    );
    let (_, check) = {
        let o = ws.run(&["export", "--check-only"]);
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        )
    };
    assert!(check.contains("history_broken"), "{check}");
    let broken_pack = ws.at("broken.zip");
    ws.ok(&["export", &broken_pack, "-q"]);
    let csv = String::from_utf8(read_entry(&broken_pack, "history.csv")).expect("utf-8");
    assert_eq!(csv.matches(",intact\r\n").count(), 1, "{csv}");
    assert_eq!(csv.matches(",BROKEN\r\n").count(), 1, "{csv}");
    let index = String::from_utf8(read_entry(&broken_pack, "index.html")).expect("utf-8");
    assert!(
        index.contains("hash chain BROKEN at 1 of 2"),
        "the pack says so"
    );

    // A planted trigger: refused by every command, the file left as it was.
    rusqlite::Connection::open(&ws.path)
        .and_then(|c| {
            c.execute_batch(
                "CREATE TRIGGER quiet BEFORE INSERT ON history BEGIN SELECT RAISE(IGNORE); END;",
            )
        })
        .expect("plant");
    let before = std::fs::read(&ws.path).expect("read");
    for args in [
        vec!["info"],
        vec!["set", "A.5.2", "--status", "planned"],
        vec!["history"],
    ] {
        let (code, message) = ws.fails(&args);
        assert_eq!(code, 7, "{args:?}: {message}");
        assert!(
            message.contains("changed outside Annexa") && message.contains("trigger \"quiet\""),
            "{message}"
        );
    }
    assert_eq!(std::fs::read(&ws.path).expect("read"), before);
}

/// SVG, HTML and XML evidence travels in the pack but is never linked from index.html, where
/// a click would run its scripts in the browser next to the pack's other files; documents
/// stay linked, and only web and mail links become links.
#[test]
fn active_content_in_a_pack_is_listed_but_never_linked() {
    let ws = Ws::new("Active Ltd");
    let svg = ws.file(
        "diagram.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(document.domain)</script></svg>",
    );
    let html = ws.file("report.html", b"<script>alert(1)</script>");
    let pdf = ws.file("policy.pdf", &noise(2_000, 3));
    for f in [&svg, &html, &pdf] {
        ws.ok(&["evidence", "add", f, "--control", "A.5.1"]);
    }
    ws.ok(&[
        "evidence",
        "link",
        "file:///srv/share/policy.docx",
        "--control",
        "A.5.1",
        "--title",
        "Share copy",
    ]);
    let pack = ws.at("pack.zip");
    ws.ok(&["export", &pack, "-q"]);
    let index = String::from_utf8(read_entry(&pack, "index.html")).expect("utf-8");
    let listed = entries(&pack);
    for name in ["evidence/A.5.1/diagram.svg", "evidence/A.5.1/report.html"] {
        assert!(listed.get(name).is_some(), "{name} is in the pack");
        assert!(
            !index.contains(&format!("href=\"{name}\"")),
            "{name} is linked"
        );
        assert!(
            index.contains(&format!("<code>{name}</code>")),
            "{name} is named"
        );
    }
    assert!(
        index.contains("href=\"evidence/A.5.1/policy.pdf\""),
        "documents stay linked"
    );
    assert!(!index.contains("href=\"file:"), "no file: links");
    assert!(
        index.contains("(file:///srv/share/policy.docx)"),
        "shown as text"
    );
}

/// The security review's panic: a file named `a.K` with U+212A KELVIN SIGN, titled `€.k`,
/// made `annexa export` exit 101. It now exports, and the pack verifies.
#[test]
fn export_survives_names_whose_case_changes_their_length() {
    let ws = Ws::new("Kelvin Ltd");
    let file = ws.file("a.\u{212A}", b"temperature log\n");
    ws.ok(&[
        "evidence",
        "add",
        &file,
        "--control",
        "A.5.1",
        "--title",
        "€.k",
    ]);
    let pack = ws.at("pack.zip");
    let o = ws.run(&["export", &pack, "-q"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(ws.ok(&["verify", &pack]).starts_with("OK"));
    let names = entries(&pack);
    assert!(
        names
            .as_object()
            .expect("object")
            .keys()
            .any(|k| k.starts_with("evidence/A.5.1/€")),
        "{names}"
    );
}

/// `export --check-only` for CI: findings as JSON or CSV, and `--strict` exits 1 while there
/// are any (0 without it).
#[test]
fn check_only_speaks_json_and_fails_ci_with_strict() {
    let ws = Ws::new("Strict Ltd");
    let json: serde_json::Value =
        serde_json::from_str(&ws.ok(&["export", "--check-only", "--format", "json"]))
            .expect("json");
    let findings = json.as_array().expect("an array of findings");
    assert!(
        findings.len() >= 93,
        "every control is undecided: {}",
        findings.len()
    );
    assert_eq!(findings[0]["kind"], "undecided");
    let csv = ws.ok(&["export", "--check-only", "--format", "csv"]);
    assert!(
        csv.starts_with("kind,subject,message\r\nundecided,control:A.5.1,"),
        "{csv}"
    );
    let (code, message) = ws.fails(&["export", "--check-only", "--strict"]);
    assert_eq!(code, 1, "{message}");
    assert!(message.contains("--strict asks for none"), "{message}");
    let (code, _) = ws.fails(&["export", "out.zip", "--strict"]);
    assert_eq!(code, 2, "--strict belongs to --check-only");
}

/// Rewrites a pack with extra files, listed in its manifest (and the manifest's digest made
/// anew), so that only the names can be wrong with it: argv 3 is a JSON object of name to
/// content.
const WITH_FILES: &str = r#"
import hashlib, json, sys, zipfile
zin = zipfile.ZipFile(sys.argv[1])
extra = json.loads(sys.argv[3])
manifest = json.loads(zin.read("manifest.json"))
zout = zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED)
for i in zin.infolist():
    if i.filename not in ("manifest.json", "manifest.sha256"):
        zout.writestr(i, zin.read(i))
for name, text in extra.items():
    data = text.encode()
    zout.writestr(name, data)
    manifest["files"].append({"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
body = (json.dumps(manifest, indent=2) + "\n").encode()
zout.writestr("manifest.json", body)
zout.writestr("manifest.sha256", hashlib.sha256(body).hexdigest() + "  manifest.json\n")
zout.close()
"#;

/// Names that one system would merge or change: the exporter never writes two that differ
/// only by Unicode form or case (evidence titled `café` composed and decomposed, `Policy` and
/// `policy`), and never a bidirectional control, a trailing dot or a device name; a pack that
/// holds such names, with a manifest that lists them faithfully, is refused by name.
#[test]
fn names_some_system_would_merge_or_change_are_never_written_and_refused() {
    let ws = Ws::new("Twins Ltd");
    let titles = [
        "caf\u{e9}",
        "cafe\u{301}",
        "Policy",
        "policy",
        "invoice\u{202E}fdp.exe",
        "CON",
        "notes. ",
    ];
    for (i, title) in titles.iter().enumerate() {
        let file = ws.file(&format!("f{i}.txt"), format!("file {i}\n").as_bytes());
        ws.ok(&[
            "evidence",
            "add",
            &file,
            "--control",
            "A.5.1",
            "--title",
            title,
        ]);
    }
    let pack = ws.at("pack.zip");
    ws.ok(&["export", &pack, "-q"]);
    assert!(ws.ok(&["verify", &pack]).starts_with("OK"));
    let names: Vec<String> = entries(&pack)
        .as_object()
        .expect("object")
        .keys()
        .filter(|k| k.starts_with("evidence/A.5.1/"))
        .map(|k| k["evidence/A.5.1/".len()..].to_owned())
        .collect();
    assert_eq!(names.len(), titles.len(), "{names:?}");
    let mut folded: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    folded.sort();
    folded.dedup();
    assert_eq!(
        folded.len(),
        names.len(),
        "distinct ignoring case: {names:?}"
    );
    for n in &names {
        assert!(n.is_ascii() || n.contains('\u{e9}'), "composed: {n:?}");
        assert!(!n.contains('\u{301}') && !n.contains('\u{202E}'), "{n:?}");
        assert!(!n.trim_end_matches(".txt").ends_with(['.', ' ']), "{n:?}");
        assert!(!n.eq_ignore_ascii_case("CON.txt"), "{n:?}");
    }

    let cases: [(&str, serde_json::Value, &str); 8] = [
        (
            "nfc-nfd",
            serde_json::json!({"evidence/A.5.1/r\u{e9}sum\u{e9}.txt": "one", "evidence/A.5.1/re\u{301}sume\u{301}.txt": "two"}),
            "differ only by case or Unicode form",
        ),
        (
            "case",
            serde_json::json!({"evidence/A.5.1/Minutes.txt": "one", "evidence/A.5.1/MINUTES.txt": "two"}),
            "differ only by case or Unicode form",
        ),
        (
            "folder-case",
            serde_json::json!({"Evidence/A.5.1/x.txt": "one"}),
            "differ only by case or Unicode form",
        ),
        (
            "bidi",
            serde_json::json!({"evidence/A.5.1/invoice\u{202E}fdp.exe": "x"}),
            "U+202E",
        ),
        (
            "trailing-dot",
            serde_json::json!({"evidence/A.5.1/report.": "x"}),
            "ends in a dot or a space",
        ),
        (
            "trailing-space",
            serde_json::json!({"evidence/A.5.1 /report.txt": "x"}),
            "ends in a dot or a space",
        ),
        (
            "device",
            serde_json::json!({"evidence/A.5.1/aux.txt": "x"}),
            "Windows device name",
        ),
        (
            "stream",
            serde_json::json!({"evidence/A.5.1/a.txt:hidden": "x"}),
            "does not allow",
        ),
    ];
    for (what, files, why) in cases {
        let out = ws.at(&format!("{what}.zip"));
        python(WITH_FILES, &[&pack, &out, &files.to_string()]);
        let (code, message) = ws.fails(&["verify", &out]);
        assert_eq!(code, 2, "{what}: {message}");
        assert!(
            message.contains("refused as unsafe") && message.contains(why),
            "{what}: expected {why:?} in {message}"
        );
    }
    // The same helper with honest names gives a pack that verifies: the refusals above are
    // the names' doing.
    let fine = ws.at("fine.zip");
    python(
        WITH_FILES,
        &[&pack, &fine, r#"{"evidence/A.5.1/extra notes.txt": "x"}"#],
    );
    assert!(ws.ok(&["verify", &fine]).starts_with("OK"));
}

/// Runs `annexa` with `args` and waits at most `deadline` for it, killing it after: a command
/// that would hang fails the test instead of stalling it.
fn within(ws: &Ws, args: &[&str], deadline: std::time::Duration) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_annexa"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .current_dir(ws.dir.path())
        .env("ANNEXA_WORKSPACE", &ws.path)
        .env("XDG_CONFIG_HOME", "/nonexistent-annexa-test-dir")
        .spawn()
        .expect("spawn annexa");
    let started = std::time::Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            let o = child.wait_with_output().expect("output");
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            return (o.status.code().unwrap_or(-1), text);
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            panic!("annexa {args:?} was still running after {deadline:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The bounds of reading a pack, each one a way the security review made `verify` hang, eat
/// memory or panic: a named pipe, names tens of kilobytes long and thousands of folders deep,
/// more entries than a pack holds, manifest sizes that add up past 2^64. And exporting from a
/// workspace whose recorded sizes were set near 2^63 by hand. Each is refused by name (exit 2
/// or 7), quickly, without a panic (exit 101).
#[test]
fn hostile_sizes_names_counts_and_files_are_refused_without_a_hang_or_panic() {
    let ws = Ws::new("Bounds Ltd");
    let a = ws.file("a.txt", b"first\n");
    let b = ws.file("b.txt", b"second\n");
    ws.ok(&["evidence", "add", &a, &b, "--control", "A.5.1"]);
    let pack = ws.at("pack.zip");
    ws.ok(&["export", &pack, "-q"]);
    let minute = std::time::Duration::from_secs(60);

    // A named pipe where the pack should be: refused before anything is read from it (no
    // program ever writes to this one, so reading it would wait forever).
    let fifo = ws.at("pack.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let (code, msg) = within(&ws, &["verify", &fifo], minute);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("not a regular file"), "{msg}");

    // 100 names of 65,000 bytes, 32,500 folders deep (389 s with a check quadratic in depth).
    let long = ws.at("long.zip");
    python(
        "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w')\ndeep = 'a/' * 32499\nfor i in range(100): z.writestr(deep + 'a%d' % i, b'x')\nz.close()",
        &[&long],
    );
    let (code, msg) = within(&ws, &["verify", &long], minute);
    assert_eq!(code, 2, "{}", &msg[..msg.len().min(500)]);
    assert!(
        msg.contains("(at most 1024)"),
        "{}",
        &msg[..msg.len().min(500)]
    );
    assert!(
        msg.len() < 1000,
        "the message cuts the name: {} bytes",
        msg.len()
    );

    // More entries than a pack holds, each an honest empty file.
    let many = ws.at("many.zip");
    python(
        "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w')\nfor i in range(250001): z.writestr('e/%d' % i, b'')\nz.close()",
        &[&many],
    );
    let (code, msg) = within(&ws, &["verify", &many], minute);
    assert_eq!(code, 2, "{msg}");
    assert!(
        msg.contains("250001 entries") && msg.contains("at most 250000"),
        "{msg}"
    );

    // A manifest whose sizes add up past 2^64 (its digest made anew, so it is the manifest
    // that lies, not the digest).
    let sizes = ws.at("sizes.zip");
    python(
        r#"
import hashlib, json, sys, zipfile
zin = zipfile.ZipFile(sys.argv[1])
m = json.loads(zin.read("manifest.json"))
for f in m["files"]:
    if f["path"].startswith("evidence/"): f["size"] = 2**64 - 1
body = (json.dumps(m, indent=2) + "\n").encode()
zout = zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED)
for i in zin.infolist():
    if i.filename == "manifest.json": zout.writestr(i, body)
    elif i.filename == "manifest.sha256": zout.writestr(i, hashlib.sha256(body).hexdigest() + "  manifest.json\n")
    else: zout.writestr(i, zin.read(i))
zout.close()
"#,
        &[&pack, &sizes],
    );
    let (code, msg) = within(&ws, &["verify", &sizes], minute);
    assert_eq!(code, 7, "{msg}");
    assert!(
        msg.matches("18446744073709551615").count() == 2 && msg.contains("FAILED"),
        "{msg}"
    );

    // Recorded sizes of 2^63 - 1 (set with a plain SQLite connection): the export sums them
    // without overflow and refuses the content that does not match, writing no pack.
    let conn = rusqlite::Connection::open(&ws.path).expect("db");
    conn.execute("UPDATE content SET size = 9223372036854775807", [])
        .expect("tamper");
    drop(conn);
    let out = ws.at("after-tamper.zip");
    let (code, msg) = within(&ws, &["export", &out, "-q"], minute);
    assert_eq!(code, 7, "{msg}");
    assert!(
        msg.contains("is damaged") && msg.contains("9223372036854775807 bytes"),
        "{msg}"
    );
    assert!(!Path::new(&out).exists());
    let (code, msg) = within(&ws, &["evidence", "verify"], minute);
    assert_eq!(code, 7, "{msg}");
}

/// Text that changes how it reads where it is shown: a formula after a `;` (a spreadsheet in
/// many European locales splits cells there) and a right-to-left override that shows
/// `report` U+202E `fdp.exe` as `reportexe.pdf`. The pack's CSV guards every part, its front page and
/// file names show the override as a code, and the terminal escapes it.
#[test]
fn text_that_reads_otherwise_is_inert_in_the_csv_html_names_and_terminal() {
    let ws = Ws::new("Semicolon GmbH");
    ws.ok(&[
        "set",
        "A.5.1",
        "--applicable",
        "yes",
        "--gap",
        "x;=1+1;y",
        "--note",
        "tab\t@SUM(A1)",
    ]);
    let file = ws.file("r.txt", b"report\n");
    ws.ok(&[
        "evidence",
        "add",
        &file,
        "--control",
        "A.5.1",
        "--title",
        "report\u{202E}fdp.exe",
    ]);
    let pack = ws.at("pack.zip");
    ws.ok(&["export", &pack, "-q"]);
    let gaps = String::from_utf8(read_entry(&pack, "gap-register.csv")).expect("utf-8");
    assert!(gaps.contains("x;'=1+1;y"), "{gaps}");
    assert!(!gaps.contains(";=1"), "{gaps}");
    let html = String::from_utf8(read_entry(&pack, "index.html")).expect("utf-8");
    assert!(!html.contains('\u{202E}'), "no override reaches the page");
    assert!(html.contains("report[U+202E]fdp.exe"), "shown as a code");
    let names = entries(&pack);
    let names: Vec<&String> = names.as_object().expect("object").keys().collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("evidence/A.5.1/report_fdp.exe")),
        "{names:?}"
    );
    assert!(names.iter().all(|n| !n.contains('\u{202E}')), "{names:?}");
    let listing = ws.ok(&["evidence", "list", "--format", "csv"]);
    assert!(listing.contains("report\\u202efdp.exe"), "{listing}");
    assert!(!listing.contains('\u{202E}'), "{listing}");
    ws.ok(&["verify", &pack]);
}

/// The second review's workspace attacks through the CLI: a trigger named like SQLite's
/// statistics tables and planted through `writable_schema`, and a schema version of -1, are
/// refused by every command with exit 7 and the file left as it was; an index rebuilt short of
/// a control's rows makes `history --verify` exit 7 and the listing warn.
#[test]
fn workspaces_changed_to_step_around_the_check_exit_7() {
    let fresh = |name: &str| {
        let ws = Ws::new(name);
        for status in ["planned", "partially_implemented", "implemented"] {
            ws.ok(&["set", "A.5.15", "--status", status]);
        }
        ws
    };
    let refused_everywhere = |ws: &Ws, named: &str| {
        let before = std::fs::read(&ws.path).expect("read");
        for args in [
            vec!["info"],
            vec!["set", "A.5.2", "--status", "planned"],
            vec!["history", "--verify"],
        ] {
            let (code, message) = ws.fails(&args);
            assert_eq!(code, 7, "{args:?}: {message}");
            assert!(
                message.contains("changed outside Annexa") && message.contains(named),
                "{args:?}: {message}"
            );
        }
        assert_eq!(std::fs::read(&ws.path).expect("read"), before);
    };

    let ws = fresh("Stat Ltd");
    let conn = rusqlite::Connection::open(&ws.path).expect("db");
    conn.execute_batch(
        "PRAGMA writable_schema = ON;
         INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql) VALUES
             ('trigger', 'sqlite_stat1_evil', 'history', 0,
              'CREATE TRIGGER sqlite_stat1_evil BEFORE INSERT ON history BEGIN SELECT RAISE(IGNORE); END');
         PRAGMA writable_schema = OFF;",
    )
    .expect("plant");
    drop(conn);
    refused_everywhere(&ws, "trigger \"sqlite_stat1_evil\"");

    let ws = fresh("Version Ltd");
    rusqlite::Connection::open(&ws.path)
        .and_then(|c| c.execute_batch("PRAGMA user_version = -1;"))
        .expect("version");
    refused_everywhere(&ws, "a schema version (-1)");

    let ws = fresh("Index Ltd");
    assert_eq!(
        ws.ok(&["history", "A.5.15", "--format", "csv"])
            .lines()
            .count(),
        4,
        "a header and three changes"
    );
    let conn = rusqlite::Connection::open(&ws.path).expect("db");
    conn.execute_batch(
        "DROP INDEX history_by_entity;
         CREATE INDEX history_by_entity ON history (entity, entity_id, id) WHERE entity_id <> '5.15';
         PRAGMA writable_schema = ON;
         UPDATE sqlite_schema SET sql = 'CREATE INDEX history_by_entity ON history (entity, entity_id, id)'
             WHERE name = 'history_by_entity';
         PRAGMA writable_schema = OFF;",
    )
    .expect("rebuild the index short");
    drop(conn);
    let o = ws.run(&["history", "A.5.15", "--format", "csv"]);
    let listed = String::from_utf8_lossy(&o.stdout);
    let warned = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        listed.lines().count(),
        1,
        "the index hides the rows: {listed}"
    );
    assert!(
        warned.contains("warning: the history's index is damaged"),
        "the listing says so: {warned}"
    );
    let (code, message) = ws.fails(&["history", "--verify"]);
    assert_eq!(code, 7, "{message}");
    assert!(
        message.contains("BROKEN") && message.contains("history_by_entity"),
        "{message}"
    );
}

/// Signed packs: a key pair made with `annexa keys generate` (the secret readable by its
/// owner only), a pack signed with it, checked by `annexa verify --trusted-key` and by
/// Debian's `minisign` tool; the pack changed after signing (its manifest made anew, so the
/// fingerprint alone would not tell), signed by another key, or not signed at all fails both.
#[test]
fn signed_packs_check_with_annexa_and_minisign_and_fail_when_changed() {
    let ws = populated();
    let pass = ws.file("pass.txt", b"a long passphrase for Acme\n");
    let prefix = ws.at("acme-signing");
    let made = ws.ok(&[
        "keys",
        "generate",
        "--name",
        "Acme Ltd ISMS",
        "--out",
        &prefix,
        "--passphrase-file",
        &pass,
    ]);
    assert!(made.contains("key ID "), "{made}");
    let (key, public) = (format!("{prefix}.key"), format!("{prefix}.pub"));
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).expect("key").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the secret key is its owner's only");
    }
    let (code, msg) = ws.fails(&[
        "keys",
        "generate",
        "--name",
        "Again",
        "--out",
        &prefix,
        "--passphrase-file",
        &pass,
    ]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("already a file"), "{msg}");

    // A wrong passphrase stops the export before anything is written.
    let wrong = ws.file("wrong.txt", b"not it\n");
    let signed = ws.at("signed.zip");
    let (code, msg) = ws.fails(&[
        "export",
        &signed,
        "-q",
        "--sign",
        "--key",
        &key,
        "--passphrase-file",
        &wrong,
    ]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("passphrase"), "{msg}");
    assert!(!Path::new(&signed).exists());
    // No passphrase in a script: said what to give.
    let (code, msg) = ws.fails(&["export", &signed, "-q", "--sign", "--key", &key]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("--passphrase-file"), "{msg}");

    ws.ok(&[
        "export",
        &signed,
        "-q",
        "--sign",
        "--key",
        &key,
        "--passphrase-file",
        &pass,
    ]);
    let report = ws.ok(&["verify", &signed, "--trusted-key", &public]);
    assert!(report.starts_with("OK"), "{report}");
    assert!(
        report.contains("signed by Acme Ltd ISMS") && report.contains("made by the key you trust"),
        "{report}"
    );
    // Without a key, the signature is checked against the key in the pack, and said so.
    let alone = ws.ok(&["verify", &signed]);
    assert!(alone.contains("made by the key in the pack"), "{alone}");
    // The front page and README say who signed it and how to check.
    let index = String::from_utf8(read_entry(&signed, "index.html")).expect("utf-8");
    assert!(
        index.contains("Signed by</dt><dd>Acme Ltd ISMS, key ID"),
        "front page"
    );
    let readme = String::from_utf8(read_entry(&signed, "README.txt")).expect("utf-8");
    assert!(
        readme.contains("minisign -Vm manifest.json -p KEY.pub"),
        "{readme}"
    );

    // Debian's minisign checks the same signature.
    let out = ws.dir.path().join("unzipped");
    let unzipped = Command::new("unzip")
        .args(["-q", &signed, "-d"])
        .arg(&out)
        .status()
        .expect("unzip");
    assert!(unzipped.success());
    let minisign = |dir: &Path, key: &str| {
        Command::new("minisign")
            .args(["-Vm", "manifest.json", "-p", key])
            .current_dir(dir)
            .output()
            .expect("minisign")
    };
    let checked = minisign(&out, &public);
    assert!(
        checked.status.success(),
        "minisign: {}",
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(
        String::from_utf8_lossy(&checked.stdout).contains("Trusted comment: Annexa audit pack of"),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );

    // Changed after signing: the manifest rewritten to match a changed index.html, its digest
    // too, so only the signature can tell.
    let changed = ws.at("changed.zip");
    python(
        r#"
import hashlib, json, sys, zipfile
zin = zipfile.ZipFile(sys.argv[1])
m = json.loads(zin.read("manifest.json"))
html = zin.read("index.html").replace(b"</h1>", b" (all controls implemented)</h1>")
for f in m["files"]:
    if f["path"] == "index.html":
        f["size"], f["sha256"] = len(html), hashlib.sha256(html).hexdigest()
body = (json.dumps(m, indent=2) + "\n").encode()
zout = zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED)
for i in zin.infolist():
    data = {"index.html": html, "manifest.json": body,
            "manifest.sha256": (hashlib.sha256(body).hexdigest() + "  manifest.json\n").encode()
           }.get(i.filename, zin.read(i))
    zout.writestr(i, data)
zout.close()
"#,
        &[&signed, &changed],
    );
    let (code, msg) = ws.fails(&["verify", &changed, "--trusted-key", &public]);
    assert_eq!(code, 7, "{msg}");
    assert!(
        msg.contains("manifest.json.minisig") && msg.contains("does not match"),
        "{msg}"
    );
    let (code, msg) = ws.fails(&["verify", &changed]);
    assert_eq!(code, 7, "even the key in the pack refuses it: {msg}");
    let out2 = ws.dir.path().join("unzipped-changed");
    Command::new("unzip")
        .args(["-q", &changed, "-d"])
        .arg(&out2)
        .status()
        .expect("unzip");
    assert!(
        !minisign(&out2, &public).status.success(),
        "minisign refuses it too"
    );

    // Signed by another key, or not signed at all, against the key the receiver trusts.
    let other = ws.at("other");
    ws.ok(&[
        "keys",
        "generate",
        "--name",
        "Someone else",
        "--out",
        &other,
        "--passphrase-file",
        &pass,
    ]);
    let (code, msg) = ws.fails(&["verify", &signed, "--trusted-key", &format!("{other}.pub")]);
    assert_eq!(code, 7, "{msg}");
    assert!(msg.contains("not with the trusted key"), "{msg}");
    let unsigned = ws.at("unsigned.zip");
    ws.ok(&["export", &unsigned, "-q"]);
    let (code, msg) = ws.fails(&["verify", &unsigned, "--trusted-key", &public]);
    assert_eq!(code, 7, "{msg}");
    assert!(msg.contains("not signed"), "{msg}");
    // A file that is not a key is said so.
    let (code, msg) = ws.fails(&["verify", &signed, "--trusted-key", &pass]);
    assert_eq!(code, 2, "{msg}");
    assert!(msg.contains("not a minisign public key"), "{msg}");
}
