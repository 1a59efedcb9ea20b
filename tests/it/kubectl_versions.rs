//! kubectl versions: the merged tree of every version rbc knows, `kubectl_versions`
//! targets (runbooks.yaml, a file's front matter), the messages that say when a flag
//! came or went, `--fix` of a replaced flag, and `valid_on` in the JSON.

use super::common::*;
use rbc::diagnostic::render_short;
use rbc::kubectl::tree::{history, index_for};
use std::process::Command;

const FLEET: &str = "tests/fixtures/kubectl-versions/fleet";

fn listed_versions() -> Vec<String> {
    std::fs::read_to_string(root().join("tools/kubectl-versions.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

#[test]
fn the_merged_tree_covers_the_listed_versions() {
    let h = history();
    let have: Vec<String> = h.versions.iter().map(|v| v.minor.clone()).collect();
    assert_eq!(have, listed_versions());
    assert!(have.len() >= 9, "v1.29..v1.37 at least: {have:?}");
    // The merge tool re-checks its file: well-formed, one variant per version.
    let out = Command::new("python3")
        .arg(root().join("tools/merge-kubectl-trees.py"))
        .args(["check", "schema/kubectl/tree.json"])
        .current_dir(root())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The tree rbc builds for each version equals the one the merge tool gives back (the
/// tool checked, when it wrote the file, that it gives back each generator output).
#[test]
fn each_version_rbc_builds_is_the_generated_one() {
    let h = history();
    for v in h.all() {
        let minor = h.minor(v);
        let out = Command::new("python3")
            .arg(root().join("tools/merge-kubectl-trees.py"))
            .args(["split", "schema/kubectl/tree.json", minor])
            .current_dir(root())
            .output()
            .expect("python3 runs");
        assert!(out.status.success());
        let want: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let t = &index_for(v).tree;
        assert_eq!(t.kubectl_version, want["kubectl_version"]);
        let flags = |fs: &[rbc::kubectl::tree::Flag]| -> serde_json::Value {
            fs.iter()
                .map(|f| {
                    serde_json::json!({
                        "name": f.name, "shorthand": f.shorthand, "type": f.kind,
                        "takes_value": f.takes_value, "optional_value": f.optional_value,
                        "enum": f.choices, "enum_case_insensitive": f.enum_case_insensitive,
                        "deprecated": f.deprecated, "hidden": f.hidden, "required": f.required,
                    })
                })
                .collect()
        };
        let want_flags = |fs: &serde_json::Value| -> serde_json::Value {
            fs.as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    let keys = [
                        "name",
                        "shorthand",
                        "type",
                        "takes_value",
                        "optional_value",
                        "enum",
                        "enum_case_insensitive",
                        "deprecated",
                        "hidden",
                        "required",
                    ];
                    serde_json::Value::Object(
                        keys.iter()
                            .map(|k| (k.to_string(), f[*k].clone()))
                            .collect::<serde_json::Map<_, _>>(),
                    )
                })
                .collect::<Vec<serde_json::Value>>()
                .into()
        };
        assert_eq!(
            flags(&t.global_flags),
            want_flags(&want["global_flags"]),
            "{minor}"
        );
        let cmds = want["commands"].as_array().unwrap();
        assert_eq!(t.commands.len(), cmds.len(), "{minor}");
        for (c, w) in t.commands.iter().zip(cmds) {
            let got = serde_json::json!({
                "path": c.path, "aliases": c.aliases, "deprecated": c.deprecated,
                "hidden": c.hidden, "runnable": c.runnable,
                "has_subcommands": c.has_subcommands, "subcommands": c.subcommands,
                "args_min": c.args_min, "args_max": c.args_max, "dash_args": c.dash_args,
                "short": c.short, "flags": flags(&c.flags),
            });
            let keys = [
                "path",
                "aliases",
                "deprecated",
                "hidden",
                "runnable",
                "has_subcommands",
                "subcommands",
                "args_min",
                "args_max",
                "dash_args",
                "short",
            ];
            let mut want: serde_json::Map<String, serde_json::Value> = keys
                .iter()
                .map(|k| (k.to_string(), w[*k].clone()))
                .collect();
            want.insert("flags".into(), want_flags(&w["flags"]));
            assert_eq!(got, serde_json::Value::Object(want), "{minor}");
        }
        let res: Vec<(String, String, bool, Option<String>)> = t
            .resources
            .iter()
            .map(|r| {
                (
                    r.name.clone(),
                    r.group.clone(),
                    r.namespaced,
                    r.deprecated.clone(),
                )
            })
            .collect();
        let want_res: Vec<(String, String, bool, Option<String>)> = want["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["name"].as_str().unwrap().to_string(),
                    r["group"].as_str().unwrap().to_string(),
                    r["namespaced"].as_bool().unwrap(),
                    r["deprecated"].as_str().map(str::to_string),
                )
            })
            .collect();
        assert_eq!(res, want_res, "{minor}");
    }
}

#[test]
fn history_knows_when_a_flag_went() {
    let h = history();
    let drain = ["drain".to_string()];
    let vs = h.flag_versions(&drain, "delete-local-data");
    assert!(vs.contains(h.version("1.29").unwrap()));
    assert!(!vs.contains(h.version("1.35").unwrap()));
    assert!(h
        .flag_versions(&drain, "delete-emptydir-data")
        .contains(h.newest()));
    // A global flag is a flag of every command.
    assert!(h.flag_versions(&drain, "namespace").contains(h.newest()));
}

/// A fleet of v1.29 and v1.35: every command is checked on both, and a problem found
/// on only one of them says which, and what changed.
#[test]
fn a_fleet_target_reports_each_version_s_problems() {
    let p = project(&[FLEET]);
    let report: String = p
        .check()
        .iter()
        .map(|d| {
            let mut s = render_short(d);
            if let Some(h) = &d.help {
                s.push_str(&format!("\n    help: {h}"));
            }
            if let Some(f) = &d.fix {
                s.push_str(&format!("\n    fix: {}", f.description));
            }
            s + "\n"
        })
        .collect();
    insta::assert_snapshot!("kubectl_versions_fleet", report);
}

#[test]
fn without_a_fleet_the_newest_version_is_the_target() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["node-drain.md", "legacy.md"] {
        std::fs::copy(root().join(FLEET).join(f), dir.path().join(f)).unwrap();
    }
    let o = rbc(dir.path(), &["check", "--format", "short", "node-drain.md"]);
    let out = stdout(&o);
    // v1.29's problems are gone; the newest kubectl's remain.
    assert!(!out.contains("sysadmin"), "{out}");
    assert!(out.contains("--delete-local-data"), "{out}");
    assert!(!out.contains("of the targets"), "{out}");
    // A file may still name its own versions.
    let o = rbc(dir.path(), &["check", "--format", "short", "legacy.md"]);
    let out = stdout(&o);
    assert!(out.contains("warning[K006] flag `--delete-local-data` is deprecated"));
    assert!(!out.contains("error["), "{out}");
}

