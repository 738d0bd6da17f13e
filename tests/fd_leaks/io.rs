//! The data calls against the real kernel, on loopback and socket pairs:
//! send_to/recv_from with the exact peer, peeking, the message flags,
//! vectored I/O, Socket::pair, and each call's failure paths.
//!
//! Every test runs inside `no_leak` (which holds `fd_lock()`): each proves it
//! closed every fd it opened, and none counts while another opens fds.

use crate::common;

use std::thread;
use std::time::Duration;

use baresock::{
    Domain, Error, Flags, IoSlice, IoSliceMut, Protocol, RecvFlags, SendFlags, SockAddr,
    SockAddrIn, SockAddrUn, Socket, Type,
};
use common::*;
use core::net::{Ipv4Addr, Ipv6Addr};
use rustix::event::PollFlags;

const IP: [Domain; 2] = [Domain::INET, Domain::INET6];

/// A server and a client socket on loopback, and the server's address.
fn udp_peers(domain: Domain) -> (Socket, Socket, SockAddr) {
    let server = udp(domain);
    let client = udp(domain);
    let addr = server.local_addr().unwrap();
    (server, client, addr)
}

#[test]
fn udp_recv_from_names_the_client_exactly_and_send_to_answers_it() {
    no_leak(|| {
        for domain in IP {
            let (server, client, to) = udp_peers(domain);
            assert_eq!(client.send_to(b"hello", &to), Ok(5));
            let mut buf = [0; 64];
            let (r, peer) = server.recv_from(&mut buf).unwrap();
            assert_eq!(&buf[..r.filled()], b"hello");
            // The exact address the client is bound to: family, IP, port (and
            // for IPv6 flow info and scope id).
            assert_eq!(peer, client.local_addr().unwrap(), "{domain:?}");
            match (domain, peer) {
                (Domain::INET, SockAddr::Inet(a)) => assert_eq!(a.ip(), Ipv4Addr::LOCALHOST),
                (Domain::INET6, SockAddr::Inet6(a)) => assert_eq!(a.ip(), Ipv6Addr::LOCALHOST),
                other => panic!("wrong family: {other:?}"),
            }
            assert_eq!(server.send_to(b"hello back", &peer), Ok(10));
            let (r, from) = client.recv_from(&mut buf).unwrap();
            assert_eq!((&buf[..r.filled()], from), (&b"hello back"[..], to));
        }
    });
}

#[test]
fn send_to_reaches_each_of_several_clients() {
    no_leak(|| {
        let (server, _, to) = udp_peers(Domain::INET);
        let clients: Vec<Socket> = (0..3).map(|_| udp(Domain::INET)).collect();
        for (i, c) in clients.iter().enumerate() {
            c.send_to(&[i as u8], &to).unwrap();
        }
        let mut buf = [0; 4];
        for _ in 0..3 {
            let (r, peer) = server.recv_from(&mut buf).unwrap();
            assert_eq!(r.filled(), 1);
            // Answer with the client's own index: only the right one gets it.
            server.send_to(&buf[..1], &peer).unwrap();
        }
        for (i, c) in clients.iter().enumerate() {
            assert_eq!(c.recv(&mut buf).map(|r| r.filled()), Ok(1));
            assert_eq!(buf[0], i as u8);
        }
    });
}

#[test]
fn peek_does_not_consume() {
    no_leak(|| {
        for domain in IP {
            let (server, client, to) = udp_peers(domain);
            client.send_to(b"first", &to).unwrap();
            client.send_to(b"second", &to).unwrap();
            let mut buf = [0; 16];
            let peek = RecvFlags::DEFAULT.peek();
            assert_eq!(server.recv_with(&mut buf, peek).map(|r| r.filled()), Ok(5));
            assert_eq!(&buf[..5], b"first");
            buf = [0; 16];
            let (r, peer) = server.recv_from_with(&mut buf, peek).unwrap();
            assert_eq!(
                (&buf[..r.filled()], peer),
                (&b"first"[..], client.local_addr().unwrap())
            );
            let peeked = server
                .recv_with(&mut buf, RecvFlags::DEFAULT.peek())
                .unwrap();
            assert_eq!(peeked.filled(), 5);
            // Still there: the first receive takes it, the next the second.
            buf = [0; 16];
            let (r, _) = server.recv_from(&mut buf).unwrap();
            assert_eq!(&buf[..r.filled()], b"first");
            assert_eq!(server.recv(&mut buf).map(|r| r.filled()), Ok(6));
            assert_eq!(&buf[..6], b"second");
        }
        let (a, b) = unix_pair(Type::STREAM);
        a.send(b"stream").unwrap();
        let mut buf = [0; 6];
        let peeked = b.recv_with(&mut buf, RecvFlags::DEFAULT.peek());
        assert_eq!(peeked.map(|r| r.filled()), Ok(6));
        assert_eq!(b.recv(&mut buf).map(|r| r.filled()), Ok(6));
        assert_eq!(&buf, b"stream");
    });
}

