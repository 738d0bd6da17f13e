//! The seed's server: socket, SO_REUSEADDR, bind, listen, then an accept4
//! loop that greets each client and prints the fds and the peer address.
//!
//! With `--udp`, a datagram server on the same address. It reads in batches,
//! one recvmmsg(2) of up to 32 datagrams (blocking for the first only,
//! `MSG_WAITFORONE`), and answers each batch with one sendmmsg(2). Each answer
//! goes back from the address its datagram was sent to (`IP_PKTINFO`, or
//! `IPV6_PKTINFO` on an IPv6 socket), so a server bound to `0.0.0.0` or
//! `[::]` answers a client that asked 127.0.0.2 from 127.0.0.2, and a
//! connected client sees it. `[::]` is dual-stack: IPv4 clients arrive
//! IPv4-mapped (`[::ffff:127.0.0.1]:PORT`) and are answered the same way.
//! One line per datagram, `datagram N: LEN bytes from PEER to LOCAL`; each
//! slot holds 64 KiB, so no datagram is cut (one that were would say so).
//!
//! ```text
//! cargo run --example serve                       # 127.0.0.1:9600, until Ctrl-C
//! cargo run --example serve -- '[::1]:9600' --count 3
//! cargo run --example serve -- --udp              # datagrams on 127.0.0.1:9600
//! cargo run --example serve -- --udp '[::]:9600' --count 3
//! cargo run --example serve -- --udp 0.0.0.0:9600 --quiet
//! ```
//!
//! `--count N` stops after N clients or datagrams (of a batch that brings
//! more, only the first are served and answered). `--quiet` prints no line
//! per client or datagram, only the first and the last (and failures).
//!
//! Signals: SIGHUP prints how many clients it has served and it goes on
//! serving; SIGTERM and SIGINT (Ctrl-C) end it cleanly, exit status 0. The
//! handlers are installed without `SA_RESTART`, so a blocked `accept` or
//! `recvmmsg` returns `Error::Intr` at once and the loop reads the flags.
//!
//! Restarting it at once works: SO_REUSEADDR lets bind take the port that
//! the previous run's connections hold in TIME_WAIT. All output is formatted
//! into fixed-size stack buffers, and the datagram slots, greetings and
//! answers are fixed-size arrays on the stack: the serving loop allocates
//! nothing.
//!
//! Socket-activated (`LISTEN_FDS` set, see `baresock::activation`), it serves
//! on the socket the activator handed over instead of binding its own, and
//! says so in its first line (a datagram one gets the packet-info option of
//! its family turned on, as a socket of its own would):
//!
//! ```text
//! systemd-socket-activate -l 127.0.0.1:9600 target/debug/examples/serve
//! systemd-socket-activate --datagram -l 0.0.0.0:9600 target/debug/examples/serve --udp
//! ```

use core::fmt::Write as _;
use core::sync::atomic::{AtomicBool, Ordering};

use baresock::activation::{self, Listener};
use baresock::{
    Backlog, Domain, Error, RecvFlags, RecvSlot, SendFlags, SendMeta, SendSlot, SockAddr, Socket,
    Type,
};
use rustix::fd::AsRawFd;

/// The seed's default address.
const DEFAULT_ADDR: &str = "127.0.0.1:9600";

/// Datagrams read by one recvmmsg(2) and answered by one sendmmsg(2).
const BATCH: usize = 32;
/// Bytes per datagram slot: the largest UDP payload (65,507 bytes over
/// IPv4, 65,527 over IPv6) fits, so no datagram is cut. The 32 slots take
/// 2 MiB of the main thread's stack (8 MiB by default).
const SLOT_LEN: usize = 65_536;

/// Formats a line in a stack buffer and writes it to stdout in one write
/// (std's stdout buffer is allocated once, at the first line, before the loop).
fn say(args: core::fmt::Arguments<'_>) {
    let mut line = heapless::String::<192>::new();
    // A line too long for the buffer is cut, not lost entirely.
    let _ = line.write_fmt(args);
    let _ = line.push('\n');
    let mut out = std::io::stdout().lock();
    let _ = std::io::Write::write_all(&mut out, line.as_bytes());
    let _ = std::io::Write::flush(&mut out);
}

