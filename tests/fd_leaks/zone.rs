//! Interface-name zones against the real kernel: `lo` parsed and named back
//! (its index read from sysfs, not from the code under test), a name no
//! interface has, invalid names that never reach the kernel, numeric zones
//! unchanged, and no descriptor leaked on any path. Every test holds
//! `fd_lock()`, so no other test opens a descriptor while one counts them.

use crate::common;

use baresock::fmt::{ToHeapless, IFNAME_MAX_LEN};
use baresock::parse::{self, ZoneError};
use baresock::{Domain, Error, ParseError, SockAddrIn6, Socket, Type};
use common::{fd_lock, open_fds};
use core::net::Ipv6Addr;
use std::collections::HashSet;

const FE80_1: Ipv6Addr = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1);

/// `lo`'s index as sysfs has it.
fn lo_index() -> u32 {
    std::fs::read_to_string("/sys/class/net/lo/ifindex")
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Every interface's (name, index), from sysfs (only to know which names
/// and indexes are free; the tests use `lo` alone).
fn interfaces() -> Vec<(String, u32)> {
    std::fs::read_dir("/sys/class/net")
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let index = std::fs::read_to_string(entry.path().join("ifindex")).unwrap();
            (
                entry.file_name().into_string().unwrap(),
                index.trim().parse().unwrap(),
            )
        })
        .collect()
}

/// An index no interface has.
fn unused_index() -> u32 {
    let used: HashSet<u32> = interfaces().into_iter().map(|(_, i)| i).collect();
    (1_000_000..).find(|i| !used.contains(i)).unwrap()
}

/// A name, valid to the kernel, that no interface has.
const NO_SUCH_NAME: &str = "nosuchif0";

#[test]
fn lo_by_name_is_its_sysfs_index() {
    let _lock = fd_lock();
    let lo = lo_index();
    assert_ne!(lo, 0);
    let expected = SockAddrIn6::new(FE80_1, 80, 0, lo);
    assert_eq!(
        parse::sockaddr_in6_with_zone(b"[fe80::1%lo]:80"),
        Ok(expected)
    );
    assert_eq!(
        parse::sockaddr_in6_with_zone_str("[fe80::1%lo]:80"),
        Ok(expected)
    );
    // The same as the number sysfs gives, through the const parser.
    let numeric = format!("[fe80::1%{lo}]:80");
    assert_eq!(parse::sockaddr_in6(numeric.as_bytes()), Ok(expected));
    // Any address, any port, through a socket of any family.
    let a = parse::sockaddr_in6_with_zone(b"[::1%lo]:00443").unwrap();
    assert_eq!(
        (a.ip(), a.port(), a.scope_id(), a.flowinfo()),
        (Ipv6Addr::LOCALHOST, 443, lo, 0)
    );
    for (domain, ty) in [
        (Domain::UNIX, Type::DGRAM),
        (Domain::INET, Type::STREAM),
        (Domain::INET6, Type::DGRAM),
    ] {
        let socket = Socket::new(domain, ty, None).unwrap();
        assert_eq!(
            parse::sockaddr_in6_with_zone_via(&socket, b"[fe80::1%lo]:80"),
            Ok(expected),
            "{domain:?}"
        );
    }
}

#[test]
fn the_name_of_lo_is_lo() {
    let _lock = fd_lock();
    let addr = SockAddrIn6::new(FE80_1, 80, 0, lo_index());
    let name = addr.zone_name().unwrap().unwrap();
    assert_eq!(name.as_str(), "lo");
    assert_eq!(name.capacity(), IFNAME_MAX_LEN);
    let server = Socket::new(Domain::INET6, Type::STREAM, None).unwrap();
    assert_eq!(addr.zone_name_via(&server).unwrap().as_deref(), Some("lo"));

    let shown = addr.display_with_zone_name();
    assert_eq!(shown.to_string(), "[fe80::1%lo]:80");
    assert_eq!(shown.name(), Some("lo"));
    assert_eq!(shown.addr(), addr);
    assert_eq!(shown.to_heapless().as_str(), "[fe80::1%lo]:80");
    assert_eq!(
        addr.display_with_zone_name_via(&server).to_string(),
        "[fe80::1%lo]:80"
    );
    // The named text parses back to the same address.
    assert_eq!(
        parse::sockaddr_in6_with_zone(shown.to_string().as_bytes()),
        Ok(addr)
    );
    // Display itself is unchanged: the number.
    assert_eq!(addr.to_string(), format!("[fe80::1%{}]:80", lo_index()));
}

#[test]
fn an_index_without_an_interface_has_no_name() {
    let _lock = fd_lock();
    let index = unused_index();
    let addr = SockAddrIn6::new(FE80_1, 80, 0, index);
    assert_eq!(addr.zone_name(), Ok(None));
    let shown = addr.display_with_zone_name();
    assert_eq!(shown.name(), None);
    assert_eq!(shown.to_string(), addr.to_string());
    assert_eq!(shown.to_string(), format!("[fe80::1%{index}]:80"));
    // Scope id 0: no name, no `%`.
    let zero = SockAddrIn6::new(FE80_1, 80, 0, 0);
    assert_eq!(zero.zone_name(), Ok(None));
    assert_eq!(zero.display_with_zone_name().to_string(), "[fe80::1]:80");
}

