//! Helpers shared by the integration tests: loopback addresses, timeouts so
//! no test can hang, fd counting for leak checks, and scratch directories.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use baresock::{Backlog, Domain, Flags, SockAddr, SockAddrIn, SockAddrIn6, Socket, Type};
use core::net::{Ipv4Addr, Ipv6Addr};
use rustix::event::{poll, PollFd, PollFlags, Timespec};
use rustix::net::sockopt::{set_socket_timeout, Timeout};

/// The longest any single blocking call in a test may wait.
pub const TIMEOUT: Duration = Duration::from_secs(5);

pub const V4_ANY_PORT: SockAddrIn = SockAddrIn::new(Ipv4Addr::LOCALHOST, 0);
pub const V6_ANY_PORT: SockAddrIn6 = SockAddrIn6::new(Ipv6Addr::LOCALHOST, 0, 0, 0);

/// Puts receive and send timeouts on a socket, so a blocking accept, recv or
/// send in a test fails with `Error::Again` instead of hanging.
pub fn bounded(sock: Socket) -> Socket {
    set_socket_timeout(&sock, Timeout::Recv, Some(TIMEOUT)).unwrap();
    set_socket_timeout(&sock, Timeout::Send, Some(TIMEOUT)).unwrap();
    sock
}

/// A blocking, bounded TCP listener on loopback with SO_REUSEADDR, port 0.
pub fn listener(domain: Domain, backlog: Backlog) -> (Socket, SockAddr) {
    let sock = bounded(Socket::new(domain, Type::STREAM, None).unwrap());
    sock.set_reuse_address(true).unwrap();
    match domain {
        Domain::INET => sock.bind(&V4_ANY_PORT).unwrap(),
        Domain::INET6 => sock.bind(&V6_ANY_PORT).unwrap(),
        other => panic!("no loopback listener for {other:?}"),
    }
    sock.listen(backlog).unwrap();
    let addr = sock.local_addr().unwrap();
    (sock, addr)
}

/// A blocking, bounded client connected to `addr`.
pub fn client(domain: Domain, addr: &SockAddr) -> Socket {
    let sock = bounded(Socket::new(domain, Type::STREAM, None).unwrap());
    sock.connect(addr).unwrap();
    sock
}

/// A connected TCP pair on loopback, both ends bounded: (client, the
/// server's accepted end). The listener is closed.
pub fn tcp_pair(domain: Domain) -> (Socket, Socket) {
    let (server, addr) = listener(domain, Backlog::DEFAULT);
    let c = client(domain, &addr);
    let (conn, _) = server.accept().unwrap();
    (c, bounded(conn))
}

/// A non-blocking stream socket.
pub fn nonblocking(domain: Domain) -> Socket {
    Socket::new_with(domain, Type::STREAM, None, Flags::DEFAULT.nonblocking()).unwrap()
}

/// Waits up to `ms` for `events` on `sock`; true if they came.
pub fn wait_for(sock: &Socket, events: PollFlags, ms: u64) -> bool {
    let mut fds = [PollFd::new(sock, events)];
    let timeout = Timespec {
        tv_sec: (ms / 1000) as i64,
        tv_nsec: ((ms % 1000) * 1_000_000) as i64,
    };
    let n = poll(&mut fds, Some(&timeout)).unwrap();
    n == 1 && fds[0].revents().intersects(events)
}

