//! Command validation on the user's file, `--fix`, and agreement with real bash.

use super::common::*;
use std::process::Command;

const SEED: &str = "tests/fixtures/seed/INCIDENT_RESPONSE.md";

#[test]
fn seed_findings_on_commands() {
    let p = project(&[SEED]);
    let diags = p.check();
    let b002: Vec<u32> = diags
        .iter()
        .filter(|d| d.code == "B002")
        .map(|d| d.span.line)
        .collect();
    assert_eq!(
        b002,
        [124, 127, 143, 146, 156, 159, 184, 187, 203, 206, 242, 303, 322]
    );
    assert!(diags
        .iter()
        .filter(|d| d.code == "B002")
        .all(|d| d.fix.is_some()));
    let on_commands: Vec<String> = diags
        .iter()
        .filter(|d| d.code.starts_with('K') || d.code.starts_with('B'))
        .filter(|d| d.code != "B002")
        .map(|d| format!("{}:{}", d.code, d.span.line))
        .collect();
    // No other seed command is reported.
    // `canary` is no built-in type and no typo of one: a custom resource (a warning).
    assert_eq!(on_commands, ["K009:85", "K018:361", "K006:425"]);
}

#[test]
fn canary_is_fine_once_declared() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(SEED), dir.path().join("IR.md")).unwrap();
    std::fs::write(
        dir.path().join("runbooks.yaml"),
        "custom_resources: [canary]\n",
    )
    .unwrap();
    let p = rbc::Project::open(&[dir.path().to_path_buf()], None, None).unwrap();
    assert!(!p
        .check()
        .iter()
        .any(|d| d.code == "K005" || d.code == "K018"));
}

/// `bash -n` on a block, placeholders replaced by words: the 1-based line of the
/// first error, if any.
fn bash_n(code: &str) -> Option<u32> {
    let mut masked = code.to_string();
    for (s, e, name) in rbc::words::placeholder_ranges(code).into_iter().rev() {
        masked.replace_range(s..e, &name.replace('.', "_"));
    }
    let out = Command::new("bash")
        .arg("-n")
        .arg("-c")
        .arg(&masked)
        .output()
        .expect("bash runs");
    if out.status.success() {
        return None;
    }
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find_map(|l| {
            l.split("line ")
                .nth(1)?
                .split(':')
                .next()?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("unexpected bash output: {err}"));
    Some(line)
}

#[test]
fn fix_rewrites_only_the_erlang_lines_and_bash_accepts_the_result() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("INCIDENT_RESPONSE.md");
    std::fs::copy(root().join(SEED), &copy).unwrap();
    let o = rbc(dir.path(), &["check", "--fix", "INCIDENT_RESPONSE.md"]);
    assert!(
        stderr(&o).contains("fixed 13 finding(s) in 1 file(s)"),
        "{}",
        stderr(&o)
    );
    let before = std::fs::read_to_string(root().join(SEED)).unwrap();
    let after = std::fs::read_to_string(&copy).unwrap();
    let b: Vec<&str> = before.split('\n').collect();
    let a: Vec<&str> = after.split('\n').collect();
    assert_eq!(a.len(), b.len(), "no line added or removed");
    let changed: Vec<usize> = (0..a.len())
        .filter(|i| a[*i] != b[*i])
        .map(|i| i + 1)
        .collect();
    assert_eq!(
        changed,
        [124, 127, 143, 146, 156, 159, 184, 187, 203, 206, 242, 303, 322]
    );
    assert_eq!(a[145], "kubectl exec -n erlmcp-prod <pod-name> -- bin/<release> eval 'recon:proc_mailbox_lengths('\\''all'\\'').'");
    let p = rbc::Project::open(std::slice::from_ref(&copy), None, None).unwrap();
    for (_, rb) in p.loaded.corpus.runbooks() {
        for cb in rb.code_blocks() {
            assert_eq!(
                bash_n(&cb.text),
                None,
                "bash rejects a fixed block at {}:{}",
                cb.span.file,
                cb.span.line
            );
        }
    }
}

