//! BENCHMARKS.md's "Datagrams at line rate" (issue 22, item 5): UDP on
//! loopback 127.0.0.1, the server thread pinned to core 0 and the client
//! thread to core 1, each run a fixed time, the figure the median of the
//! runs, printed as a markdown table with ratios against std's row (a)
//! measured in the same process.
//!
//! Workloads, each at 64-byte and 1,200-byte datagrams:
//! - receive: a client blasts datagrams, 8 GSO buffers (UDP_SEGMENT) per
//!   libc `sendmmsg`, and the server counts what it receives. GSO for every
//!   row: a client sending one datagram per message (`sendmmsg` of 64) does
//!   the kernel's whole receive path per datagram on its own core and cannot
//!   keep even std's receiver busy. A server without GRO gets the segments
//!   one by one, as if sent apart; a server with GRO gets them coalesced;
//! - echo: the client keeps 64 datagrams in flight (libc `recvmmsg` and
//!   `sendmmsg`), the server answers each to its sender; the client checks
//!   every answer (length, sequence number, last byte);
//! - GSO send: bytes a sender pushes at 1,200 B, one datagram per call
//!   against UDP_SEGMENT buffers; a libc `recvmmsg` thread with GRO on
//!   drains the sink on the other core.
//!
//! Rows: (a) std `UdpSocket`, one per call; (b) baresock one per call;
//! (c) baresock batched (`Socket::recvmmsg` over 64 `RecvSlot`s, answers by
//! `Socket::sendmmsg`; GSO sends by `Socket::send_segments_to`); (d)
//! baresock batched with GRO on (`set_udp_gro`, datagrams counted by
//! `RecvSlot::segments`); (e) quinn-udp's own `UdpSocketState::recv`/`try_send` (its GRO on, as it
//! sets itself); (f) plain libc `recvmmsg`/`sendmmsg`, the system-call
//! ceiling.
//!
//! Per row: datagrams/s and MB/s (payload, 10^6 bytes) of the server (for
//! echo: answers the client got; for GSO send: what the sender pushed),
//! each side's idle share (1 - thread CPU time / wall time, from
//! `CLOCK_THREAD_CPUTIME_ID`), the datagrams dropped (sent - received, after
//! the server drains its queue) and the delta of `/proc/net/snmp`'s Udp
//! RcvbufErrors over the run (system-wide). A row whose server is idle more
//! than 10% of its time is marked client-bound: its figure is a lower bound.
//!
//! It prints; it asserts nothing about time. It fails (status 1) only when
//! a row moved no datagram in a run or an echo answer was wrong, so CI runs
//! it briefly as a smoke test.
//!
//! Environment: `BARESOCK_UDP_SECS` (3), `BARESOCK_UDP_RUNS` (3),
//! `BARESOCK_UDP_ONLY` (a substring: only the rows whose name contains it).

use std::io::IoSliceMut;
use std::net::{SocketAddr, UdpSocket};
use std::os::fd::{AsRawFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use baresock::{Gso, RecvFlags, RecvSlot, SendFlags, SendMeta, SendSlot, SockAddr, Socket};

/// Datagrams per batch: the `recvmmsg` slots, the echo window.
const BATCH: usize = 64;
/// The largest UDP payload over IPv4: a GSO buffer may not exceed it.
const MAX_UDP: usize = 65_507;
/// The kernel's UDP_MAX_SEGMENTS.
const MAX_SEGMENTS: usize = 64;
/// GSO buffers per `sendmmsg` of the GRO rows' client.
const GSO_BUFFERS: usize = 8;
/// How long a blocked call waits before it looks at the stop flag again.
const POLL: Duration = Duration::from_millis(20);
/// Cores other processes may take during a run before it is measured
/// again, and how many times at most.
const BUSY_MACHINE: f64 = 0.15;
const RETRIES: usize = 4;
/// Above this idle share the server waited for the client: a lower bound.
const CLIENT_BOUND: f64 = 0.10;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&v| v > 0)
        .unwrap_or(default)
}

// ---------------------------------------------------------------- system

fn check(ret: libc::c_int, what: &str) {
    if ret < 0 {
        panic!("{what}: {}", std::io::Error::last_os_error());
    }
}

/// Pins the calling thread to one core; says so once if it cannot.
fn pin(core: usize) {
    // SAFETY: a zeroed cpu_set_t is the empty set; CPU_SET writes inside it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(core, &mut set);
        if libc::sched_setaffinity(0, size_of::<libc::cpu_set_t>(), &set) != 0 {
            static WARNED: AtomicBool = AtomicBool::new(false);
            if !WARNED.swap(true, Ordering::Relaxed) {
                eprintln!("warning: cannot pin to core {core}: {}", std::io::Error::last_os_error());
            }
        }
    }
}

/// This thread's CPU time.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: ts is a valid out-pointer.
    check(unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) }, "clock_gettime");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// `/proc/net/snmp`'s Udp RcvbufErrors (0 when it cannot be read).
fn rcvbuf_errors() -> u64 {
    let text = std::fs::read_to_string("/proc/net/snmp").unwrap_or_default();
    let mut lines = text.lines().filter(|l| l.starts_with("Udp: "));
    let (Some(names), Some(values)) = (lines.next(), lines.next()) else { return 0 };
    names
        .split_whitespace()
        .zip(values.split_whitespace())
        .find(|(n, _)| *n == "RcvbufErrors")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
}

