//! See `rbc::fuzz::kubectl`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| rbc::fuzz::kubectl(data));