#[test]
fn fix_writes_the_replacement_flag() {
    let dir = tempfile::tempdir().unwrap();
    copy_files(&root().join(FLEET), dir.path());
    let o = rbc(dir.path(), &["check", "--fix", "node-drain.md"]);
    // The replacement flag, and K007's `--` (needed on v1.35 of the targets).
    assert!(stderr(&o).contains("fixed 2 finding(s)"), "{}", stderr(&o));
    let after = std::fs::read_to_string(dir.path().join("node-drain.md")).unwrap();
    assert!(after.contains("kubectl drain node-7 --ignore-daemonsets --delete-emptydir-data\n"));
    assert!(after.contains(" -- cat /etc/hosts"), "{after}");
    let o = rbc(dir.path(), &["check", "--format", "short", "node-drain.md"]);
    assert!(!stdout(&o).contains("delete-local-data"), "{}", stdout(&o));
    assert!(
        !stdout(&o).contains("delete-emptydir-data"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn an_unknown_version_is_a_config_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("runbooks.yaml"),
        "# fleet\nkubectl_versions: [\"1.35\", 1.30]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# A\n\n```bash\nkubectl get pods\n```\n",
    )
    .unwrap();
    let o = rbc(dir.path(), &["check", "a.md"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("runbooks.yaml:2"), "{err}");
    assert!(
        err.contains("kubectl `1.3` is not a version rbc knows"),
        "{err}"
    );
    assert!(err.contains("\"1.30\""), "{err}");
}

#[test]
fn the_json_says_which_versions_a_command_is_valid_on() {
    let words = rbc::words::split("kubectl drain n1 --ignore-daemonsets --delete-local-data");
    let (k, _) = rbc::kubectl::build::build(&words, 0);
    let v = serde_json::to_value(&k).unwrap();
    let on: Vec<&str> = v["valid_on"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(on.contains(&"1.29") && !on.contains(&"1.35"), "{on:?}");
    let words = rbc::words::split("kubectl get pods");
    let (k, _) = rbc::kubectl::build::build(&words, 0);
    assert!(serde_json::to_value(&k).unwrap().get("valid_on").is_none());
}