/// Busy CPU time of the whole machine (all but idle and iowait in
/// `/proc/stat`'s first line), and of this process (getrusage), in seconds.
fn busy() -> (f64, f64) {
    let text = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<f64> = text.lines().next().unwrap_or("").split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let machine = ticks.iter().enumerate().filter(|(i, _)| *i != 3 && *i != 4 && *i < 8).map(|(_, t)| t).sum::<f64>() / hz;
    // SAFETY: an all-zero rusage is a valid out-parameter.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: ru is a valid out-pointer.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (machine, tv(ru.ru_utime) + tv(ru.ru_stime))
}

fn setsockopt_int(fd: RawFd, level: libc::c_int, name: libc::c_int, value: libc::c_int) {
    // SAFETY: a pointer to an int and its size.
    let ret = unsafe {
        libc::setsockopt(fd, level, name, (&value as *const libc::c_int).cast(), size_of::<libc::c_int>() as _)
    };
    check(ret, "setsockopt");
}

/// A UDP socket on 127.0.0.1, a free port, blocking calls waking every `POLL`.
fn udp() -> UdpSocket {
    let sock = UdpSocket::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    sock.set_read_timeout(Some(POLL)).unwrap();
    sock
}

fn sockaddr_in(addr: SocketAddr) -> libc::sockaddr_in {
    let SocketAddr::V4(v4) = addr else { panic!("IPv4 only") };
    libc::sockaddr_in {
        sin_family: libc::AF_INET as _,
        sin_port: v4.port().to_be(),
        sin_addr: libc::in_addr { s_addr: u32::from(*v4.ip()).to_be() },
        sin_zero: [0; 8],
    }
}

/// One datagram's header for sendmmsg/recvmmsg, over `buf`, to or from
/// `name` (null: connected, or not wanted).
fn mmsghdr(iov: *mut libc::iovec, name: *mut libc::sockaddr_in) -> libc::mmsghdr {
    // SAFETY: all-zero is a valid msghdr (no name, no control).
    let mut h: libc::mmsghdr = unsafe { std::mem::zeroed() };
    h.msg_hdr.msg_iov = iov;
    h.msg_hdr.msg_iovlen = 1;
    if !name.is_null() {
        h.msg_hdr.msg_name = name.cast();
        h.msg_hdr.msg_namelen = size_of::<libc::sockaddr_in>() as _;
    }
    h
}

fn iovec(buf: &mut [u8]) -> libc::iovec {
    libc::iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: buf.len() }
}

/// `recvmmsg` of up to `hdrs.len()`, waiting for the first only.
fn recvmmsg(fd: RawFd, hdrs: &mut [libc::mmsghdr], flags: libc::c_int) -> isize {
    // SAFETY: every header points at live buffers of the stated lengths.
    unsafe { libc::recvmmsg(fd, hdrs.as_mut_ptr(), hdrs.len() as _, flags | libc::MSG_WAITFORONE, std::ptr::null_mut()) as isize }
}

fn sendmmsg(fd: RawFd, hdrs: &mut [libc::mmsghdr]) -> isize {
    // SAFETY: as for recvmmsg.
    unsafe { libc::sendmmsg(fd, hdrs.as_mut_ptr(), hdrs.len() as _, 0) as isize }
}

fn would_block(e: &std::io::Error) -> bool {
    matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut | std::io::ErrorKind::Interrupted)
}

/// Waits until `fd` is readable, `POLL` at most.
fn poll_in(fd: RawFd) {
    let mut p = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd.
    unsafe { libc::poll(&mut p, 1, POLL.as_millis() as _) };
}

/// Receives without waiting until the queue is empty: the bytes.
fn drain(fd: RawFd) -> u64 {
    let mut buf = vec![0u8; 65_536];
    let mut bytes = 0;
    loop {
        // SAFETY: buf is live and this long.
        let n = unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), libc::MSG_DONTWAIT) };
        if n < 0 {
            return bytes;
        }
        bytes += n as u64;
    }
}

// ---------------------------------------------------------------- a run

/// What a run's shared flags and counters are.
#[derive(Default)]
struct Ctl {
    stop: AtomicBool,
    client_done: AtomicBool,
}

/// One side's account of a run.
#[derive(Clone, Copy, Default)]
struct Side {
    datagrams: u64,
    bytes: u64,
    wall: Duration,
    cpu: Duration,
}

impl Side {
    fn idle(&self) -> f64 {
        (1.0 - self.cpu.as_secs_f64() / self.wall.as_secs_f64()).max(0.0)
    }
}

/// Times the body of a side: wall and thread CPU from here to the end.
struct Meter {
    wall: Instant,
    cpu: Duration,
}

impl Meter {
    fn start() -> Self {
        Self { wall: Instant::now(), cpu: thread_cpu() }
    }
    fn end(self, datagrams: u64, bytes: u64) -> Side {
        Side { datagrams, bytes, wall: self.wall.elapsed(), cpu: thread_cpu() - self.cpu }
    }
}

#[derive(Clone, Copy, Default)]
struct Run {
    /// The figure's side: the server (receive), the client's answers (echo),
    /// the sender (GSO send).
    figure: Side,
    server: Side,
    client: Side,
    /// Datagrams sent - received (counting those drained after the run).
    dropped: i64,
    rcvbuf_errors: u64,
    wrong: u64,
    /// CPU other processes took during the run, in cores (of 2).
    others: f64,
}

