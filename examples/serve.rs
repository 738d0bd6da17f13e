//! The seed's server: socket, SO_REUSEADDR, bind, listen, then an accept4
//! loop that greets each client and prints the fds and the peer address.
//! With `--udp`, a datagram server on the same address: recv_from names the
//! sender of each datagram, send_to answers it.
//!
//! ```text
//! cargo run --example serve                       # 127.0.0.1:9600, until Ctrl-C
//! cargo run --example serve -- '[::1]:9600' --count 3
//! cargo run --example serve -- --udp              # datagrams on 127.0.0.1:9600
//! cargo run --example serve -- --udp '[::1]:9600' --count 3
//! ```
//!
//! Signals: SIGHUP prints how many clients it has served and it goes on
//! serving; SIGTERM and SIGINT (Ctrl-C) end it cleanly, exit status 0. The
//! handlers are installed without `SA_RESTART`, so a blocked `accept` or
//! `recv_from` returns `Error::Intr` at once and the loop reads the flags.
//!
//! Restarting it at once works: SO_REUSEADDR lets bind take the port that
//! the previous run's connections hold in TIME_WAIT. All output is formatted
//! into fixed-size stack buffers: the serving loop allocates nothing.
//!
//! Socket-activated (`LISTEN_FDS` set, see `baresock::activation`), it serves
//! on the socket the activator handed over instead of binding its own, and
//! says so in its first line:
//!
//! ```text
//! systemd-socket-activate -l 127.0.0.1:9600 target/debug/examples/serve
//! ```

use core::fmt::Write as _;
use core::sync::atomic::{AtomicBool, Ordering};

use baresock::activation::{self, Listener};
use baresock::{Backlog, Error, SockAddr, Socket, Type};
use rustix::fd::AsRawFd;

/// The seed's default address.
const DEFAULT_ADDR: &str = "127.0.0.1:9600";

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
}

fn parse_args() -> Result<Args, String> {
    let mut addr = None;
    let mut count = None;
    let mut udp = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--udp" {
            udp = true;
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
    Ok(Args { addr, count, udp })
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
        say(format_args!(
            "client {served}: fd {} from {peer}",
            conn.as_raw_fd()
        ));
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

/// The datagram server: each datagram's sender, from recvfrom(2), is the
/// address the greeting goes back to with sendto(2).
fn serve_udp(args: &Args, inherited: Option<Socket>) -> Result<(), Error> {
    let server = match inherited {
        Some(server) => server,
        None => {
            let server = Socket::new(args.addr.domain(), Type::DGRAM, None)?;
            server.bind(&args.addr)?;
            say(format_args!(
                "serving datagrams on {} (fd {})",
                server.local_addr()?,
                server.as_raw_fd()
            ));
            server
        }
    };

    // The largest UDP payload fits: no datagram is cut.
    let mut buf = [0u8; 65536];
    let mut served = 0u64;
    while args.count.is_none_or(|n| served < n) && !STOP.load(Ordering::SeqCst) {
        let (len, peer) = match server.recv_from(&mut buf).map(|(r, p)| (r.filled(), p)) {
            Ok(received) => received,
            // An ICMP error for an earlier answer.
            Err(Error::ConnRefused) => continue,
            Err(Error::Intr) if interrupted(served, "datagrams") => break,
            Err(Error::Intr) => continue,
            Err(e) => return Err(e),
        };
        served += 1;
        say(format_args!("datagram {served}: {len} bytes from {peer}"));
        let mut greeting = heapless::String::<96>::new();
        let _ = writeln!(greeting, "hello from baresock, {peer}");
        if let Err(e) = server.send_to(greeting.as_bytes(), &peer) {
            say(format_args!("datagram {served}: send_to failed: {e}"));
        }
    }
    say(format_args!("served {served} datagrams, bye"));
    Ok(())
}

fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(msg) => {
            eprintln!("usage: serve [--udp] [ADDR (default {DEFAULT_ADDR})] [--count N]\n{msg}");
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