#[test]
fn rbc_flags_exactly_the_blocks_bash_rejects() {
    let mut blocks = 0;
    let mut sessions = 0;
    let mut rejected = 0;
    let mut proven = 0;
    let mut mismatches = Vec::new();
    for dir in ["runbooks-md", "tests/fixtures"] {
        let p = project(&[dir]);
        let ctx = rbc::check::Context {
            corpus: &p.loaded.corpus,
            settings: &p.settings,
            sources: &p.loaded.sources,
            on_disk: None,
        };
        for cb in rbc::check::support::kubectl_common::code_blocks(&ctx) {
            if !cb.shell {
                continue;
            }
            blocks += 1;
            // A session: bash judges what its prompt lines run, output left out.
            let theirs = if cb.session {
                sessions += 1;
                bash_n(&rbc::parse::shell::session_commands(&cb.text, &[]))
            } else {
                bash_n(&cb.text)
            };
            rejected += usize::from(theirs.is_some());
            // How many blocks the quick scan proves valid without the parser.
            let code = if cb.session {
                rbc::parse::shell::session_commands(&cb.text, &[])
            } else {
                cb.text.clone()
            };
            let masked = rbc::parse::bash::mask_placeholders(&code);
            proven += usize::from(rbc::parse::bash::plainly_valid(&masked));
            let src = &p.loaded.sources[&cb.span.file];
            let ours = rbc::check::rules::bash_syntax_error::block_errors(cb, &src.text, &[])
                .first()
                .map(|(s, _, _)| src.line_col(*s).0 - cb.text_line + 1);
            if ours != theirs {
                mismatches.push(format!(
                    "{}:{}: bash {theirs:?}, rbc {ours:?}",
                    cb.span.file, cb.span.line
                ));
            }
        }
    }
    assert!(blocks > 100, "only {blocks} blocks");
    assert!(sessions >= 8, "only {sessions} session blocks");
    assert!(
        rejected >= 10,
        "the fixtures have blocks bash rejects ({rejected})"
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // The scan does its work: most blocks never reach the parser.
    assert!(
        proven * 2 > blocks,
        "the quick scan proved only {proven} of {blocks} blocks"
    );
}

#[test]
fn every_kubectl_of_a_line_is_validated_and_classified() {
    let md = "# RB-950: Lines\n\n**Namespace**: shop\n\n## Symptoms\n\n- s\n\n## Diagnosis\n\n```bash\n# a\nkubectl get pods -n shop | grep web && kubectl describe --tial=3 pod x -n shop\n# b\nkubectl get pods -n shop; kubectl logz x\n# c\nkubectl get pods -n shop -o name | xargs kubectl delete -n shop\n# d\nkubectl create secret generic s -n shop --from-literal=a=b --dry-run=client -o yaml\n# e\nwatch -n 5 \"kubectl get pods -n shop --sort-by=.metadata.nam\"\n```\n\n## Resolution\n\n```bash\n# r\nkubectl get nodes\n```\n";
    let p = rbc::Project::from_sources(
        rbc::config::Settings::default(),
        vec![rbc::source::SourceFile::new("lines.md", md.to_string())],
    );
    let found: Vec<String> = p
        .check()
        .iter()
        .map(|d| format!("{}:{}:{}", d.code, d.span.line, d.span.col))
        .collect();
    // `--tial` in the second command of line 13, `logz` in the second of line 15,
    // the `delete` behind xargs in Diagnosis (K008), nothing for the dry run.
    assert!(found.contains(&"K002:13:57".to_string()), "{found:?}");
    assert!(found.contains(&"K001:15:35".to_string()), "{found:?}");
    assert!(found.iter().any(|f| f.starts_with("K008:17:")), "{found:?}");
    assert!(!found.iter().any(|f| f.contains(":19:")), "{found:?}");
    let rb = p.loaded.corpus.runbooks().next().unwrap().1;
    let cmds: Vec<_> = rb.commands().collect();
    assert_eq!(cmds[2].kubectl.len(), 2);
    assert_eq!(cmds[2].kubectl[1].wrapper.as_deref(), Some("xargs"));
    assert_eq!(cmds[2].class(), Some(rbc::model::CommandClass::Mutating));
    assert_eq!(cmds[3].class(), Some(rbc::model::CommandClass::ReadOnly));
    assert!(cmds[4].kubectl[0].quoted);
}

/// Commands in the style of public runbooks that the real kubectl accepts (see
/// tests/kubectl/commands.txt for its verdicts): shell expansions, flags before the
/// subcommand, jsonpath ranges without `{end}`, custom resources. No error; custom
/// resources are warnings, typos of built-in types stay errors.
#[test]
fn real_world_commands_kubectl_accepts_get_no_error() {
    let md = r#"# RB-951: Adopted

**Namespace**: shop

## Symptoms

- s

## Diagnosis

```bash
# expansions
kubectl -n $NAMESPACE describe pod $POD
kubectl scale deployment web -n shop --replicas=$TARGET --dry-run=client
kubectl get pods -n shop -l zone=${ZONE}
kubectl patch deployment web -n shop --dry-run=client -p '{"spec":{"replicas":'${N}'}}'
kubectl patch deployment web -n shop --dry-run=client --type=json -p '[{"op":"replace","path":"/spec/replicas","value":'$N'}]'
kubectl exec -n kube-system $(kubectl get po -n kube-system -l component=etcd -oname | awk -F"/" '{print $2}') -- etcdctl endpoint health
# flags first
kubectl -n shop get pods
kubectl -it exec -n shop web-0 -- sh
# templates
kubectl get pods -n shop -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}'
kubectl explain statefulset.spec.updateStrategy
# custom resources
kubectl get vmi -A
kubectl get certificates.cert-manager.io -n shop
kubectl get cert -n shop
# typos
kubectl get deploymnet -n shop
kubectl get pdos -n shop
```

## Resolution

```bash
# r
kubectl get nodes
```
"#;
    let p = rbc::Project::from_sources(
        rbc::config::Settings::default(),
        vec![rbc::source::SourceFile::new("adopted.md", md.to_string())],
    );
    let found: Vec<String> = p
        .check()
        .iter()
        .filter(|d| d.code.starts_with('K'))
        .map(|d| format!("{}:{}:{:?}", d.code, d.span.line, d.severity))
        .collect();
    assert_eq!(
        found,
        [
            "K018:26:Warning",
            "K018:27:Warning",
            "K018:28:Warning",
            "K005:30:Error",
            "K005:31:Error"
        ],
        "{found:?}"
    );
}