/// Runs `server` on core 0 and `client` on core 1 for `secs`; each gets the
/// flags and returns its side plus a count (server: datagrams drained after
/// the run; client: datagrams sent, or wrong answers for echo).
fn run_pair(
    secs: Duration,
    server: impl FnOnce(&Ctl) -> (Side, u64) + Send + 'static,
    client: impl FnOnce(&Ctl) -> (Side, u64) + Send + 'static,
) -> (Side, u64, Side, u64, u64) {
    let ctl = Arc::new(Ctl::default());
    let go = Arc::new(Barrier::new(3));
    let before = rcvbuf_errors();
    let s = {
        let (ctl, go) = (ctl.clone(), go.clone());
        thread::spawn(move || {
            pin(0);
            go.wait();
            server(&ctl)
        })
    };
    let c = {
        let (ctl, go) = (ctl.clone(), go.clone());
        thread::spawn(move || {
            pin(1);
            go.wait();
            let r = client(&ctl);
            ctl.client_done.store(true, Ordering::Release);
            r
        })
    };
    go.wait();
    thread::sleep(secs);
    ctl.stop.store(true, Ordering::Release);
    let (server_side, server_n) = s.join().expect("server thread");
    let (client_side, client_n) = c.join().expect("client thread");
    (server_side, server_n, client_side, client_n, rcvbuf_errors().saturating_sub(before))
}

/// The server's end of a run: waits for the client to stop, then drains.
fn finish(ctl: &Ctl, fd: RawFd) -> u64 {
    while !ctl.client_done.load(Ordering::Acquire) {
        thread::sleep(Duration::from_millis(1));
    }
    thread::sleep(Duration::from_millis(5));
    drain(fd)
}

fn stopped(ctl: &Ctl) -> bool {
    ctl.stop.load(Ordering::Relaxed)
}

// ---------------------------------------------------------------- clients

/// The receive workload's client: blasts `size`-byte datagrams to `to`,
/// 8 GSO buffers of as many segments as fit per `sendmmsg`. Returns the
/// datagrams sent.
fn blast(ctl: &Ctl, to: SocketAddr, size: usize) -> (Side, u64) {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.connect(to).unwrap();
    let fd = sock.as_raw_fd();
    setsockopt_int(fd, libc::SOL_UDP, libc::UDP_SEGMENT, size as _);
    let (per_msg, msgs) = (gso_segments(size), GSO_BUFFERS);
    let mut buf = vec![0x5au8; size * per_msg];
    let mut iov = [iovec(&mut buf)];
    let mut hdrs: Vec<libc::mmsghdr> = (0..msgs).map(|_| mmsghdr(iov.as_mut_ptr(), std::ptr::null_mut())).collect();
    let m = Meter::start();
    let mut sent = 0u64;
    while !stopped(ctl) {
        let n = sendmmsg(fd, &mut hdrs);
        if n > 0 {
            sent += n as u64 * per_msg as u64;
        }
    }
    (m.end(sent, sent * size as u64), sent)
}

/// Segments per GSO buffer: 64, or as many as fit in one UDP payload.
fn gso_segments(size: usize) -> usize {
    (MAX_UDP / size).min(MAX_SEGMENTS)
}

/// The echo workload's client: 64 datagrams in flight to `to`, each answer
/// checked (length, a sequence number already sent, the last byte) and
/// replaced by a new one. A wait of 200 ms without an answer counts the
/// window as lost and sends a new one. Returns the wrong answers.
fn echo_client(ctl: &Ctl, to: SocketAddr, size: usize) -> (Side, u64) {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.connect(to).unwrap();
    sock.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    let fd = sock.as_raw_fd();
    let mut out = vec![0u8; size * BATCH];
    let mut inb = vec![0u8; (size + 1) * BATCH];
    let mut out_iov: Vec<libc::iovec> = out.chunks_mut(size).map(iovec).collect();
    let mut in_iov: Vec<libc::iovec> = inb.chunks_mut(size + 1).map(iovec).collect();
    let mut out_h: Vec<libc::mmsghdr> = out_iov.iter_mut().map(|v| mmsghdr(v, std::ptr::null_mut())).collect();
    let mut in_h: Vec<libc::mmsghdr> = in_iov.iter_mut().map(|v| mmsghdr(v, std::ptr::null_mut())).collect();
    let mut next = 0u64;
    let mut send = |k: usize, next: &mut u64| {
        for i in 0..k {
            let d = &mut out[i * size..(i + 1) * size];
            d[..8].copy_from_slice(&next.to_le_bytes());
            d[size - 1] = *next as u8 ^ 0xa5;
            *next += 1;
        }
        let mut done = 0;
        while done < k {
            let n = sendmmsg(fd, &mut out_h[done..k]);
            if n > 0 {
                done += n as usize;
            }
        }
    };
    let m = Meter::start();
    let (mut answered, mut wrong, mut inflight) = (0u64, 0u64, BATCH);
    send(BATCH, &mut next);
    while !stopped(ctl) {
        let n = recvmmsg(fd, &mut in_h, 0);
        if n <= 0 {
            // Lost (or a server stuck): a new window.
            send(BATCH, &mut next);
            inflight = BATCH;
            continue;
        }
        let n = n as usize;
        for (i, h) in in_h[..n].iter().enumerate() {
            let d = &inb[i * (size + 1)..][..h.msg_len as usize];
            let seq = u64::from_le_bytes(d.get(..8).and_then(|s| s.try_into().ok()).unwrap_or([0xff; 8]));
            if d.len() == size && seq < next && d[size - 1] == seq as u8 ^ 0xa5 {
                answered += 1;
            } else {
                wrong += 1;
            }
        }
        inflight = inflight.saturating_sub(n);
        let k = BATCH - inflight;
        send(k, &mut next);
        inflight += k;
    }
    (m.end(answered, answered * size as u64), wrong)
}

// ---------------------------------------------------------------- rows

#[derive(Clone, Copy, PartialEq)]
enum Workload {
    Receive,
    Echo,
    GsoSend,
}