#[test]
fn trunc_reports_the_real_length_of_a_datagram_longer_than_the_buffer() {
    no_leak(|| {
        let datagram: Vec<u8> = (0..100).collect();
        for domain in IP {
            let (server, client, to) = udp_peers(domain);
            let mut buf = [0; 10];

            client.send_to(&datagram, &to).unwrap();
            let r = server
                .recv_with(&mut buf, RecvFlags::DEFAULT.trunc())
                .unwrap();
            assert_eq!(
                (r.filled(), r.message_len(), r.truncated()),
                (10, Some(100), Some(true))
            );
            assert_eq!(&buf, &datagram[..10]);

            client.send_to(&datagram, &to).unwrap();
            let (r, peer) = server
                .recv_from_with(&mut buf, RecvFlags::DEFAULT.trunc())
                .unwrap();
            assert_eq!(
                (r.filled(), r.message_len(), r.truncated()),
                (10, Some(100), Some(true))
            );
            assert_eq!(peer, client.local_addr().unwrap());

            // Without MSG_TRUNC, recv(2) cannot tell, and says so (never a
            // false "not truncated"); recvmsg(2) always can.
            client.send_to(&datagram, &to).unwrap();
            let r = server.recv_with(&mut buf, RecvFlags::DEFAULT).unwrap();
            assert_eq!(
                (r.filled(), r.message_len(), r.truncated()),
                (10, None, None)
            );
            client.send_to(&datagram, &to).unwrap();
            let (r, _) = server.recv_from(&mut buf).unwrap();
            assert_eq!(
                (r.filled(), r.message_len(), r.truncated()),
                (10, None, None)
            );
            client.send_to(&datagram, &to).unwrap();
            let r = server
                .recv_vectored(&mut [IoSliceMut::new(&mut buf)])
                .unwrap();
            assert_eq!(
                (r.filled(), r.message_len(), r.truncated()),
                (10, None, Some(true))
            );
            client.send_to(&datagram, &to).unwrap();
            let (r, _) = server
                .recv_from_vectored(&mut [IoSliceMut::new(&mut buf)])
                .unwrap();
            assert_eq!((r.filled(), r.truncated()), (10, Some(true)));

            // A datagram that fits is not truncated, with the flag or without.
            client.send_to(&datagram[..7], &to).unwrap();
            let r = server
                .recv_with(&mut buf, RecvFlags::DEFAULT.trunc())
                .unwrap();
            assert_eq!(
                (r.filled(), r.message_len(), r.truncated()),
                (7, Some(7), Some(false))
            );
            client.send_to(&datagram[..7], &to).unwrap();
            let r = server.recv(&mut buf).unwrap();
            assert_eq!(
                (r.filled(), r.message_len(), r.truncated()),
                (7, Some(7), Some(false))
            );

            // The cut tails were discarded: nothing is left.
            let left = server.recv_with(&mut buf, RecvFlags::DEFAULT.dont_wait());
            assert_eq!(left, Err(Error::Again));
        }
    });
}

