//! See `rbc::fuzz::check`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| rbc::fuzz::check(data));