#[derive(Clone, Copy)]
struct Row {
    workload: Workload,
    size: usize,
    label: &'static str,
    /// The anchor: row (a) of its workload and size.
    anchor: bool,
    run: fn(Duration, usize) -> Run,
}

fn receive_run(secs: Duration, size: usize, server: fn(&Ctl, UdpSocket, usize) -> Side) -> Run {
    let sock = udp();
    let to = sock.local_addr().unwrap();
    let (server, drained, client, sent, rcvbuf) = run_pair(
        secs,
        move |ctl| {
            let fd = sock.as_raw_fd();
            let side = server(ctl, sock.try_clone().unwrap(), size);
            (side, finish(ctl, fd) / size as u64)
        },
        move |ctl| blast(ctl, to, size),
    );
    Run {
        figure: server,
        server,
        client,
        dropped: sent as i64 - (server.datagrams + drained) as i64,
        rcvbuf_errors: rcvbuf,
        wrong: 0,
        others: 0.0,
    }
}

fn echo_run(secs: Duration, size: usize, server: fn(&Ctl, UdpSocket, usize) -> Side) -> Run {
    let sock = udp();
    let to = sock.local_addr().unwrap();
    let (server, _, client, wrong, rcvbuf) = run_pair(
        secs,
        move |ctl| {
            let fd = sock.as_raw_fd();
            let side = server(ctl, sock.try_clone().unwrap(), size);
            (side, finish(ctl, fd))
        },
        move |ctl| echo_client(ctl, to, size),
    );
    // Answers the server sent that the client never counted (after its
    // stop, or lost): not a drop measure here; the figure is the client's.
    Run { figure: client, server, client, dropped: 0, rcvbuf_errors: rcvbuf, wrong, others: 0.0 }
}

/// GSO send: the sender on core 1 is measured; the sink on core 0 drains
/// with libc `recvmmsg` and GRO on.
fn send_run(secs: Duration, size: usize, sender: fn(&Ctl, SocketAddr, usize) -> Side) -> Run {
    let sock = udp();
    setsockopt_int(sock.as_raw_fd(), libc::SOL_UDP, libc::UDP_GRO, 1);
    let to = sock.local_addr().unwrap();
    let (server, drained, client, _, rcvbuf) = run_pair(
        secs,
        move |ctl| {
            let fd = sock.as_raw_fd();
            let side = libc_gro_sink(ctl, &sock, size);
            (side, finish(ctl, fd) / size as u64)
        },
        move |ctl| {
            let side = sender(ctl, to, size);
            (side, side.datagrams)
        },
    );
    Run {
        figure: client,
        server,
        client,
        dropped: client.datagrams as i64 - (server.datagrams + drained) as i64,
        rcvbuf_errors: rcvbuf,
        wrong: 0,
        others: 0.0,
    }
}

// --- receive servers. Each counts datagrams and bytes until the stop flag.

fn recv_std(ctl: &Ctl, sock: UdpSocket, _size: usize) -> Side {
    let mut buf = [0u8; 2048];
    let m = Meter::start();
    let (mut n, mut bytes) = (0u64, 0u64);
    while !stopped(ctl) {
        match sock.recv_from(&mut buf) {
            Ok((len, _)) => {
                n += 1;
                bytes += len as u64;
            }
            Err(e) if would_block(&e) => {}
            Err(e) => panic!("recv_from: {e}"),
        }
    }
    m.end(n, bytes)
}

fn recv_baresock(ctl: &Ctl, sock: UdpSocket, _size: usize) -> Side {
    let sock = Socket::from(sock);
    let mut buf = [0u8; 2048];
    let m = Meter::start();
    let (mut n, mut bytes) = (0u64, 0u64);
    while !stopped(ctl) {
        match sock.recv_from(&mut buf) {
            Ok((r, _)) => {
                n += 1;
                bytes += r.filled() as u64;
            }
            Err(baresock::Error::Again | baresock::Error::Intr) => {}
            Err(e) => panic!("recv_from: {e}"),
        }
    }
    m.end(n, bytes)
}

/// quinn-udp's state on `sock` (nonblocking from here on, its GRO on), and
/// its receive buffers: `BATCH_SIZE` of 64 KiB each (what a GRO read needs).
fn quinn_state(sock: &UdpSocket) -> (quinn_udp::UdpSocketState, Vec<u8>) {
    let state = quinn_udp::UdpSocketState::new(sock.into()).expect("quinn-udp state");
    (state, vec![0u8; quinn_udp::BATCH_SIZE * 65_536])
}

fn recv_quinn(ctl: &Ctl, sock: UdpSocket, _size: usize) -> Side {
    let (state, mut storage) = quinn_state(&sock);
    let mut meta = [quinn_udp::RecvMeta::default(); quinn_udp::BATCH_SIZE];
    let mut bufs: Vec<IoSliceMut<'_>> = storage.chunks_mut(65_536).map(IoSliceMut::new).collect();
    let m = Meter::start();
    let (mut n, mut bytes) = (0u64, 0u64);
    while !stopped(ctl) {
        match state.recv((&sock).into(), &mut bufs, &mut meta) {
            Ok(k) => {
                for md in &meta[..k] {
                    n += md.len.div_ceil(md.stride.max(1)) as u64;
                    bytes += md.len as u64;
                }
            }
            Err(e) if would_block(&e) => poll_in(sock.as_raw_fd()),
            Err(e) => panic!("quinn-udp recv: {e}"),
        }
    }
    m.end(n, bytes)
}

