//! rbc's benchmark: the parsing floor, `rbc check` and `rbc build` (in process and as
//! the binary), scaling, memory, the search index, and markdownlint-cli2 / mdBook when
//! they are installed — all in one run, on one generated corpus.
//!
//!     cargo bench --bench rbc                 # N = 600 copies of runbooks-md (~25 MB)
//!     RBC_BENCH_N=100 RBC_BENCH_RUNS=3 cargo bench --bench rbc
//!
//! Without `--bench` (as `cargo test --all-targets` runs it) it does a smoke run on a
//! tiny corpus, so the benchmark cannot rot. It prints results; it asserts no time.

mod corpus_gen;
mod lsp;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Stat {
    runs: Vec<Duration>,
}

impl Stat {
    fn median(&self) -> f64 {
        let mut v: Vec<f64> = self.runs.iter().map(Duration::as_secs_f64).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    }
    fn min(&self) -> f64 {
        self.runs
            .iter()
            .map(Duration::as_secs_f64)
            .fold(f64::MAX, f64::min)
    }
    fn max(&self) -> f64 {
        self.runs
            .iter()
            .map(Duration::as_secs_f64)
            .fold(0.0, f64::max)
    }
    fn show(&self) -> String {
        format!(
            "{:>8.3} s  (min {:.3}, max {:.3}, {} runs)",
            self.median(),
            self.min(),
            self.max(),
            self.runs.len()
        )
    }
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Stat {
    let mut v = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(f());
        v.push(t.elapsed());
    }
    Stat { runs: v }
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The floor: read every file and run pulldown-cmark over it, one thread.
fn floor(files: &[PathBuf]) -> usize {
    let mut events = 0;
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let parser = pulldown_cmark::Parser::new_ext(&text, rbc::parse::markdown::options());
        events += parser.into_offset_iter().count();
    }
    events
}

/// Wall time and peak RSS (KiB) of one run of a command, through GNU time when present.
fn run_measured(cmd: &mut Command) -> (Duration, Option<u64>, bool) {
    let gnu_time = Path::new("/usr/bin/time").is_file();
    let t = Instant::now();
    let out = if gnu_time {
        let prog = cmd.get_program().to_owned();
        let args: Vec<_> = cmd.get_args().map(|a| a.to_owned()).collect();
        let mut c = Command::new("/usr/bin/time");
        c.arg("-f").arg("RBC_BENCH_RSS %M").arg(prog).args(args);
        if let Some(d) = cmd.get_current_dir() {
            c.current_dir(d);
        }
        c.output().unwrap()
    } else {
        cmd.output().unwrap()
    };
    let wall = t.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    let rss = err
        .lines()
        .filter_map(|l| l.strip_prefix("RBC_BENCH_RSS "))
        .next_back()
        .and_then(|v| v.trim().parse().ok());
    (wall, rss, out.status.success())
}

fn binary(runs: usize, args: &[&str]) -> (Stat, Option<u64>) {
    let mut v = Vec::new();
    let mut peak = None;
    for _ in 0..runs {
        let (d, rss, ok) = run_measured(Command::new(env!("CARGO_BIN_EXE_rbc")).args(args));
        assert!(ok, "rbc {args:?} failed");
        v.push(d);
        peak = peak.max(rss);
    }
    (Stat { runs: v }, peak)
}

fn dir_bytes(dir: &Path) -> u64 {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        n += if p.is_dir() {
            dir_bytes(&p)
        } else {
            e.metadata().unwrap().len()
        };
    }
    n
}

