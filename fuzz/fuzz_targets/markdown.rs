//! See `rbc::fuzz::markdown`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| rbc::fuzz::markdown(data));