fn recv_libc(ctl: &Ctl, sock: UdpSocket, _size: usize) -> Side {
    let mut storage = vec![0u8; 2048 * BATCH];
    let mut iov: Vec<libc::iovec> = storage.chunks_mut(2048).map(iovec).collect();
    let mut hdrs: Vec<libc::mmsghdr> = iov.iter_mut().map(|v| mmsghdr(v, std::ptr::null_mut())).collect();
    let fd = sock.as_raw_fd();
    let m = Meter::start();
    let (mut n, mut bytes) = (0u64, 0u64);
    while !stopped(ctl) {
        let k = recvmmsg(fd, &mut hdrs, 0);
        if k > 0 {
            n += k as u64;
            bytes += hdrs[..k as usize].iter().map(|h| u64::from(h.msg_len)).sum::<u64>();
        }
    }
    m.end(n, bytes)
}

/// The GSO send rows' sink: libc `recvmmsg` of 64 buffers of 64 KiB, GRO on;
/// datagrams counted as bytes / size (they are all `size` long).
fn libc_gro_sink(ctl: &Ctl, sock: &UdpSocket, size: usize) -> Side {
    let mut storage = vec![0u8; 65_536 * BATCH];
    let mut iov: Vec<libc::iovec> = storage.chunks_mut(65_536).map(iovec).collect();
    let mut hdrs: Vec<libc::mmsghdr> = iov.iter_mut().map(|v| mmsghdr(v, std::ptr::null_mut())).collect();
    let fd = sock.as_raw_fd();
    let m = Meter::start();
    let mut bytes = 0u64;
    while !stopped(ctl) {
        let k = recvmmsg(fd, &mut hdrs, 0);
        if k > 0 {
            bytes += hdrs[..k as usize].iter().map(|h| u64::from(h.msg_len)).sum::<u64>();
        }
    }
    m.end(bytes / size as u64, bytes)
}

// --- echo servers: each answers every datagram to its sender.

fn echo_std(ctl: &Ctl, sock: UdpSocket, _size: usize) -> Side {
    let mut buf = [0u8; 2048];
    let m = Meter::start();
    let (mut n, mut bytes) = (0u64, 0u64);
    while !stopped(ctl) {
        match sock.recv_from(&mut buf) {
            Ok((len, peer)) => {
                sock.send_to(&buf[..len], peer).expect("send_to");
                n += 1;
                bytes += len as u64;
            }
            Err(e) if would_block(&e) => {}
            Err(e) => panic!("recv_from: {e}"),
        }
    }
    m.end(n, bytes)
}

fn echo_baresock(ctl: &Ctl, sock: UdpSocket, _size: usize) -> Side {
    let sock = Socket::from(sock);
    let mut buf = [0u8; 2048];
    let m = Meter::start();
    let (mut n, mut bytes) = (0u64, 0u64);
    while !stopped(ctl) {
        match sock.recv_from(&mut buf) {
            Ok((r, peer)) => {
                sock.send_to(&buf[..r.filled()], &peer).expect("send_to");
                n += 1;
                bytes += r.filled() as u64;
            }
            Err(baresock::Error::Again | baresock::Error::Intr) => {}
            Err(e) => panic!("recv_from: {e}"),
        }
    }
    m.end(n, bytes)
}

/// quinn-udp: its `recv`, then one `try_send` per buffer received (with
/// its stride as the segment size when GRO coalesced several).
fn echo_quinn(ctl: &Ctl, sock: UdpSocket, _size: usize) -> Side {
    let (state, mut storage) = quinn_state(&sock);
    let mut meta = [quinn_udp::RecvMeta::default(); quinn_udp::BATCH_SIZE];
    let fd = sock.as_raw_fd();
    let mut bufs: Vec<IoSliceMut<'_>> = storage.chunks_mut(65_536).map(IoSliceMut::new).collect();
    let m = Meter::start();
    let (mut n, mut bytes) = (0u64, 0u64);
    while !stopped(ctl) {
        let k = match state.recv((&sock).into(), &mut bufs, &mut meta) {
            Ok(k) => k,
            Err(e) if would_block(&e) => {
                poll_in(fd);
                continue;
            }
            Err(e) => panic!("quinn-udp recv: {e}"),
        };
        for (md, buf) in meta[..k].iter().zip(&bufs) {
            let transmit = quinn_udp::Transmit {
                destination: md.addr,
                ecn: None,
                contents: &buf[..md.len],
                segment_size: (md.len > md.stride).then_some(md.stride),
                src_ip: None,
            };
            loop {
                match state.try_send((&sock).into(), &transmit) {
                    Ok(()) => break,
                    Err(e) if would_block(&e) => {
                        let mut p = libc::pollfd { fd, events: libc::POLLOUT, revents: 0 };
                        // SAFETY: one valid pollfd.
                        unsafe { libc::poll(&mut p, 1, POLL.as_millis() as _) };
                    }
                    Err(e) => panic!("quinn-udp try_send: {e}"),
                }
            }
            n += md.len.div_ceil(md.stride.max(1)) as u64;
            bytes += md.len as u64;
        }
    }
    m.end(n, bytes)
}

