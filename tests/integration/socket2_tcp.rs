//! socket2's Linux tests of the TCP options and of sendfile(2) (its
//! `tests/socket.rs`: `tcp_mss`, `tcp_thin_linear_timeouts`,
//! `tcp_notsent_lowat`, `sendfile`), under socket2's names, and the options
//! socket2 lacks (`TCP_FASTOPEN`, `TCP_FASTOPEN_CONNECT`, `TCP_DEFER_ACCEPT`,
//! the `TCP_CONGESTION` getter), each read back from the kernel, with the
//! errno the kernel answers when it refuses one.
//!
//! The fast-open tests change `net.ipv4.tcp_fastopen` (they run as root):
//! `Sysctl` serializes them (in this process and against other test
//! processes) and restores the old value, even when a test panics.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use crate::common::{bounded, emulated, listener, tcp_pair, wait_for};
use baresock::{Backlog, Domain, Error, Socket, Type};
use rustix::event::PollFlags;
use rustix::fd::OwnedFd;
use rustix::fs::{MemfdFlags, Mode, OFlags, SeekFrom};

/// For each domain socket2 tests (IPv4 and IPv6), socket2's round trip: the
/// initial value differs from `value`, and `value` reads back as `expect`.
fn round_trip<T: PartialEq + std::fmt::Debug + Copy>(
    set: fn(&Socket, T) -> baresock::Result<()>,
    get: fn(&Socket) -> baresock::Result<T>,
    value: T,
    expect: T,
) {
    for domain in [Domain::INET, Domain::INET6] {
        let sock = Socket::new(domain, Type::STREAM, None).unwrap();
        let initial = get(&sock).unwrap();
        assert_ne!(initial, value, "initial value and argument are the same");
        set(&sock, value).unwrap();
        assert_eq!(get(&sock).unwrap(), expect, "{domain:?}");
    }
}

/// What the kernel answers for a TCP option on a UDP/IPv4, a UDP/IPv6 and
/// a Unix socket, to a setter and to a getter (as for every TCP option:
/// `tests/options.rs`).
fn refused_on_other_sockets(
    set: impl Fn(&Socket) -> baresock::Result<()>,
    get: impl Fn(&Socket) -> baresock::Result<()>,
) {
    for (domain, ty, set_err, get_err) in [
        (
            Domain::INET,
            Type::DGRAM,
            Error::NoProtoOpt,
            Error::OpNotSupp,
        ),
        (
            Domain::INET6,
            Type::DGRAM,
            Error::NoProtoOpt,
            Error::NoProtoOpt,
        ),
        (
            Domain::UNIX,
            Type::STREAM,
            Error::OpNotSupp,
            Error::OpNotSupp,
        ),
    ] {
        let sock = Socket::new(domain, ty, None).unwrap();
        assert_eq!(set(&sock), Err(set_err), "set on {domain:?} {ty:?}");
        assert_eq!(get(&sock), Err(get_err), "get on {domain:?} {ty:?}");
    }
}

// --- socket2's tests ---------------------------------------------------------

/// socket2 ignores its `tcp_mss` on Linux ("different value returned"):
/// before a connection, Linux returns the value set, and after it the MSS
/// in use, which this checks too.
#[test]
fn tcp_mss() {
    round_trip(Socket::set_tcp_mss, Socket::tcp_mss, 256, 256);
    let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    assert_eq!(
        sock.tcp_mss().unwrap(),
        536,
        "TCP_MSS_DEFAULT before any set"
    );
    // TCP_MIN_MSS is 88 and MAX_TCP_WINDOW 32767; 0 clears.
    for bad in [1, 87, 32768, u32::MAX] {
        assert_eq!(sock.set_tcp_mss(bad), Err(Error::Inval), "{bad}");
    }
    sock.set_tcp_mss(88).unwrap();
    sock.set_tcp_mss(32767).unwrap();
    sock.set_tcp_mss(0).unwrap();
    assert_eq!(sock.tcp_mss().unwrap(), 536);

    // After connect on loopback (MTU 65536): the MSS the handshake agreed,
    // less the timestamp option's 12 bytes; capped by a value set before.
    let (client, server) = tcp_pair(Domain::INET);
    let plain = client.tcp_mss().unwrap();
    eprintln!(
        "loopback MSS after connect: client {plain}, server {}",
        server.tcp_mss().unwrap()
    );
    assert!((1200..=65483).contains(&plain), "{plain}");
    let (srv, addr) = listener(Domain::INET, Backlog::DEFAULT);
    let capped = bounded(Socket::new(Domain::INET, Type::STREAM, None).unwrap());
    capped.set_tcp_mss(1000).unwrap();
    capped.connect(&addr).unwrap();
    let _conn = srv.accept().unwrap();
    let got = capped.tcp_mss().unwrap();
    eprintln!("loopback MSS after connect with 1000 set: {got}");
    assert!((900..=1000).contains(&got), "{got}");

    refused_on_other_sockets(|s| s.set_tcp_mss(1000), |s| s.tcp_mss().map(drop));
}

