//! The calls a std or socket2 user reaches for first, and the open socket
//! types, against the real kernel on loopback: fd state (non-blocking,
//! close-on-exec, duplicates), connect with a timeout, `core::net`
//! addresses, std conversions both ways and `Read`/`Write`; no fd leaked.
//! The types without a kernel are in `tests/integration/types.rs`.

use crate::common;

use baresock::{Backlog, Domain, Error, Flags, Socket, Type};
use common::*;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use rustix::fd::AsRawFd;
use std::time::{Duration, Instant};

#[test]
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

#[cfg(feature = "std")]
mod with_std {
    use super::*;
    use baresock::SockAddrIn;
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream, UdpSocket};
    use std::os::linux::net::SocketAddrExt;
    use std::os::unix::net::{UnixDatagram, UnixListener, UnixStream};

    #[test]
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

    #[test]
    fn socket_converts_into_std_listener_and_stream() {
        no_leak(|| {
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
        });
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
    fn a_socketaddrv6_puts_on_the_wire_the_flow_bytes_std_puts() {
        no_leak(|| {
            use baresock::SockAddrIn6;
            let field = 0x0ab0_0000u32.to_be_bytes();
            let std_flow = u32::from_ne_bytes(field);
            // UDP: connect(2) names the peer without sending anything.
            let dest = SocketAddrV6::new(Ipv6Addr::LOCALHOST, 9, std_flow, 0);

            let std_sock = std::net::UdpSocket::bind("[::1]:0").unwrap();
            if !send_flowinfo(std_sock.as_raw_fd()) {
                assert!(emulated(), "IPV6_FLOWINFO_SEND refused by the kernel");
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
        });
    }
}
