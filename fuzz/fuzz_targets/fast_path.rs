//! The run-time fast paths against the exact parsers on the same bytes: a
//! fast path may decline, but never accepts what the exact parser rejects,
//! never yields another value, and the public parser is the exact verdict.
#![no_main]
use baresock::parse::{self, paths};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let exact = paths::sockaddr_in_exact(data);
    if let Some(fast) = paths::sockaddr_in_fast(data) {
        assert_eq!(Ok(fast), exact);
    }
    assert_eq!(parse::sockaddr_in(data), exact);
    let exact = paths::ipv4_addr_exact(data);
    if let Some(fast) = paths::ipv4_addr_fast(data) {
        assert_eq!(Ok(fast), exact);
    }
    assert_eq!(parse::ipv4_addr(data), exact);
    for n in 0..=9 {
        if let Some(port) = paths::port_swar(data, n) {
            assert_eq!(Ok(port), paths::port_exact(data, data.len() - n));
        }
    }
});
