//! Helpers shared by the integration tests.

use rbc::diagnostic::Diagnostic;
use rbc::Project;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// cargo runs the tests in the package root, and paths relative to it keep diagnostics
/// short. The tests never change the working directory (it is the whole process's):
/// they check it is the root instead.
pub fn in_root() {
    assert_eq!(
        std::env::current_dir().unwrap().canonicalize().unwrap(),
        root().canonicalize().unwrap(),
        "run the tests from the package root (as `cargo test` does)"
    );
}

/// Load paths relative to the repository root (so diagnostics show short paths).
pub fn project(paths: &[&str]) -> Project {
    in_root();
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    Project::open(&paths, None, None).expect("valid configuration")
}

pub fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code).collect()
}

/// Run the `rbc` binary in `dir`.
pub fn rbc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rbc"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .output()
        .expect("rbc runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under a folder (hidden ones too) with its bytes, by relative path.
pub fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(base: &Path, d: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().to_string();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Copy a folder with its sub-folders.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Copy the files of a folder (not its sub-folders).
pub fn copy_files(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// `rbc serve` running with `args` (and `--port 0`): its address, and its standard
/// error to read on. Killed when dropped.
pub struct Served {
    pub child: std::process::Child,
    pub addr: String,
    pub err: std::io::BufReader<std::process::ChildStderr>,
}

impl Served {
    pub fn start(args: &[&std::ffi::OsStr]) -> Served {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_rbc"))
            .args(["serve", "--port", "0"])
            .args(args)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        let mut addr = None;
        while err.read_line(&mut line).unwrap() > 0 {
            if let Some(rest) = line.trim().strip_prefix("serving http://") {
                addr = Some(rest.to_string());
                break;
            }
            line.clear();
        }
        let addr = addr.expect("serve prints its address");
        Served { child, addr, err }
    }

    /// The host and port.
    pub fn host(&self) -> &str {
        self.addr.split('/').next().unwrap()
    }

    /// The whole HTTP response to `GET path`.
    pub fn get(&self, path: &str) -> String {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(self.host()).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut r = String::new();
        s.read_to_string(&mut r).unwrap();
        r
    }

    /// Read standard error until a line starts with `prefix`; whether one did.
    pub fn wait_for(&mut self, prefix: &str) -> bool {
        use std::io::BufRead;
        let mut line = String::new();
        while self.err.read_line(&mut line).unwrap() > 0 {
            if line.starts_with(prefix) {
                return true;
            }
            line.clear();
        }
        false
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A runbook with one finding, L003 at 21:5 (`RB-404`): a file that must be checked.
pub const GOOD_FILE: &str = "# RB-001: Fine\n\n## Symptoms\n\n- x\n\n## Diagnosis\n\n```bash\n# a\nkubectl get nodes\n```\n\n## Resolution\n\n```bash\n# b\nkubectl get nodes\n```\n\nSee RB-404.\n";

/// `rbc check --format short .` in a folder holding `good.md` (which has one L003
/// finding, to prove it was checked) and what `setup` adds: the status and the output.
/// rbc must not panic.
pub fn check_beside_a_good_file(setup: impl FnOnce(&Path)) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.md"), GOOD_FILE).unwrap();
    setup(dir.path());
    let o = rbc(dir.path(), &["check", "--format", "short", "."]);
    let out = stdout(&o);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(
        out.contains("good.md:21:5: error[L003]"),
        "the good file was still checked:\n{out}"
    );
    (o.status.code().unwrap(), out)
}

/// A validator of `schema/NAME` (the SARIF schema's one bad pattern mended in memory).
pub fn schema_validator(name: &str) -> jsonschema::Validator {
    let mut schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("schema").join(name)).unwrap()).unwrap();
    // The official SARIF schema's `language` patterns,, `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`,
    // has a stray `]` that ECMA regexes read as a literal but the Rust engine rejects;
    // rbc never writes `language`, so the in-memory copy gets the intended pattern.
    // (The committed file stays byte for byte the published one.)
    fn fix(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                if m.get("pattern").and_then(|p| p.as_str())
                    == Some("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$")
                {
                    m.insert("pattern".into(), "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into());
                }
                m.values_mut().for_each(fix);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(fix),
            _ => {}
        }
    }
    fix(&mut schema);
    jsonschema::validator_for(&schema).expect("a valid schema")
}