#[test]
fn dont_wait_on_an_empty_socket_is_again() {
    no_leak(|| {
        let (server, client, to) = udp_peers(Domain::INET);
        // A datagram arrives later: a receive that waited would get it.
        let late = thread::spawn(move || {
            thread::sleep(Duration::from_millis(300));
            client.send_to(b"late", &to).unwrap();
        });
        let mut buf = [0; 8];
        let now = RecvFlags::DEFAULT.dont_wait();
        assert_eq!(server.recv_with(&mut buf, now), Err(Error::Again));
        assert_eq!(
            server.recv_from_with(&mut buf, now).err(),
            Some(Error::Again)
        );
        assert_eq!(server.recv_with(&mut buf, now.peek()), Err(Error::Again));
        // The socket itself blocks: it gets the late datagram.
        assert_eq!(server.recv(&mut buf).map(|r| r.filled()), Ok(4));
        late.join().unwrap();

        let (a, b) = unix_pair(Type::STREAM);
        assert_eq!(b.recv_with(&mut buf, now), Err(Error::Again));
        // A full send buffer: MSG_DONTWAIT sends fail with EAGAIN too.
        let chunk = vec![0u8; 65536];
        let mut result = Ok(0);
        for _ in 0..10_000 {
            result = a.send_with(&chunk, SendFlags::DEFAULT.dont_wait());
            if result.is_err() {
                break;
            }
        }
        assert_eq!(result, Err(Error::Again));
    });
}

#[test]
fn wait_all_fills_the_whole_buffer() {
    no_leak(|| {
        let (a, b) = unix_pair(Type::STREAM);
        let writer = thread::spawn(move || {
            a.send(b"01234").unwrap();
            // The second half comes later: without MSG_WAITALL the receive
            // would return the first five bytes alone.
            thread::sleep(Duration::from_millis(200));
            a.send(b"56789").unwrap();
        });
        let mut buf = [0; 10];
        let r = b
            .recv_with(&mut buf, RecvFlags::DEFAULT.wait_all())
            .unwrap();
        assert_eq!((r.filled(), &buf), (10, b"0123456789"));
        writer.join().unwrap();
    });
}

#[test]
fn more_joins_two_sends_into_one_datagram() {
    no_leak(|| {
        for domain in IP {
            let (server, client, to) = udp_peers(domain);
            client
                .send_to_with(b"hel", &to, SendFlags::DEFAULT.more())
                .unwrap();
            let mut buf = [0; 16];
            let held = server.recv_with(&mut buf, RecvFlags::DEFAULT.dont_wait());
            assert_eq!(held, Err(Error::Again), "MSG_MORE holds the datagram back");
            client.send_to_with(b"lo", &to, SendFlags::DEFAULT).unwrap();
            let (r, peer) = server.recv_from(&mut buf).unwrap();
            assert_eq!(
                (&buf[..r.filled()], peer),
                (&b"hello"[..], client.local_addr().unwrap())
            );
            let more = server.recv_with(&mut buf, RecvFlags::DEFAULT.dont_wait());
            assert_eq!(more, Err(Error::Again), "one datagram, not two");
        }
    });
}

#[test]
fn oob_sends_and_receives_tcp_urgent_data() {
    no_leak(|| {
        let (c, conn) = tcp_pair(Domain::INET);
        let mut byte = [0; 1];
        // No urgent data yet.
        assert_eq!(
            conn.recv_with(&mut byte, RecvFlags::DEFAULT.oob()),
            Err(Error::Inval)
        );
        assert_eq!(c.send_with(b"ab!", SendFlags::DEFAULT.oob()), Ok(3));
        assert!(
            wait_for(&conn, PollFlags::PRI, 5000),
            "urgent data never came"
        );
        let r = conn.recv_with(&mut byte, RecvFlags::DEFAULT.oob()).unwrap();
        assert_eq!((r.filled(), &byte), (1, b"!"));
        // The bytes before the urgent one are ordinary data.
        let mut rest = [0; 2];
        let r = conn
            .recv_with(&mut rest, RecvFlags::DEFAULT.wait_all())
            .unwrap();
        assert_eq!((r.filled(), &rest), (2, b"ab"));
        // EOR on TCP: accepted, the bytes go as they are.
        assert_eq!(c.send_with(b"rec", SendFlags::DEFAULT.eor()), Ok(3));
        let mut rec = [0; 3];
        conn.recv_with(&mut rec, RecvFlags::DEFAULT.wait_all())
            .unwrap();
        assert_eq!(&rec, b"rec");
        // UDP has no urgent data.
        let (_, udp_client, to) = udp_peers(Domain::INET);
        let oob = udp_client.send_to_with(b"x", &to, SendFlags::DEFAULT.oob());
        assert_eq!(oob, Err(Error::OpNotSupp));
    });
}