/// libc: `recvmmsg` of 64 with the peers' addresses, `sendmmsg` of what came
/// back to them.
fn echo_libc(ctl: &Ctl, sock: UdpSocket, _size: usize) -> Side {
    let mut storage = vec![0u8; 2048 * BATCH];
    // SAFETY: all-zero sockaddr_in is valid.
    let mut names = vec![unsafe { std::mem::zeroed::<libc::sockaddr_in>() }; BATCH];
    let mut in_iov: Vec<libc::iovec> = storage.chunks_mut(2048).map(iovec).collect();
    let mut out_iov = in_iov.clone();
    let mut in_h: Vec<libc::mmsghdr> = in_iov.iter_mut().zip(names.iter_mut()).map(|(v, a)| mmsghdr(v, a)).collect();
    let mut out_h: Vec<libc::mmsghdr> = out_iov.iter_mut().zip(names.iter_mut()).map(|(v, a)| mmsghdr(v, a)).collect();
    let fd = sock.as_raw_fd();
    let m = Meter::start();
    let (mut n, mut bytes) = (0u64, 0u64);
    while !stopped(ctl) {
        for h in &mut in_h {
            h.msg_hdr.msg_namelen = size_of::<libc::sockaddr_in>() as _;
        }
        let k = recvmmsg(fd, &mut in_h, 0);
        if k <= 0 {
            continue;
        }
        let k = k as usize;
        for i in 0..k {
            out_iov[i].iov_len = in_h[i].msg_len as usize;
            n += 1;
            bytes += u64::from(in_h[i].msg_len);
        }
        let mut done = 0;
        while done < k {
            let s = sendmmsg(fd, &mut out_h[done..k]);
            assert!(s > 0, "sendmmsg: {}", std::io::Error::last_os_error());
            done += s as usize;
        }
        for v in &mut out_iov[..k] {
            v.iov_len = 2048;
        }
    }
    m.end(n, bytes)
}

// --- GSO senders: each pushes `size`-byte datagrams to `to` until stopped.

fn send_std(ctl: &Ctl, to: SocketAddr, size: usize) -> Side {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    let buf = vec![0x5au8; size];
    let m = Meter::start();
    let mut n = 0u64;
    while !stopped(ctl) {
        if sock.send_to(&buf, to).is_ok() {
            n += 1;
        }
    }
    m.end(n, n * size as u64)
}

fn send_quinn(ctl: &Ctl, to: SocketAddr, size: usize) -> Side {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    let state = quinn_udp::UdpSocketState::new((&sock).into()).expect("quinn-udp state");
    let segs = gso_segments(size).min(state.max_gso_segments());
    let buf = vec![0x5au8; size * segs];
    let transmit = quinn_udp::Transmit {
        destination: to,
        ecn: None,
        contents: &buf,
        segment_size: (segs > 1).then_some(size),
        src_ip: None,
    };
    let m = Meter::start();
    let mut n = 0u64;
    while !stopped(ctl) {
        match state.try_send((&sock).into(), &transmit) {
            Ok(()) => n += segs as u64,
            Err(e) if would_block(&e) => {
                let mut p = libc::pollfd { fd: sock.as_raw_fd(), events: libc::POLLOUT, revents: 0 };
                // SAFETY: one valid pollfd.
                unsafe { libc::poll(&mut p, 1, POLL.as_millis() as _) };
            }
            Err(e) => panic!("quinn-udp try_send: {e}"),
        }
    }
    m.end(n, n * size as u64)
}

/// libc `sendmsg` with a UDP_SEGMENT control message, one buffer per call.
fn send_libc_gso(ctl: &Ctl, to: SocketAddr, size: usize) -> Side {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    let probe: libc::c_int = libc::IP_PMTUDISC_PROBE;
    // SAFETY: a live int of the size given, on an open socket. As quinn-udp.
    unsafe {
        libc::setsockopt(
            sock.as_raw_fd(),
            libc::IPPROTO_IP,
            libc::IP_MTU_DISCOVER,
            (&probe as *const libc::c_int).cast(),
            size_of::<libc::c_int>() as _,
        )
    };
    let segs = gso_segments(size);
    let mut buf = vec![0x5au8; size * segs];
    let mut iov = iovec(&mut buf);
    let mut name = sockaddr_in(to);
    // u64s: aligned for cmsghdr.
    let mut control = [0u64; 4];
    // SAFETY: all-zero is a valid msghdr; the control buffer holds one
    // cmsghdr with a u16, CMSG_SPACE(2) <= 32 bytes.
    let hdr = unsafe {
        let mut hdr: libc::msghdr = std::mem::zeroed();
        hdr.msg_name = (&mut name as *mut libc::sockaddr_in).cast();
        hdr.msg_namelen = size_of::<libc::sockaddr_in>() as _;
        hdr.msg_iov = &mut iov;
        hdr.msg_iovlen = 1;
        hdr.msg_control = control.as_mut_ptr().cast();
        hdr.msg_controllen = libc::CMSG_SPACE(2) as _;
        let c = libc::CMSG_FIRSTHDR(&hdr);
        (*c).cmsg_level = libc::SOL_UDP;
        (*c).cmsg_type = libc::UDP_SEGMENT;
        (*c).cmsg_len = libc::CMSG_LEN(2) as _;
        libc::CMSG_DATA(c).cast::<u16>().write_unaligned(size as u16);
        hdr
    };
    let m = Meter::start();
    let mut n = 0u64;
    while !stopped(ctl) {
        // SAFETY: hdr points at live name, iov, buf and control.
        if unsafe { libc::sendmsg(sock.as_raw_fd(), &hdr, 0) } > 0 {
            n += segs as u64;
        }
    }
    m.end(n, n * size as u64)
}

// --- baresock's batches (src/mmsg.rs): recvmmsg into RecvSlots, sendmmsg of
// SendSlots, send_segments_to with Gso.

/// `BATCH` slots over `storage`, `each` bytes apiece.
fn slots(storage: &mut [u8], each: usize) -> [RecvSlot<'_>; BATCH] {
    let mut bufs = storage.chunks_mut(each);
    std::array::from_fn(|_| RecvSlot::new(bufs.next().expect("storage for every slot")))
}

