//! The benchmark corpus: `n` copies of `runbooks-md/`, each in its own folder, with
//! unique runbook IDs, titles made unique, prose varied word by word from a seed, and
//! the commands varied too (label values, object names, counts and durations), so that
//! no two copies share a code block byte for byte: a cache keyed by a block's content
//! gains nothing on this corpus, and the cold figure stays cold.
//! Deterministic: the same `n` and seed give the same bytes. Every copy passes
//! `rbc check` like the original.

use std::path::Path;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() % v.len() as u64) as usize]
    }
}

/// Words of list items and paragraphs that may be swapped for a synonym.
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "increasing",
        &["increasing", "rising", "climbing", "growing"],
    ),
    ("failures", &["failures", "errors", "faults"]),
    ("high", &["high", "elevated", "excessive"]),
    ("Monitor", &["Monitor", "Watch", "Track", "Alert on"]),
    ("slow", &["slow", "sluggish", "degraded"]),
    ("requests", &["requests", "calls", "queries"]),
    ("Check", &["Check", "Inspect", "Verify", "Look at"]),
];

const REGIONS: &[&str] = &[
    "eu-west",
    "us-east",
    "ap-south",
    "eu-central",
    "us-west",
    "sa-east",
    "ca-central",
];

fn vary_prose(line: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut in_code = false;
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.matches('`').count() % 2 == 1 {
            in_code = !in_code;
        }
        let swap = (!in_code)
            .then(|| SYNONYMS.iter().find(|(w, _)| *w == word))
            .flatten();
        match swap {
            Some((_, alts)) => out.push_str(rng.pick(alts)),
            None => out.push_str(word),
        }
    }
    out
}

/// A command line of copy `c`, varied: `app=erlmcp` → `app=erlmcp-c0042`,
/// `deployment/database` → `deployment/database-c0042`, and counts and durations drawn
/// from the seed. What each command does, and whether rbc accepts it, is unchanged.
fn vary_command(line: &str, c: usize, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let words: Vec<&str> = line.split(' ').collect();
    for (i, word) in words.iter().copied().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // `get … -o wide`: another output format.
        if i > 0 && words[i - 1] == "-o" && ["wide", "yaml", "json", "name"].contains(&word) {
            out.push_str(rng.pick(&["wide", "yaml", "json", "name"]));
            continue;
        }
        let tail = |w: &str, prefix: &str, choices: &[&str], rng: &mut Rng| {
            w.strip_prefix(prefix)
                .filter(|v| v.chars().all(|ch| ch.is_ascii_alphanumeric()))
                .map(|_| format!("{prefix}{}", rng.pick(choices)))
        };
        let varied = tail(word, "--replicas=", &["1", "2", "3", "5", "8"], rng)
            .or_else(|| tail(word, "--tail=", &["50", "100", "200", "500"], rng))
            .or_else(|| tail(word, "--since=", &["5m", "10m", "15m", "1h"], rng))
            .or_else(|| {
                word.strip_prefix("app=")
                    .filter(|n| n.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'))
                    .map(|n| format!("app={n}-c{c:04}"))
            })
            .or_else(|| {
                word.strip_prefix("deployment/")
                    .filter(|n| n.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'))
                    .map(|n| format!("deployment/{n}-c{c:04}"))
            });
        out.push_str(varied.as_deref().unwrap_or(word));
    }
    out
}

/// Rewrite one file of copy `c`.
fn transform(text: &str, c: usize, rng: &mut Rng) -> String {
    // IDs, and the same IDs in heading anchors (`#runbook-rb-005---…`).
    let id = regex_lite::Regex::new(r"\b(RB|rb)-([0-9]{3})\b").unwrap();
    let mut out = String::with_capacity(text.len() + 256);
    let mut fence: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let trimmed = body.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
        }
        let mut l = id
            .replace_all(body, |m: &regex_lite::Captures| {
                format!("{}-{c:04}{}", &m[1], &m[2])
            })
            .into_owned();
        if fence.is_some() && trimmed.starts_with("kubectl ") {
            l = vary_command(&l, c, rng);
        } else if fence.is_some() && trimmed.starts_with("# ") {
            // Comments in blocks name the copy they are in.
            l = format!("{} (copy {c})", vary_prose(&l, rng));
        }
        if fence.is_none() && !trimmed.starts_with("```") && !trimmed.starts_with("~~~") {
            if trimmed.starts_with("- ") {
                l = vary_prose(&l, rng);
                // Some symptoms and prevention items say where they were seen.
                if rng.next().is_multiple_of(4) {
                    l.push_str(&format!(" (seen in {})", rng.pick(REGIONS)));
                }
            } else if trimmed.starts_with(|ch: char| ch.is_ascii_digit()) {
                l = vary_prose(&l, rng);
            }
        }
        out.push_str(&l);
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Write `n` copies of `src` into `out` (replaced if it exists), with `src`'s
/// `runbooks.yaml` at the top. Returns (files, bytes).
pub fn generate(src: &Path, out: &Path, n: usize, seed: u64) -> (usize, u64) {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(src)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(p).unwrap(),
            )
        })
        .collect();
    if let Ok(cfg) = std::fs::read_to_string(src.join("runbooks.yaml")) {
        // Longer IDs: `RB-0042001`.
        std::fs::write(out.join("runbooks.yaml"), cfg.replace("{3}", "{3,}")).unwrap();
    }
    let (mut count, mut bytes) = (0, 0);
    for c in 0..n {
        let dir = out.join(format!("c{c:04}"));
        std::fs::create_dir_all(&dir).unwrap();
        let mut rng = Rng::new(seed ^ (c as u64).wrapping_mul(0x1000_0000_01b3));
        for (name, text) in &texts {
            let t = transform(text, c, &mut rng);
            bytes += t.len() as u64;
            count += 1;
            // File names carry IDs too (`RB-008-….md`).
            let name = transform(name, c, &mut Rng::new(0));
            std::fs::write(dir.join(name), t).unwrap();
        }
    }
    (count, bytes)
}
