//! Conversions between baresock's address types and core::net's, both ways,
//! lossless; and (with the `std` feature) `Error` into `std::io::Error`.
//! Sockets into std's sockets and back are kernel tests:
//! `tests/fd_leaks/calls.rs`.

use baresock::{SockAddr, SockAddrIn, SockAddrIn6, SockAddrUn, WrongFamily};
use core::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

/// A spread of edge values: zero, one, the top, byte-order sensitive ones.
const PORTS: [u16; 6] = [0, 1, 80, 0x1234, 0xff00, u16::MAX];
const U32S: [u32; 5] = [0, 1, 0x000f_ffff, 0x1234_5678, u32::MAX];

fn v4s() -> Vec<Ipv4Addr> {
    vec![
        Ipv4Addr::UNSPECIFIED,
        Ipv4Addr::LOCALHOST,
        Ipv4Addr::BROADCAST,
        Ipv4Addr::new(1, 2, 3, 4),
        Ipv4Addr::new(255, 0, 128, 1),
    ]
}

fn v6s() -> Vec<Ipv6Addr> {
    vec![
        Ipv6Addr::UNSPECIFIED,
        Ipv6Addr::LOCALHOST,
        Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1),
        Ipv6Addr::new(0x2001, 0xdb8, 0x1234, 0x5678, 0x9abc, 0xdef0, 0x1, 0xffff),
        Ipv4Addr::new(1, 2, 3, 4).to_ipv6_mapped(),
        Ipv6Addr::from_bits(u128::MAX),
    ]
}

#[test]
fn sockaddr_in_and_socketaddrv4_round_trip_losslessly() {
    for ip in v4s() {
        for port in PORTS {
            let core = SocketAddrV4::new(ip, port);
            let ours = SockAddrIn::from(core);
            assert_eq!((ours.ip(), ours.port()), (ip, port));
            assert_eq!(SocketAddrV4::from(ours), core);
            assert_eq!(ours, SockAddrIn::new(ip, port));
            // Network byte order in the struct, whatever the host's.
            assert_eq!(ours.port_be_bytes(), port.to_be_bytes());
            assert_eq!(ours.to_string(), core.to_string());
            assert_eq!(SockAddr::from(core), SockAddr::Inet(ours));
            assert_eq!(
                SocketAddr::try_from(SockAddr::Inet(ours)),
                Ok(SocketAddr::V4(core))
            );
        }
    }
}

#[test]
fn sockaddr_in6_and_socketaddrv6_round_trip_losslessly() {
    for ip in v6s() {
        for port in PORTS {
            for flow in U32S {
                for scope in U32S {
                    let core = SocketAddrV6::new(ip, port, flow, scope);
                    let ours = SockAddrIn6::from(core);
                    // std's flowinfo is the field's bytes, unconverted.
                    assert_eq!(
                        (ours.ip(), ours.port(), ours.flowinfo(), ours.scope_id()),
                        (ip, port, u32::from_be_bytes(flow.to_ne_bytes()), scope)
                    );
                    assert_eq!(SocketAddrV6::from(ours), core);
                    assert_eq!(ours.port_be_bytes(), port.to_be_bytes());
                    assert_eq!(ours.to_string(), core.to_string());
                    assert_eq!(SockAddr::from(core).as_ip(), Some(SocketAddr::V6(core)));
                }
            }
        }
    }
}

#[test]
fn socketaddr_either_family_round_trips() {
    for core in [
        SocketAddr::from((Ipv4Addr::LOCALHOST, 9600)),
        SocketAddr::from((Ipv6Addr::LOCALHOST, 9600)),
    ] {
        let ours = SockAddr::from(core);
        assert_eq!(SocketAddr::try_from(ours), Ok(core));
        assert_eq!(ours.to_string(), core.to_string());
    }
}

#[test]
fn conversions_to_the_wrong_family_say_which_family_it_was() {
    let unix = SockAddr::Unix(SockAddrUn::new_abstract(b"x").unwrap());
    assert_eq!(SocketAddr::try_from(unix), Err(WrongFamily(1)));
    assert_eq!(SockAddrIn6::try_from(unix), Err(WrongFamily(1)));
    let v4 = SockAddr::from(SockAddrIn::UNSPECIFIED);
    assert_eq!(SocketAddrV6::try_from(v4), Err(WrongFamily(2)));
    assert_eq!(SockAddrUn::try_from(v4), Err(WrongFamily(2)));
    assert_eq!(SockAddrIn::try_from(v4), Ok(SockAddrIn::UNSPECIFIED));
}

#[test]
fn unix_display_escapes_what_is_not_text() {
    assert_eq!(
        SockAddrUn::new(b"/run/a b.sock").unwrap().to_string(),
        "/run/a b.sock"
    );
    assert_eq!(
        SockAddrUn::new(b"/tmp/\xff").unwrap().to_string(),
        "/tmp/\\xff"
    );
    assert_eq!(
        SockAddrUn::new_abstract(b"a\0b").unwrap().to_string(),
        "@a\\0b"
    );
    assert_eq!(SockAddrUn::UNNAMED.to_string(), "(unnamed)");
}

#[cfg(feature = "std")]
mod with_std {
    use baresock::Error;

    #[test]
    fn error_converts_to_io_error_keeping_the_errno() {
        let io = std::io::Error::from(Error::AddrInUse);
        assert_eq!(io.raw_os_error(), Some(98));
        assert_eq!(io.kind(), std::io::ErrorKind::AddrInUse);
        assert_eq!(
            std::io::Error::from(Error::Again).kind(),
            std::io::ErrorKind::WouldBlock
        );
    }
}
