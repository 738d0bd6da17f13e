//! Failure paths against the real kernel: each gives its named variant, and
//! none leaks an fd (the count of /proc/self/fd is the same before and after).
//!
//! Every test here holds `fd_lock()`, so no other test in this binary opens
//! or closes fds while one counts them.

use crate::common;

use baresock::{
    Backlog, Domain, Error, Flags, Protocol, Shutdown, SockAddr, SockAddrIn, SockAddrIn6,
    SockAddrUn, Socket, Type,
};
use common::*;
use core::net::Ipv4Addr;

#[test]
fn bind_to_an_address_in_use_is_addr_in_use() {
    no_leak(|| {
        let (_server, addr) = listener(Domain::INET, Backlog::DEFAULT);
        let second = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        assert_eq!(second.bind(&addr), Err(Error::AddrInUse));
        let (_server6, addr6) = listener(Domain::INET6, Backlog::DEFAULT);
        let second6 = Socket::new(Domain::INET6, Type::STREAM, None).unwrap();
        assert_eq!(second6.bind(&addr6), Err(Error::AddrInUse));
    });
}

#[test]
fn bind_twice_is_invalid_input() {
    no_leak(|| {
        let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        sock.bind(&V4_ANY_PORT).unwrap();
        assert_eq!(sock.bind(&V4_ANY_PORT), Err(Error::Inval));
    });
}

#[test]
fn listen_on_unbound_udp_is_op_not_supp() {
    no_leak(|| {
        let udp = Socket::new(Domain::INET, Type::DGRAM, None).unwrap();
        assert_eq!(udp.listen(Backlog::DEFAULT), Err(Error::OpNotSupp));
    });
}

#[test]
fn accept_on_non_listening_socket_is_invalid_input() {
    no_leak(|| {
        let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        sock.bind(&V4_ANY_PORT).unwrap();
        assert_eq!(sock.accept().err(), Some(Error::Inval));
        assert_eq!(sock.accept_bare(Flags::DEFAULT).err(), Some(Error::Inval));
    });
}

#[test]
fn accept_on_udp_is_op_not_supp() {
    no_leak(|| {
        let udp = Socket::new(Domain::INET, Type::DGRAM, None).unwrap();
        assert_eq!(udp.accept().err(), Some(Error::OpNotSupp));
    });
}

#[test]
fn calls_on_a_file_that_is_not_a_socket_are_not_sock() {
    no_leak(|| {
        let (read_end, write_end) = rustix::pipe::pipe().unwrap();
        drop(write_end);
        let not_socket = Socket::from(read_end);
        assert_eq!(not_socket.bind(&V4_ANY_PORT), Err(Error::NotSock));
        assert_eq!(not_socket.listen(Backlog::DEFAULT), Err(Error::NotSock));
        assert_eq!(not_socket.accept().err(), Some(Error::NotSock));
        assert_eq!(not_socket.connect(&V4_ANY_PORT), Err(Error::NotSock));
        assert_eq!(not_socket.set_reuse_address(true), Err(Error::NotSock));
        assert_eq!(not_socket.reuse_address(), Err(Error::NotSock));
        assert_eq!(not_socket.local_addr().err(), Some(Error::NotSock));
        assert_eq!(not_socket.shutdown(Shutdown::Both), Err(Error::NotSock));
    });
}

#[test]
fn connect_to_a_closed_port_is_conn_refused() {
    no_leak(|| {
        // Bound but not listening: nothing accepts on that port.
        let closed = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        closed.bind(&V4_ANY_PORT).unwrap();
        let client = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        assert_eq!(
            client.connect(&closed.local_addr().unwrap()),
            Err(Error::ConnRefused)
        );
    });
}

#[test]
fn wrong_family_is_af_no_support() {
    no_leak(|| {
        let v4 = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        assert_eq!(v4.bind(&V6_ANY_PORT), Err(Error::AfNoSupport));
        assert_eq!(v4.connect(&V6_ANY_PORT), Err(Error::AfNoSupport));
        // A family the kernel does not know at all.
        assert_eq!(
            Socket::new(Domain::UNIX, Type::STREAM, None)
                .unwrap()
                .bind(&SockAddr::Other { family: 4095 }),
            Err(Error::Inval)
        );
    });
}

