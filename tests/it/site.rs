//! The site: pages, escaping, theme override, HTML validity (the Nu validator) and the
//! real-browser suite (headless Chromium through playwright-core, `tests/site/run.mjs`).

use crate::common::{rbc, root, stderr, Served};
use std::path::{Path, PathBuf};
use std::process::Command;

fn build(src: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    build_with_status(src, extra, 0)
}

/// A build whose corpus has findings of its own (the alerts fixture has broken alert
/// links on purpose): written all the same, with that exit status.
fn build_with_status(src: &str, extra: &[&str], status: i32) -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("dist");
    let mut args = vec!["build", src, "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = rbc(&root(), &args);
    assert_eq!(o.status.code(), Some(status), "{}", stderr(&o));
    (d, out)
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            v.extend(html_files(&p));
        } else if p.extension().is_some_and(|x| x == "html") {
            v.push(p);
        }
    }
    v.sort();
    v
}

#[test]
fn site_has_every_page() {
    let (_d, site) = build("runbooks-md", &[]);
    for p in [
        "index.html",
        "RB-001-pod-crashloopbackoff.html",
        "RB-006-deployment-rollback.html",
        "RB-012-session-failover-and-state-recovery.html",
        "commands.html",
        "severity-levels.html",
        "escalation.html",
        "templates.html",
        "404.html",
        "doc/INCIDENT_RESPONSE.html",
        "src/INCIDENT_RESPONSE.html",
        "scripts/RB-001-pod-crashloopbackoff.sh",
        "json/RB-001.json",
        "search/meta.js",
        "assets/rbc.js",
        "assets/rbc.css",
    ] {
        assert!(site.join(p).is_file(), "missing site/{p}");
    }
    let rb1 = std::fs::read_to_string(site.join("RB-001-pod-crashloopbackoff.html")).unwrap();
    // Anchors per section and case, a copy button per command, mutating marked.
    for id in ["symptoms", "diagnosis", "case-1-out-of-memory", "cmd-L52"] {
        assert!(rb1.contains(&format!("id=\"{id}\"")), "no #{id}");
    }
    assert!(rb1.contains("data-mutating=\"true\""));
    assert!(rb1.contains("data-placeholder=\"pod-name\""));
    assert!(rb1.contains("href=\"src&#x2f;INCIDENT_RESPONSE.html#L36\""));
    // Causes link to their cases.
    assert!(rb1.contains("<a href=\"#case-1-out-of-memory\">Out of Memory</a>"));
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    let ids: Vec<&str> = index
        .split("<tr data-id=\"")
        .skip(1)
        .map(|r| &r[..r.find('"').unwrap()])
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids.len(), 12);
    assert_eq!(ids, sorted, "the index is in ID order");
    // The command index links every kubectl command to its runbook.
    let commands = std::fs::read_to_string(site.join("commands.html")).unwrap();
    assert!(commands.contains("RB-001-pod-crashloopbackoff.html#cmd-L52"));
    // No page refers to another origin for anything it loads.
    for f in html_files(&site) {
        let t = std::fs::read_to_string(&f).unwrap();
        for attr in [
            " src=\"http",
            " src=\"//",
            "<link rel=\"stylesheet\" href=\"http",
        ] {
            assert!(
                !t.contains(attr),
                "{} loads from another origin",
                f.display()
            );
        }
    }
}

/// Every (tag, attribute name) of an HTML text, read the way a browser tokenizer reads
/// start tags (quoted values skipped whole).
fn attributes(html: &str) -> Vec<(String, String, String)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || i + 1 >= b.len() || !b[i + 1].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let tag = html[i + 1..j].to_ascii_lowercase();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                let vs;
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        j += 1;
                        vs = j;
                        while j < b.len() && b[j] != q {
                            j += 1;
                        }
                        value = html[vs..j.min(b.len())].to_string();
                        j += 1;
                    }
                    _ => {
                        vs = j;
                        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                            j += 1;
                        }
                        value = html[vs..j].to_string();
                    }
                }
            }
            out.push((tag.clone(), attr, value));
        }
        i = j;
    }
    out
}

#[test]
fn attribute_reader_sees_injected_attributes() {
    let a = attributes(
        r#"<p class="x onclick=1"><img src=x onerror=alert(1)><a href='y' title="a>b">"#,
    );
    let names: Vec<&str> = a.iter().map(|(_, n, _)| n.as_str()).collect();
    assert_eq!(names, ["class", "src", "onerror", "href", "title"]);
}

