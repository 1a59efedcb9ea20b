//! Hostile input: every case gives a clear diagnostic (or none), no panic, no hang, and
//! the other files of the run are still checked; output stays inside the output folder.

use super::common::*;
use std::path::Path;

/// `rbc check --format short .` in a folder holding a good file and what `setup` adds.
fn check(setup: impl FnOnce(&Path)) -> (i32, String) {
    check_beside_a_good_file(setup)
}

#[test]
fn nul_byte_and_crlf_line_endings() {
    let (_, out) = check(|d| {
        std::fs::write(d.join("nul.md"), "# T\0\n\n[x](missing.md)\n").unwrap();
        std::fs::write(
            d.join("crlf.md"),
            "# T\r\n\r\nline two\r\n\r\n[x](gone.md)\r\n",
        )
        .unwrap();
        std::fs::write(d.join("mixed.md"), "# T\n\r\nthree\r\n\n[x](lost.md)\n").unwrap();
    });
    assert!(out.contains("nul.md:3:1: error[L001]"), "{out}");
    assert!(
        out.contains("crlf.md:5:1: error[L001]"),
        "line numbers survive CRLF: {out}"
    );
    assert!(out.contains("mixed.md:5:1: error[L001]"), "{out}");
}

#[test]
fn byte_order_mark() {
    let p = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bom.md"), format!("\u{feff}{GOOD_FILE}")).unwrap();
        rbc::Project::open(&[dir.path().join("bom.md")], None, None).unwrap()
    };
    let (_, rb) = p
        .loaded
        .corpus
        .find("RB-001")
        .expect("the H1 after a BOM is a runbook");
    assert_eq!(rb.span.col, 1);
    assert_eq!(rb.span.line, 1);
}

#[test]
fn deep_nesting_and_many_headings() {
    let (_, out) = check(|d| {
        let mut s = String::new();
        for i in 0..100_000 {
            s.push_str(&" ".repeat((i % 40) * 2));
            s.push_str("- item\n");
        }
        std::fs::write(d.join("lists.md"), s).unwrap();
        std::fs::write(d.join("quotes.md"), ">".repeat(100_000) + " deep\n").unwrap();
        let mut h = String::new();
        for i in 0..10_000 {
            h.push_str(&format!("## Heading {i}\n\ntext\n\n"));
        }
        std::fs::write(d.join("headings.md"), h).unwrap();
    });
    assert!(
        !out.contains("lists.md") && !out.contains("quotes.md") && !out.contains("headings.md"),
        "{out}"
    );
}

#[test]
fn ten_megabyte_line() {
    let (_, out) = check(|d| {
        std::fs::write(
            d.join("line.md"),
            "x".repeat(10 << 20) + " [a](nowhere.md)\n",
        )
        .unwrap();
    });
    assert!(
        out.contains("line.md:1:10485762: error[L001]"),
        "{}",
        &out[..out.len().min(500)]
    );
}

#[test]
fn fence_in_list_in_quote_and_html() {
    let (_, out) = check(|d| {
        std::fs::write(
            d.join("nest.md"),
            "# RB-002: Nested\n\n## Symptoms\n\n- s\n\n## Diagnosis\n\n> - step\n>   ```bash\n>   kubectl get nodes --bogus\n>   ```\n\n## Resolution\n\n<script>alert(1)</script>\n\n<div onclick=\"x()\">html</div>\n\n```bash\n# r\nkubectl get nodes\n```\n",
        )
        .unwrap();
    });
    assert!(
        out.contains("nest.md:11:23: error[K002] unknown flag `--bogus`"),
        "{out}"
    );
}

