//! The fuzz targets' bodies (`rbc::fuzz`) on the committed seeds (`fuzz/seeds/`) and
//! on every crash reproducer (`fuzz/regressions/<target>/`): a crash found once stays
//! fixed, and the targets cannot rot between fuzzing runs.

use crate::common::root;

#[test]
fn seeds_and_regressions_pass_every_target() {
    let mut ran = 0;
    for (name, target) in rbc::fuzz::TARGETS {
        for dir in ["fuzz/seeds", "fuzz/regressions"] {
            let d = root().join(dir).join(name);
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            let mut files: Vec<_> = rd.flatten().map(|e| e.path()).collect();
            files.sort();
            for f in files {
                let data = std::fs::read(&f).unwrap();
                let r = std::panic::catch_unwind(|| target(&data));
                assert!(r.is_ok(), "fuzz target `{name}` fails on {}", f.display());
                ran += 1;
            }
        }
    }
    assert!(
        ran > 300,
        "only {ran} inputs found: are fuzz/seeds present?"
    );
}