/// Set by SIGHUP: report and go on.
static REPORT: AtomicBool = AtomicBool::new(false);
/// Set by SIGTERM or SIGINT: stop.
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(signal: libc::c_int) {
    // Only atomics: async-signal-safe.
    let flag = if signal == libc::SIGHUP {
        &REPORT
    } else {
        &STOP
    };
    flag.store(true, Ordering::SeqCst);
}

/// SIGHUP, SIGTERM and SIGINT to `on_signal`, without `SA_RESTART`.
fn install_signal_handlers() -> std::io::Result<()> {
    for signal in [libc::SIGHUP, libc::SIGTERM, libc::SIGINT] {
        // SAFETY: `action` is zeroed (no flags, an empty mask: a valid
        // `sigaction`) and given a handler that only stores to atomics; the
        // pointers are to a live local and null for the old action.
        let ret = unsafe {
            let mut action: libc::sigaction = core::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, core::ptr::null_mut())
        };
        if ret != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// What a loop does when a blocking call returned `Error::Intr`: whether to
/// stop, after printing the report SIGHUP asked for.
fn interrupted(served: u64, what: &str) -> bool {
    if REPORT.swap(false, Ordering::SeqCst) {
        say(format_args!("still serving: {served} {what} so far"));
    }
    STOP.load(Ordering::SeqCst)
}

struct Args {
    addr: SockAddr,
    count: Option<u64>,
    udp: bool,
    /// No line per client or datagram.
    quiet: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut addr = None;
    let mut count = None;
    let mut udp = false;
    let mut quiet = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--udp" {
            udp = true;
        } else if arg == "--quiet" {
            quiet = true;
        } else if arg == "--count" {
            let n = args.next().ok_or("--count needs a number")?;
            count = Some(n.parse().map_err(|_| format!("bad --count: {n}"))?);
        } else if addr.is_none() {
            addr = Some(arg);
        } else {
            return Err(format!("unexpected argument: {arg}"));
        }
    }
    let text = addr.as_deref().unwrap_or(DEFAULT_ADDR);
    // baresock's own parser: core::net's grammar, no allocation, and an
    // error that says what was wrong and where.
    let addr: SockAddr = text
        .parse()
        .map_err(|e| format!("bad address {text:?}: {e}"))?;
    Ok(Args {
        addr,
        count,
        udp,
        quiet,
    })
}

/// The socket an activator handed over, when this process was started with
/// `LISTEN_FDS` set and `LISTEN_PID` its own: the first one, which must be of
/// type `want` (a stream one listening). `Ok(None)`: not activated.
fn inherited(want: Type) -> Result<Option<Socket>, String> {
    if std::env::var_os("LISTEN_FDS").is_none() {
        return Ok(None);
    }
    // The environment as envp-style KEY=VALUE bytes, the form the no_std
    // entry point reads (this example builds without baresock's `std`).
    let entries: Vec<Vec<u8>> = std::env::vars_os()
        .map(|(k, v)| [k.as_encoded_bytes(), b"=", v.as_encoded_bytes()].concat())
        .collect();
    // SAFETY: called once, at start-up, before this program opens anything:
    // descriptors 3 and up are the activator's, and nothing else owns them.
    let taken = unsafe { activation::listen_fds(entries.iter().map(Vec::as_slice)) };
    let listeners = taken.map_err(|e| format!("socket activation: {e}"))?;
    let Some(first) = listeners.into_iter().next() else {
        say(format_args!(
            "LISTEN_FDS is set for another process (LISTEN_PID): binding my own"
        ));
        return Ok(None);
    };
    let fits = match (want, first.socket_type()) {
        (Type::STREAM, Type::STREAM) => first.is_listener(),
        (Type::DGRAM, Type::DGRAM) => true,
        _ => false,
    };
    if !fits {
        return Err(format!(
            "socket activation: want a {want:?} socket, got {}",
            describe(&first)
        ));
    }
    say(format_args!(
        "listening on {} (fd {}), inherited from the activator (LISTEN_FDS, name {:?})",
        first.local_addr(),
        first.fd(),
        String::from_utf8_lossy(first.name()),
    ));
    Ok(Some(first.into_socket()))
}

