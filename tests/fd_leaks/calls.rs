//! The calls a std or socket2 user reaches for first, and the open socket
//! types, against the real kernel on loopback: fd state (non-blocking,
//! close-on-exec, duplicates), connect with a timeout, `core::net`
//! addresses, std conversions and `Read`/`Write`; no fd leaked.

use crate::common;

use baresock::{
    Backlog, Domain, Error, Flags, Protocol, SockAddr, SockAddrIn, SockAddrUn, Socket, Type,
};
use common::*;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use rustix::fd::AsRawFd;
use std::time::{Duration, Instant};

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
#[cfg_attr(miri, ignore = "makes system calls")]
fn seqpacket_and_netlink_sockets_read_back_as_themselves() {
    no_leak(|| {
        let (a, b) = Socket::pair(Domain::UNIX, Type::SEQPACKET, None).unwrap();
        assert_eq!(a.socket_type(), Ok(Type::SEQPACKET));
        assert_eq!(b.domain(), Ok(Domain::UNIX));
        assert_eq!(a.protocol(), Ok(None));
        // NETLINK_ROUTE (0) needs no privilege.
        let netlink = Socket::new(Domain::NETLINK, Type::RAW, None).unwrap();
        assert_eq!(netlink.domain(), Ok(Domain::NETLINK));
        assert_eq!(netlink.socket_type(), Ok(Type::RAW));
        // An unknown family is the kernel's own errno, not one invented.
        assert_eq!(
            Socket::new(Domain::from_raw(4242), Type::STREAM, None).err(),
            Some(Error::AfNoSupport)
        );
    });
}

#[test]
#[cfg_attr(miri, ignore = "makes system calls")]
fn nonblocking_and_cloexec_round_trip_through_the_kernel() {
    no_leak(|| {
        let (a, b) = unix_pair(Type::STREAM);
        assert_eq!(a.nonblocking(), Ok(false));
        a.set_nonblocking(true).unwrap();
        assert_eq!(a.nonblocking(), Ok(true));
        let mut buf = [0; 1];
        assert_eq!(a.recv(&mut buf), Err(Error::Again));
        a.set_nonblocking(false).unwrap();
        assert_eq!(a.nonblocking(), Ok(false));
        b.send(b"x").unwrap();
        assert_eq!(a.recv(&mut buf).map(|r| r.filled()), Ok(1));

        assert_eq!(a.cloexec(), Ok(true));
        a.set_cloexec(false).unwrap();
        assert_eq!(a.cloexec(), Ok(false));
        a.set_cloexec(true).unwrap();
        assert_eq!(a.cloexec(), Ok(true));
        let inheritable = Socket::new_with(
            Domain::UNIX,
            Type::DGRAM,
            None,
            Flags::DEFAULT.inheritable(),
        )
        .unwrap();
        assert_eq!(inheritable.cloexec(), Ok(false));
        let nonblocking = Socket::new_with(
            Domain::INET,
            Type::STREAM,
            None,
            Flags::DEFAULT.nonblocking(),
        )
        .unwrap();
        assert_eq!(nonblocking.nonblocking(), Ok(true));
    });
}

#[test]
#[cfg_attr(miri, ignore = "makes system calls")]
fn try_clone_is_a_second_close_on_exec_fd_on_the_same_socket() {
    no_leak(|| {
        let (a, b) = unix_pair(Type::STREAM);
        let before = open_fds();
        let a2 = a.try_clone().unwrap();
        assert_eq!(open_fds(), before + 1);
        assert_ne!(a2.as_raw_fd(), a.as_raw_fd());
        assert_eq!(a2.cloexec(), Ok(true));
        // One open file: the mode set through one is the other's.
        a2.set_nonblocking(true).unwrap();
        assert_eq!(a.nonblocking(), Ok(true));
        a2.send(b"from the clone").unwrap();
        drop(a2);
        assert_eq!(open_fds(), before);
        let mut buf = [0; 14];
        assert_eq!(b.recv(&mut buf).map(|r| r.filled()), Ok(14));
        // The original still works.
        a.send(b"!").unwrap();
        assert_eq!(b.recv(&mut buf).map(|r| r.filled()), Ok(1));
    });
}

#[test]
#[cfg_attr(miri, ignore = "makes system calls")]
fn connect_timeout_connects_and_leaves_the_mode_as_it_was() {
    no_leak(|| {
        for domain in [Domain::INET, Domain::INET6] {
            let (server, addr) = listener(domain, Backlog::DEFAULT);
            let blocking = Socket::new(domain, Type::STREAM, None).unwrap();
            blocking.connect_timeout(&addr, TIMEOUT).unwrap();
            assert_eq!(blocking.nonblocking(), Ok(false), "{domain:?}");
            assert_eq!(blocking.peer_addr(), Ok(addr));
            let (conn, peer) = server.accept().unwrap();
            assert_eq!(peer, blocking.local_addr().unwrap());
            exchange(&blocking, &conn, b"after connect_timeout");

            let nonblocking = nonblocking(domain);
            nonblocking.connect_timeout(&addr, TIMEOUT).unwrap();
            assert_eq!(nonblocking.nonblocking(), Ok(true), "{domain:?}");
            drop(server.accept().unwrap());
        }
    });
}