#[test]
fn vectored_io_gathers_into_one_datagram_and_scatters_in_order() {
    no_leak(|| {
        for domain in IP {
            let (server, client, to) = udp_peers(domain);
            let parts = [
                IoSlice::new(b"head,"),
                IoSlice::new(b""),
                IoSlice::new(b"body"),
            ];
            assert_eq!(client.send_to_vectored(&parts, &to), Ok(9));
            let (mut head, mut body) = ([0; 4], [0; 16]);
            let (r, peer) = server
                .recv_from_vectored(&mut [IoSliceMut::new(&mut head), IoSliceMut::new(&mut body)])
                .unwrap();
            assert_eq!((r.filled(), r.truncated()), (9, Some(false)));
            assert_eq!((&head, &body[..5]), (b"head", &b",body"[..]));
            assert_eq!(peer, client.local_addr().unwrap());

            client.connect(&to).unwrap();
            assert_eq!(client.send_vectored(&parts), Ok(9));
            let mut all = [0; 9];
            let r = server
                .recv_vectored(&mut [IoSliceMut::new(&mut all)])
                .unwrap();
            assert_eq!((r.filled(), &all), (9, b"head,body"));
        }
        let (a, b) = unix_pair(Type::STREAM);
        assert_eq!(
            a.send_vectored(&[IoSlice::new(b"ab"), IoSlice::new(b"cd")]),
            Ok(4)
        );
        let (mut x, mut y) = ([0; 1], [0; 3]);
        let r = b
            .recv_vectored(&mut [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)])
            .unwrap();
        assert_eq!((r.filled(), &x, &y), (4, b"a", b"bcd"));
    });
}

#[test]
fn unix_pairs_carry_bytes_both_ways() {
    no_leak(|| {
        for ty in [Type::STREAM, Type::DGRAM] {
            let (a, b) = unix_pair(ty);
            assert_eq!(a.socket_type(), Ok(ty));
            exchange(&a, &b, b"from a");
            exchange(&b, &a, b"from b");
            assert_eq!(a.peer_addr(), Ok(SockAddr::Unix(SockAddrUn::UNNAMED)));
            assert_eq!(b.local_addr(), Ok(SockAddr::Unix(SockAddrUn::UNNAMED)));
        }
        // Datagram boundaries hold on a datagram pair.
        let (a, b) = unix_pair(Type::DGRAM);
        a.send(b"one").unwrap();
        a.send(b"two").unwrap();
        let mut buf = [0; 16];
        assert_eq!(b.recv(&mut buf).map(|r| r.filled()), Ok(3));
        assert_eq!(b.recv(&mut buf).map(|r| r.filled()), Ok(3));
    });
}

#[test]
fn recv_from_an_unnamed_unix_peer_is_unnamed() {
    no_leak(|| {
        let unnamed = SockAddr::Unix(SockAddrUn::UNNAMED);
        for ty in [Type::DGRAM, Type::STREAM] {
            let (a, b) = unix_pair(ty);
            a.send(b"x").unwrap();
            let mut buf = [0; 4];
            let peeked = b.recv_from_with(&mut buf, RecvFlags::DEFAULT.peek());
            assert_eq!(
                peeked.map(|(r, a)| (r.filled(), a)),
                Ok((1, unnamed)),
                "{ty:?}"
            );
            let taken = b.recv_from(&mut buf);
            assert_eq!(
                taken.map(|(r, a)| (r.filled(), a)),
                Ok((1, unnamed)),
                "{ty:?}"
            );
            a.send_vectored(&[IoSlice::new(b"y")]).unwrap();
            let (_, from) = b
                .recv_from_vectored(&mut [IoSliceMut::new(&mut buf)])
                .unwrap();
            assert_eq!(from, unnamed);
        }
    });
}