/// Bytes a first search for `query` loads in the browser: `meta.js`, one shard per
/// word, and the document chunks of the ten results — ranked as `assets/rbc.js` ranks
/// them (exact token: its weight; other tokens starting with the word: half; every
/// word must match; best score first, then document order).
fn first_search_bytes(search: &Path, query: &str) -> u64 {
    use std::collections::{BTreeMap, BTreeSet};
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let meta = std::fs::read_to_string(search.join("meta.js")).unwrap();
    let chunk: usize = meta
        .split("\"chunk\":")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or(256);
    let mut total = size(&search.join("meta.js"));
    let terms: Vec<String> = query
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .map(|t| {
            t.trim_end_matches(['.', '-'])
                .trim_start_matches('.')
                .to_lowercase()
        })
        .filter(|t| t.chars().count() >= 2)
        .collect();
    let mut shards: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for t in &terms {
        let key = rbc::emit::site::search::shard_key(t);
        if shards.contains_key(&key) {
            continue;
        }
        let p = search.join(format!("s-{key}.js"));
        total += size(&p);
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let body = text
            .find(",{")
            .map(|i| &text[i + 1..text.len() - 3])
            .unwrap_or("{}");
        let obj: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(body).unwrap_or_default();
        let list = obj
            .into_iter()
            .map(|(k, v)| (k, v.as_str().unwrap_or("").to_string()))
            .collect();
        shards.insert(key, list);
    }
    let mut scores: Option<BTreeMap<usize, f64>> = None;
    for t in &terms {
        let mut best: BTreeMap<usize, f64> = BTreeMap::new();
        let mut expanded = 0;
        for (tok, codes) in &shards[&rbc::emit::site::search::shard_key(t)] {
            let factor = if tok == t {
                1.0
            } else if tok.starts_with(t.as_str()) && expanded < 64 {
                expanded += 1;
                0.5
            } else {
                continue;
            };
            let mut doc = 0usize;
            for c in codes.split(' ').filter(|c| c.len() >= 2) {
                doc += usize::from_str_radix(&c[..c.len() - 1], 36).unwrap_or(0);
                let w = (c.as_bytes()[c.len() - 1] as char)
                    .to_digit(36)
                    .unwrap_or(1) as f64
                    * factor;
                let e = best.entry(doc).or_insert(0.0);
                if w > *e {
                    *e = w;
                }
            }
        }
        scores = Some(match scores {
            None => best,
            Some(prev) => prev
                .into_iter()
                .filter_map(|(d, s)| best.get(&d).map(|b| (d, s + b)))
                .collect(),
        });
    }
    let mut ranked: Vec<(usize, f64)> = scores.unwrap_or_default().into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let chunks: BTreeSet<usize> = ranked.iter().take(10).map(|(d, _)| d / chunk).collect();
    for c in chunks {
        total += size(&search.join(format!("d-{c}.js")));
    }
    total
}

/// `runs` runs of an external tool (its exit status is its own business: markdownlint
/// exits 1 when it has findings): the times and the highest peak RSS.
fn external_runs(
    runs: usize,
    mut f: impl FnMut() -> (Duration, Option<u64>, bool),
) -> (Stat, Option<u64>) {
    let mut v = Vec::new();
    let mut peak = None;
    for _ in 0..runs {
        let (d, r, _) = f();
        v.push(d);
        peak = peak.max(r);
    }
    (Stat { runs: v }, peak)
}

fn have(cmd: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {cmd} >/dev/null 2>&1"))
        .status()
        .is_ok_and(|s| s.success())
}

/// One fresh process's cold start, phase by phase (the bench binary runs itself with
/// `RBC_BENCH_COLD_PROBE=FILE`): loading the kubectl tree, starting the thread pool,
/// the first check of FILE (with the one-time setup it does: regexes, the bash
/// parser), then a second check of the same file. Prints microseconds.
fn cold_probe(file: &Path) {
    let us = |t: Instant| t.elapsed().as_micros();
    let t = Instant::now();
    let _ = rbc::kubectl::tree::index();
    let tree = us(t);
    let t = Instant::now();
    rayon::join(|| (), || ());
    let pool = us(t);
    let check = || {
        let p = rbc::Project::open_for_check(&[file.to_path_buf()], None, None, &[]).unwrap();
        p.check().len()
    };
    let t = Instant::now();
    check();
    let first = us(t);
    let t = Instant::now();
    check();
    let second = us(t);
    println!("RBC_COLD {tree} {pool} {first} {second}");
}

