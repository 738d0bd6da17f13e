//! Shared checks for the fuzz targets: each parser against `core::net`
//! (differential: same acceptance, same value) and parse -> format -> parse;
//! and the fast paths against the exact parsers.

pub mod activation;
pub mod kernel;
pub mod zone;

use baresock::fmt::ToHeapless;
use baresock::parse::{self, paths};
use baresock::SockAddr;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::str::FromStr;

/// `core`'s verdict, or `None` for input that is not UTF-8 (core only takes
/// `&str`, and its grammar is ASCII, so such input is never an address).
fn core_parse<T: FromStr>(bytes: &[u8]) -> Option<T> {
    std::str::from_utf8(bytes).ok()?.parse().ok()
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn ipv4_addr(bytes: &[u8]) {
    let ours = parse::ipv4_addr(bytes).ok();
    assert_eq!(
        ours,
        core_parse::<Ipv4Addr>(bytes),
        "ipv4_addr {:?}",
        lossy(bytes)
    );
    if let Some(a) = ours {
        assert_eq!(parse::ipv4_addr(a.to_heapless().as_bytes()), Ok(a));
    }
}

pub fn ipv6_addr(bytes: &[u8]) {
    let ours = parse::ipv6_addr(bytes).ok();
    assert_eq!(
        ours,
        core_parse::<Ipv6Addr>(bytes),
        "ipv6_addr {:?}",
        lossy(bytes)
    );
    if let Some(a) = ours {
        assert_eq!(parse::ipv6_addr(a.to_heapless().as_bytes()), Ok(a));
    }
}

pub fn ip_addr(bytes: &[u8]) {
    let ours = parse::ip_addr(bytes).ok();
    assert_eq!(
        ours,
        core_parse::<IpAddr>(bytes),
        "ip_addr {:?}",
        lossy(bytes)
    );
    if let Some(a) = ours {
        assert_eq!(parse::ip_addr(a.to_heapless().as_bytes()), Ok(a));
    }
}

pub fn sockaddr_in(bytes: &[u8]) {
    let ours = parse::sockaddr_in(bytes).ok();
    let core = core_parse::<SocketAddrV4>(bytes);
    assert_eq!(
        ours.map(|a| a.to_core()),
        core,
        "sockaddr_in {:?}",
        lossy(bytes)
    );
    if let Some(a) = ours {
        assert_eq!(parse::sockaddr_in(a.to_heapless().as_bytes()), Ok(a));
    }
}

pub fn sockaddr_in6(bytes: &[u8]) {
    let ours = parse::sockaddr_in6(bytes).ok();
    let core = core_parse::<SocketAddrV6>(bytes);
    assert_eq!(
        ours.map(|a| a.to_core()),
        core,
        "sockaddr_in6 {:?}",
        lossy(bytes)
    );
    if let Some(a) = ours {
        assert_eq!(parse::sockaddr_in6(a.to_heapless().as_bytes()), Ok(a));
    }
}

pub fn sockaddr(bytes: &[u8]) {
    let ours = parse::sockaddr(bytes).ok();
    let core = core_parse::<SocketAddr>(bytes);
    assert_eq!(
        ours.and_then(|a| a.as_ip()),
        core,
        "sockaddr {:?}",
        lossy(bytes)
    );
    assert!(ours.is_none() || matches!(ours, Some(SockAddr::Inet(_) | SockAddr::Inet6(_))));
    if let Some(a) = ours {
        let text = a.to_string();
        assert_eq!(parse::sockaddr(text.as_bytes()), Ok(a));
    }
}

/// Each fast path against its exact parser: it may decline, but what it
/// takes the exact parser takes with the same value, and the public parser
/// gives the exact verdict.
pub fn fast_path(bytes: &[u8]) {
    let exact = paths::sockaddr_in_exact(bytes);
    if let Some(fast) = paths::sockaddr_in_fast(bytes) {
        assert_eq!(Ok(fast), exact, "sockaddr_in {:?}", lossy(bytes));
    }
    assert_eq!(parse::sockaddr_in(bytes), exact);
    let exact = paths::ipv4_addr_exact(bytes);
    if let Some(fast) = paths::ipv4_addr_fast(bytes) {
        assert_eq!(Ok(fast), exact, "ipv4_addr {:?}", lossy(bytes));
    }
    assert_eq!(parse::ipv4_addr(bytes), exact);
    // The port of both socket-address parsers, from every offset.
    for i in 0..=bytes.len() {
        if let Some(port) = paths::port_tail(bytes, i) {
            assert_eq!(
                Ok(port),
                paths::port_exact(bytes, i),
                "port {:?} from {i}",
                lossy(bytes)
            );
        }
    }
}
