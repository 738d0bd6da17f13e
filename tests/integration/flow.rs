//! The whole server flow against the real kernel, on loopback:
//! socket -> SO_REUSEADDR -> bind -> listen -> connect -> accept4 -> send/recv,
//! with every address checked against what the kernel reports.

use crate::common;

use baresock::{
    Backlog, Domain, Shutdown, SockAddr, SockAddrIn, SockAddrIn6, SockAddrUn, Socket, Type,
    UnixAddrKind,
};
use common::*;
use core::net::{Ipv4Addr, Ipv6Addr, SocketAddr};

/// The address rustix's own decoder reads from getsockname / getpeername:
/// an oracle independent of baresock's decoding.
fn rustix_local(sock: &Socket) -> SocketAddr {
    rustix::net::getsockname(sock).unwrap().try_into().unwrap()
}
fn rustix_peer(sock: &Socket) -> SocketAddr {
    rustix::net::getpeername(sock)
        .unwrap()
        .unwrap()
        .try_into()
        .unwrap()
}

fn ip_flow(domain: Domain) {
    let (server, addr) = listener(domain, Backlog::DEFAULT);
    assert!(server.is_listener().unwrap());
    assert!(server.reuse_address().unwrap());
    let server_ip = addr.as_ip().unwrap();
    assert_ne!(server_ip.port(), 0, "the kernel picks a port for port 0");
    assert_eq!(server_ip, rustix_local(&server));

    let client = client(domain, &addr);
    let (conn, peer) = server.accept().unwrap();
    let conn = bounded(conn);

    // accept4's peer is the client's own address, as the kernel reports both.
    assert_eq!(peer, client.local_addr().unwrap());
    assert_eq!(peer.as_ip().unwrap(), rustix_local(&client));
    assert_eq!(conn.peer_addr().unwrap(), peer);
    assert_eq!(
        conn.peer_addr().unwrap().as_ip().unwrap(),
        rustix_peer(&conn)
    );
    // The accepted socket's local address is the listener's; the client's peer too.
    assert_eq!(conn.local_addr().unwrap(), addr);
    assert_eq!(client.peer_addr().unwrap(), addr);
    assert_eq!(
        client.peer_addr().unwrap().as_ip().unwrap(),
        rustix_peer(&client)
    );

    // Bytes both ways.
    exchange(&client, &conn, b"ping from client");
    exchange(&conn, &client, b"pong from server");

    // Orderly close: shutdown(WR) reads as end-of-stream on the other side.
    client.shutdown(Shutdown::Write).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(conn.recv(&mut buf).unwrap().filled(), 0);
}

#[test]
fn v4_flow_socket_reuseaddr_bind_listen_accept4_send_recv() {
    ip_flow(Domain::INET);
}

#[test]
fn v6_flow_socket_reuseaddr_bind_listen_accept4_send_recv() {
    ip_flow(Domain::INET6);
}

#[test]
fn v4_peer_is_decoded_into_sockaddr_in() {
    let (server, addr) = listener(Domain::INET, Backlog::DEFAULT);
    let client = client(Domain::INET, &addr);
    let (_conn, peer) = server.accept().unwrap();
    let SockAddr::Inet(peer) = peer else {
        panic!("expected AF_INET, got {peer:?}")
    };
    assert_eq!(peer.ip(), Ipv4Addr::LOCALHOST);
    assert_eq!(SocketAddr::V4(peer.into()), rustix_local(&client));
}

#[test]
fn v6_peer_is_decoded_into_sockaddr_in6() {
    let (server, addr) = listener(Domain::INET6, Backlog::DEFAULT);
    let client = client(Domain::INET6, &addr);
    let (_conn, peer) = server.accept().unwrap();
    let SockAddr::Inet6(peer) = peer else {
        panic!("expected AF_INET6, got {peer:?}")
    };
    assert_eq!(peer.ip(), Ipv6Addr::LOCALHOST);
    assert_eq!(SocketAddr::V6(peer.into()), rustix_local(&client));
}

#[test]
fn v4_client_reaches_v6_listener_through_mapped_address() {
    // An AF_INET6 socket without IPV6_V6ONLY also speaks IPv4, through
    // IPv4-mapped addresses: bound to ::ffff:127.0.0.1 it accepts a plain
    // AF_INET client, whose address is reported as ::ffff:127.0.0.1.
    let server = bounded(Socket::new(Domain::INET6, Type::STREAM, None).unwrap());
    server.set_only_v6(false).unwrap();
    let mapped_loopback = Ipv4Addr::LOCALHOST.to_ipv6_mapped();
    server
        .bind(&SockAddrIn6::new(mapped_loopback, 0, 0, 0))
        .unwrap();
    server.listen(Backlog::DEFAULT).unwrap();
    let port = server.local_addr().unwrap().as_ip().unwrap().port();
    let _client = client(
        Domain::INET,
        &SockAddrIn::new(Ipv4Addr::LOCALHOST, port).into(),
    );
    let (_conn, peer) = server.accept().unwrap();
    let SockAddr::Inet6(peer) = peer else {
        panic!("expected AF_INET6, got {peer:?}")
    };
    assert_eq!(peer.ip(), Ipv4Addr::LOCALHOST.to_ipv6_mapped());
}