#[test]
fn tcp_thin_linear_timeouts() {
    round_trip(
        Socket::set_tcp_thin_linear_timeouts,
        Socket::tcp_thin_linear_timeouts,
        true,
        true,
    );
    let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    sock.set_tcp_thin_linear_timeouts(true).unwrap();
    sock.set_tcp_thin_linear_timeouts(false).unwrap();
    assert!(!sock.tcp_thin_linear_timeouts().unwrap());
    refused_on_other_sockets(
        |s| s.set_tcp_thin_linear_timeouts(true),
        |s| s.tcp_thin_linear_timeouts().map(drop),
    );
}

#[test]
fn tcp_notsent_lowat() {
    round_trip(
        Socket::set_tcp_notsent_lowat,
        Socket::tcp_notsent_lowat,
        16 * 1024,
        16 * 1024,
    );
    // 0: none set on the socket (net.ipv4.tcp_notsent_lowat applies); every
    // u32 round-trips, past i32::MAX included.
    let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    assert_eq!(sock.tcp_notsent_lowat().unwrap(), 0);
    for value in [1, u32::MAX - 1, u32::MAX, 0] {
        sock.set_tcp_notsent_lowat(value).unwrap();
        assert_eq!(sock.tcp_notsent_lowat().unwrap(), value);
    }
    refused_on_other_sockets(
        |s| s.set_tcp_notsent_lowat(1),
        |s| s.tcp_notsent_lowat().map(drop),
    );
}

/// A file in memory holding `data`, its position at the start (rustix's
/// fds, so the test builds with rustix's `std` feature and without it).
fn file_with(data: &[u8]) -> OwnedFd {
    let file = rustix::fs::memfd_create("sendfile", MemfdFlags::CLOEXEC).unwrap();
    let mut written = 0;
    while written < data.len() {
        written += rustix::io::write(&file, &data[written..]).unwrap();
    }
    rustix::fs::seek(&file, SeekFrom::Start(0)).unwrap();
    file
}

/// Reads exactly `n` bytes from `sock`.
fn recv_exactly(sock: &Socket, n: usize) -> Vec<u8> {
    let mut buf = vec![0; n];
    let mut got = 0;
    while got < n {
        let r = sock.recv(&mut buf[got..]).unwrap().filled();
        assert_ne!(r, 0, "peer closed early");
        got += r;
    }
    buf
}

#[test]
fn sendfile() {
    const HELLO_WORLD: &[u8] = b"Hello, world!\n";
    // socket2 sends a larger text in two calls: 64 KiB of it here, more
    // than one loopback segment.
    let lorem: Vec<u8> = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit. "
        .iter()
        .copied()
        .cycle()
        .take(64 * 1024 + 7)
        .collect();
    let (sender, receiver) = tcp_pair(Domain::INET);

    // A simple hello world, from the file's position (which advances).
    let file = file_with(HELLO_WORLD);
    let n = sender
        .sendfile(&file, None, HELLO_WORLD.len() + 100)
        .unwrap();
    assert_eq!(n, HELLO_WORLD.len());
    assert_eq!(recv_exactly(&receiver, n), HELLO_WORLD);
    assert_eq!(rustix::fs::tell(&file).unwrap(), n as u64);
    assert_eq!(sender.sendfile(&file, None, 10).unwrap(), 0, "end of file");

    // The larger file in two calls at explicit offsets: the file's position
    // does not move.
    let file = file_with(&lorem);
    let half = lorem.len() / 2;
    let mut sent = 0;
    while sent < half {
        sent += sender
            .sendfile(&file, Some(sent as u64), half - sent)
            .unwrap();
    }
    while sent < lorem.len() {
        sent += sender
            .sendfile(&file, Some(sent as u64), usize::MAX)
            .unwrap();
    }
    assert_eq!(recv_exactly(&receiver, lorem.len()), lorem);
    assert_eq!(rustix::fs::tell(&file).unwrap(), 0);

    // The kernel's refusals.
    assert_eq!(sender.sendfile(&file, Some(u64::MAX), 1), Err(Error::Inval));
    let write_only =
        rustix::fs::open("/dev/null", OFlags::WRONLY | OFlags::CLOEXEC, Mode::empty()).unwrap();
    assert_eq!(sender.sendfile(&write_only, None, 1), Err(Error::BadF));
    let unconnected = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    // std's runtime ignores SIGPIPE: the call fails with EPIPE.
    assert_eq!(unconnected.sendfile(&file, Some(0), 1), Err(Error::Pipe));
}