fn main() {
    if let Some(f) = std::env::var_os("RBC_BENCH_COLD_PROBE") {
        return cold_probe(Path::new(&f));
    }
    let bench = std::env::args().any(|a| a == "--bench");
    let env_num = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let n = env_num("RBC_BENCH_N", if bench { 600 } else { 4 });
    let runs = env_num("RBC_BENCH_RUNS", if bench { 5 } else { 1 });
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench");
    std::fs::create_dir_all(&work).unwrap();
    let src = root.join("runbooks-md");
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());

    println!(
        "rbc benchmark — {} mode, N = {n}, {runs} run(s) each, {threads} core(s)",
        if bench { "full" } else { "smoke" }
    );
    if let Ok(cpu) = std::fs::read_to_string("/proc/cpuinfo") {
        if let Some(m) = cpu.lines().find(|l| l.starts_with("model name")) {
            println!("machine: {}", m.split(':').nth(1).unwrap_or("").trim());
        }
    }

    let corpus = work.join(format!("corpus-{n}"));
    let (nfiles, nbytes) = corpus_gen::generate(&src, &corpus, n, 42);
    let mb = nbytes as f64 / 1e6;
    let files = md_files(&corpus);
    let p = rbc::Project::open(std::slice::from_ref(&corpus), None, None).unwrap();
    let nrb = p.loaded.corpus.runbooks().count();
    let nblocks: usize = p
        .loaded
        .corpus
        .runbooks()
        .map(|(_, r)| r.code_blocks().len())
        .sum();
    let ncmds: usize = p
        .loaded
        .corpus
        .runbooks()
        .map(|(_, r)| r.commands().count())
        .sum();
    // The commands vary per copy (see corpus_gen): how many blocks are distinct.
    let distinct = p
        .loaded
        .corpus
        .runbooks()
        .flat_map(|(_, r)| r.code_blocks().into_iter().map(|b| b.text.as_str()))
        .collect::<std::collections::HashSet<_>>()
        .len();
    let diags = p.check();
    let errors = diags
        .iter()
        .filter(|d| d.severity == rbc::diagnostic::Severity::Error)
        .count();
    println!(
        "corpus: {nfiles} files, {mb:.1} MB, {nrb} runbooks, {nblocks} code blocks ({distinct} distinct, {:.0} %), {ncmds} commands; rbc check: {} findings ({errors} errors)",
        100.0 * distinct as f64 / nblocks.max(1) as f64,
        diags.len()
    );
    drop(p);
    assert_eq!(errors, 0, "the generated corpus must pass rbc check");

    let corpus_s = corpus.to_str().unwrap();
    let out = work.join("dist");
    let out_s = out.to_str().unwrap();

    let fl = time(runs, || floor(&files));
    println!(
        "\nfloor (read + pulldown-cmark into_offset_iter, 1 thread) {}",
        fl.show()
    );
    let base = fl.median();

    // What `rbc check` does: the file-scope rules as each file is parsed.
    let ip_check = time(runs, || {
        let p =
            rbc::Project::open_for_check(std::slice::from_ref(&corpus), None, None, &[]).unwrap();
        p.check().len()
    });
    // Incremental: one file changes; the session re-parses and re-checks it, then
    // re-runs the corpus-scope rules (what `rbc serve` does on a save).
    let mut session = rbc::incremental::Session::new(
        rbc::Project::open(std::slice::from_ref(&corpus), None, None).unwrap(),
    );
    let victim = files[files.len() / 2].clone();
    let original = std::fs::read_to_string(&victim).unwrap();
    let mut flip = false;
    let inc_update = time(runs, || {
        flip = !flip;
        let text = if flip {
            format!("{original}\n- one more line\n")
        } else {
            original.clone()
        };
        let path = rbc::files::display_path(&victim);
        session.update(vec![rbc::source::SourceFile::new(path, text)], &[]);
        session.check().len()
    });
    let inc_refresh = time(runs, || {
        flip = !flip;
        let text = if flip {
            format!("{original}\n- one more line\n")
        } else {
            original.clone()
        };
        std::fs::write(&victim, text).unwrap();
        let changed = session.refresh(std::slice::from_ref(&corpus), None);
        assert_eq!(changed.len(), 1);
        session.check().len()
    });
    std::fs::write(&victim, &original).unwrap();
    drop(session);
    // The editor's view: `rbc lsp` from a one-line change to the findings published.
    let (lsp_first, lsp_runs) = lsp::latency(&corpus, &victim, runs.max(5) * 2);
    let lsp_change = Stat { runs: lsp_runs };
    let theme = rbc::emit::site::Theme::load(None).unwrap();
    // What `rbc build` does: checked as `rbc check` does, then written a part at a time.
    let ip_build = time(runs, || {
        let mut p = rbc::Project::open_for_check(
            std::slice::from_ref(&corpus),
            Some(&corpus.join("runbooks.yaml")),
            Some(&out),
            &[],
        )
        .unwrap();
        let errs = p.command_errors(&p.check());
        p.build_parts_into(&errs, &theme, &out).unwrap().pages
    });
    let (bin_check, rss_check) = binary(runs, &["check", corpus_s]);
    let inc = |s: &Stat| 100.0 * s.median() / ip_check.median();
    let (bin_build, rss_build) = binary(runs, &["build", corpus_s, "-o", out_s]);
    let ratio = |s: &Stat| s.median() / base;
    let rss = |r: Option<u64>| r.map_or("n/a".into(), |k| format!("{:.0} MB", k as f64 / 1024.0));
    println!(
        "rbc check, in process                                {}  {:>6.2}× floor",
        ip_check.show(),
        ratio(&ip_check)
    );
    println!(
        "re-check after one file changes (Session::update)    {}  {:>6.1} % of a full check",
        inc_update.show(),
        inc(&inc_update)
    );
    println!(
        "  same, finding it by re-reading all (refresh)       {}  {:>6.1} % of a full check",
        inc_refresh.show(),
        inc(&inc_refresh)
    );
    println!(
        "rbc lsp: didChange → publishDiagnostics (1-line edit) {}  (debounce 0; first findings after opening the workspace {:.2} s)",
        lsp_change.show(),
        lsp_first.as_secs_f64()
    );
    println!(
        "rbc build, in process                                {}  {:>6.2}× floor",
        ip_build.show(),
        ratio(&ip_build)
    );
    println!(
        "rbc check, binary                                    {}  {:>6.2}× floor, peak RSS {}",
        bin_check.show(),
        ratio(&bin_check),
        rss(rss_check)
    );
    println!(
        "rbc build, binary                                    {}  {:>6.2}× floor, peak RSS {}",
        bin_build.show(),
        ratio(&bin_build),
        rss(rss_build)
    );

    // The fail-closed classification the scripts carry (every simple command of every
    // runbook command, in process, no subprocess): its share of an in-process build.
    {
        let p = rbc::Project::open(std::slice::from_ref(&corpus), None, None).unwrap();
        let commands: Vec<&rbc::model::Command> = p
            .loaded
            .corpus
            .runbooks()
            .flat_map(|(_, r)| r.commands())
            .collect();
        let declared = rbc::programs::Declared::new();
        let classify = time(runs, || {
            commands
                .iter()
                .filter(|c| {
                    rbc::programs::script(c.code(), &declared).safety
                        == rbc::programs::Safety::ReadOnly
                })
                .count()
        });
        println!(
            "classification of {} commands (scripts), in process   {}  {:>6.1} % of rbc build in process",
            commands.len(),
            classify.show(),
            100.0 * classify.median() / ip_build.median()
        );
    }

    // The bash syntax check: tree-sitter on every shell block, against the quick scan
    // that proves plain blocks valid and parses only the rest.
    {
        let p = rbc::Project::open(std::slice::from_ref(&corpus), None, None).unwrap();
        let blocks: Vec<String> = p
            .loaded
            .corpus
            .runbooks()
            .flat_map(|(_, r)| r.code_blocks())
            .filter(|b| b.shell && !b.session)
            .map(|b| rbc::parse::bash::mask_placeholders(&b.text))
            .collect();
        let proven = blocks
            .iter()
            .filter(|b| rbc::parse::bash::plainly_valid(b))
            .count();
        let all_parsed = time(runs, || {
            blocks
                .iter()
                .map(|b| rbc::parse::bash::parse_errors(b).len())
                .sum::<usize>()
        });
        let scanned = time(runs, || {
            blocks
                .iter()
                .map(|b| rbc::parse::bash::syntax_errors(b).len())
                .sum::<usize>()
        });
        println!(
            "\nbash syntax, 1 thread, {} shell blocks ({proven} proven plain by the quick scan):",
            blocks.len()
        );
        println!(
            "  tree-sitter on every block                         {}",
            all_parsed.show()
        );
        println!(
            "  quick scan, tree-sitter on the rest                {}  {:>6.1} % of the former",
            scanned.show(),
            100.0 * scanned.median() / all_parsed.median()
        );
    }

    // Cold start: what pre-commit pays per commit, one small file, against the bare
    // start of the same binary.
    {
        let small = root.join("tests/fixtures/shapes/alert/KubeQuotaAlmostFull.md");
        let n = runs.max(10);
        let (cold, rss) = binary(n, &["check", small.to_str().unwrap()]);
        let (bare, _) = binary(n, &["--version"]);
        println!(
            "\ncold start: rbc check on one small file             {}  (+{:.1} ms over `rbc --version`), peak RSS {}",
            cold.show(),
            1e3 * (cold.median() - bare.median()),
            rss.map_or("n/a".into(), |k| format!("{:.0} MB", k as f64 / 1024.0))
        );
        // Where it goes: each phase in a fresh process, the median of n.
        let mut phases: Vec<[f64; 4]> = (0..n)
            .map(|_| {
                let o = Command::new(std::env::current_exe().unwrap())
                    .env("RBC_BENCH_COLD_PROBE", &small)
                    .output()
                    .unwrap();
                let line = String::from_utf8_lossy(&o.stdout);
                let v: Vec<f64> = line
                    .lines()
                    .find_map(|l| l.strip_prefix("RBC_COLD "))
                    .expect("the cold probe reports")
                    .split(' ')
                    .map(|x| x.parse::<f64>().unwrap() / 1e3)
                    .collect();
                [v[0], v[1], v[2], v[3]]
            })
            .collect();
        let med = |i: usize, p: &mut Vec<[f64; 4]>| {
            p.sort_by(|a, b| a[i].total_cmp(&b[i]));
            p[p.len() / 2][i]
        };
        let (tree, pool, first, second) = (
            med(0, &mut phases),
            med(1, &mut phases),
            med(2, &mut phases),
            med(3, &mut phases),
        );
        println!(
            "  where it goes (fresh process, median of {n}): kubectl tree {tree:.2} ms, thread pool {pool:.2} ms, first check {first:.2} ms (a second check of the same file {second:.2} ms: one-time setup, regexes and the bash parser, {:.2} ms)",
            first - second
        );
    }
    // The size of what `rbc build` writes, against the corpus.
    // The output folder is the site; json/ and scripts/ are in it once.
    let total = dir_bytes(&out);
    let part = |p: &str| {
        let d = out.join(p);
        if d.is_dir() {
            dir_bytes(&d)
        } else {
            0
        }
    };
    let (json, scripts, views, search) =
        (part("json"), part("scripts"), part("src"), part("search"));
    let corpus_json = std::fs::metadata(out.join("json/corpus.json")).map_or(0, |m| m.len());
    println!(
        "dist/: {:.1} MB = {:.1}× the corpus (json {:.1} MB of which corpus.json {:.1} MB, scripts {:.1} MB, source views {:.1} MB, search {:.1} MB, pages and assets {:.1} MB)",
        total as f64 / 1e6,
        total as f64 / nbytes as f64,
        json as f64 / 1e6,
        corpus_json as f64 / 1e6,
        scripts as f64 / 1e6,
        views as f64 / 1e6,
        search as f64 / 1e6,
        total.saturating_sub(json + scripts + views + search) as f64 / 1e6,
    );

    // Search index.
    let search = out.join("search");
    let index_bytes = dir_bytes(&search);
    println!(
        "\nsearch index: {:.2} MB = {:.1} % of the corpus; first search loads:",
        index_bytes as f64 / 1e6,
        100.0 * index_bytes as f64 / nbytes as f64
    );
    for q in [
        "OOMKilled",
        "CrashLoopBackOff",
        "kubectl",
        "pool exhaustion",
        "rollback",
    ] {
        println!(
            "  {q:<18} {:>8.1} KB",
            first_search_bytes(&search, q) as f64 / 1e3
        );
    }

    // Scaling: time per MB of the binary's check at N/4, N/2, N, 2N.
    println!("\nscaling (rbc check, binary, median of {runs}):");
    let mut per_mb = Vec::new();
    for (label, k) in [("N/4", n / 4), ("N/2", n / 2), ("N", n), ("2N", 2 * n)] {
        let k = k.max(1);
        let dir = work.join(format!("corpus-{k}"));
        let bytes = if k == n {
            nbytes
        } else {
            corpus_gen::generate(&src, &dir, k, 42).1
        };
        let (s, _) = binary(runs, &["check", dir.to_str().unwrap()]);
        let v = s.median() / (bytes as f64 / 1e6);
        per_mb.push(v);
        println!(
            "  {label:<4} {k:>5} copies {:>7.1} MB  {:>8.3} s  {:>7.1} ms/MB",
            bytes as f64 / 1e6,
            s.median(),
            v * 1e3
        );
        if k != n {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    println!(
        "  ms/MB at 2N vs N/4: {:+.1} %",
        100.0 * (per_mb[3] / per_mb[0] - 1.0)
    );

    // Other tools on the same files, when installed.
    println!();
    let external = std::env::var("RBC_BENCH_EXTERNAL").map_or(bench, |v| v != "0");
    if !external {
        println!("markdownlint-cli2, mdbook: skipped (RBC_BENCH_EXTERNAL=0, or smoke mode)");
    } else if have("markdownlint-cli2") {
        let (st, r) = external_runs(runs, || {
            run_measured(
                Command::new("markdownlint-cli2")
                    .arg("**/*.md")
                    .current_dir(&corpus),
            )
        });
        println!(
            "markdownlint-cli2 (its findings ignored)              {}, peak RSS {} — rbc check is {:.0}× faster",
            st.show(),
            rss(r),
            st.median() / bin_check.median()
        );
    } else {
        println!("markdownlint-cli2: not installed (npm install -g markdownlint-cli2): skipped");
    }
    if !external {
    } else if have("mdbook") {
        let book = work.join("mdbook");
        let _ = std::fs::remove_dir_all(&book);
        std::fs::create_dir_all(book.join("src")).unwrap();
        let mut summary = String::from("# Summary\n\n");
        for f in &files {
            let rel = f.strip_prefix(&corpus).unwrap();
            let dest = book.join("src").join(rel);
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(f, &dest).unwrap();
            summary.push_str(&format!("- [{}]({})\n", rel.display(), rel.display()));
        }
        std::fs::write(book.join("src/SUMMARY.md"), summary).unwrap();
        std::fs::write(book.join("book.toml"), "[book]\ntitle = \"bench\"\n").unwrap();
        let (st, r) = external_runs(runs, || {
            run_measured(Command::new("mdbook").arg("build").arg(&book))
        });
        println!(
            "mdbook build                                         {}, peak RSS {} — rbc build is {:.0}× faster",
            st.show(),
            rss(r),
            st.median() / bin_build.median()
        );
        // mdBook 0.5 writes `searchindex-<hash>.js` (older: searchindex.json / .js).
        let sz: u64 = std::fs::read_dir(book.join("book"))
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.file_name().to_string_lossy().starts_with("searchindex"))
                    .filter_map(|e| e.metadata().ok())
                    .map(|m| m.len())
                    .max()
                    .unwrap_or(0)
            })
            .unwrap_or(0);
        println!(
            "mdbook search index: {:.1} MB (loaded whole before the first answer)",
            sz as f64 / 1e6
        );
    } else {
        println!("mdbook: not installed (cargo install mdbook): skipped");
    }
}
