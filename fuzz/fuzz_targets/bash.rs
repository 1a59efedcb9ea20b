//! See `rbc::fuzz::bash`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| rbc::fuzz::bash(data));