// --- the options socket2 lacks -----------------------------------------------

/// The seconds the kernel keeps: SYN-ACK retransmission steps (1 s, then
/// doubling, capped at 120 s), summed.
#[test]
fn tcp_defer_accept() {
    let s = Duration::from_secs;
    let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    assert_eq!(sock.tcp_defer_accept().unwrap(), Duration::ZERO);
    for (set, kept) in [
        (Duration::from_millis(1), s(1)),
        (s(1), s(1)),
        (s(2), s(3)),
        (s(5), s(7)),
        (s(30), s(31)),
        (s(64), s(127)),
        (s(200), s(247)),
        // 255 steps: 1 + 2 + ... + 64, then 248 of 120 s.
        (Duration::MAX, s(29_887)),
        (Duration::ZERO, Duration::ZERO),
    ] {
        sock.set_tcp_defer_accept(set).unwrap();
        assert_eq!(sock.tcp_defer_accept().unwrap(), kept, "{set:?}");
    }
    refused_on_other_sockets(
        |s| s.set_tcp_defer_accept(Duration::from_secs(1)),
        |s| s.tcp_defer_accept().map(drop),
    );

    // What it does: a connection that sent nothing is not handed out; once
    // its first bytes arrive it is.
    let (server, addr) = listener(Domain::INET, Backlog::DEFAULT);
    server.set_tcp_defer_accept(s(5)).unwrap();
    let client = crate::common::client(Domain::INET, &addr);
    assert!(
        !wait_for(&server, PollFlags::IN, 300),
        "handed out before data"
    );
    client.send(b"GET").unwrap();
    assert!(
        wait_for(&server, PollFlags::IN, 5000),
        "not handed out after data"
    );
    let (conn, _) = server.accept().unwrap();
    assert_eq!(recv_exactly(&bounded(conn), 3), b"GET");
}

#[test]
fn tcp_congestion() {
    let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    if emulated() {
        // qemu-user answers TCP_CONGESTION as a 4-byte int: refused whole.
        assert_eq!(sock.tcp_congestion(), Err(Error::NoProtoOpt));
        return;
    }
    let system = std::fs::read_to_string("/proc/sys/net/ipv4/tcp_congestion_control").unwrap();
    assert_eq!(sock.tcp_congestion().unwrap(), system.trim());
    sock.set_tcp_congestion("reno").unwrap();
    assert_eq!(sock.tcp_congestion().unwrap(), "reno");
    assert_eq!(sock.set_tcp_congestion("nope"), Err(Error::NoEnt));
    assert_eq!(
        sock.tcp_congestion().unwrap(),
        "reno",
        "unchanged by a refusal"
    );
    refused_on_other_sockets(
        |s| s.set_tcp_congestion("reno"),
        |s| s.tcp_congestion().map(drop),
    );
}

// --- TCP Fast Open -------------------------------------------------------------

const FASTOPEN: &str = "/proc/sys/net/ipv4/tcp_fastopen";

/// Holds `net.ipv4.tcp_fastopen` for one test: only one test (of this
/// process, and of any process taking the same file lock) changes it at a
/// time, and the value found is written back on drop, panic or not.
struct Sysctl {
    old: String,
    _lock: OwnedFd,
    _guard: MutexGuard<'static, ()>,
}

impl Sysctl {
    fn fastopen() -> Self {
        static LOCK: Mutex<()> = Mutex::new(());
        let guard = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let lock = rustix::fs::open(
            "/tmp/baresock-tcp_fastopen.lock",
            OFlags::WRONLY | OFlags::CREATE | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o600),
        )
        .unwrap();
        rustix::fs::flock(&lock, rustix::fs::FlockOperation::LockExclusive).unwrap();
        let old = std::fs::read_to_string(FASTOPEN).unwrap();
        Self {
            old,
            _lock: lock,
            _guard: guard,
        }
    }

    fn set(&self, value: u32) {
        std::fs::write(FASTOPEN, format!("{value}\n")).unwrap();
    }
}

impl Drop for Sysctl {
    fn drop(&mut self) {
        // Before the locks are released (fields drop after this body).
        if let Err(e) = std::fs::write(FASTOPEN, &self.old) {
            eprintln!("could not restore {FASTOPEN} to {}: {e}", self.old.trim());
        }
    }
}

