//! Smoke tests for the cross-architecture runs (.ci/cross.sh): the loopback
//! flow through an integration-test binary, the fd counting the leak tests
//! rely on (every test here that opens an fd holds `fd_lock`: under qemu the
//! tests run slower and a race with the count that never shows natively
//! does), socket timeouts (a timeval, converted by qemu on 32-bit targets),
//! and a child process that re-executes this binary. Under qemu-user without
//! binfmt_misc, a plain exec of /proc/self/exe fails (ENOEXEC on aarch64
//! musl, exit 127 from glibc's posix_spawn on riscv64/armv7) or, on i686,
//! runs the child natively instead of under qemu; .ci/cross.sh therefore
//! names the emulator in BARESOCK_TEST_RUNNER and the child is started
//! through it.

use std::process::Command;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use baresock::{Backlog, Domain, Error, Flags, SockAddr, SockAddrIn, SockAddrIn6, Socket, Type};
use core::net::{Ipv4Addr, Ipv6Addr};
use rustix::net::sockopt::{set_socket_timeout, Timeout};

/// The number of open fds of this process (read_dir's own fd included alike
/// in every count).
fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

/// Serializes the tests that count fds or spawn (spawning opens pipes).
fn fd_lock() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Receive and send timeouts, so no call in this file can hang.
fn bounded(sock: Socket, timeout: Duration) -> Socket {
    set_socket_timeout(&sock, Timeout::Recv, Some(timeout)).unwrap();
    set_socket_timeout(&sock, Timeout::Send, Some(timeout)).unwrap();
    sock
}

/// socket -> SO_REUSEADDR -> bind -> listen -> connect -> accept4, then bytes
/// both ways; returns the peer address accept4 reported.
fn round_trip(domain: Domain, bind: &dyn Fn(&Socket)) -> (SockAddr, SockAddr) {
    let server = bounded(
        Socket::new(domain, Type::Stream).unwrap(),
        Duration::from_secs(5),
    );
    server.set_reuseaddr(true).unwrap();
    assert!(server.reuseaddr().unwrap());
    bind(&server);
    server.listen(Backlog::DEFAULT).unwrap();
    let addr = server.local_addr().unwrap();
    let client = bounded(
        Socket::new(domain, Type::Stream).unwrap(),
        Duration::from_secs(5),
    );
    client.connect(&addr).unwrap();
    let (conn, peer) = server.accept4(Flags::DEFAULT).unwrap();
    assert_eq!(client.local_addr().unwrap(), peer);
    let conn = bounded(conn, Duration::from_secs(5));
    for (from, to, msg) in [(&client, &conn, &b"ping"[..]), (&conn, &client, b"pong!")] {
        assert_eq!(from.send(msg).unwrap(), msg.len());
        let mut buf = [0u8; 16];
        let mut got = 0;
        for _ in 0..100 {
            if got == msg.len() {
                break;
            }
            let n = to.recv(&mut buf[got..]).unwrap();
            assert_ne!(n, 0, "peer closed early");
            got += n;
        }
        assert_eq!(&buf[..got], msg);
    }
    (addr, peer)
}

#[test]
fn loopback_v4_and_v6_round_trip_leak_no_fd() {
    let _guard = fd_lock();
    let before = open_fds();
    let (addr, peer) = round_trip(Domain::Inet, &|s| {
        s.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0)).unwrap()
    });
    assert!(matches!(addr, SockAddr::Inet(a) if a.ip() == Ipv4Addr::LOCALHOST && a.port() != 0));
    assert!(matches!(peer, SockAddr::Inet(p) if p.ip() == Ipv4Addr::LOCALHOST && p.port() != 0));
    let (addr, peer) = round_trip(Domain::Inet6, &|s| {
        s.bind(&SockAddrIn6::new(Ipv6Addr::LOCALHOST, 0, 0, 0))
            .unwrap()
    });
    assert!(matches!(addr, SockAddr::Inet6(a) if a.ip() == Ipv6Addr::LOCALHOST && a.port() != 0));
    assert!(matches!(peer, SockAddr::Inet6(p) if p.ip() == Ipv6Addr::LOCALHOST && p.port() != 0));
    assert_eq!(open_fds(), before, "an fd leaked");
}

#[test]
fn socket_timeout_bounds_recv() {
    let _guard = fd_lock();
    // On 32-bit targets rustix sets SO_RCVTIMEO_NEW (a 64-bit timeval) and
    // falls back to SO_RCVTIMEO_OLD on ENOPROTOOPT, which is what qemu-user
    // 7.2 answers for the new option. Reading the timeout back is not tested:
    // qemu-user 7.2 answers getsockopt(SO_RCVTIMEO) with 4 bytes on every
    // emulated target and rustix asserts 16 (the kernel, running the i686
    // binary natively, answers 16).
    let server = Socket::new(Domain::Inet, Type::Stream).unwrap();
    server
        .bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))
        .unwrap();
    server.listen(Backlog::new(1)).unwrap();
    let sock = bounded(
        Socket::new(Domain::Inet, Type::Stream).unwrap(),
        Duration::from_millis(100),
    );
    sock.connect(&server.local_addr().unwrap()).unwrap();
    // Nothing is ever sent: the timeout ends the recv with EAGAIN.
    let mut buf = [0u8; 1];
    assert_eq!(sock.recv(&mut buf), Err(Error::WouldBlock));
}

const CHILD: &str = "BARESOCK_CROSS_SMOKE_CHILD";

/// Re-runs the test `name` of this binary in a child process, through the
/// emulator named by BARESOCK_TEST_RUNNER when there is one.
fn run_in_child(name: &str) {
    let _guard = fd_lock();
    let exe = std::env::current_exe().unwrap();
    let mut cmd = match std::env::var_os("BARESOCK_TEST_RUNNER") {
        Some(runner) => {
            let mut cmd = Command::new(runner);
            cmd.arg(exe);
            cmd
        }
        None => Command::new(exe),
    };
    let out = cmd
        .args(["--exact", name, "--test-threads=1", "--nocapture"])
        .env(CHILD, name)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("1 passed"),
        "child {name} failed ({}): {text}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn emfile_in_a_child_process() {
    const NAME: &str = "emfile_in_a_child_process";
    if std::env::var(CHILD).as_deref() != Ok(NAME) {
        return run_in_child(NAME);
    }
    use rustix::fd::AsRawFd;
    use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
    // A new socket takes the lowest free fd number; with the soft limit just
    // above it, every number below the limit is taken and the next socket()
    // must fail with EMFILE. Closing that socket frees exactly one number.
    let first = Socket::new(Domain::Inet, Type::Stream).unwrap();
    let lowest_free = first.fd().as_raw_fd();
    let old = getrlimit(Resource::Nofile);
    let limit = Rlimit {
        current: Some(lowest_free as u64 + 1),
        maximum: old.maximum,
    };
    setrlimit(Resource::Nofile, limit).unwrap();
    assert_eq!(
        Socket::new(Domain::Inet, Type::Stream).err(),
        Some(Error::ProcessFdLimit)
    );
    drop(first);
    let again = Socket::new(Domain::Inet, Type::Stream).unwrap();
    assert_eq!(again.fd().as_raw_fd(), lowest_free);
    assert_eq!(
        Socket::new(Domain::Inet6, Type::Stream).err(),
        Some(Error::ProcessFdLimit)
    );
    setrlimit(Resource::Nofile, old).unwrap();
}