#[test]
#[cfg_attr(miri, ignore = "makes system calls")]
fn connect_timeout_reports_refusal_and_rejects_a_zero_timeout() {
    no_leak(|| {
        let closed = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        closed.bind(&V4_ANY_PORT).unwrap();
        let addr = closed.local_addr().unwrap();
        let client = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        assert_eq!(
            client.connect_timeout(&addr, TIMEOUT),
            Err(Error::ConnRefused)
        );
        assert_eq!(client.nonblocking(), Ok(false));
        let client = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        assert_eq!(
            client.connect_timeout(&addr, Duration::ZERO),
            Err(Error::Inval)
        );
    });
}

#[test]
#[cfg_attr(miri, ignore = "makes system calls")]
fn connect_timeout_times_out_on_a_listener_whose_queue_is_full() {
    let _lock = fd_lock();
    // Backlog 0 on 127.0.0.1: the accept queue holds one connection; once
    // it is full the kernel drops further SYNs (LISTENOVERFLOWS), so a
    // connect waits for retransmissions that are dropped too: a target
    // that never answers, on loopback.
    let server = bounded(Socket::new(Domain::INET, Type::STREAM, None).unwrap());
    server.bind(&V4_ANY_PORT).unwrap();
    server.listen(Backlog::new(0)).unwrap();
    let addr = server.local_addr().unwrap();
    let before = open_fds();
    let mut queued = Vec::new();
    let mut timed_out = false;
    for _ in 0..8 {
        let client = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        let start = Instant::now();
        match client.connect_timeout(&addr, Duration::from_millis(300)) {
            Ok(()) => queued.push(client),
            Err(e) => {
                assert_eq!(e, Error::TimedOut);
                let waited = start.elapsed();
                assert!(waited >= Duration::from_millis(250), "{waited:?}");
                assert!(waited < Duration::from_secs(3), "{waited:?}");
                assert_eq!(client.nonblocking(), Ok(false), "restored");
                timed_out = true;
                break;
            }
        }
    }
    assert!(
        timed_out,
        "{} connections queued, none timed out",
        queued.len()
    );
    drop(queued);
    assert_eq!(open_fds(), before);
}

#[test]
#[cfg_attr(miri, ignore = "makes system calls")]
fn core_net_addresses_are_taken_directly() {
    no_leak(|| {
        let v4 = SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0);
        let server = Socket::new(Domain::INET, Type::DGRAM, None).unwrap();
        server.bind(&v4).unwrap();
        let to = SocketAddr::try_from(server.local_addr().unwrap()).unwrap();
        let client = Socket::new(Domain::INET, Type::DGRAM, None).unwrap();
        client
            .bind(&SocketAddr::from((Ipv4Addr::new(127, 0, 0, 2), 0)))
            .unwrap();
        assert_eq!(client.send_to(b"v4", &to), Ok(2));
        let mut buf = [0; 4];
        let (r, from) = server.recv_from(&mut buf).unwrap();
        assert_eq!(r.filled(), 2);
        assert_eq!(from.ip(), Some(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2))));
        assert_eq!(from.port(), client.local_addr().unwrap().port());

        let v6 = SocketAddrV6::new(Ipv6Addr::LOCALHOST, 0, 0, 0);
        let (server, _) = listener(Domain::INET6, Backlog::DEFAULT);
        let SocketAddr::V6(target) = SocketAddr::try_from(server.local_addr().unwrap()).unwrap()
        else {
            panic!("an IPv6 listener");
        };
        let client = Socket::new(Domain::INET6, Type::STREAM, None).unwrap();
        client.bind(&v6).unwrap();
        client.connect(&target).unwrap();
        assert_eq!(client.peer_addr().unwrap().port(), Some(target.port()));
    });
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

#[cfg(feature = "std")]
mod with_std {
    use super::*;
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream, UdpSocket};
    use std::os::linux::net::SocketAddrExt;
    use std::os::unix::net::{UnixDatagram, UnixListener, UnixStream};

    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn std_sockets_become_sockets_keeping_their_fd() {
        no_leak(|| {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let addr = listener.local_addr().unwrap();
            let listener = Socket::from(listener);
            assert_eq!(listener.is_listener(), Ok(true));
            let stream = Socket::from(TcpStream::connect(addr).unwrap());
            assert_eq!(stream.peer_addr().unwrap().port(), Some(addr.port()));
            let (_conn, _) = listener.accept().unwrap();
            let udp = Socket::from(UdpSocket::bind("[::1]:0").unwrap());
            assert_eq!(udp.domain(), Ok(Domain::INET6));
            let (a, _b) = UnixStream::pair().unwrap();
            assert_eq!(Socket::from(a).socket_type(), Ok(Type::STREAM));
            let (d, _e) = UnixDatagram::pair().unwrap();
            assert_eq!(Socket::from(d).socket_type(), Ok(Type::DGRAM));
            let name = format!("baresock-calls-{}", std::process::id());
            let unix = std::os::unix::net::SocketAddr::from_abstract_name(name).unwrap();
            let l = UnixListener::bind_addr(&unix).unwrap();
            assert_eq!(Socket::from(l).is_listener(), Ok(true));
        });
    }

    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn read_and_write_through_a_socket_and_a_shared_reference() {
        no_leak(|| {
            let (mut a, b) = unix_pair(Type::STREAM);
            a.write_all(b"hello ").unwrap();
            (&a).write_all(b"world").unwrap();
            a.flush().unwrap();
            drop(a);
            let mut got = String::new();
            (&b).read_to_string(&mut got).unwrap();
            assert_eq!(got, "hello world");
            let (x, _y) = unix_pair(Type::STREAM);
            x.set_nonblocking(true).unwrap();
            let err = (&x).read(&mut [0; 1]).unwrap_err();
            assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
        });
    }
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
