//! See `rbc::fuzz::config`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| rbc::fuzz::config(data));
