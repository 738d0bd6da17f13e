//! `parse::ipv6_addr` against `core::net` on the same bytes (acceptance and
//! value), then parse -> format -> parse.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| baresock_fuzz::ipv6_addr(data));