fn describe(l: &Listener<'_>) -> String {
    format!(
        "fd {} of type {:?} (listening: {})",
        l.fd(),
        l.socket_type(),
        l.is_listener()
    )
}

fn serve(args: &Args, inherited: Option<Socket>) -> Result<(), Error> {
    let server = match inherited {
        Some(server) => server,
        None => bind_and_listen(args)?,
    };
    serve_on(&server, args)
}

fn bind_and_listen(args: &Args) -> Result<Socket, Error> {
    // socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0): fd 3 in a fresh process.
    let server = Socket::new(args.addr.domain(), Type::STREAM, None)?;
    // Rebind through TIME_WAIT after a restart.
    server.set_reuse_address(true)?;
    server.bind(&args.addr)?;
    server.listen(Backlog::DEFAULT)?;
    say(format_args!(
        "listening on {} (fd {}), SO_REUSEADDR on",
        server.local_addr()?,
        server.as_raw_fd()
    ));
    Ok(server)
}

fn serve_on(server: &Socket, args: &Args) -> Result<(), Error> {
    let mut served = 0u64;
    while args.count.is_none_or(|n| served < n) && !STOP.load(Ordering::SeqCst) {
        let (conn, peer) = match server.accept() {
            Ok(accepted) => accepted,
            // A client that gave up before we got to it.
            Err(Error::ConnAborted) => continue,
            Err(Error::Intr) if interrupted(served, "clients") => break,
            Err(Error::Intr) => continue,
            Err(e) => return Err(e),
        };
        served += 1;
        if !args.quiet {
            say(format_args!(
                "client {served}: fd {} from {peer}",
                conn.as_raw_fd()
            ));
        }
        let mut greeting = heapless::String::<96>::new();
        let _ = writeln!(greeting, "hello from baresock, {peer}");
        // A client that already left is not the server's failure.
        if let Err(e) = conn.send(greeting.as_bytes()) {
            say(format_args!("client {served}: send failed: {e}"));
        }
        // `conn` drops here: the server closes first (TIME_WAIT lands here).
    }
    say(format_args!("served {served} clients, bye"));
    Ok(())
}

/// The datagram server: batches of datagrams in, one recvmmsg(2) each, and
/// their answers out, one sendmmsg(2) each, every answer to its datagram's
/// sender and from the address that datagram was sent to.
fn serve_udp(args: &Args, inherited: Option<Socket>) -> Result<(), Error> {
    let server = match inherited {
        Some(server) => server,
        None => bind_udp(args)?,
    };
    // Inherited or not: the address each datagram was sent to is the one
    // to answer from.
    recv_destination(&server)?;

    let mut bufs = [[0u8; SLOT_LEN]; BATCH];
    let mut slots = bufs.each_mut().map(|buf| RecvSlot::new(buf));
    let mut greetings: [heapless::String<96>; BATCH] =
        core::array::from_fn(|_| heapless::String::new());
    let mut served = 0u64;
    while args.count.is_none_or(|n| served < n) && !STOP.load(Ordering::SeqCst) {
        // Blocks for the first datagram only, then takes what is queued.
        let received = match server.recvmmsg(&mut slots, RecvFlags::DEFAULT.wait_for_one(), None) {
            Ok(received) => received,
            // An ICMP error for an earlier answer.
            Err(Error::ConnRefused) => continue,
            Err(Error::Intr) if interrupted(served, "datagrams") => break,
            Err(Error::Intr) => continue,
            Err(e) => return Err(e),
        };
        // With --count, a batch may bring more than are left: only those
        // are served; the others are dropped unanswered, as if they had
        // come after the server stopped.
        let left = args.count.map_or(usize::MAX, |n| {
            usize::try_from(n - served).unwrap_or(usize::MAX)
        });
        let batch = slots.get(..received.min(left)).unwrap_or_default();

        for ((number, slot), greeting) in (served + 1..).zip(batch).zip(&mut greetings) {
            let peer = slot.peer();
            if !args.quiet {
                say(format_args!(
                    "datagram {number}: {} bytes from {peer}{}{}",
                    slot.data().len(),
                    To(slot.meta().destination),
                    Cut(slot.received().truncated() == Some(true)),
                ));
            }
            greeting.clear();
            let _ = writeln!(greeting, "hello from baresock, {peer}");
        }
        let mut answers = [SendSlot::default(); BATCH];
        for ((answer, slot), greeting) in answers.iter_mut().zip(batch).zip(&greetings) {
            *answer = SendSlot::new(greeting.as_bytes())
                .to(slot.peer())
                .with_meta(SendMeta::reply_to(&slot.meta()));
        }
        answer(
            &server,
            answers.get(..batch.len()).unwrap_or_default(),
            served,
        );
        served += batch.len() as u64;
    }
    say(format_args!("served {served} datagrams, bye"));
    Ok(())
}