#[test]
fn recv_from_a_named_unix_peer_is_its_name() {
    no_leak(|| {
        let dir = ScratchDir::new("io");
        let names = [
            SockAddrUn::new(&dir.path("server")).unwrap(),
            SockAddrUn::new_abstract(format!("baresock-io-{}", std::process::id()).as_bytes())
                .unwrap(),
        ];
        for (i, server_name) in names.iter().enumerate() {
            let server = bounded(Socket::new(Domain::UNIX, Type::DGRAM, None).unwrap());
            server.bind(server_name).unwrap();
            let client = bounded(Socket::new(Domain::UNIX, Type::DGRAM, None).unwrap());
            let client_name = match i {
                0 => SockAddrUn::new(&dir.path("client")).unwrap(),
                _ => SockAddrUn::new_abstract(
                    format!("baresock-io-c-{}", std::process::id()).as_bytes(),
                )
                .unwrap(),
            };
            client.bind(&client_name).unwrap();
            client.send_to(b"named", server_name).unwrap();
            let mut buf = [0; 8];
            let (r, peer) = server.recv_from(&mut buf).unwrap();
            assert_eq!((r.filled(), peer), (5, SockAddr::Unix(client_name)));
            assert_eq!(server.send_to(b"back", &peer), Ok(4));
            assert_eq!(
                client.recv_from(&mut buf).map(|(r, a)| (r.filled(), a)),
                Ok((4, SockAddr::Unix(*server_name)))
            );
        }
    });
}

#[test]
fn recv_from_on_tcp_names_no_address() {
    no_leak(|| {
        let (c, conn) = tcp_pair(Domain::INET);
        c.send(b"t").unwrap();
        let mut buf = [0; 1];
        // TCP's recvfrom(2) writes no address: AF_UNSPEC.
        assert_eq!(
            conn.recv_from(&mut buf).map(|(r, a)| (r.filled(), a)),
            Ok((1, SockAddr::Other { family: 0 }))
        );
    });
}

#[test]
fn pair_is_cloexec_unless_inheritable() {
    use rustix::io::{fcntl_getfd, FdFlags};
    no_leak(|| {
        let (a, b) = Socket::pair(Domain::UNIX, Type::STREAM, None).unwrap();
        assert!(fcntl_getfd(&a).unwrap().contains(FdFlags::CLOEXEC));
        assert!(fcntl_getfd(&b).unwrap().contains(FdFlags::CLOEXEC));
        let inheritable = Flags::DEFAULT.inheritable();
        let (a, b) = Socket::pair_with(Domain::UNIX, Type::DGRAM, None, inheritable).unwrap();
        assert!(!fcntl_getfd(&a).unwrap().contains(FdFlags::CLOEXEC));
        assert!(!fcntl_getfd(&b).unwrap().contains(FdFlags::CLOEXEC));
    });
}

#[test]
fn pair_with_nonblocking_sets_both_ends() {
    no_leak(|| {
        let flags = Flags::DEFAULT.nonblocking();
        let (a, b) = Socket::pair_with(Domain::UNIX, Type::STREAM, None, flags).unwrap();
        let mut buf = [0; 1];
        assert_eq!(a.recv(&mut buf), Err(Error::Again));
        assert_eq!(b.recv(&mut buf), Err(Error::Again));
    });
}

#[test]
fn pair_failures_are_op_not_supp_and_proto_no_support() {
    no_leak(|| {
        for domain in IP {
            for ty in [Type::STREAM, Type::DGRAM] {
                assert_eq!(Socket::pair(domain, ty, None).err(), Some(Error::OpNotSupp));
            }
        }
        let tcp = Socket::pair_with(
            Domain::UNIX,
            Type::STREAM,
            Some(Protocol::TCP),
            Flags::DEFAULT,
        );
        assert_eq!(tcp.err(), Some(Error::ProtoNoSupport));
    });
}