#[test]
fn hostile_text_stays_text() {
    let (_d, site) = build("tests/fixtures/site/hostile", &[]);
    for f in html_files(&site) {
        let t = std::fs::read_to_string(&f).unwrap();
        let name = f.display();
        let attrs = attributes(&t);
        for (tag, attr, value) in &attrs {
            assert!(!attr.starts_with("on"), "{name}: <{tag} {attr}=…>");
            if attr == "href" || attr == "src" {
                let v = value.trim().to_ascii_lowercase();
                for scheme in ["javascript:", "data:", "vbscript:"] {
                    assert!(!v.starts_with(scheme), "{name}: <{tag} {attr}={value:?}>");
                }
            }
            if tag == "script" && attr == "src" {
                assert!(value.ends_with("assets/rbc.js"), "{name}: script {value}");
            }
        }
        let scripts = attrs
            .iter()
            .filter(|(tag, a, _)| tag == "script" && a == "src")
            .count();
        assert_eq!(
            t.matches("<script").count(),
            scripts,
            "{name}: a script without src"
        );
        assert!(
            !t.contains("<iframe") && !t.contains("<style>") && !t.contains("<img"),
            "{name}"
        );
    }
    let page = std::fs::read_to_string(site.join("RB-901-script-alert-1-script.html")).unwrap();
    assert!(page.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;</h1>"));
    // RB-902 mentioned in prose becomes a link.
    assert!(page.contains("class=\"rb-ref\" href=\"RB-902-"));
}

#[test]
fn theme_overrides_templates_and_assets() {
    let d = tempfile::tempdir().unwrap();
    let theme = d.path().join("theme");
    std::fs::create_dir_all(theme.join("assets")).unwrap();
    std::fs::write(
        theme.join("runbook.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>THEMED {{ view.id }}: {{ view.title }}</h1>{% endblock %}",
    )
    .unwrap();
    std::fs::write(theme.join("assets/brand.css"), "body{}").unwrap();
    let (_d, site) = build("runbooks-md", &["--theme", theme.to_str().unwrap()]);
    let rb1 = std::fs::read_to_string(site.join("RB-001-pod-crashloopbackoff.html")).unwrap();
    assert!(
        rb1.contains("<h1>THEMED RB-001: Pod CrashLoopBackOff</h1>"),
        "{rb1}"
    );
    assert!(site.join("assets/brand.css").is_file());
    assert!(site.join("assets/rbc.js").is_file(), "built-in assets stay");

    // A broken template stops the build and names the template; the output stays.
    std::fs::write(theme.join("index.html"), "{% for x in %}").unwrap();
    let before = std::fs::read(site.join("index.html")).unwrap();
    let out = &site;
    let o = rbc(
        &root(),
        &[
            "build",
            "runbooks-md",
            "-o",
            out.to_str().unwrap(),
            "--theme",
            theme.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("template `index.html`"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(site.join("index.html")).unwrap(), before);
}

fn node_modules() -> PathBuf {
    root().join("tests/site/node_modules")
}

/// The tools the browser suite needs; a missing one fails the test with what to run.
fn require(what: &[(&str, bool)]) {
    let missing: Vec<&str> = what.iter().filter(|(_, ok)| !ok).map(|(n, _)| *n).collect();
    assert!(
        missing.is_empty(),
        "missing {missing:?}: run `bash .ci/run` once, or `apt-get install chromium default-jre-headless` and `npm ci --prefix tests/site`"
    );
}

#[test]
fn pages_are_valid_html5() {
    let vnu = node_modules().join("vnu-jar/build/dist/vnu.jar");
    require(&[
        (
            "java",
            Command::new("java").arg("-version").output().is_ok(),
        ),
        ("vnu-jar (npm)", vnu.is_file()),
    ]);
    let (_d, site) = build("runbooks-md", &[]);
    let (_h, hostile) = build("tests/fixtures/site/hostile", &[]);
    let o = Command::new("java")
        .arg("-jar")
        .arg(&vnu)
        .args(["--errors-only", "--format", "gnu", "--skip-non-html"])
        .arg(&site)
        .arg(&hostile)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "the Nu HTML checker found errors:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn real_browser_suite() {
    let run = root().join("tests/site/run.mjs");
    require(&[
        ("chromium", Path::new("/usr/bin/chromium").is_file()),
        (
            "node",
            Command::new("node").arg("--version").output().is_ok(),
        ),
        (
            "playwright-core (npm)",
            node_modules().join("playwright-core").is_dir(),
        ),
    ]);
    let shots = root().join("target/site-screenshots");
    // axe-core in both colour schemes on the example corpus; the small fixtures share its
    // CSS, so the light scheme is enough there.
    for (src, expect, axe) in [
        ("runbooks-md", "tests/site/expect.json", "light,dark"),
        (
            "tests/fixtures/site/hostile",
            "tests/site/expect-hostile.json",
            "light",
        ),
        // Alert runbooks, no configuration: found by alert name and by their Meaning.
        (
            "tests/fixtures/shapes/alert",
            "tests/site/expect-alert.json",
            "light",
        ),
        // Alert runbooks in openshift's shape: a folder per operator, long alert
        // names, numbered steps with their commands fenced inside the list items;
        // found by the words of their steps; index and page fit a phone's width.
        (
            "tests/fixtures/site/openshift-shape",
            "tests/site/expect-openshift.json",
            "light",
        ),
        // Rule files with the runbooks: found by an alert's name, the alert's
        // expression on its runbook's page, the gaps on the alerts page.
        (
            "tests/fixtures/alerts",
            "tests/site/expect-alerts.json",
            "light",
        ),
    ] {
        let status = if src == "tests/fixtures/alerts" { 1 } else { 0 };
        let (_d, site) = build_with_status(src, &[], status);
        let o = Command::new("node")
            .arg(&run)
            .arg("--site")
            .arg(&site)
            .arg("--expect")
            .arg(root().join(expect))
            .arg("--shots")
            .arg(&shots)
            .args(["--axe", axe])
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "browser suite failed on {src}:\n{out}{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!out.contains("FAIL"), "{out}");
        assert!(out.contains(" passed, 0 failed"), "{out}");
        assert!(
            out.contains("ok   http axe: no WCAG 2 A/AA violation"),
            "axe-core did not run on {src}:\n{out}"
        );
    }
    for name in ["index", "rb-001", "openshift-index", "openshift-runbook"] {
        for w in ["desktop", "phone"] {
            assert!(
                shots.join(format!("{name}-{w}.png")).is_file(),
                "{name}-{w}.png"
            );
        }
    }
}

/// The axe-core check can fail: a theme that adds an image without a text alternative
/// to every runbook page is caught (and named).
#[test]
fn axe_catches_a_violation() {
    require(&[
        ("chromium", Path::new("/usr/bin/chromium").is_file()),
        ("axe-core (npm)", node_modules().join("axe-core").is_dir()),
    ]);
    let d = tempfile::tempdir().unwrap();
    let theme = d.path().join("theme");
    std::fs::create_dir_all(theme.join("assets")).unwrap();
    std::fs::copy(
        root().join("src/emit/site/assets/favicon.svg"),
        theme.join("assets/logo.svg"),
    )
    .unwrap();
    let runbook = std::fs::read_to_string(root().join("src/emit/site/templates/runbook.html"))
        .unwrap()
        .replacen(
            "<article class=\"runbook\">",
            "<article class=\"runbook\"><img src=\"{{ root }}assets/logo.svg\">",
            1,
        );
    std::fs::write(theme.join("runbook.html"), runbook).unwrap();
    let (_d, site) = build(
        "tests/fixtures/site/hostile",
        &["--theme", theme.to_str().unwrap()],
    );
    let o = Command::new("node")
        .arg(root().join("tests/site/run.mjs"))
        .arg("--site")
        .arg(&site)
        .arg("--expect")
        .arg(root().join("tests/site/expect-hostile.json"))
        .arg("--shots")
        .arg(d.path().join("shots"))
        .args(["--mode", "http", "--axe", "light"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success(), "{out}");
    assert!(out.contains("FAIL http axe:"), "{out}");
    assert!(out.contains("image-alt"), "{out}");
}

/// The site published under a sub-path, as GitHub and GitLab Pages publish a project
/// site (`https://ORG.github.io/REPO/`): with `site_url` set, the browser suite serves
/// it under `/runbooks/` only, and a missing path at any depth gets the 404 page with
/// its styles, links and search working; every page has its canonical link and
/// `sitemap.xml` lists them all.
#[test]
fn browser_suite_under_a_sub_path() {
    let run = root().join("tests/site/run.mjs");
    require(&[
        ("chromium", Path::new("/usr/bin/chromium").is_file()),
        (
            "playwright-core (npm)",
            node_modules().join("playwright-core").is_dir(),
        ),
    ]);
    let d = tempfile::tempdir().unwrap();
    let config = d.path().join("runbooks.yaml");
    let mut yaml = std::fs::read_to_string(root().join("runbooks-md/runbooks.yaml")).unwrap();
    yaml.push_str("site_url: https://example.org/runbooks/\n");
    std::fs::write(&config, yaml).unwrap();
    let (_d, site) = build("runbooks-md", &["--config", config.to_str().unwrap()]);
    let page404 = std::fs::read_to_string(site.join("404.html")).unwrap();
    assert!(
        page404.contains("href=\"&#x2f;runbooks&#x2f;assets/rbc.css\""),
        "{page404}"
    );
    let o = Command::new("node")
        .arg(&run)
        .arg("--site")
        .arg(&site)
        .arg("--expect")
        .arg(root().join("tests/site/expect.json"))
        .arg("--shots")
        .arg(root().join("target/site-screenshots-sub-path"))
        .args(["--mode", "http", "--base", "/runbooks/"])
        .args([
            "--site-url",
            "https://example.org/runbooks/",
            "--axe",
            "none",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "browser suite failed under /runbooks/:\n{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for check in [
        "ok   http 404: /runbooks/deep/er/no-such-page.html gets the 404 page",
        "ok   http sitemap.xml lists every page",
        "ok   http links: every same-site link resolves",
    ] {
        assert!(out.contains(check), "no `{check}` in\n{out}");
    }
    assert!(out.contains(" passed, 0 failed"), "{out}");
}

/// With `site_url`, the sitemap and the canonical links are the same bytes on one
/// thread as on several (pages are rendered in parallel, in no fixed order).
#[test]
fn site_url_output_is_deterministic() {
    let d = tempfile::tempdir().unwrap();
    let config = d.path().join("runbooks.yaml");
    let mut yaml = std::fs::read_to_string(root().join("runbooks-md/runbooks.yaml")).unwrap();
    yaml.push_str("site_url: https://example.org/runbooks\n");
    std::fs::write(&config, yaml).unwrap();
    let mut sites = Vec::new();
    for threads in ["1", "4"] {
        let out = d.path().join(format!("dist-{threads}"));
        let o = Command::new(env!("CARGO_BIN_EXE_rbc"))
            .args(["build", "runbooks-md", "-o", out.to_str().unwrap()])
            .args(["--config", config.to_str().unwrap()])
            .current_dir(root())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        sites.push(crate::common::files_of(&out));
    }
    assert_eq!(sites[0].len(), sites[1].len());
    for ((na, ba), (nb, bb)) in sites[0].iter().zip(&sites[1]) {
        assert_eq!(na, nb);
        assert!(ba == bb, "{na} differs between 1 and 4 threads");
    }
    let sitemap = sites[0].iter().find(|(n, _)| n == "sitemap.xml").unwrap();
    let text = String::from_utf8_lossy(&sitemap.1);
    // The final `/` was added; the index is the site's own address.
    assert!(
        text.contains("<loc>https://example.org/runbooks/</loc>"),
        "{text}"
    );
    assert!(
        text.contains("<loc>https://example.org/runbooks/doc/INCIDENT_RESPONSE.html</loc>"),
        "{text}"
    );
    assert!(!text.contains("404.html"), "{text}");
}

/// Without `site_url` nothing names an address: no canonical link, no sitemap, and the
/// 404 page's links stay relative (it works at the top of the site and from disk).
#[test]
fn without_site_url_no_address_is_written() {
    let (_d, site) = build("runbooks-md", &[]);
    assert!(!site.join("sitemap.xml").exists());
    for f in html_files(&site) {
        let t = std::fs::read_to_string(&f).unwrap();
        assert!(!t.contains("rel=\"canonical\""), "{}", f.display());
    }
    let page404 = std::fs::read_to_string(site.join("404.html")).unwrap();
    assert!(page404.contains("href=\"assets/rbc.css\""), "{page404}");
}

#[test]
fn serve_with_a_base_serves_under_it() {
    let page = root().join("runbooks-md/RB-008-minority-partition-handling.md");
    let served = Served::start(&["--base".as_ref(), "/runbooks/".as_ref(), page.as_os_str()]);
    assert!(served.addr.contains("/runbooks/"), "{}", served.addr);
    let get = |path: &str| served.get(path);
    let index = get("/runbooks/");
    assert!(index.starts_with("HTTP/1.1 200"), "{index}");
    assert!(index.contains("RB-008"));
    assert!(get("/runbooks/assets/rbc.css").starts_with("HTTP/1.1 200"));
    for to_base in ["/", "/runbooks"] {
        let r = get(to_base);
        assert!(r.starts_with("HTTP/1.1 301"), "{to_base}: {r}");
        assert!(r.contains("Location: /runbooks/\r\n"), "{r}");
    }
    // A missing path at any depth, or outside the base: the 404 page, whose links
    // start from the base.
    for missing in [
        "/runbooks/a/b/c.html",
        "/index.html",
        "/runbooksx/index.html",
    ] {
        let r = get(missing);
        assert!(r.starts_with("HTTP/1.1 404"), "{missing}: {r}");
        assert!(
            r.contains("href=\"&#x2f;runbooks&#x2f;assets/rbc.css\""),
            "{missing}: {r}"
        );
    }
    drop(served);
    let o = rbc(&root(), &["serve", "--base", "/a/../b/", "runbooks-md"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("`--base /a/../b/` is not a path"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn serve_builds_serves_and_rebuilds() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("rb");
    std::fs::create_dir(&src).unwrap();
    let page =
        std::fs::read_to_string(root().join("runbooks-md/RB-008-minority-partition-handling.md"))
            .unwrap();
    std::fs::write(src.join("rb.md"), &page).unwrap();
    let mut served = Served::start(&[src.as_os_str()]);
    let index = served.get("/");
    assert!(index.starts_with("HTTP/1.1 200"), "{index}");
    assert!(index.contains("RB-008"));
    assert!(served.get("/nope.html").starts_with("HTTP/1.1 404"));
    assert!(served.get("/../../etc/passwd").starts_with("HTTP/1.1 400"));
    // Edit the runbook: the next build shows the new title.
    std::fs::write(
        src.join("rb.md"),
        page.replacen(
            "Minority Partition Handling",
            "Minority Partition Edited",
            1,
        ),
    )
    .unwrap();
    assert!(served.wait_for("rebuilt"), "serve rebuilds after a change");
    assert!(served
        .get("/index.html")
        .contains("Minority Partition Edited"));
}

/// An alert runbook's summary on the index is its Meaning's first sentence whole, its
/// hard-wrapped lines joined (it was cut at the first line end: "…for more than 1").
#[test]
fn a_hard_wrapped_meaning_is_a_whole_summary() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("alerts");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(
        src.join("KubePodCrashLooping.md"),
        "# KubePodCrashLooping\n\n## Meaning\n\nA pod has been restarting for more than 1\nminute.\n\nSecond paragraph.\n\n## Impact\n\nDown.\n\n## Diagnosis\n\n```bash\nkubectl get pods -A\n```\n\n## Mitigation\n\n```bash\nkubectl get pods -A\n```\n",
    )
    .unwrap();
    let out = d.path().join("dist");
    let o = rbc(&src, &["build", "-o", out.to_str().unwrap(), "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    // The index shows its first sentence, whole.
    assert!(
        index.contains(
            "<td class=\"summary\">A pod has been restarting for more than 1 minute.</td>"
        ),
        "{index}"
    );
}

/// A fence inside a numbered step (openshift/runbooks' shape) is shown once, inside
/// its step, as a command (with its anchor), and the step's text after it stays text.
#[test]
fn a_fence_inside_a_list_item_is_shown_once_inside_it() {
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("rb");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(
        src.join("rb.md"),
        "# RB-950: Steps\n\n## Symptoms\n\n- x\n\n## Diagnosis\n\n1. Check the pods:\n\n    ```shell\n    kubectl get pods -n shop\n    ```\n\n    If one is not running, go on.\n\n2. Check the nodes.\n\n## Resolution\n\n```bash\nkubectl get nodes\n```\n",
    )
    .unwrap();
    let out = d.path().join("dist");
    let o = rbc(&src, &["build", "-o", out.to_str().unwrap(), "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("RB-950")
        })
        .expect("the runbook's page");
    let html = std::fs::read_to_string(page).unwrap();
    assert!(!html.contains("```"), "a fence shown as text");
    assert_eq!(
        html.matches("id=\"cmd-L12\"").count(),
        1,
        "the command once"
    );
    let li = html
        .split("<li>")
        .find(|l| l.contains("Check the pods"))
        .unwrap();
    let li = &li[..li.find("</li>").unwrap()];
    assert!(li.contains("id=\"cmd-L12\""), "inside its step: {li}");
    assert!(li.contains("If one is not running, go on."), "{li}");
}
