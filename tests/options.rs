//! Every option setter, checked by reading the value back from the kernel
//! (getsockopt), in both directions so a setter that ignores its argument
//! cannot pass.

use std::time::Duration;

use baresock::{Backlog, Domain, Error, SockAddrIn, Socket, Type};
use core::net::Ipv4Addr;

/// For each `(domain, type, setter, getter, [values...])`: set each value
/// on a fresh socket in turn and read it back.
macro_rules! round_trip {
    ($($name:ident: $domain:expr, $ty:expr, $set:ident, $get:ident, [$($value:expr => $expect:expr),+ $(,)?];)*) => {$(
        #[test]
        fn $name() {
            let sock = Socket::new($domain, $ty).unwrap();
            $(
                sock.$set($value).unwrap();
                assert_eq!(sock.$get().unwrap(), $expect, "{} after {}({:?})", stringify!($get), stringify!($set), $value);
            )+
        }
    )*};
}

round_trip! {
    so_reuseaddr: Domain::Inet, Type::Stream, set_reuse_address, reuse_address, [true => true, false => false];
    so_reuseport: Domain::Inet6, Type::Datagram, set_reuse_port, reuse_port, [true => true, false => false];
    tcp_nodelay: Domain::Inet, Type::Stream, set_tcp_nodelay, tcp_nodelay, [true => true, false => false];
    ipv6_v6only: Domain::Inet6, Type::Stream, set_only_v6, only_v6, [true => true, false => false];
    so_keepalive: Domain::Inet, Type::Stream, set_keepalive, keepalive, [true => true, false => false];
    // The kernel doubles buffer sizes (for its bookkeeping), within limits.
    so_rcvbuf: Domain::Inet, Type::Stream, set_recv_buffer_size, recv_buffer_size, [8192 => 16384, 32768 => 65536];
    so_sndbuf: Domain::Inet, Type::Datagram, set_send_buffer_size, send_buffer_size, [8192 => 16384, 32768 => 65536];
    so_linger: Domain::Inet, Type::Stream, set_linger, linger, [
        Some(Duration::from_secs(7)) => Some(Duration::from_secs(7)),
        Some(Duration::ZERO) => Some(Duration::ZERO),
        None::<Duration> => None,
    ];
}

#[test]
fn so_type_reports_the_created_type() {
    for domain in [Domain::Inet, Domain::Inet6, Domain::Unix] {
        for ty in [Type::Stream, Type::Datagram] {
            assert_eq!(Socket::new(domain, ty).unwrap().socket_type().unwrap(), ty);
        }
    }
}

#[test]
fn so_error_reports_a_failed_nonblocking_connect_once() {
    // A non-blocking connect to a port nobody listens on: the refusal
    // arrives as SO_ERROR, which reading clears.
    let closed = Socket::new(Domain::Inet, Type::Stream).unwrap();
    closed
        .bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))
        .unwrap();
    let target = closed.local_addr().unwrap();
    let client = Socket::with(
        Domain::Inet,
        Type::Stream,
        baresock::Protocol::DEFAULT,
        baresock::Flags::DEFAULT.nonblocking(),
    )
    .unwrap();
    match client.connect(&target) {
        Err(Error::InProgress) => {
            let mut fds = [rustix::event::PollFd::new(
                &client,
                rustix::event::PollFlags::OUT,
            )];
            let timeout = rustix::event::Timespec {
                tv_sec: 5,
                tv_nsec: 0,
            };
            assert_eq!(rustix::event::poll(&mut fds, Some(&timeout)).unwrap(), 1);
            assert_eq!(client.take_error().unwrap(), Some(Error::ConnRefused));
        }
        // Loopback may refuse synchronously; then SO_ERROR is already clear.
        Err(Error::ConnRefused) => {}
        other => panic!("connect to a closed port: {other:?}"),
    }
    assert_eq!(
        client.take_error().unwrap(),
        None,
        "SO_ERROR clears on read"
    );
}

#[test]
fn so_acceptconn_follows_listen() {
    let sock = Socket::new(Domain::Inet, Type::Stream).unwrap();
    assert!(!sock.is_listener().unwrap());
    sock.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0)).unwrap();
    sock.listen(Backlog::new(4)).unwrap();
    assert!(sock.is_listener().unwrap());
}