#[test]
fn hostile_ids_and_titles_stay_inside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let long = "A".repeat(1000);
    let md = format!(
        "# Bad\n\n## Runbook: rb-7.. - ../../etc/passwd\\evil\n\n### Symptoms\n\n- s\n\n### Diagnosis\n\n```bash\n# d\nkubectl get nodes\n```\n\n### Resolution\n\n```bash\n# r\nkubectl get nodes\n```\n\n## Runbook: RB-001 - {long}\n\n### Symptoms\n\n- s\n\n### Diagnosis\n\n```bash\n# d\nkubectl get nodes\n```\n\n### Resolution\n\n```bash\n# r\nkubectl get nodes\n```\n\n## Runbook: RB-002 - Same Title\n\n### Symptoms\n\n- s\n\n### Diagnosis\n\n```bash\n# d\nkubectl get nodes\n```\n\n### Resolution\n\n```bash\n# r\nkubectl get nodes\n```\n\n## Runbook: RB-002 - Same Title\n\n### Symptoms\n\n- s\n\n### Diagnosis\n\n```bash\n# d\nkubectl get nodes\n```\n\n### Resolution\n\n```bash\n# r\nkubectl get nodes\n```\n"
    );
    std::fs::write(src.join("bad.md"), md).unwrap();
    let check = rbc(dir.path(), &["check", "--format", "short", "src"]);
    let out = stdout(&check);
    assert!(out.contains("error[S004]"), "{out}");
    assert!(out.contains("error[S003]"), "{out}");
    // The output is written, and the errors (S003, S004) fail the build as they fail
    // `rbc check`.
    let o = rbc(dir.path(), &["build", "src", "-o", "dist"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("error[S003]"), "{}", stderr(&o));
    let mut names = Vec::new();
    for e in walk(&dir.path().join("dist")) {
        assert!(e.starts_with(dir.path().join("dist")));
        let n = e.file_name().unwrap().to_string_lossy().to_string();
        assert!(n.len() <= 120, "{n}");
        assert!(!n.contains(".."), "{n}");
        names.push(n);
    }
    assert!(
        names.iter().any(|n| n == "RB-002-2.json"),
        "colliding IDs get distinct files: {names:?}"
    );
    assert!(!Path::new("/tmp/evil.json").exists());
    let listing: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        listing.len(),
        2,
        "nothing written beside src and dist: {listing:?}"
    );
}

fn walk(p: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(p).unwrap() {
        let e = e.unwrap().path();
        if e.is_dir() {
            out.extend(walk(&e));
        } else {
            out.push(e);
        }
    }
    out
}

