//! The public types on their own, without the kernel: the open `Domain`,
//! `Type` and `Protocol` and their names, `SockAddr`'s port, ip and Debug,
//! `ParseError`'s Debug, the size of `Option<Socket>`, the Unix address
//! constructors' refusals.

use baresock::{Domain, Error, Protocol, SockAddr, SockAddrIn, SockAddrUn, Socket, Type};
use core::net::{Ipv4Addr, Ipv6Addr, SocketAddrV6};

#[test]
fn open_types_hold_any_kernel_value_and_print_their_names() {
    assert_eq!(format!("{:?}", Domain::INET), "Domain::INET");
    assert_eq!(format!("{:?}", Domain::from_raw(2)), "Domain::INET");
    assert_eq!(format!("{:?}", Domain::from_raw(4242)), "Domain(4242)");
    assert_eq!(format!("{:?}", Type::SEQPACKET), "Type::SEQPACKET");
    assert_eq!(format!("{:?}", Type::from_raw(77)), "Type(77)");
    assert_eq!(format!("{:?}", Protocol::MPTCP), "Protocol::MPTCP");
    assert_eq!(
        format!("{:?}", Protocol::from_raw(253).unwrap()),
        "Protocol(253)"
    );
    for raw in [0u16, 1, 2, 10, 16, 17, 40, 4242, u16::MAX] {
        assert_eq!(Domain::from_raw(raw).as_raw(), raw);
    }
    for raw in [1u32, 2, 3, 4, 5, 10, 99] {
        assert_eq!(Type::from_raw(raw).as_raw(), raw);
    }
    assert_eq!(Protocol::from_raw(0), None);
    assert_eq!(
        Protocol::from_raw(u32::MAX).map(Protocol::as_raw),
        Some(u32::MAX)
    );
}

#[test]
fn sockaddr_port_ip_and_debug_show_every_variant_alike() {
    let v4 = SockAddr::from(SockAddrIn::new(Ipv4Addr::LOCALHOST, 80));
    assert_eq!(
        (v4.port(), v4.ip()),
        (Some(80), Some(Ipv4Addr::LOCALHOST.into()))
    );
    assert_eq!(format!("{v4:?}"), "Inet(127.0.0.1:80)");
    let v6 = SockAddr::from(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 443, 0, 0));
    assert_eq!(format!("{v6:?}"), "Inet6([::1]:443)");
    let unix = SockAddr::Unix(SockAddrUn::new_abstract(b"name").unwrap());
    assert_eq!((unix.port(), unix.ip()), (None, None));
    assert_eq!(format!("{unix:?}"), "Unix(@name)");
    let other = SockAddr::Other { family: 16 };
    assert_eq!(format!("{other:?}"), "Other { family: 16 }");
    assert_eq!(other.domain(), Domain::NETLINK);
}

#[test]
fn option_socket_size() {
    // std's OwnedFd reserves -1; rustix's own (no std) has no niche.
    let expected = if cfg!(feature = "std") { 4 } else { 8 };
    assert_eq!(size_of::<Option<Socket>>(), expected);
}

#[test]
fn parse_errors_show_the_expected_byte_as_a_character() {
    let err = baresock::ParseError::ExpectedByte {
        at: 3,
        expected: b':',
    };
    assert_eq!(format!("{err:?}"), "ExpectedByte { at: 3, expected: ':' }");
    assert_eq!(
        format!("{:?}", baresock::ParseError::LeadingZero { at: 0 }),
        "LeadingZero { at: 0 }"
    );
}

#[test]
fn address_constructors_reject_bad_unix_names() {
    assert_eq!(SockAddrUn::new(b"").err(), Some(Error::Inval));
    assert_eq!(SockAddrUn::new(b"a\0").err(), Some(Error::Inval));
    assert!(SockAddrUn::new(&[b'a'; 107]).is_ok());
    assert_eq!(
        SockAddrUn::new(&[b'a'; 108]).err(),
        Some(Error::NameTooLong)
    );
    assert!(SockAddrUn::new_abstract(&[0; 107]).is_ok());
    assert_eq!(
        SockAddrUn::new_abstract(&[0; 108]).err(),
        Some(Error::NameTooLong)
    );
}