fn recv_baresock_mmsg(ctl: &Ctl, sock: UdpSocket, _size: usize) -> Side {
    let sock = Socket::from(sock);
    let mut storage = vec![0u8; 2048 * BATCH];
    let mut slots = slots(&mut storage, 2048);
    let flags = RecvFlags::DEFAULT.wait_for_one();
    let m = Meter::start();
    let (mut n, mut bytes) = (0u64, 0u64);
    while !stopped(ctl) {
        match sock.recvmmsg(&mut slots, flags, None) {
            Ok(k) => {
                n += k as u64;
                bytes += slots[..k].iter().map(|s| s.data().len() as u64).sum::<u64>();
            }
            Err(baresock::Error::Again | baresock::Error::Intr) => {}
            Err(e) => panic!("recvmmsg: {e}"),
        }
    }
    m.end(n, bytes)
}

/// GRO on: each slot's 64 KiB may hold up to 64 datagrams, split by
/// `RecvSlot::segments`.
fn recv_baresock_gro(ctl: &Ctl, sock: UdpSocket, _size: usize) -> Side {
    let sock = Socket::from(sock);
    sock.set_udp_gro(true).expect("UDP_GRO");
    let mut storage = vec![0u8; 65_536 * BATCH];
    let mut slots = slots(&mut storage, 65_536);
    let flags = RecvFlags::DEFAULT.wait_for_one();
    let m = Meter::start();
    let (mut n, mut bytes) = (0u64, 0u64);
    while !stopped(ctl) {
        match sock.recvmmsg(&mut slots, flags, None) {
            Ok(k) => {
                for slot in &slots[..k] {
                    n += slot.segments().count() as u64;
                    bytes += slot.data().len() as u64;
                }
            }
            Err(baresock::Error::Again | baresock::Error::Intr) => {}
            Err(e) => panic!("recvmmsg: {e}"),
        }
    }
    m.end(n, bytes)
}

/// recvmmsg into 64 slots, then one sendmmsg answering each to its peer.
fn echo_baresock_mmsg(ctl: &Ctl, sock: UdpSocket, _size: usize) -> Side {
    let sock = Socket::from(sock);
    let mut storage = vec![0u8; 2048 * BATCH];
    let mut slots = slots(&mut storage, 2048);
    let flags = RecvFlags::DEFAULT.wait_for_one();
    let m = Meter::start();
    let (mut n, mut bytes) = (0u64, 0u64);
    while !stopped(ctl) {
        let k = match sock.recvmmsg(&mut slots, flags, None) {
            Ok(k) => k,
            Err(baresock::Error::Again | baresock::Error::Intr) => continue,
            Err(e) => panic!("recvmmsg: {e}"),
        };
        let mut answers = [SendSlot::default(); BATCH];
        for (answer, slot) in answers.iter_mut().zip(&slots[..k]) {
            *answer = SendSlot::new(slot.data()).to(slot.peer());
            n += 1;
            bytes += slot.data().len() as u64;
        }
        sock.sendmmsg(&answers[..k], SendFlags::DEFAULT).expect("sendmmsg");
    }
    m.end(n, bytes)
}

/// `Socket::send_segments_to`: one sendmsg of as many segments as fit
/// (`gso_segments`) per call, with `Gso::detect`'s fallback.
fn send_baresock_gso(ctl: &Ctl, to: SocketAddr, size: usize) -> Side {
    let sock = Socket::from(UdpSocket::bind("127.0.0.1:0").unwrap());
    // As quinn-udp sets it: DF on, no path-MTU state (and no IP ID to draw
    // per segment from the kernel's shared generator).
    sock.set_mtu_discover_v4(baresock::PathMtuDiscovery::PROBE).unwrap();
    let gso = Gso::detect(&sock);
    let segs = gso_segments(size).min(gso.max_segments());
    let buf = vec![0x5au8; size * segs];
    let to = SockAddr::from(to);
    let meta = SendMeta::default();
    let m = Meter::start();
    let mut n = 0u64;
    while !stopped(ctl) {
        match sock.send_segments_to(&buf, size as u16, Some(&to), &meta, &gso, SendFlags::DEFAULT) {
            Ok(()) => n += segs as u64,
            Err(p) => n += p.sent as u64,
        }
    }
    if !gso.enabled() {
        eprintln!("warning: GSO fell back to one datagram per segment in this run");
    }
    m.end(n, n * size as u64)
}

fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    for size in [64, 1200] {
        macro_rules! recv_row {
            ($label:expr, $anchor:expr, $f:expr) => {
                rows.push(Row {
                    workload: Workload::Receive,
                    size,
                    label: $label,
                    anchor: $anchor,
                    run: |secs, size| receive_run(secs, size, $f),
                })
            };
        }
        recv_row!("(a) std recv_from", true, recv_std);
        recv_row!("(b) baresock recv_from", false, recv_baresock);
        recv_row!("(c) baresock recvmmsg 64", false, recv_baresock_mmsg);
        recv_row!("(d) baresock recvmmsg 64, GRO", false, recv_baresock_gro);
        recv_row!("(e) quinn-udp recv, its GRO on", false, recv_quinn);
        recv_row!("(f) libc recvmmsg 64", false, recv_libc);
        macro_rules! echo_row {
            ($label:expr, $anchor:expr, $f:expr) => {
                rows.push(Row {
                    workload: Workload::Echo,
                    size,
                    label: $label,
                    anchor: $anchor,
                    run: |secs, size| echo_run(secs, size, $f),
                })
            };
        }
        echo_row!("(a) std recv_from + send_to", true, echo_std);
        echo_row!("(b) baresock recv_from + send_to", false, echo_baresock);
        echo_row!("(c) baresock recvmmsg + sendmmsg", false, echo_baresock_mmsg);
        echo_row!("(e) quinn-udp recv + try_send", false, echo_quinn);
        echo_row!("(f) libc recvmmsg + sendmmsg", false, echo_libc);
    }
    macro_rules! send_row {
        ($label:expr, $anchor:expr, $f:expr) => {
            rows.push(Row {
                workload: Workload::GsoSend,
                size: 1200,
                label: $label,
                anchor: $anchor,
                run: |secs, size| send_run(secs, size, $f),
            })
        };
    }
    send_row!("(a) std send_to", true, send_std);
    send_row!("(c) baresock send_segments_to, GSO", false, send_baresock_gso);
    send_row!("(e) quinn-udp try_send, GSO", false, send_quinn);
    send_row!("(f) libc sendmsg UDP_SEGMENT", false, send_libc_gso);
    rows
}