/// A datagram socket of its own, bound to the address asked.
fn bind_udp(args: &Args) -> Result<Socket, Error> {
    let domain = args.addr.domain();
    let server = Socket::new(domain, Type::DGRAM, None)?;
    if domain == Domain::INET6 {
        // `[::]` takes IPv4 datagrams too, whatever net.ipv6.bindv6only
        // says (for a bound address such as ::1 it changes nothing).
        server.set_only_v6(false)?;
    }
    server.bind(&args.addr)?;
    say(format_args!(
        "serving datagrams on {} (fd {})",
        server.local_addr()?,
        server.as_raw_fd()
    ));
    Ok(server)
}

/// Each datagram arrives with the address it was sent to, by the socket's
/// family: `IPV6_PKTINFO` on an IPv6 socket, which gives the IPv4 datagrams
/// of a dual-stack one their destination IPv4-mapped (and answering from
/// that mapped address works); `IP_PKTINFO` on an IPv4 one. A Unix socket
/// (an activator's) has no addresses to choose among.
fn recv_destination(server: &Socket) -> Result<(), Error> {
    match server.domain()? {
        Domain::INET6 => server.set_recv_pktinfo_v6(true),
        Domain::INET => server.set_recv_pktinfo_v4(true),
        _ => Ok(()),
    }
}

/// Sends a batch's answers, the first of them to datagram `served + 1`, in
/// one sendmmsg(2). An answer that fails is reported in one line and
/// skipped, and the answers after it still go.
fn answer(server: &Socket, answers: &[SendSlot<'_>], served: u64) {
    let mut from = 0;
    while let Some(rest) = answers.get(from..).filter(|rest| !rest.is_empty()) {
        match server.sendmmsg(rest, SendFlags::DEFAULT) {
            Ok(()) => return,
            // A signal: the flags are read at the next recvmmsg; the
            // answer it interrupted is tried again.
            Err(partial) if partial.error == Error::Intr => from += partial.sent,
            Err(partial) => {
                from += partial.sent;
                say(format_args!(
                    "datagram {}: answer not sent (sendmmsg: {partial})",
                    served + from as u64 + 1
                ));
                from += 1;
            }
        }
    }
}

/// ` to LOCAL`, the address a datagram was sent to, when the kernel said.
struct To(Option<core::net::IpAddr>);

impl core::fmt::Display for To {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Some(local) => write!(f, " to {local}"),
            None => Ok(()),
        }
    }
}

/// A note for a datagram longer than its slot: with [`SLOT_LEN`] bytes none
/// is, but were one ever cut, its line would say so.
struct Cut(bool);

impl core::fmt::Display for Cut {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.0 {
            write!(f, " (cut: longer than {SLOT_LEN} bytes)")
        } else {
            Ok(())
        }
    }
}

fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(msg) => {
            eprintln!(
                "usage: serve [--udp] [--quiet] [ADDR (default {DEFAULT_ADDR})] [--count N]\n{msg}"
            );
            return std::process::ExitCode::from(2);
        }
    };
    if let Err(e) = install_signal_handlers() {
        say(format_args!("error: sigaction: {e}"));
        return std::process::ExitCode::FAILURE;
    }
    let want = if args.udp { Type::DGRAM } else { Type::STREAM };
    let inherited = match inherited(want) {
        Ok(inherited) => inherited,
        Err(msg) => {
            say(format_args!("error: {msg}"));
            return std::process::ExitCode::FAILURE;
        }
    };
    let served = if args.udp {
        serve_udp(&args, inherited)
    } else {
        serve(&args, inherited)
    };
    match served {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            say(format_args!("error: {e} ({e:?})"));
            std::process::ExitCode::FAILURE
        }
    }
}
