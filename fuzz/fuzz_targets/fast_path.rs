//! The run-time fast paths against the exact parsers on the same bytes: a
//! fast path may decline, but never accepts what the exact parser rejects,
//! never yields another value, and the public parser is the exact verdict.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| baresock_fuzz::fast_path(data));