#[test]
fn a_protocol_the_type_does_not_carry_is_proto_no_support() {
    no_leak(|| {
        let r = Socket::new_with(
            Domain::INET,
            Type::STREAM,
            Some(Protocol::UDP),
            Flags::DEFAULT,
        );
        assert_eq!(r.err(), Some(Error::ProtoNoSupport));
        let r = Socket::new_with(
            Domain::UNIX,
            Type::STREAM,
            Some(Protocol::TCP),
            Flags::DEFAULT,
        );
        assert_eq!(r.err(), Some(Error::ProtoNoSupport));
    });
}

#[test]
fn unconnected_stream_calls_are_not_conn_or_pipe() {
    no_leak(|| {
        let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        assert_eq!(sock.peer_addr().err(), Some(Error::NotConn));
        assert_eq!(sock.shutdown(Shutdown::Write), Err(Error::NotConn));
        assert_eq!(
            sock.send(b"x"),
            Err(Error::Pipe),
            "MSG_NOSIGNAL: EPIPE, no SIGPIPE"
        );
        let mut buf = [0u8; 1];
        assert_eq!(sock.recv(&mut buf), Err(Error::NotConn));
    });
}

#[test]
fn unconnected_udp_send_is_dest_addr_req() {
    no_leak(|| {
        let udp = Socket::new(Domain::INET, Type::DGRAM, None).unwrap();
        assert_eq!(udp.send(b"x"), Err(Error::DestAddrReq));
    });
}

#[test]
fn oversized_udp_datagram_is_msg_size() {
    no_leak(|| {
        let a = Socket::new(Domain::INET, Type::DGRAM, None).unwrap();
        let b = Socket::new(Domain::INET, Type::DGRAM, None).unwrap();
        b.bind(&V4_ANY_PORT).unwrap();
        a.connect(&b.local_addr().unwrap()).unwrap();
        let too_big = vec![0u8; 70_000]; // over the 65,507-byte UDP payload limit
        assert_eq!(a.send(&too_big), Err(Error::MsgSize));
    });
}

#[test]
fn connect_twice_is_is_conn() {
    no_leak(|| {
        let (server, addr) = listener(Domain::INET, Backlog::DEFAULT);
        let c = client(Domain::INET, &addr);
        assert_eq!(c.connect(&addr), Err(Error::IsConn));
        drop(server.accept_bare(Flags::DEFAULT).unwrap());
    });
}

#[test]
fn nonblocking_connect_is_in_progress_then_already() {
    no_leak(|| {
        // A listener whose queue is full (backlog 0 holds one) drops SYNs, so
        // a non-blocking connect to it stays in progress.
        let (_server, addr) = listener(Domain::INET, Backlog::new(0));
        let first = nonblocking(Domain::INET);
        match first.connect(&addr) {
            Ok(()) | Err(Error::InProgress) => {}
            Err(e) => panic!("first connect: {e}"),
        }
        assert!(wait_for(&first, rustix::event::PollFlags::OUT, 2000));
        let stalled = nonblocking(Domain::INET);
        assert_eq!(stalled.connect(&addr), Err(Error::InProgress));
        assert_eq!(stalled.connect(&addr), Err(Error::Already));
    });
}

#[test]
fn peer_reset_is_conn_reset() {
    no_leak(|| {
        let (server, addr) = listener(Domain::INET, Backlog::DEFAULT);
        let c = client(Domain::INET, &addr);
        let (conn, _) = server.accept().unwrap();
        let conn = bounded(conn);
        // Linger 0: close sends RST instead of FIN.
        c.set_linger(Some(std::time::Duration::ZERO)).unwrap();
        drop(c);
        let mut buf = [0u8; 1];
        assert_eq!(conn.recv(&mut buf), Err(Error::ConnReset));
    });
}

