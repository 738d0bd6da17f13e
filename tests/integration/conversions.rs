//! Conversions between baresock's address types and core::net's, both ways,
//! lossless; and (with the `std` feature) into std's types.

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
    use baresock::{Backlog, Domain, Error, SockAddrIn, Socket, Type};
    use std::io::{Read, Write};

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

    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn socket_converts_into_std_listener_and_stream() {
        let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        sock.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))
            .unwrap();
        sock.listen(Backlog::DEFAULT).unwrap();
        let listener = std::net::TcpListener::from(sock);
        let addr = listener.local_addr().unwrap();
        let client = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        client
            .connect(&SockAddrIn::from(match addr {
                std::net::SocketAddr::V4(a) => a,
                std::net::SocketAddr::V6(_) => unreachable!(),
            }))
            .unwrap();
        let mut client = std::net::TcpStream::from(client);
        client
            .set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        let (mut conn, _) = listener.accept().unwrap();
        conn.write_all(b"via std").unwrap();
        let mut buf = [0u8; 7];
        client.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"via std");
    }

    /// `setsockopt(fd, IPPROTO_IPV6, IPV6_FLOWINFO_SEND, 1)` by libc: the
    /// kernel then keeps the flow information connect(2) was given and
    /// reports it in getpeername(2). False where the option is unknown
    /// (qemu-user does not translate it).
    fn send_flowinfo(fd: std::os::fd::RawFd) -> bool {
        let on: libc::c_int = 1;
        // SAFETY: `on` is a live int of the length given.
        let ret = unsafe {
            libc::setsockopt(
                fd,
                libc::IPPROTO_IPV6,
                linux_raw_sys::net::IPV6_FLOWINFO_SEND as libc::c_int,
                (&on as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
        ret == 0
    }

    /// The four bytes of `sin6_flowinfo` in getpeername(2)'s answer, read
    /// by libc.
    fn peer_flowinfo_bytes(fd: std::os::fd::RawFd) -> [u8; 4] {
        // SAFETY: all zeros is a valid sockaddr_in6.
        let mut sa: libc::sockaddr_in6 = unsafe { std::mem::zeroed() };
        let mut len = std::mem::size_of::<libc::sockaddr_in6>() as libc::socklen_t;
        // SAFETY: `sa` and `len` are live and sized as getpeername(2) expects.
        let ret =
            unsafe { libc::getpeername(fd, (&mut sa as *mut libc::sockaddr_in6).cast(), &mut len) };
        assert_eq!(ret, 0);
        sa.sin6_flowinfo.to_ne_bytes()
    }

    /// One `SocketAddrV6` gives the kernel the same flow information through
    /// std's socket and through baresock's. The value is a traffic class
    /// only (a flow label would need IPV6_FLOWLABEL_MGR first), written so
    /// that the kernel's big-endian field is 0x0ab00000 on either byte
    /// order.
    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn a_socketaddrv6_puts_on_the_wire_the_flow_bytes_std_puts() {
        use baresock::SockAddrIn6;
        use core::net::{Ipv6Addr, SocketAddrV6};
        use rustix::fd::AsRawFd;
        let field = 0x0ab0_0000u32.to_be_bytes();
        let std_flow = u32::from_ne_bytes(field);
        // UDP: connect(2) names the peer without sending anything.
        let dest = SocketAddrV6::new(Ipv6Addr::LOCALHOST, 9, std_flow, 0);

        let std_sock = std::net::UdpSocket::bind("[::1]:0").unwrap();
        if !send_flowinfo(std_sock.as_raw_fd()) {
            let emulated = std::env::var_os("BARESOCK_TEST_RUNNER").is_some_and(|r| !r.is_empty());
            assert!(emulated, "IPV6_FLOWINFO_SEND refused by the kernel");
            eprintln!("IPV6_FLOWINFO_SEND is not emulated: not tested here");
            return;
        }
        std_sock.connect(dest).unwrap();
        let through_std = peer_flowinfo_bytes(std_sock.as_raw_fd());

        let ours = Socket::new(Domain::INET6, Type::DGRAM, None).unwrap();
        assert!(send_flowinfo(ours.as_raw_fd()));
        ours.connect(&SockAddrIn6::from(dest)).unwrap();
        let through_baresock = peer_flowinfo_bytes(ours.as_raw_fd());

        assert_eq!(through_std, field, "the kernel kept what std gave it");
        assert_eq!(through_baresock, through_std);
        // And back: each crate's own peer address reads the same field.
        let std_peer = match std_sock.peer_addr().unwrap() {
            std::net::SocketAddr::V6(a) => a,
            other => panic!("{other}"),
        };
        assert_eq!(std_peer.flowinfo(), std_flow);
        let our_peer = ours.peer_addr().unwrap();
        let our_peer = our_peer.as_ip().unwrap();
        assert_eq!(our_peer, std::net::SocketAddr::V6(std_peer));
        assert_eq!(SockAddrIn6::from(std_peer).flowinfo(), 0x0ab0_0000);
    }
}