#[test]
fn udp_datagrams_both_ways_v4_and_v6() {
    for (domain, any) in [
        (Domain::INET, SockAddr::from(V4_ANY_PORT)),
        (Domain::INET6, SockAddr::from(V6_ANY_PORT)),
    ] {
        let a = bounded(Socket::new(domain, Type::DGRAM, None).unwrap());
        let b = bounded(Socket::new(domain, Type::DGRAM, None).unwrap());
        a.bind(&any).unwrap();
        b.bind(&any).unwrap();
        a.connect(&b.local_addr().unwrap()).unwrap();
        b.connect(&a.local_addr().unwrap()).unwrap();
        assert_eq!(a.socket_type().unwrap(), Type::DGRAM);
        exchange(&a, &b, b"one datagram");
        exchange(&b, &a, b"and back");
    }
}

fn unix_flow(addr: SockAddrUn) {
    let server = bounded(Socket::new(Domain::UNIX, Type::STREAM, None).unwrap());
    server.bind(&addr).unwrap();
    server.listen(Backlog::DEFAULT).unwrap();
    // The kernel reports the name we bound.
    assert_eq!(server.local_addr().unwrap(), SockAddr::Unix(addr));

    let client = bounded(Socket::new(Domain::UNIX, Type::STREAM, None).unwrap());
    client.connect(&addr).unwrap();
    let (conn, peer) = server.accept().unwrap();
    let conn = bounded(conn);
    // An unbound client's address is unnamed: the family alone.
    let SockAddr::Unix(peer) = peer else {
        panic!("expected AF_UNIX, got {peer:?}")
    };
    assert_eq!(peer.kind(), UnixAddrKind::Unnamed);
    assert_eq!(client.peer_addr().unwrap(), SockAddr::Unix(addr));
    exchange(&client, &conn, b"over a unix socket");
    exchange(&conn, &client, b"and back");
}

#[test]
fn unix_pathname_bind_connect_accept() {
    let dir = ScratchDir::new("flow");
    let path = dir.path("server.sock");
    let addr = SockAddrUn::new(&path).unwrap();
    assert_eq!(addr.kind(), UnixAddrKind::Pathname(&path));
    unix_flow(addr);
    // Binding a pathname creates the socket file.
    assert!(dir.0.join("server.sock").exists());
}

#[test]
fn unix_abstract_bind_connect_accept() {
    let name = format!("baresock-test-{}", std::process::id());
    let addr = SockAddrUn::new_abstract(name.as_bytes()).unwrap();
    assert_eq!(
        addr.len(),
        2 + 1 + name.len(),
        "abstract length: offset + 1 + name, no NUL"
    );
    unix_flow(addr);
}

#[test]
fn unix_autobind_gets_an_abstract_name() {
    // Binding the unnamed address asks the kernel to pick an abstract name
    // (five hex digits).
    let sock = Socket::new(Domain::UNIX, Type::DGRAM, None).unwrap();
    sock.bind(&SockAddrUn::UNNAMED).unwrap();
    let SockAddr::Unix(addr) = sock.local_addr().unwrap() else {
        panic!("expected AF_UNIX")
    };
    let name = addr.as_abstract().expect("autobind gives an abstract name");
    assert_eq!(name.len(), 5);
    assert!(name.iter().all(u8::is_ascii_hexdigit));
}

#[test]
fn unix_pathname_from_kernel_matches_with_or_without_nul() {
    // The kernel reports back the length the binder passed: baresock passes
    // the NUL, rustix does too; both decode to the same path.
    let dir = ScratchDir::new("nul");
    let path = dir.path("s");
    let sock = Socket::new(Domain::UNIX, Type::STREAM, None).unwrap();
    let ours = SockAddrUn::new(&path).unwrap();
    sock.bind(&ours).unwrap();
    let any = rustix::net::getsockname(&sock).unwrap();
    assert_eq!(any.addr_len() as usize, ours.len());
    let SockAddr::Unix(back) = sock.local_addr().unwrap() else {
        panic!("expected AF_UNIX")
    };
    assert_eq!(back.as_pathname(), Some(&path[..]));
}