/// The number of open fds of this process.
pub fn open_fds() -> usize {
    // read_dir itself holds one fd while it runs, in every count alike.
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

/// Serializes tests that count fds: another test opening a socket at the
/// same time would change the count.
pub fn fd_lock() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `body`, which must end with every fd it opened dropped, and checks
/// that the process has exactly as many fds open afterwards as before.
/// Holds `fd_lock()` throughout.
pub fn no_leak(body: impl FnOnce()) {
    let _guard = fd_lock();
    let before = open_fds();
    body();
    assert_eq!(open_fds(), before, "an fd leaked");
}

/// A bounded datagram socket bound to loopback (`domain` IPv4 or IPv6),
/// port 0: its `local_addr` is exactly what a peer's `recv_from` reports.
pub fn udp(domain: Domain) -> Socket {
    let sock = bounded(Socket::new(domain, Type::DGRAM, None).unwrap());
    match domain {
        Domain::INET => sock.bind(&V4_ANY_PORT).unwrap(),
        Domain::INET6 => sock.bind(&V6_ANY_PORT).unwrap(),
        other => panic!("no loopback datagram socket for {other:?}: use Socket::pair"),
    }
    sock
}

/// A bounded pair of connected Unix sockets.
pub fn unix_pair(ty: Type) -> (Socket, Socket) {
    let (a, b) = Socket::pair(Domain::UNIX, ty, None).unwrap();
    (bounded(a), bounded(b))
}

/// A fresh, empty directory for Unix socket paths; removed on drop.
pub struct ScratchDir(pub PathBuf);

impl ScratchDir {
    pub fn new(tag: &str) -> Self {
        static N: AtomicU32 = AtomicU32::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("baresock-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    /// The bytes of `dir/name`, for `SockAddrUn::new`.
    pub fn path(&self, name: &str) -> Vec<u8> {
        use std::os::unix::ffi::OsStrExt;
        self.0.join(name).as_os_str().as_bytes().to_vec()
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Sends all of `data` and reads exactly as many bytes back on `from`.
pub fn exchange(to: &Socket, from: &Socket, data: &[u8]) {
    assert_eq!(to.send(data).unwrap(), data.len());
    let mut buf = vec![0; data.len()];
    let mut got = 0;
    for _ in 0..100 {
        if got == data.len() {
            break;
        }
        let n = from.recv(&mut buf[got..]).unwrap().filled();
        assert_ne!(n, 0, "peer closed early");
        got += n;
    }
    assert_eq!(&buf[..got], data);
}

/// Runs the test named `name` again in a child process with the environment
/// variable `var` set to `name`, and asserts it passed there: for tests that
/// change process-wide state (limits, signal handlers, credentials) the rest
/// of the harness must not see. Under qemu-user (.ci/cross.sh) the binary is
/// a foreign ELF and there is no binfmt_misc, so the child is started
/// through the emulator named in BARESOCK_TEST_RUNNER. `name` is the test's
/// path in its binary, `module::test`, as the harness prints it and
/// `--exact` matches it.
pub fn run_in_child(var: &str, name: &str) {
    let _guard = fd_lock(); // spawning opens pipes
    let exe = std::env::current_exe().unwrap();
    let mut cmd = match std::env::var_os("BARESOCK_TEST_RUNNER") {
        Some(runner) => {
            let mut cmd = std::process::Command::new(runner);
            cmd.arg(exe);
            cmd
        }
        None => std::process::Command::new(exe),
    };
    let out = cmd
        .args(["--exact", name, "--test-threads=1", "--nocapture"])
        .env(var, name)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("1 passed"),
        "child {name} failed: {}\n{}",
        text,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether this process is the child `run_in_child(var, name)` started.
pub fn in_child(var: &str, name: &str) -> bool {
    std::env::var(var).as_deref() == Ok(name)
}

/// Whether the tests run under qemu-user: `.ci/cross.sh` names the emulator
/// in `BARESOCK_TEST_RUNNER`. qemu-user 7.2 does not emulate a few options
/// and loses `MSG_CTRUNC` (CONTRIBUTING.md, "Architectures"); for those the tests
/// check its answer instead, or skip.
pub fn emulated() -> bool {
    std::env::var_os("BARESOCK_TEST_RUNNER").is_some_and(|runner| !runner.is_empty())
}

/// The interface index of `lo`, for IPv6 multicast on loopback only.
pub fn loopback_index() -> u32 {
    std::fs::read_to_string("/sys/class/net/lo/ifindex")
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}
