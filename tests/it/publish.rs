//! Publishing: the GitHub Action (`action.yml`) and the pipeline recipes of
//! `examples/ci/`, checked by PyPI's check-jsonschema with its vendored schemas (offline)
//! and run for real where they run rbc; the install metadata of Cargo.toml and
//! dist-workspace.toml.

use crate::common::{rbc, root, stderr};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use yaml_serde::Value;

const WORKFLOWS: [&str; 2] = [
    "examples/ci/github/runbooks-check.yml",
    "examples/ci/github/runbooks-pages.yml",
];
const GITLAB: &str = "examples/ci/gitlab-ci.yml";

/// check-jsonschema, as `tools/fetch-check-jsonschema.sh` installs it.
fn check_jsonschema() -> PathBuf {
    let o = Command::new("bash")
        .arg(root().join("tools/fetch-check-jsonschema.sh"))
        .output()
        .expect("bash runs");
    assert!(
        o.status.success(),
        "cannot install check-jsonschema (run `bash tools/test.sh` once): {}",
        stderr(&o)
    );
    PathBuf::from(String::from_utf8_lossy(&o.stdout).trim())
}

fn validate(bin: &Path, schema: &str, file: &Path) -> Result<(), String> {
    let o = Command::new(bin)
        .args(["--builtin-schema", schema])
        .arg(file)
        .output()
        .unwrap();
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    if o.status.success() {
        Ok(())
    } else {
        Err(out)
    }
}

#[test]
fn the_action_and_the_recipes_pass_their_validators_and_broken_copies_fail() {
    let bin = check_jsonschema();
    let mut files = vec![("vendor.github-actions", "action.yml")];
    files.extend(WORKFLOWS.iter().map(|w| ("vendor.github-workflows", *w)));
    files.push(("vendor.gitlab-ci", GITLAB));
    let dir = tempfile::tempdir().unwrap();
    for (schema, file) in files {
        validate(&bin, schema, &root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        // A broken copy of each must fail: a misspelt key the schema does not allow.
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let broken = match schema {
            "vendor.github-actions" => text.replacen("using: composite", "using: compost", 1),
            "vendor.github-workflows" => text.replacen("runs-on:", "runs_on:", 1),
            _ => text.replacen("  stage: check", "  stage: [check, 1]\n  scripts: []", 1),
        };
        assert_ne!(broken, text, "{file}: nothing to break");
        let copy = dir.path().join(Path::new(file).file_name().unwrap());
        std::fs::write(&copy, broken).unwrap();
        assert!(
            validate(&bin, schema, &copy).is_err(),
            "{file}: the broken copy passes {schema}"
        );
    }
}

/// npm's @action-validator/cli (in tests/site/node_modules): a second validator of the
/// GitHub files, with GitHub's own schemas compiled in (it also checks that the globs
/// of `hashFiles` and `paths` are well-formed).
#[test]
fn the_github_files_pass_action_validator_and_broken_copies_fail() {
    let bin = root().join("tests/site/node_modules/.bin/action-validator");
    assert!(
        bin.is_file(),
        "no action-validator: run `npm ci --prefix tests/site` (or `bash tools/test.sh`)"
    );
    let run = |file: &Path| -> Result<(), String> {
        let o = Command::new(&bin).arg(file).output().unwrap();
        if o.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&o.stdout).into_owned())
        }
    };
    let dir = tempfile::tempdir().unwrap();
    for file in std::iter::once("action.yml").chain(WORKFLOWS) {
        run(&root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let broken = if file == "action.yml" {
            text.replacen("using: composite", "using: compost", 1)
        } else {
            text.replacen("runs-on:", "runs_on:", 1)
        };
        // The validator tells an action from a workflow by the file's name.
        let copy = dir.path().join(Path::new(file).file_name().unwrap());
        std::fs::write(&copy, broken).unwrap();
        assert!(run(&copy).is_err(), "{file}: the broken copy passes");
    }
}