#[test]
fn a_name_no_interface_has_is_unknown() {
    let _lock = fd_lock();
    let names: Vec<String> = interfaces().into_iter().map(|(name, _)| name).collect();
    for absent in [NO_SUCH_NAME, "nosuchif0123456", "lo0", "LO"] {
        assert!(!names.iter().any(|name| name == absent), "{absent} exists");
    }
    let text = format!("[fe80::1%{NO_SUCH_NAME}]:80");
    let err = parse::sockaddr_in6_with_zone(text.as_bytes()).unwrap_err();
    assert_eq!(err, ZoneError::UnknownInterface { at: 9 });
    assert_eq!(err.to_string(), "no interface has the name at byte 9");
    let socket = Socket::new(Domain::UNIX, Type::DGRAM, None).unwrap();
    assert_eq!(
        parse::sockaddr_in6_with_zone_via(&socket, text.as_bytes()),
        Err(ZoneError::UnknownInterface { at: 9 })
    );
    // The longest valid name, and a name that is `lo` with more after it.
    for name in ["nosuchif0123456", "lo0", "LO"] {
        let text = format!("[::1%{name}]:1");
        assert_eq!(
            parse::sockaddr_in6_with_zone(text.as_bytes()),
            Err(ZoneError::UnknownInterface { at: 5 }),
            "{name}"
        );
    }
}

#[test]
fn invalid_names_never_reach_the_kernel() {
    let _lock = fd_lock();
    // Through a descriptor that is not a socket: a lookup would fail with
    // ENOTTY, so an InvalidName proves no ioctl was made.
    let (pipe, _write_end) = rustix::pipe::pipe().unwrap();
    assert_eq!(
        parse::sockaddr_in6_with_zone_via(&pipe, b"[fe80::1%lo]:80"),
        Err(ZoneError::Os(Error::NoTty))
    );
    let cases: &[(&[u8], u32)] = &[
        (b"[fe80::1%]:80", 9),
        (b"[fe80::1%.]:80", 9),
        (b"[fe80::1%..]:80", 9),
        (b"[fe80::1%lo0123456789abcd]:80", 24), // 16 bytes
        (b"[fe80::1%l/o]:80", 10),
        (b"[fe80::1%l o]:80", 10),
        (b"[fe80::1%lo\n]:80", 11),
        (b"[fe80::1%lo\0]:80", 11),
        (b"[fe80::1%lo\xa0]:80", 11),
        (b"[fe80::1%lo\xff]:80", 11),
    ];
    for &(text, at) in cases {
        let shown = String::from_utf8_lossy(text);
        assert_eq!(
            parse::sockaddr_in6_with_zone_via(&pipe, text),
            Err(ZoneError::InvalidName { at }),
            "{shown:?}"
        );
        assert_eq!(
            parse::sockaddr_in6_with_zone(text),
            Err(ZoneError::InvalidName { at }),
            "{shown:?}"
        );
    }
    // Malformed text around a name: the parse error, no lookup either.
    assert_eq!(
        parse::sockaddr_in6_with_zone_via(&pipe, b"[fe80::1%lo]:65536"),
        Err(ZoneError::Parse(ParseError::PortOverflow { at: 13 }))
    );
    assert_eq!(
        parse::sockaddr_in6_with_zone_via(&pipe, b"[fe80::1%lo]"),
        Err(ZoneError::Parse(ParseError::ExpectedByte {
            at: 12,
            expected: b':'
        }))
    );
    // The reverse through a pipe: ENOTTY, named.
    let addr = SockAddrIn6::new(FE80_1, 80, 0, lo_index());
    assert_eq!(addr.zone_name_via(&pipe), Err(Error::NoTty));
    assert_eq!(addr.display_with_zone_name_via(&pipe).name(), None);
}

#[test]
fn numeric_zones_are_unchanged_and_make_no_system_call() {
    let _lock = fd_lock();
    let (pipe, _write_end) = rustix::pipe::pipe().unwrap();
    let texts: &[&str] = &[
        "[fe80::1%1]:80",
        "[fe80::1%0001]:80",
        "[fe80::1%0]:80",
        "[fe80::1%4294967295]:80",
        "[fe80::1%4294967296]:80",
        "[fe80::1%99999999999]:80",
        "[::1]:80",
        "[::1]:65536",
        "[fe80::1%1]",
        "[::ffff:1.2.3.4%3]:0",
        "127.0.0.1:80",
        "",
    ];
    for &text in texts {
        let expected = parse::sockaddr_in6(text.as_bytes()).map_err(ZoneError::Parse);
        assert_eq!(
            parse::sockaddr_in6_with_zone(text.as_bytes()),
            expected,
            "{text}"
        );
        assert_eq!(parse::sockaddr_in6_with_zone_str(text), expected, "{text}");
        // Through a pipe: any lookup would be ENOTTY.
        assert_eq!(
            parse::sockaddr_in6_with_zone_via(&pipe, text.as_bytes()),
            expected,
            "{text}"
        );
    }
}

#[test]
fn no_descriptor_leaks() {
    let _lock = fd_lock();
    let lo = lo_index();
    let unused = unused_index();
    let before = open_fds();
    for _ in 0..50 {
        assert!(parse::sockaddr_in6_with_zone(b"[fe80::1%lo]:80").is_ok());
        assert!(parse::sockaddr_in6_with_zone(b"[fe80::1%nosuchif0]:80").is_err());
        let named = SockAddrIn6::new(FE80_1, 80, 0, lo);
        assert_eq!(named.zone_name().unwrap().as_deref(), Some("lo"));
        assert_eq!(named.display_with_zone_name().name(), Some("lo"));
        assert_eq!(
            SockAddrIn6::new(FE80_1, 80, 0, unused).zone_name(),
            Ok(None)
        );
    }
    assert_eq!(open_fds(), before);
}