#[test]
fn output_folder_that_is_a_file_or_unwritable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        GOOD_FILE.replace("See RB-404.\n", ""),
    )
    .unwrap();
    std::fs::write(dir.path().join("dist"), "i am a file").unwrap();
    let o = rbc(dir.path(), &["build", "a.md", "-o", "dist"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("exists and is not a folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("dist")).unwrap(),
        "i am a file"
    );
    // A full disk: /dev/full as the parent folder cannot hold anything.
    let o = rbc(dir.path(), &["build", "a.md", "-o", "/dev/full/dist"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot write `/dev/full/dist`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn build_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    assert_eq!(
        rbc(
            &root(),
            &["build", "runbooks-md", "-o", a.to_str().unwrap()]
        )
        .status
        .code(),
        Some(0)
    );
    // The same files given in another order.
    let files: Vec<String> = std::fs::read_dir(root().join("runbooks-md"))
        .unwrap()
        .map(|e| format!("runbooks-md/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|f| f.ends_with(".md"))
        .collect();
    let mut reversed: Vec<&str> = files.iter().map(String::as_str).collect();
    reversed.sort();
    reversed.reverse();
    let mut args = vec!["build", "-o", b.to_str().unwrap()];
    args.extend(reversed);
    // …and on one thread instead of several.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_rbc"))
        .args(&args)
        .current_dir(root())
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let digest = tree;
    let (da, db) = (digest(&a), digest(&b));
    assert_eq!(da.len(), db.len());
    for ((na, ba), (nb, bb)) in da.iter().zip(&db) {
        assert_eq!(na, nb);
        assert!(ba == bb, "{na} differs between the two builds");
    }
}

/// Every file of a folder with its bytes, in path order.
fn tree(p: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walk(p)
        .into_iter()
        .map(|f| {
            (
                f.strip_prefix(p).unwrap().to_string_lossy().to_string(),
                std::fs::read(&f).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Ctrl-C in the middle of a build: the previous output is untouched (whole files,
/// same bytes), and the next build clears the temporary folder the killed one left.
#[cfg(target_os = "linux")]
#[test]
fn interrupted_build_leaves_the_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    for c in 0..30 {
        let d = src.join(format!("c{c:02}"));
        std::fs::create_dir_all(&d).unwrap();
        for e in std::fs::read_dir(root().join("runbooks-md"))
            .unwrap()
            .flatten()
        {
            std::fs::copy(e.path(), d.join(e.file_name())).unwrap();
        }
    }
    std::fs::copy(
        root().join("runbooks-md/runbooks.yaml"),
        src.join("runbooks.yaml"),
    )
    .unwrap();
    let out = dir.path().join("dist");
    let args = ["build", "src", "-o", "dist"];
    let o = rbc(dir.path(), &args);
    // 30 copies share their IDs (S003): written, and reported as errors.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(out.join("index.html").exists());
    let before = tree(&out);
    let mut interrupted = 0;
    for delay in [100, 300, 600] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rbc"))
            .args(args)
            .current_dir(dir.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        if status.code().is_none() {
            interrupted += 1;
        }
        // Killed or finished, `dist` holds a complete build: the same bytes.
        assert!(
            tree(&out) == before,
            "dist changed after an interrupted build"
        );
    }
    assert!(
        interrupted > 0,
        "no build was interrupted: the corpus builds too fast"
    );
    let o = rbc(dir.path(), &args);
    assert_eq!(
        o.status.code(),
        Some(1),
        "written, with the copies' duplicate IDs"
    );
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".rbc-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(tree(&out) == before);
}

/// An output folder in a place nothing can be written (`/proc`): exit 2, a message
/// naming it, nothing left behind.
#[cfg(target_os = "linux")]
#[test]
fn read_only_output_location() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        GOOD_FILE.replace("See RB-404.\n", ""),
    )
    .unwrap();
    let o = rbc(dir.path(), &["build", "a.md", "-o", "/proc/rbc-dist"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot write `/proc/rbc-dist`"),
        "{}",
        stderr(&o)
    );
    assert!(!Path::new("/proc/rbc-dist").exists());
}

/// `rbc check` and `rbc build` start no process and open no socket: traced with the
/// real `strace` (every `execve`, `socket` and `connect` of the process and its
/// threads).
#[cfg(target_os = "linux")]
#[test]
fn no_subprocess_and_no_network_while_checking_or_building() {
    assert!(
        std::process::Command::new("strace")
            .arg("-V")
            .output()
            .is_ok(),
        "strace is needed (apt-get install strace; .ci/run installs it)"
    );
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["check", "runbooks-md"],
        vec![
            "build",
            "runbooks-md",
            "-o",
            dir.path().join("dist").to_str().unwrap(),
        ],
    ] {
        let log = dir.path().join("trace.log");
        let o = std::process::Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=execve,socket,connect", "-o"])
            .arg(&log)
            .arg(env!("CARGO_BIN_EXE_rbc"))
            .args(&args)
            .current_dir(root())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let trace = std::fs::read_to_string(&log).unwrap();
        let calls: Vec<&str> = trace
            .lines()
            .filter(|l| l.contains("execve(") || l.contains("socket(") || l.contains("connect("))
            .collect();
        assert_eq!(
            calls.len(),
            1,
            "{args:?}: only rbc itself is executed:\n{trace}"
        );
        assert!(calls[0].contains("execve("), "{trace}");
    }
}
