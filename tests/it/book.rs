//! The book (`book/src`): rbc's own check finds nothing in it, and what it says about
//! the output formats is what rbc writes.

use super::common::*;
use std::collections::BTreeSet;

const OUTPUT_FORMATS: &str = "book/src/output-formats.md";
const JSON_EXAMPLE: &str =
    "<!-- generated: rbc check --format json tests/fixtures/rules/B002-erlang-in-exec -->";

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// `rbc check book/src`, with the book's `runbooks.yaml` (the pages are a user guide:
/// the runbook IDs they mention are examples). Nested fences that turned the rest of a
/// page into code were F003 here.
#[test]
fn rbc_finds_nothing_in_the_book() {
    let p = project(&["book/src"]);
    assert_eq!(
        p.settings.path.as_deref(),
        Some(std::path::Path::new("book/runbooks.yaml"))
    );
    // The rule pages (`src/rules/`) are left out by the book's runbooks.yaml: each shows
    // its rule's "Bad" example on purpose.
    assert!(p.loaded.corpus.documents.len() > 12, "the book was read");
    let diags = p.check();
    let text: Vec<_> = diags.iter().map(rbc::diagnostic::render_short).collect();
    assert!(diags.is_empty(), "book/src:\n{}", text.join("\n"));
}

/// The JSON example of `output-formats.md` is the real output of the command it names.
#[test]
fn the_json_example_is_real_output() {
    let page = read(OUTPUT_FORMATS);
    let at = page
        .find(JSON_EXAMPLE)
        .unwrap_or_else(|| panic!("{OUTPUT_FORMATS} lacks `{JSON_EXAMPLE}`"));
    let block = page[at + JSON_EXAMPLE.len()..]
        .trim_start()
        .strip_prefix("```json\n")
        .expect("a json block follows the marker");
    let documented = &block[..block.find("\n```\n").expect("the block ends") + 1];
    let o = rbc(
        &root(),
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/rules/B002-erlang-in-exec",
        ],
    );
    assert_eq!(
        documented,
        stdout(&o),
        "{OUTPUT_FORMATS} is stale: paste the output of \
         `cargo run -- check --format json tests/fixtures/rules/B002-erlang-in-exec`"
    );
}

/// Every key of a JSON value, at any depth.
fn keys(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

/// `checking.md` names exactly the keys `--format json` writes (on a report with every
/// optional key: help, fix).
#[test]
fn checking_md_names_the_json_keys() {
    let page = read("book/src/checking.md");
    let start = page
        .find("\n- `json`:")
        .expect("checking.md has a `json` item");
    let rest = &page[start + 1..];
    let item = &rest[..rest[1..].find("\n- ").map_or(rest.len(), |i| i + 1)];
    // Code spans that are key names, and the keys of the object shown (`{"version": …}`).
    let mut named = BTreeSet::new();
    for span in item.split('`').skip(1).step_by(2) {
        if span.starts_with('{') {
            named.extend(span.split('"').skip(1).step_by(2).map(str::to_string));
        } else if span.chars().all(|c| c.is_ascii_lowercase() || c == '_') && span != "json" {
            named.insert(span.to_string());
        }
    }
    let o = rbc(
        &root(),
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/rules/B002-erlang-in-exec",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut real = BTreeSet::new();
    keys(&v, &mut real);
    assert_eq!(named, real, "book/src/checking.md's `json` item");
}

/// The `rbc …` and `cargo run … -- …` command lines a user would copy from the book
/// and README (shell and console blocks): each is one rbc accepts, its subcommand and
/// every option known (run with `--help` appended: clap stops at the first unknown
/// option or subcommand). The install lines name the package this repository builds.
#[test]
fn every_rbc_command_in_the_book_and_readme_is_accepted() {
    let mut files = vec![root().join("README.md")];
    for e in std::fs::read_dir(root().join("book/src"))
        .unwrap()
        .flatten()
    {
        if e.path().extension().is_some_and(|x| x == "md") {
            files.push(e.path());
        }
    }
    files.sort();
    let package = read("Cargo.toml")
        .lines()
        .find_map(|l| l.strip_prefix("name = "))
        .unwrap()
        .trim_matches('"')
        .to_string();
    let mut checked = 0;
    let mut bad = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let mut shell = false;
        for line in text.lines() {
            let t = line.trim_start();
            if let Some(info) = t.strip_prefix("```") {
                shell = !shell && matches!(info.trim(), "sh" | "bash" | "console" | "shell");
                continue;
            }
            if !shell {
                continue;
            }
            let cmd = t.strip_prefix("$ ").unwrap_or(t);
            // One command: up to a pipe, a redirection, a list or a comment.
            let cmd = cmd
                .split(['|', '>', ';', '#'])
                .next()
                .unwrap_or("")
                .split("&&")
                .next()
                .unwrap_or("");
            let words: Vec<&str> = cmd
                .split_whitespace()
                .skip_while(|w| w.contains('=') && !w.starts_with('-'))
                .collect();
            let args: Vec<&str> = match words.as_slice() {
                ["rbc", rest @ ..] => rest.to_vec(),
                ["cargo", "run", rest @ ..] => match rest.iter().position(|w| *w == "--") {
                    Some(i) => rest[i + 1..].to_vec(),
                    None => continue,
                },
                ["cargo", "install", rest @ ..] => {
                    // `--path .` builds this package; `--git URL … NAME` names it.
                    let named = rest.last().filter(|w| !w.starts_with('-') && **w != ".");
                    if let Some(n) = named {
                        if rest.contains(&"--git") && *n != package {
                            bad.push(format!(
                                "{}: `{cmd}` installs `{n}`, not `{package}`",
                                f.display()
                            ));
                        }
                    }
                    checked += 1;
                    continue;
                }
                _ => continue,
            };
            if args.is_empty() || args.iter().any(|a| a.contains('\\') || a.starts_with('<')) {
                continue;
            }
            let args: Vec<String> = args
                .iter()
                .map(|a| a.trim_matches(['"', '\'']).to_string())
                .collect();
            let o = std::process::Command::new(env!("CARGO_BIN_EXE_rbc"))
                .args(&args)
                .arg("--help")
                .current_dir(root())
                .output()
                .unwrap();
            checked += 1;
            if !o.status.success() {
                bad.push(format!(
                    "{}: `{cmd}`: {}",
                    f.display(),
                    stderr(&o).lines().next().unwrap_or("")
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {checked} commands fail:\n{}",
        bad.len(),
        bad.join("\n")
    );
    assert!(checked >= 30, "{checked} commands checked");
}