fn yaml(file: &str) -> Value {
    yaml_serde::from_str(&std::fs::read_to_string(root().join(file)).unwrap())
        .unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn keys(v: &Value) -> Vec<String> {
    v.as_mapping()
        .map(|m| m.keys().map(|k| s(k).to_string()).collect())
        .unwrap_or_default()
}

/// Every `steps.rbc.outputs.NAME` in a text.
fn rbc_outputs_used(text: &str) -> Vec<String> {
    text.split("steps.rbc.outputs.")
        .skip(1)
        .map(|r| {
            r.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn the_workflows_use_only_what_the_action_has() {
    let action = yaml("action.yml");
    let inputs = keys(&action["inputs"]);
    let outputs = keys(&action["outputs"]);
    assert_eq!(
        inputs,
        ["paths", "config", "args", "sarif", "site-dir", "version"]
    );
    assert_eq!(outputs, ["errors", "warnings", "infos", "files"]);
    let mut seen_sarif = false;
    let mut seen_pages = false;
    for w in WORKFLOWS {
        let text = std::fs::read_to_string(root().join(w)).unwrap();
        for o in rbc_outputs_used(&text) {
            assert!(
                outputs.contains(&o),
                "{w} uses output `{o}`, which action.yml has not"
            );
        }
        let wf = yaml(w);
        for (job, def) in wf["jobs"].as_mapping().unwrap() {
            let steps = def["steps"].as_sequence().unwrap();
            let rbc_step = steps
                .iter()
                .find(|st| s(&st["uses"]).starts_with("OWNER/rbc@"));
            let with = rbc_step.map(|st| st["with"].clone()).unwrap_or(Value::Null);
            for k in keys(&with) {
                assert!(
                    inputs.contains(&k),
                    "{w} {}: input `{k}` is not in action.yml",
                    s(job)
                );
            }
            for st in steps {
                let uses = s(&st["uses"]);
                if uses.starts_with("github/codeql-action/upload-sarif@") {
                    assert_eq!(
                        s(&st["with"]["sarif_file"]),
                        s(&with["sarif"]),
                        "{w}: the SARIF file"
                    );
                    assert!(!s(&with["sarif"]).is_empty());
                    seen_sarif = true;
                }
                if uses.starts_with("actions/upload-pages-artifact@") {
                    assert_eq!(
                        s(&st["with"]["path"]),
                        s(&with["site-dir"]),
                        "{w}: the site folder"
                    );
                    assert!(!s(&with["site-dir"]).is_empty());
                    seen_pages = true;
                }
            }
        }
    }
    assert!(
        seen_sarif && seen_pages,
        "a recipe uploads SARIF and one the site"
    );
    let pages = std::fs::read_to_string(root().join(WORKFLOWS[1])).unwrap();
    assert!(pages.contains("uses: actions/deploy-pages@"), "{pages}");
}

/// Substitute `${{ inputs.X }}`, `${{ github.action_path }}` and
/// `${{ steps.S.outputs.K }}` the way the runner does.
fn expand(
    text: &str,
    inputs: &BTreeMap<String, String>,
    outputs: &BTreeMap<String, String>,
) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("${{") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("}}").expect("closed expression") + i;
        out.push_str(&value_of(rest[i + 3..end].trim(), inputs, outputs));
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

fn value_of(
    expr: &str,
    inputs: &BTreeMap<String, String>,
    outputs: &BTreeMap<String, String>,
) -> String {
    if let Some(k) = expr.strip_prefix("inputs.") {
        return inputs.get(k).cloned().expect(k);
    }
    if expr == "github.action_path" {
        return root().display().to_string();
    }
    if let Some(k) = expr.strip_prefix("steps.") {
        return outputs
            .get(&k.replace(".outputs.", "."))
            .cloned()
            .unwrap_or_default();
    }
    panic!("action.yml uses `{expr}`, which this test cannot evaluate");
}

/// `A != 'lit'` or `A == 'lit'` (the only conditions action.yml uses).
fn condition(
    expr: &str,
    inputs: &BTreeMap<String, String>,
    outputs: &BTreeMap<String, String>,
) -> bool {
    let (a, eq, lit) = match expr.split_once("!=") {
        Some((a, l)) => (a, false, l),
        None => {
            let (a, l) = expr.split_once("==").expect(expr);
            (a, true, l)
        }
    };
    let v = value_of(a.trim(), inputs, outputs);
    (v == lit.trim().trim_matches('\'')) == eq
}

struct ActionRun {
    outputs: BTreeMap<String, String>,
    /// The step that failed, if any.
    failed: Option<String>,
    stdout: String,
}

/// Run action.yml's own shell steps, as the runner would, in `work` (the repository):
/// `uses:` steps (the cache) are skipped, as a cache miss; the install step is skipped
/// and the binary under test put where it would have installed rbc.
fn run_action(work: &Path, given: &[(&str, &str)]) -> ActionRun {
    let action = yaml("action.yml");
    let mut inputs: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in action["inputs"].as_mapping().unwrap() {
        inputs.insert(s(k).to_string(), s(&v["default"]).to_string());
    }
    for (k, v) in given {
        assert!(inputs.contains_key(*k), "no input {k}");
        inputs.insert(k.to_string(), v.to_string());
    }
    let tmp = tempfile::tempdir().unwrap();
    let tool_cache = tmp.path().join("tool-cache");
    let runner_temp = tmp.path().join("runner-temp");
    std::fs::create_dir_all(&runner_temp).unwrap();
    let mut outputs = BTreeMap::new();
    let mut path_dirs: Vec<PathBuf> = Vec::new();
    let mut stdout = String::new();
    for step in action["runs"]["steps"].as_sequence().unwrap() {
        let name = s(&step["name"]).to_string();
        if let Some(cond) = step["if"].as_str() {
            if !condition(cond, &inputs, &outputs) {
                continue;
            }
        }
        if !step["uses"].is_null() {
            continue;
        }
        if name == "Install rbc" {
            let dir = PathBuf::from(&outputs["install-dir.dir"]);
            std::fs::create_dir_all(dir.join("bin")).unwrap();
            std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_rbc"), dir.join("bin/rbc")).unwrap();
            continue;
        }
        assert_eq!(s(&step["shell"]), "bash", "{name}");
        let github_output = tmp.path().join("output");
        let github_path = tmp.path().join("path");
        std::fs::write(&github_output, "").unwrap();
        std::fs::write(&github_path, "").unwrap();
        let mut cmd = Command::new("bash");
        // The runner's `shell: bash`.
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(expand(s(&step["run"]), &inputs, &outputs))
            .current_dir(work)
            .env("GITHUB_OUTPUT", &github_output)
            .env("GITHUB_PATH", &github_path)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("RUNNER_TOOL_CACHE", &tool_cache)
            .env("RUNNER_TEMP", &runner_temp);
        let mut path = path_dirs.clone();
        path.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        cmd.env("PATH", std::env::join_paths(path).unwrap());
        if let Some(env) = step["env"].as_mapping() {
            for (k, v) in env {
                cmd.env(s(k), expand(s(v), &inputs, &outputs));
            }
        }
        let o = cmd.output().unwrap();
        stdout.push_str(&String::from_utf8_lossy(&o.stdout));
        let id = s(&step["id"]).to_string();
        for line in std::fs::read_to_string(&github_output).unwrap().lines() {
            let (k, v) = line.split_once('=').expect(line);
            outputs.insert(format!("{id}.{k}"), v.to_string());
        }
        for line in std::fs::read_to_string(&github_path).unwrap().lines() {
            path_dirs.insert(0, PathBuf::from(line));
        }
        if !o.status.success() {
            return ActionRun {
                outputs,
                failed: Some(format!("{name}: {}", String::from_utf8_lossy(&o.stderr))),
                stdout,
            };
        }
    }
    ActionRun {
        outputs,
        failed: None,
        stdout,
    }
}

fn repository_with(corpus: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let to = d.path().join("runbooks");
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(root().join(corpus)).unwrap().flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
    d
}

#[test]
fn the_action_annotates_counts_writes_sarif_and_fails_on_errors() {
    let repo = repository_with("tests/fixtures/seed");
    let run = run_action(
        repo.path(),
        &[("paths", "runbooks"), ("sarif", "out/rbc.sarif")],
    );
    let failed = run.failed.expect("the check fails on the seed's errors");
    assert!(failed.starts_with("Fail on errors:"), "{failed}");
    assert!(
        run.stdout
            .contains("::error file=runbooks/INCIDENT_RESPONSE.md,line="),
        "{}",
        run.stdout
    );
    let summary: serde_json::Value = serde_json::from_slice(
        &rbc(repo.path(), &["check", "--format", "json", "runbooks"]).stdout,
    )
    .unwrap();
    for k in ["errors", "warnings", "infos", "files"] {
        assert_eq!(
            run.outputs[&format!("check.{k}")],
            summary["summary"][k].to_string(),
            "output {k}"
        );
    }
    assert_eq!(run.outputs["check.errors"], "24");
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.path().join("out/rbc.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    // `args` reach rbc: `--deny warnings` makes the warnings errors.
    let run = run_action(
        repo.path(),
        &[("paths", "runbooks"), ("args", "--deny warnings")],
    );
    assert_eq!(run.outputs["check.errors"], "37");
    assert_eq!(run.outputs["check.warnings"], "0");
}

#[test]
fn the_action_builds_the_site_for_pages() {
    let repo = repository_with("runbooks-md");
    let run = run_action(
        repo.path(),
        &[
            ("paths", "runbooks"),
            ("site-dir", "public"),
            ("config", "runbooks/runbooks.yaml"),
        ],
    );
    assert!(run.failed.is_none(), "{:?}\n{}", run.failed, run.stdout);
    assert_eq!(run.outputs["check.errors"], "0");
    assert_eq!(run.outputs["check.files"], "7");
    for f in [
        "index.html",
        "404.html",
        "assets/rbc.css",
        "RB-001-pod-crashloopbackoff.html",
    ] {
        assert!(repo.path().join("public").join(f).is_file(), "public/{f}");
    }
    // The install step's key names the source it builds.
    assert!(run.outputs["install-dir.key"].starts_with("rbc-Linux-X64-src-"));
}

/// Run one job's `script` of the GitLab recipe as the runner does (one shell, each line
/// checked), with the binary under test on the PATH.
fn gitlab_job(work: &Path, job: &Value) -> std::process::Output {
    let lines: Vec<&str> = job["script"].as_sequence().unwrap().iter().map(s).collect();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_rbc")).parent().unwrap();
    let mut path = vec![bin_dir.to_path_buf()];
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    Command::new("bash")
        .args(["-e", "-c", &lines.join("\n")])
        .current_dir(work)
        .env("PATH", std::env::join_paths(path).unwrap())
        .output()
        .unwrap()
}

#[test]
fn the_gitlab_recipe_writes_the_reports_and_the_pages_it_names() {
    let ci = yaml(GITLAB);
    let check = &ci["rbc-check"];
    let quality = s(&check["artifacts"]["reports"]["codequality"]).to_string();
    let junit = s(&check["artifacts"]["reports"]["junit"]).to_string();
    assert_eq!(s(&check["artifacts"]["when"]), "always");
    // With findings: the job fails, and both reports are there for GitLab to show.
    let repo = repository_with("tests/fixtures/seed");
    let o = gitlab_job(repo.path(), check);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let q: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.path().join(&quality)).unwrap()).unwrap();
    assert_eq!(q.as_array().unwrap().len(), 37);
    assert_eq!(q[0]["location"]["path"], "runbooks/INCIDENT_RESPONSE.md");
    let x = std::fs::read_to_string(repo.path().join(&junit)).unwrap();
    assert!(x.starts_with("<?xml") && x.contains("<failure"), "{x}");
    // Clean: the job passes; the pages job publishes public/.
    let repo = repository_with("runbooks-md");
    let o = gitlab_job(repo.path(), check);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(repo.path().join(&junit).is_file());
    let pages = &ci["pages"];
    assert_eq!(
        pages["artifacts"]["paths"].as_sequence().unwrap()[0].as_str(),
        Some("public")
    );
    let o = gitlab_job(repo.path(), pages);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(repo.path().join("public/index.html").is_file());
    assert!(repo.path().join("public/404.html").is_file());
}

/// `cargo binstall` is pointed at the archives `dist` builds: the same names, the same
/// format, the same targets.
#[test]
fn install_metadata_agrees_with_the_release_configuration() {
    let cargo = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let dist = std::fs::read_to_string(root().join("dist-workspace.toml")).unwrap();
    assert!(
        cargo.contains("\nname = \"runbook-compiler\"\n"),
        "the package name"
    );
    assert!(
        cargo.contains("[lib]\nname = \"rbc\"\n"),
        "the library stays `rbc`"
    );
    assert!(
        cargo.contains("[[bin]]\nname = \"rbc\"\n"),
        "the binary stays `rbc`"
    );
    assert!(
        cargo.contains("pkg-url = \"{ repo }/releases/download/v{ version }/{ name }-{ target }{ archive-suffix }\""),
        "{cargo}"
    );
    assert!(cargo.contains("bin-dir = \"{ name }-{ target }/{ bin }{ binary-ext }\""));
    assert!(cargo.contains("pkg-fmt = \"txz\"") && dist.contains("unix-archive = \".tar.xz\""));
    assert!(
        dist.contains("windows-archive = \".zip\"")
            && cargo.contains(
                "[package.metadata.binstall.overrides.x86_64-pc-windows-msvc]\npkg-fmt = \"zip\""
            )
    );
    assert!(dist.contains("members = [\"cargo:.\"]"));
    assert!(
        cargo.contains("[profile.dist]"),
        "dist builds with its own profile"
    );
    // No release is claimed: the book says so wherever it names binstall.
    let book = std::fs::read_to_string(root().join("book/src/publishing.md")).unwrap();
    assert!(book.contains("cargo binstall runbook-compiler"), "{book}");
    assert!(book.contains("no release has been made"), "{book}");
}