#[test]
fn unix_path_errors_no_ent_not_dir_loop_addr_in_use_proto_type() {
    no_leak(|| {
        let dir = ScratchDir::new("errors");
        let sock = || Socket::new(Domain::UNIX, Type::STREAM, None).unwrap();

        let missing = SockAddrUn::new(&dir.path("no/such/dir/s")).unwrap();
        assert_eq!(sock().bind(&missing), Err(Error::NoEnt));
        assert_eq!(sock().connect(&missing), Err(Error::NoEnt));

        std::fs::write(dir.0.join("file"), b"").unwrap();
        let through_file = SockAddrUn::new(&dir.path("file/s")).unwrap();
        assert_eq!(sock().bind(&through_file), Err(Error::NotDir));

        std::os::unix::fs::symlink("b", dir.0.join("a")).unwrap();
        std::os::unix::fs::symlink("a", dir.0.join("b")).unwrap();
        let looping = SockAddrUn::new(&dir.path("a/s")).unwrap();
        assert_eq!(sock().bind(&looping), Err(Error::Loop));

        let taken = SockAddrUn::new(&dir.path("taken")).unwrap();
        let first = sock();
        first.bind(&taken).unwrap();
        assert_eq!(sock().bind(&taken), Err(Error::AddrInUse));

        // A stream socket cannot connect to a datagram socket's name.
        let dgram_path = SockAddrUn::new(&dir.path("dgram")).unwrap();
        let dgram = Socket::new(Domain::UNIX, Type::DGRAM, None).unwrap();
        dgram.bind(&dgram_path).unwrap();
        assert_eq!(sock().connect(&dgram_path), Err(Error::ProtoType));
    });
}

#[test]
fn option_on_the_wrong_protocol_is_reported() {
    no_leak(|| {
        let unix = Socket::new(Domain::UNIX, Type::STREAM, None).unwrap();
        assert_eq!(unix.set_tcp_nodelay(true), Err(Error::OpNotSupp));
        let v4 = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        assert_eq!(v4.set_only_v6(true), Err(Error::NoProtoOpt));
        let udp = Socket::new(Domain::INET, Type::DGRAM, None).unwrap();
        assert_eq!(udp.tcp_nodelay(), Err(Error::OpNotSupp));
    });
}

// ---------------------------------------------------------------------------
// Limits that would disturb the test harness run in a child process: the
// test re-executes this binary with an environment variable naming the child
// to play, and checks the child's exit status.

const CHILD: &str = "BARESOCK_ERRORS_CHILD";

fn run_in_child(name: &str) {
    common::run_in_child(CHILD, name);
}

fn in_child(name: &str) -> bool {
    common::in_child(CHILD, name)
}

/// Lowers the soft RLIMIT_NOFILE to the lowest free fd number, so that no
/// new fd can be made (a new fd must be below the limit, and every number
/// below it is taken). Returns the old limit.
fn exhaust_fds(any_open: &Socket) -> rustix::process::Rlimit {
    use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
    let lowest_free = rustix::fd::AsRawFd::as_raw_fd(&rustix::io::dup(any_open).unwrap()) as u64;
    let old = getrlimit(Resource::Nofile);
    setrlimit(
        Resource::Nofile,
        Rlimit {
            current: Some(lowest_free),
            maximum: old.maximum,
        },
    )
    .unwrap();
    old
}

#[test]
fn emfile_under_lowered_rlimit_nofile() {
    const NAME: &str = "errors::emfile_under_lowered_rlimit_nofile";
    if !in_child(NAME) {
        return run_in_child(NAME);
    }
    let (server, addr) = listener(Domain::INET, Backlog::DEFAULT);
    let pending = client(Domain::INET, &addr);
    let before = open_fds();
    let old = exhaust_fds(&server);
    // No fd left: socket() and accept4() both fail with EMFILE ...
    assert_eq!(
        Socket::new(Domain::INET, Type::STREAM, None).err(),
        Some(Error::MFile)
    );
    assert_eq!(server.accept().err(), Some(Error::MFile));
    assert_eq!(server.accept_bare(Flags::DEFAULT).err(), Some(Error::MFile));
    // ... and the connection stays queued: freeing one fd lets accept4 take it.
    drop(pending);
    let (conn, peer) = server.accept().unwrap();
    assert!(matches!(peer, SockAddr::Inet(_)));
    rustix::process::setrlimit(rustix::process::Resource::Nofile, old).unwrap();
    // One client fd closed, one connection fd opened: nothing else leaked.
    assert_eq!(open_fds(), before, "an fd leaked");
    drop(conn);
}

