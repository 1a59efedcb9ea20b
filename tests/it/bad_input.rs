//! Bad input: a clear diagnostic naming the file, the other files still checked,
//! no panic, no hang.

use super::common::*;
use std::path::Path;

/// A folder with one good file (which has one L003 finding, to prove it was checked)
/// plus whatever `extra` adds; returns the `rbc check --format short` output and status.
fn check_with(extra: impl FnOnce(&Path)) -> (String, i32) {
    let (code, out) = check_beside_a_good_file(extra);
    (out, code)
}

#[test]
fn not_utf8() {
    let (out, code) =
        check_with(|d| std::fs::write(d.join("bad.md"), b"# T\n\nok \xff\xfe").unwrap());
    assert!(out.contains("bad.md:3:4: error[F002]"), "{out}");
    assert!(out.contains("byte offset 8"), "{out}");
    assert_eq!(code, 1);
}

#[test]
fn empty_file() {
    let (out, code) = check_with(|d| std::fs::write(d.join("empty.md"), "").unwrap());
    assert!(out.contains("empty.md:1:1: warning[F004]"), "{out}");
    assert_eq!(code, 1, "the good file's L003 error");
}

#[test]
fn unterminated_fence() {
    let (out, _) = check_with(|d| {
        std::fs::write(
            d.join("open.md"),
            "# T\n\ntext\n\n```bash\nls\n\n## Never a heading\n",
        )
        .unwrap()
    });
    assert!(out.contains("open.md:5:1: warning[F003]"), "{out}");
}

#[test]
fn a_hundred_megabytes() {
    let (out, _) = check_with(|d| {
        let mut big = String::with_capacity(101 << 20);
        let mut n = 0;
        while big.len() < 100 << 20 {
            n += 1;
            big.push_str(&format!(
                "## Runbook: RB-{n:05} - Generated {n}\n\n### Symptoms\n\n- s\n\n### Diagnosis\n\n```bash\n# d\nkubectl get pods -n erlmcp-prod <pod-name>\n```\n\n### Resolution\n\n```bash\n# r\nkubectl get nodes\n```\n\n"
            ));
        }
        std::fs::write(d.join("big.md"), big).unwrap();
    });
    assert!(
        !out.contains("big.md"),
        "the big file is clean: {}",
        &out[..out.len().min(2000)]
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    let (out, code) = check_with(|d| {
        std::fs::create_dir(d.join("sub")).unwrap();
        std::os::unix::fs::symlink("..", d.join("sub/loop")).unwrap();
    });
    assert!(
        out.contains("loop: error[F001]") || out.contains("loop:1:1: error[F001]"),
        "{out}"
    );
    assert!(out.contains("symbolic link loop"), "{out}");
    assert_eq!(code, 2);
}

/// An unreadable file: mode 000 (root reads it anyway), and — readable by nobody —
/// `/proc/self/mem` given on the command line (its first page is never mapped, so
/// reading fails even as root), and a file with mode 000 (unreadable unless root).
#[cfg(target_os = "linux")]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.md"), GOOD_FILE).unwrap();
    let p = dir.path().join("secret.md");
    std::fs::write(&p, "# x\n").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    let o = rbc(
        dir.path(),
        &["check", "--format", "short", ".", "/proc/self/mem"],
    );
    let out = stdout(&o);
    assert!(out.contains("good.md:21:5: error[L003]"), "{out}");
    assert!(
        out.contains("/proc/self/mem:1:1: error[F001] cannot read `/proc/self/mem`"),
        "{out}"
    );
    if std::fs::read("/proc/self/cwd/../../../../../../../etc/shadow").is_err() {
        assert!(
            out.contains("secret.md:1:1: error[F001]"),
            "not root, so 000 is unreadable: {out}"
        );
    }
    assert_eq!(o.status.code(), Some(2));
}

/// Symlinks are followed inside the tree but not out of it: a file or folder link
/// leading outside is reported and not read, so a build cannot publish it.
#[cfg(unix)]
#[test]
fn symlink_leading_outside_the_tree() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.md"), "# Secret\n\n[a](nowhere.md)\n").unwrap();
    let o = outside.path().to_path_buf();
    let (out, code) = check_with(move |d| {
        std::os::unix::fs::symlink(o.join("x.md"), d.join("file-link.md")).unwrap();
        std::os::unix::fs::symlink(&o, d.join("dir-link")).unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/inside.md"), "# In\n").unwrap();
        std::os::unix::fs::symlink("sub/inside.md", d.join("inside-link.md")).unwrap();
    });
    for f in ["file-link.md", "dir-link/x.md"] {
        assert!(
            out.contains(&format!("{f}:1:1: error[F001] `{f}` is a link to")),
            "{f}: {out}"
        );
    }
    assert!(
        !out.contains("nowhere.md"),
        "the outside file was read: {out}"
    );
    assert!(
        !out.contains("inside-link.md"),
        "a link inside the tree is fine: {out}"
    );
    assert_eq!(code, 2);
}

#[test]
fn path_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.md"), GOOD_FILE).unwrap();
    let o = rbc(
        dir.path(),
        &["check", "--format", "short", "good.md", "nope.md"],
    );
    let out = stdout(&o);
    assert!(
        out.contains("nope.md:1:1: error[F001] cannot read `nope.md`"),
        "{out}"
    );
    assert!(out.contains("good.md:21:5: error[L003]"), "{out}");
    assert_eq!(o.status.code(), Some(2));
}

/// The reproducer of a panic found on real input: a fence indented under a list item,
/// a blank line inside it, multi-byte text. Offsets in the block's text are not
/// offsets in the file (indentation and `\r` are left out): every command must still
/// point at its own bytes (and not take the `\r` of a CRLF line in), with LF, CRLF
/// or a tab for indentation.
#[test]
fn list_indented_fence_with_multibyte_text() {
    let lf = "# G\n\n1. x\n   ```bash\n   a → b\n\n   c → d\n   ```\n";
    for text in [
        lf.to_string(),
        lf.replace('\n', "\r\n"),
        lf.replace("   ", "\t"),
        lf.replace("   ", "\t").replace('\n', "\r\n"),
    ] {
        let p = rbc::Project::from_sources(
            rbc::config::Settings::default(),
            vec![rbc::source::SourceFile::new("g.md", text.clone())],
        );
        let d = p.check();
        assert!(d.is_empty(), "{text:?}: {d:?}");
        let doc = &p.loaded.corpus.documents[0];
        let json = serde_json::to_string(doc).unwrap();
        let mut seen = Vec::new();
        for part in json.split("\"source\":\"").skip(1) {
            seen.push(part.split('"').next().unwrap().to_string());
        }
        assert_eq!(seen, ["a → b", "c → d"], "{text:?}");
        // The spans of the commands slice the file to the same text.
        for (i, want) in ["a → b", "c → d"].iter().enumerate() {
            let at = json.match_indices("\"source\":").nth(i).unwrap().0;
            let before = &json[..at];
            let span = &before[before.rfind("\"span\":").unwrap()..];
            let num = |k: &str| -> usize {
                let s = &span[span.find(k).unwrap() + k.len()..];
                s[..s.find(|c: char| !c.is_ascii_digit()).unwrap()]
                    .parse()
                    .unwrap()
            };
            let (s, e) = (num("\"start\":"), num("\"end\":"));
            assert_eq!(&text[s..e], *want, "{text:?}");
        }
    }
}