#[test]
fn send_to_failures_name_their_errno() {
    no_leak(|| {
        let v4 = udp(Domain::INET);
        let v6_addr = udp(Domain::INET6).local_addr().unwrap();
        assert_eq!(v4.send_to(b"x", &v6_addr), Err(Error::AfNoSupport));
        let port_zero = SockAddrIn::new(Ipv4Addr::LOCALHOST, 0);
        assert_eq!(v4.send_to(b"x", &port_zero), Err(Error::Inval));
        let to = udp(Domain::INET).local_addr().unwrap();
        let too_big = vec![0u8; 70_000];
        assert_eq!(v4.send_to(&too_big, &to), Err(Error::MsgSize));
        let parts = [IoSlice::new(&too_big)];
        assert_eq!(v4.send_to_vectored(&parts, &to), Err(Error::MsgSize));

        // TCP: unconnected, EPIPE (and no SIGPIPE); connected, the address
        // is ignored and the bytes go to the peer.
        let tcp = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        assert_eq!(tcp.send_to(b"x", &to), Err(Error::Pipe));
        let (c, conn) = tcp_pair(Domain::INET);
        assert_eq!(c.send_to(b"y", &to), Ok(1));
        let mut buf = [0; 1];
        assert_eq!(conn.recv(&mut buf).map(|r| r.filled()), Ok(1));
        assert_eq!(&buf, b"y");

        // Unix: a connected stream refuses an address; a datagram to a name
        // nothing is bound to is refused, or not found.
        let (a, _b) = unix_pair(Type::STREAM);
        let nobody = SockAddrUn::new_abstract(b"baresock-io-nobody-listens").unwrap();
        assert_eq!(a.send_to(b"x", &nobody), Err(Error::IsConn));
        let dgram = Socket::new(Domain::UNIX, Type::DGRAM, None).unwrap();
        assert_eq!(dgram.send_to(b"x", &nobody), Err(Error::ConnRefused));
        let dir = ScratchDir::new("io-errors");
        let missing = SockAddrUn::new(&dir.path("no/such/socket")).unwrap();
        assert_eq!(dgram.send_to(b"x", &missing), Err(Error::NoEnt));
        // An address of another family: unix(7) says EINVAL.
        assert_eq!(dgram.send_to(b"x", &to), Err(Error::Inval));
    });
}

#[test]
fn a_send_to_a_peer_that_left_is_pipe_not_sigpipe() {
    no_leak(|| {
        let (a, b) = unix_pair(Type::STREAM);
        drop(b);
        // Without MSG_NOSIGNAL each of these would kill the test process.
        assert_eq!(a.send(b"x"), Err(Error::Pipe));
        assert_eq!(
            a.send_with(b"x", SendFlags::DEFAULT.more()),
            Err(Error::Pipe)
        );
        assert_eq!(a.send_vectored(&[IoSlice::new(b"x")]), Err(Error::Pipe));
        let (a, b) = unix_pair(Type::DGRAM);
        drop(b);
        assert_eq!(a.send(b"x"), Err(Error::ConnRefused));
    });
}

#[test]
fn a_connected_udp_receive_after_a_closed_port_is_conn_refused() {
    no_leak(|| {
        // A port that was bound a moment ago and is closed now.
        let closed = udp(Domain::INET).local_addr().unwrap();
        let c = udp(Domain::INET);
        c.connect(&closed).unwrap();
        c.send(b"anyone?").unwrap();
        let mut buf = [0; 8];
        // The ICMP port unreachable comes back as the socket's error.
        assert_eq!(c.recv_from(&mut buf).err(), Some(Error::ConnRefused));
    });
}

#[test]
fn data_calls_on_a_file_that_is_not_a_socket_are_not_sock() {
    no_leak(|| {
        let (read_end, write_end) = rustix::pipe::pipe().unwrap();
        let not_socket = Socket::from(read_end);
        let to = SockAddrIn::new(Ipv4Addr::LOCALHOST, 9);
        let mut buf = [0; 4];
        assert_eq!(not_socket.send(b"x"), Err(Error::NotSock));
        assert_eq!(
            not_socket.send_with(b"x", SendFlags::DEFAULT),
            Err(Error::NotSock)
        );
        assert_eq!(not_socket.send_to(b"x", &to), Err(Error::NotSock));
        assert_eq!(not_socket.recv(&mut buf), Err(Error::NotSock));
        assert_eq!(
            not_socket.recv_with(&mut buf, RecvFlags::DEFAULT),
            Err(Error::NotSock)
        );
        assert_eq!(not_socket.recv_from(&mut buf).err(), Some(Error::NotSock));
        let parts = [IoSlice::new(b"x")];
        assert_eq!(not_socket.send_vectored(&parts), Err(Error::NotSock));
        assert_eq!(
            not_socket.send_to_vectored(&parts, &to),
            Err(Error::NotSock)
        );
        let mut bufs = [IoSliceMut::new(&mut buf)];
        assert_eq!(
            not_socket.recv_vectored(&mut bufs).err(),
            Some(Error::NotSock)
        );
        drop(write_end);
    });
}