#[test]
fn privileged_port_as_unprivileged_user_is_access() {
    const NAME: &str = "errors::privileged_port_as_unprivileged_user_is_access";
    if !in_child(NAME) {
        return run_in_child(NAME);
    }
    let start: u16 = std::fs::read_to_string("/proc/sys/net/ipv4/ip_unprivileged_port_start")
        .map_or(1024, |s| s.trim().parse().unwrap());
    if start <= 1 {
        eprintln!("every port is unprivileged here (ip_unprivileged_port_start = {start}): nothing to test");
        return;
    }
    // Become `nobody` on this thread (raw setresuid: one thread only), which
    // drops every capability, CAP_NET_BIND_SERVICE included.
    if rustix::process::geteuid().is_root() {
        let nobody = rustix::process::Uid::from_raw(65534);
        rustix::thread::set_thread_res_uid(nobody, nobody, nobody).unwrap();
    }
    let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    let privileged = SockAddrIn::new(Ipv4Addr::LOCALHOST, start - 1);
    assert_eq!(sock.bind(&privileged), Err(Error::Access));
    let sock6 = Socket::new(Domain::INET6, Type::STREAM, None).unwrap();
    let privileged6 = SockAddrIn6::new(core::net::Ipv6Addr::LOCALHOST, start - 1, 0, 0);
    assert_eq!(sock6.bind(&privileged6), Err(Error::Access));
}

/// Drops every capability of this thread by becoming `nobody` (raw
/// setresuid: this thread only), if it is root.
fn become_nobody() {
    if rustix::process::geteuid().is_root() {
        let nobody = rustix::process::Uid::from_raw(65534);
        rustix::thread::set_thread_res_uid(nobody, nobody, nobody).unwrap();
    }
}

#[test]
fn fds_in_flight_over_rlimit_nofile_is_too_many_refs() {
    const NAME: &str = "errors::fds_in_flight_over_rlimit_nofile_is_too_many_refs";
    if !in_child(NAME) {
        return run_in_child(NAME);
    }
    use rustix::fd::AsFd;
    use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
    // CAP_SYS_RESOURCE (or CAP_SYS_ADMIN) would lift the limit.
    become_nobody();
    let (a, _b) = Socket::pair(Domain::UNIX, Type::DGRAM, None).unwrap();
    let fds = vec![a.as_fd(); 20];
    let mut space = baresock::ControlBuffer::<{ baresock::space_for_fds(20) }>::new();
    let mut send = || {
        let mut control = baresock::SendControl::new(&mut space);
        control.push_fds(&fds).unwrap();
        a.sendmsg(
            &[baresock::IoSlice::new(b"x")],
            &mut control,
            baresock::SendFlags::DEFAULT,
        )
    };
    // A user's fds in flight (sent, not yet received) may not exceed its
    // RLIMIT_NOFILE; the check is made before each send adds its own.
    let old = getrlimit(Resource::Nofile);
    let low = Rlimit {
        current: Some(16),
        maximum: old.maximum,
    };
    setrlimit(Resource::Nofile, low).unwrap();
    assert_eq!(send(), Ok(1), "0 in flight: allowed, 20 now");
    assert_eq!(send(), Err(Error::TooManyRefs), "20 in flight > 16");
    setrlimit(Resource::Nofile, old).unwrap();
}

#[test]
fn credentials_not_ones_own_are_perm_without_privilege() {
    const NAME: &str = "errors::credentials_not_ones_own_are_perm_without_privilege";
    if !in_child(NAME) {
        return run_in_child(NAME);
    }
    use baresock::{ControlBuffer, Credentials, SendControl, SPACE_FOR_CREDENTIALS};
    become_nobody();
    let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None).unwrap();
    let me = Credentials::current();
    let send = |creds: Credentials| {
        let mut space = ControlBuffer::<SPACE_FOR_CREDENTIALS>::new();
        let mut control = SendControl::new(&mut space);
        control.push_credentials(creds).unwrap();
        a.sendmsg(
            &[baresock::IoSlice::new(b"x")],
            &mut control,
            baresock::SendFlags::DEFAULT,
        )
    };
    assert_eq!(send(Credentials { pid: 1, ..me }), Err(Error::Perm));
    assert_eq!(send(Credentials { uid: 0, ..me }), Err(Error::Perm));
    // A group this process is not in (its gid is still root's: only the
    // uids changed).
    let other_gid = me.gid.wrapping_add(4242);
    assert_eq!(
        send(Credentials {
            gid: other_gid,
            ..me
        }),
        Err(Error::Perm)
    );
    assert_eq!(send(me), Ok(1), "one's own may be sent");
    assert_eq!(b.peer_credentials().map(|c| c.uid), Ok(me.uid));
}