/// A `TcpExt` counter of /proc/net/netstat (this network namespace's).
fn tcp_ext(name: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/net/netstat").unwrap();
    let mut lines = text.lines().filter(|l| l.starts_with("TcpExt:"));
    let (names, values) = (lines.next().unwrap(), lines.next().unwrap());
    let at = names.split_whitespace().position(|n| n == name).unwrap();
    values.split_whitespace().nth(at).unwrap().parse().unwrap()
}

#[test]
fn tcp_fastopen() {
    let somaxconn: u32 = std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    assert_eq!(sock.tcp_fastopen().unwrap(), 0);
    sock.set_tcp_fastopen(16).unwrap();
    assert_eq!(sock.tcp_fastopen().unwrap(), 16);
    // The kernel caps the queue at net.core.somaxconn.
    sock.set_tcp_fastopen(i32::MAX as u32).unwrap();
    assert_eq!(sock.tcp_fastopen().unwrap(), somaxconn);
    assert_eq!(sock.set_tcp_fastopen(u32::MAX), Err(Error::Inval));
    sock.set_tcp_fastopen(0).unwrap();
    assert_eq!(sock.tcp_fastopen().unwrap(), 0);
    // On a listener, after listen(2), too; not on a connection.
    let (server, _) = listener(Domain::INET6, Backlog::DEFAULT);
    server.set_tcp_fastopen(8).unwrap();
    assert_eq!(server.tcp_fastopen().unwrap(), 8);
    let (client, _) = tcp_pair(Domain::INET);
    assert_eq!(client.set_tcp_fastopen(8), Err(Error::Inval));
    refused_on_other_sockets(|s| s.set_tcp_fastopen(1), |s| s.tcp_fastopen().map(drop));
}

#[test]
fn tcp_fastopen_connect() {
    let sysctl = Sysctl::fastopen();
    // Client fast open off (bit 1 clear): refused.
    sysctl.set(0);
    let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    assert_eq!(sock.set_tcp_fastopen_connect(true), Err(Error::OpNotSupp));
    sysctl.set(1);
    assert!(!sock.tcp_fastopen_connect().unwrap());
    sock.set_tcp_fastopen_connect(true).unwrap();
    assert!(sock.tcp_fastopen_connect().unwrap());
    sock.set_tcp_fastopen_connect(false).unwrap();
    assert!(!sock.tcp_fastopen_connect().unwrap());
    // Only on a new socket.
    let (client, _) = tcp_pair(Domain::INET);
    assert_eq!(client.set_tcp_fastopen_connect(true), Err(Error::Inval));
    refused_on_other_sockets(
        |s| s.set_tcp_fastopen_connect(true),
        |s| s.tcp_fastopen_connect().map(drop),
    );
}

/// End to end on loopback: a first connection fetches the server's cookie;
/// the second's connect(2) sends nothing, and its first send carries the
/// data in the SYN, which the server accepts and reads with the handshake.
/// Proof: the kernel counts a passive fast open (`TCPFastOpenPassive`), and
/// the client's `TCP_INFO` has `TCPI_OPT_SYN_DATA`: its SYN's data was
/// acknowledged by the SYN-ACK, with no round trip before it.
#[test]
fn tcp_fastopen_carries_data_in_the_syn() {
    const TCPI_OPT_SYN_DATA: u8 = 32;
    let sysctl = Sysctl::fastopen();
    sysctl.set(3); // client and server
    let (server, addr) = listener(Domain::INET, Backlog::DEFAULT);
    server.set_tcp_fastopen(16).unwrap();

    let connect = |data: &[u8]| {
        let client = bounded(Socket::new(Domain::INET, Type::STREAM, None).unwrap());
        client.set_tcp_fastopen_connect(true).unwrap();
        client.connect(&addr).unwrap();
        assert_eq!(client.send(data).unwrap(), data.len());
        let (conn, _) = server.accept().unwrap();
        assert_eq!(recv_exactly(&bounded(conn), data.len()), data);
        client
    };

    // Without a cookie, a usual handshake that asks for one (the kernel
    // keeps a cookie per destination, so an earlier run may have left one).
    connect(b"first");
    let passive = tcp_ext("TCPFastOpenPassive");
    let second = connect(b"in the SYN");
    let passive_after = tcp_ext("TCPFastOpenPassive");
    eprintln!("TCPFastOpenPassive {passive} -> {passive_after}");
    assert!(passive_after > passive, "the server counted no fast open");
    if !emulated() {
        // qemu-user answers TCP_INFO as a 4-byte int, with no options.
        let options = second.tcp_info().unwrap().options().unwrap();
        eprintln!("client tcpi_options {options:#x}");
        assert_ne!(
            options & TCPI_OPT_SYN_DATA,
            0,
            "the SYN's data was not acknowledged"
        );
    }
    drop(sysctl);
}
