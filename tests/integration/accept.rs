//! listen's backlog and accept4's flags, as the kernel applies them.

use crate::common;

use baresock::{Backlog, Domain, Error, Flags, Protocol, SockAddrIn, Socket, Type};
use common::*;
use rustix::event::PollFlags;
use rustix::fs::{fcntl_getfl, OFlags};
use rustix::io::{fcntl_getfd, FdFlags};

/// Starts a non-blocking connect to `addr`; true if it completed within `ms`.
fn connect_within(sock: &Socket, addr: &baresock::SockAddr, ms: u64) -> bool {
    match sock.connect(addr) {
        Ok(()) => return true,
        Err(Error::InProgress) => {}
        Err(e) => panic!("connect: {e}"),
    }
    wait_for(sock, PollFlags::OUT, ms) && sock.take_error().unwrap().is_none()
}

/// With backlog N and nobody accepting, the kernel completes N + 1
/// handshakes and then drops further SYNs: the accept queue counts as full
/// only once it holds more than N (`sk_acceptq_is_full` is `>`, not `>=`).
#[test]
fn backlog_n_completes_n_plus_1_connections_then_stalls() {
    for n in [0u32, 1, 3] {
        let (server, addr) = listener(Domain::INET, Backlog::new(n));
        let mut clients = Vec::new();
        for i in 0..=n {
            let c = nonblocking(Domain::INET);
            assert!(
                connect_within(&c, &addr, 2000),
                "backlog {n}: connection {i} did not complete"
            );
            clients.push(c);
        }
        // The next one stays in SYN_SENT: its SYN is dropped while the queue is full.
        let stalled = nonblocking(Domain::INET);
        assert!(
            !connect_within(&stalled, &addr, 300),
            "backlog {n}: connection {} completed with a full queue",
            n + 1
        );
        // Accepting drains the queue; the stalled client completes on its
        // SYN retransmission (about 1 s later).
        for _ in 0..=n {
            server.accept_bare(Flags::DEFAULT).unwrap();
        }
        assert!(
            wait_for(&stalled, PollFlags::OUT, 4000),
            "backlog {n}: the stalled connection never completed after the queue drained"
        );
        assert_eq!(stalled.take_error().unwrap(), None);
    }
}

fn is_cloexec(sock: &Socket) -> bool {
    fcntl_getfd(sock).unwrap().contains(FdFlags::CLOEXEC)
}

fn is_nonblocking(sock: &Socket) -> bool {
    fcntl_getfl(sock).unwrap().contains(OFlags::NONBLOCK)
}

#[test]
fn accept4_nonblock_cloexec_are_set_on_the_new_fd() {
    let (server, addr) = listener(Domain::INET, Backlog::DEFAULT);
    let _client = client(Domain::INET, &addr);
    let (conn, _) = server.accept_with(Flags::DEFAULT.nonblocking()).unwrap();
    assert!(is_cloexec(&conn), "FD_CLOEXEC via fcntl(F_GETFD)");
    assert!(is_nonblocking(&conn), "O_NONBLOCK via fcntl(F_GETFL)");
    // Non-blocking for real: nothing sent yet, so recv does not wait.
    let mut buf = [0u8; 4];
    assert_eq!(conn.recv(&mut buf), Err(Error::Again));
    // The listener itself was untouched.
    assert!(!is_nonblocking(&server));
}

#[test]
fn accept4_default_is_cloexec_and_blocking_inheritable_opts_out() {
    let (server, addr) = listener(Domain::INET, Backlog::DEFAULT);
    let _c1 = client(Domain::INET, &addr);
    let _c2 = client(Domain::INET, &addr);
    let (conn, _) = server.accept().unwrap();
    assert!(is_cloexec(&conn));
    assert!(!is_nonblocking(&conn));
    let inheritable = server.accept_bare(Flags::DEFAULT.inheritable()).unwrap();
    assert!(!is_cloexec(&inheritable));
}

#[test]
fn socket_flags_are_set_at_creation() {
    let plain = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    assert!(is_cloexec(&plain), "CLOEXEC unless the caller opts out");
    assert!(!is_nonblocking(&plain));
    let nb = Socket::new_with(
        Domain::INET6,
        Type::DGRAM,
        Some(Protocol::UDP),
        Flags::DEFAULT.nonblocking(),
    )
    .unwrap();
    assert!(is_cloexec(&nb) && is_nonblocking(&nb));
    let inheritable = Socket::new_with(
        Domain::UNIX,
        Type::STREAM,
        None,
        Flags::DEFAULT.inheritable(),
    )
    .unwrap();
    assert!(!is_cloexec(&inheritable));
}

#[test]
fn accept_on_nonblocking_empty_listener_would_block() {
    let server = nonblocking(Domain::INET);
    server
        .bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))
        .unwrap();
    server.listen(Backlog::DEFAULT).unwrap();
    assert_eq!(server.accept_bare(Flags::DEFAULT).err(), Some(Error::Again));
    assert_eq!(server.accept().err(), Some(Error::Again));
}

#[test]
fn blocking_accept_with_a_timeout_reports_would_block() {
    // SO_RCVTIMEO bounds a blocking accept; the kernel reports EAGAIN.
    let (server, _) = listener(Domain::INET, Backlog::DEFAULT);
    rustix::net::sockopt::set_socket_timeout(
        &server,
        rustix::net::sockopt::Timeout::Recv,
        Some(std::time::Duration::from_millis(50)),
    )
    .unwrap();
    assert_eq!(server.accept().err(), Some(Error::Again));
}
