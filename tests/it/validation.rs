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
    let mut dirs = vec!["runbooks-md".to_string(), "tests/fixtures".to_string()];
    // The public collections rbc is tried on, when they are beside the checkout.
    let corpora: Vec<String> = std::fs::read_dir(root().join("../shared/corpora"))
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| format!("../shared/corpora/{}", e.file_name().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    if corpora.is_empty() {
        eprintln!(
            "skipped: ../shared/corpora is not there; only runbooks-md and the fixtures compared"
        );
    }
    dirs.extend(corpora);
    for dir in &dirs {
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
                bash_n(&rbc::parse::shell::session_commands(
                    &cb.text,
                    &p.settings.prompts,
                ))
            } else {
                bash_n(&cb.text)
            };
            rejected += usize::from(theirs.is_some());
            // How many blocks the quick scan proves valid without the parser.
            let code = if cb.session {
                rbc::parse::shell::session_commands(&cb.text, &p.settings.prompts)
            } else {
                cb.text.clone()
            };
            let masked = rbc::parse::bash::mask_placeholders(&code);
            proven += usize::from(rbc::parse::bash::plainly_valid(&masked));
            let src = &p.loaded.sources[&cb.span.file];
            let ours = rbc::check::rules::bash_syntax_error::block_errors(
                cb,
                &src.text,
                &p.settings.prompts,
            )
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

/// A block with no language is commands when its first command line runs a program
/// rbc knows (the issue's reproducers from public runbooks), and is left alone when it
/// holds output; `unlabelled_blocks_are_shell: false` turns the reading off.
#[test]
fn blocks_without_a_language_are_commands_when_they_run_a_known_program() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vault.md"),
        "# Vault\n\n```\nkubectl -n vault exec -it vault-0 sh\n```\n\n```\nNAME      READY   STATUS\nvault-0   1/1     Running\n```\n\n```\n# an old form\nkubectl run web --generator=run-pod/v1 --image=nginx\n```\n",
    )
    .unwrap();
    let open = || rbc::Project::open(&[dir.path().to_path_buf()], None, None).unwrap();
    let p = open();
    let codes: Vec<&str> = p.check().iter().map(|d| d.code).collect();
    assert!(codes.contains(&"K007"), "exec without `--`: {codes:?}");
    assert!(codes.contains(&"K002"), "--generator: {codes:?}");
    let doc = &p.loaded.corpus.documents[0];
    let blocks: Vec<bool> = doc
        .sections
        .iter()
        .flat_map(|s| s.blocks.iter())
        .chain(doc.preamble.iter())
        .filter_map(|b| b.as_code())
        .map(|c| c.shell)
        .collect();
    assert_eq!(
        blocks,
        vec![true, false, true],
        "the output block is not commands"
    );
    std::fs::write(
        dir.path().join("runbooks.yaml"),
        "unlabelled_blocks_are_shell: false\n",
    )
    .unwrap();
    let off: Vec<&str> = open().check().iter().map(|d| d.code).collect();
    assert!(!off.iter().any(|c| c.starts_with('K')), "{off:?}");
}

/// A custom resource defined on the page (a CustomResourceDefinition in a YAML block)
/// validates like a built-in type there, and only there; `--applyset` is kubectl's when
/// the line sets `KUBECTL_APPLYSET=true`.
#[test]
fn a_page_that_defines_a_custom_resource_may_use_it_and_applyset_follows_its_variable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("crontab.md"),
        "# CronTab\n\n```yaml\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: crontabs.stable.example.com\nspec:\n  group: stable.example.com\n  names:\n    plural: crontabs\n    singular: crontab\n    kind: CronTab\n    shortNames:\n    - ct\n```\n\n```bash\nkubectl get crontabs\nkubectl get ct\nkubectl get crontab.stable.example.com\nKUBECTL_APPLYSET=true kubectl apply -f app.yaml --prune --applyset=app\n```\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("elsewhere.md"),
        "# Elsewhere\n\n```bash\nkubectl get crontabs\nkubectl apply -f app.yaml --prune --applyset=app\n```\n",
    )
    .unwrap();
    let p = rbc::Project::open(&[dir.path().to_path_buf()], None, None).unwrap();
    let found: Vec<String> = p
        .check()
        .iter()
        .filter(|d| d.code.starts_with('K'))
        .map(|d| format!("{}:{} {}", d.span.file, d.code, d.message))
        .collect();
    assert!(
        !found.iter().any(|f| f.contains("crontab.md")),
        "the defining page: {found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.contains("elsewhere.md:K005") && f.contains("crontabs")),
        "another page: {found:?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.contains("elsewhere.md:K002") && f.contains("--applyset")),
        "without the variable: {found:?}"
    );
}

/// The issue's reproducer: a shell block with `${NS}`, `app="web"` and `} -` is shell
/// (its typo is found, no B003), and a PromQL query in a bash block is B003, not B001.
#[test]
fn a_shell_block_with_braces_is_not_promql_and_promql_is() {
    let p = project(&["tests/fixtures/issues/not-promql.md"]);
    let found: Vec<(u32, &str)> = p.check().iter().map(|d| (d.span.line, d.code)).collect();
    assert!(
        found.contains(&(5, "K002")),
        "the typo `--selectr`: {found:?}"
    );
    assert!(
        !found.iter().any(|(l, c)| *c == "B003" && *l < 7),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(_, c)| *c == "B003"),
        "the PromQL block: {found:?}"
    );
    assert!(!found.iter().any(|(_, c)| *c == "B001"), "{found:?}");
}