// ---------------------------------------------------------------- report

fn median_run(mut runs: Vec<Run>) -> Run {
    runs.sort_by(|a, b| rate(a).total_cmp(&rate(b)));
    runs[runs.len() / 2]
}

fn rate(r: &Run) -> f64 {
    r.figure.datagrams as f64 / r.figure.wall.as_secs_f64()
}

fn human(v: f64) -> String {
    if v >= 1e6 {
        format!("{:.2} M", v / 1e6)
    } else {
        format!("{:.0} k", v / 1e3)
    }
}

fn main() {
    let secs = Duration::from_secs(setting("BARESOCK_UDP_SECS", 3));
    let runs = setting("BARESOCK_UDP_RUNS", 3) as usize;
    let only = std::env::var("BARESOCK_UDP_ONLY").unwrap_or_default();
    let rows: Vec<Row> = rows().into_iter().filter(|r| r.label.contains(only.as_str()) || r.anchor).collect();
    eprintln!(
        "{} rows x {runs} runs x {} s, server on core 0, client on core 1, loopback 127.0.0.1",
        rows.len(),
        secs.as_secs()
    );
    let (machine0, ours0, wall0) = { let (m, o) = busy(); (m, o, Instant::now()) };
    let mut results: Vec<Vec<Run>> = vec![Vec::new(); rows.len()];
    let mut failed = false;
    let mut retried = 0;
    for round in 0..runs {
        // Rotate the order from round to round: drift falls on all rows alike.
        for k in 0..rows.len() {
            let i = (k + round * 7) % rows.len();
            let mut tries = 0;
            let r = loop {
                let ((machine0, ours0), t0) = (busy(), Instant::now());
                let mut r = (rows[i].run)(secs, rows[i].size);
                let (machine1, ours1) = busy();
                r.others = ((machine1 - machine0) - (ours1 - ours0)).max(0.0) / t0.elapsed().as_secs_f64();
                // A run that shared its cores is measured again (full runs
                // only: a smoke run checks datagrams, not rates).
                if r.others <= BUSY_MACHINE || runs == 1 || tries == RETRIES {
                    break r;
                }
                tries += 1;
                retried += 1;
                thread::sleep(Duration::from_secs(2));
            };
            if r.figure.datagrams == 0 || r.wrong > 0 {
                eprintln!(
                    "FAIL: {} at {} B: {} datagrams, {} wrong answers",
                    rows[i].label, rows[i].size, r.figure.datagrams, r.wrong
                );
                failed = true;
            }
            results[i].push(r);
        }
    }
    let medians: Vec<Run> = results.into_iter().map(median_run).collect();
    // Other processes on the two cores make a side wait, which reads as
    // idle: say how much of a core they took over the whole bench.
    let (machine1, ours1) = busy();
    let others = ((machine1 - machine0) - (ours1 - ours0)).max(0.0) / wall0.elapsed().as_secs_f64();
    println!(
        "Other processes used {:.0}% of a core during the runs (of 200%); {retried} runs were measured again because they took more than {:.0}% during them.\n",
        others * 100.0,
        BUSY_MACHINE * 100.0
    );

    println!("| workload | size | row | datagrams/s | MB/s | × std | server idle | client idle | dropped | RcvbufErrors | others' CPU | |");
    println!("|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|---|");
    for (row, m) in rows.iter().zip(&medians) {
        let anchor = rows
            .iter()
            .zip(&medians)
            .find(|(a, _)| a.anchor && a.workload == row.workload && a.size == row.size)
            .map(|(_, a)| rate(a))
            .unwrap_or(f64::NAN);
        let workload = match row.workload {
            Workload::Receive => "receive",
            Workload::Echo => "echo, 64 in flight",
            Workload::GsoSend => "send",
        };
        // The GSO send rows measure the sender: its idle share decides.
        let bound_side = if row.workload == Workload::GsoSend { &m.client } else { &m.server };
        let note = if bound_side.idle() > CLIENT_BOUND {
            if row.workload == Workload::GsoSend { "sender waited" } else { "client-bound" }
        } else {
            ""
        };
        let dropped = if row.workload == Workload::Echo { "-".to_string() } else { m.dropped.to_string() };
        println!(
            "| {workload} | {} B | {} | {}/s | {:.0} | {:.2} | {:.0}% | {:.0}% | {dropped} | {} | {:.0}% | {note} |",
            row.size,
            row.label,
            human(rate(m)),
            m.figure.bytes as f64 / m.figure.wall.as_secs_f64() / 1e6,
            rate(m) / anchor,
            m.server.idle() * 100.0,
            m.client.idle() * 100.0,
            m.rcvbuf_errors,
            m.others * 100.0,
        );
    }
    if failed {
        std::process::exit(1);
    }
}
