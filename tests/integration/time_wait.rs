//! The seed's TIME_WAIT case: a server that closes its connections first
//! leaves them in TIME_WAIT on its port; a restarted server then cannot bind
//! that port without SO_REUSEADDR, and can with it.

use crate::common;

use std::time::{Duration, Instant};

use baresock::{Backlog, Domain, Error, SockAddr, SockAddrIn, Socket, Type};
use common::*;
use core::net::Ipv4Addr;

/// Whether /proc/net/tcp lists a TIME_WAIT (state 06) socket on local port `port`.
fn time_wait_on(port: u16) -> bool {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
    let suffix = format!(":{port:04X}");
    table.lines().skip(1).any(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        fields.len() > 3 && fields[1].ends_with(&suffix) && fields[3] == "06"
    })
}

/// Serves one connection on 127.0.0.1:`port` and closes it from the server
/// side first, as a server that is stopped does; `reuse` is the old
/// server's SO_REUSEADDR. Returns the port.
fn serve_and_close_first(port: u16, reuse: bool) -> u16 {
    let server = bounded(Socket::new(Domain::INET, Type::STREAM, None).unwrap());
    server.set_reuse_address(reuse).unwrap(); // the seed's server sets it
    server
        .bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, port))
        .unwrap();
    server.listen(Backlog::DEFAULT).unwrap();
    let addr = server.local_addr().unwrap();
    let client = client(Domain::INET, &addr);
    let (conn, _) = server.accept().unwrap();
    drop(conn); // the server sends FIN first: the active closer
    drop(server); // and the server process "exits"

    // The client reads end-of-stream, then closes its side; the server's
    // side of the connection moves FIN_WAIT_2 -> TIME_WAIT.
    let mut buf = [0u8; 1];
    assert_eq!(client.recv(&mut buf).unwrap().filled(), 0);
    drop(client);
    addr.as_ip().unwrap().port()
}

#[test]
fn restart_rebinds_through_time_wait_only_with_so_reuseaddr() {
    let port = serve_and_close_first(0, true);
    wait_for_time_wait(port);
    let addr = SockAddr::from(SockAddrIn::new(Ipv4Addr::LOCALHOST, port));

    // Without SO_REUSEADDR: the TIME_WAIT connection still holds the port.
    let plain = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    assert!(!plain.reuse_address().unwrap());
    assert_eq!(plain.bind(&addr), Err(Error::AddrInUse));
    assert!(
        time_wait_on(port),
        "the failure above must be the TIME_WAIT's doing"
    );

    // With SO_REUSEADDR: the restarted server binds and listens.
    let restarted = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    restarted.set_reuse_address(true).unwrap();
    restarted.bind(&addr).unwrap();
    restarted.listen(Backlog::DEFAULT).unwrap();
    assert_eq!(restarted.local_addr().unwrap(), addr);
}

/// Waits (5 s at most) until a connection on `port` is in TIME_WAIT.
fn wait_for_time_wait(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !time_wait_on(port) {
        assert!(
            Instant::now() < deadline,
            "no TIME_WAIT on port {port} within 5 s"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A TIME_WAIT connection keeps the flag of the socket it came from (the
/// old listener's, inherited at accept): when the old server did not set
/// SO_REUSEADDR, the new one's flag is not enough.
#[test]
fn restart_after_a_server_without_so_reuseaddr_is_addr_in_use() {
    let port = serve_and_close_first(0, false);
    wait_for_time_wait(port);
    let addr = SockAddr::from(SockAddrIn::new(Ipv4Addr::LOCALHOST, port));
    let restarted = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    restarted.set_reuse_address(true).unwrap();
    assert_eq!(restarted.bind(&addr), Err(Error::AddrInUse));
    assert!(time_wait_on(port), "the TIME_WAIT connection's doing");
}

#[test]
fn so_reuseaddr_does_not_steal_a_listening_port() {
    // SO_REUSEADDR only reuses a port held by TIME_WAIT (or other
    // non-listening) sockets: a live listener keeps it.
    let (_live, addr) = listener(Domain::INET, Backlog::DEFAULT);
    let second = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    second.set_reuse_address(true).unwrap();
    assert_eq!(second.bind(&addr), Err(Error::AddrInUse));
}
