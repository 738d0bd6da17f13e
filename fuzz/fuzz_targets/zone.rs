//! `parse::sockaddr_in6_with_zone`'s text checks, a stand-in for the kernel's
//! lookup: without a name exactly `parse::sockaddr_in6`, with one the zone
//! and name rules written again in `src/zone.rs`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| baresock_fuzz::zone::zone(data));
