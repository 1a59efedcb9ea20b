//! The differential test for helm: rbc's verdict on every line of
//! `tests/helm/commands.txt` must equal the real helm's, on every helm version rbc
//! knows. The real helm's verdicts are in `tests/helm/expected.json`, made offline by
//! `tools/helm-verdict.py` from the binaries `tools/fetch-helm.sh` installs (the same
//! PyPI packages as kubectl): "accepted" when helm got past its arguments (it then
//! failed on the missing cluster, chart, repository or network).

use super::common::*;

/// rbc's verdict on `line` (a `helm …` command) for version `v`: the problem, if any.
pub fn rbc_problem(line: &str, v: usize) -> Option<rbc::helm::Problem> {
    let words = rbc::words::split(line);
    assert_eq!(
        words.first().map(|w| w.value.as_str()),
        Some("helm"),
        "{line}"
    );
    let argv: Vec<rbc::helm::Arg> = words[1..]
        .iter()
        .map(|w| rbc::helm::Arg {
            text: &w.value,
            unknown: w.expands() || !rbc::words::placeholder_ranges(&w.value).is_empty(),
        })
        .collect();
    rbc::helm::check(&argv, v, &|_| false)
}

#[test]
fn rbc_agrees_with_the_real_helm_on_every_line_and_version() {
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("tests/helm/expected.json")).unwrap())
            .unwrap();
    let tree = rbc::helm::tree::tree();
    let mut compared = 0;
    let mut disagree = Vec::new();
    for e in expected.as_array().unwrap() {
        let line = e["command"].as_str().unwrap();
        for (minor, verdict) in e["verdicts"].as_object().unwrap() {
            let v = tree.version(minor).unwrap_or_else(|| {
                panic!("expected.json names helm {minor}, which the tree lacks")
            });
            let real = verdict["verdict"].as_str().unwrap();
            let ours = rbc_problem(line, v);
            compared += 1;
            if (real == "rejected") != ours.is_some() {
                disagree.push(format!(
                    "helm {minor}: `{line}`: helm {real} ({}), rbc {}",
                    verdict["detail"].as_str().unwrap_or(""),
                    ours.map_or("accepts".to_string(), |p| format!("rejects: {}", p.message))
                ));
            }
        }
    }
    assert!(compared > 600, "only {compared} verdicts compared");
    assert!(
        disagree.is_empty(),
        "{} of {compared} verdicts disagree:\n{}",
        disagree.len(),
        disagree.join("\n")
    );
}
