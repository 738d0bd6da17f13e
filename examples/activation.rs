//! A probe for socket activation: takes the sockets an activator handed
//! over, prints what the kernel says of each, and serves one client on
//! each (a greeting on a stream listener, an echo on a datagram socket).
//! `.ci/activation.sh` runs it under `systemd-socket-activate`.
//!
//! ```text
//! cargo build --features std --example activation
//! systemd-socket-activate -l 127.0.0.1:9601 --fdname=web target/debug/examples/activation
//! ```
//!
//! `--check N` also reports, at the end, whether descriptors 3..3+N are
//! still open and close-on-exec: after an error nothing may have been
//! closed or changed, and after a success each must be close-on-exec.

use std::process::ExitCode;
use std::time::Duration;

use baresock::activation::{Listener, OwnedVars};
use baresock::Type;
use rustix::fd::BorrowedFd;
use rustix::io::{fcntl_getfd, FdFlags};
use rustix::net::{recvfrom, sendto, sockopt, RecvFlags, SendFlags};

/// How long a served socket waits for its client.
const WAIT: Duration = Duration::from_secs(5);

fn main() -> ExitCode {
    let check = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => 0,
        [flag, n] if flag == "--check" => n.parse().unwrap_or(0),
        _ => {
            eprintln!("usage: activation [--check N]");
            return ExitCode::from(2);
        }
    };
    // SAFETY: first thing in main: no other thread exists yet.
    let vars = unsafe { OwnedVars::take_from_env() };
    let unset = ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"]
        .iter()
        .all(|v| std::env::var_os(v).is_none());
    println!("environment: LISTEN_* unset: {}", yes(unset));
    run(&vars, check)
}

/// Takes, reports and serves; reports the descriptors before it returns
/// (while the taken ones are still owned, so still open).
fn run(vars: &OwnedVars, check: i32) -> ExitCode {
    let own_pid = std::process::id();
    let env = match vars.vars().parse(own_pid) {
        Ok(env) => env,
        Err(e) => {
            println!("activation: error: {e}");
            report_fds(check);
            return ExitCode::FAILURE;
        }
    };
    if env.is_empty() {
        let pid = vars.vars().pid.map(String::from_utf8_lossy);
        println!(
            "activation: took nothing (LISTEN_PID={}, this process is {own_pid})",
            pid.as_deref().unwrap_or("unset")
        );
        report_fds(check);
        return ExitCode::SUCCESS;
    }
    // SAFETY: this process was started by the activator with these
    // descriptors, nothing in it has opened or closed one since, and this is
    // the only call that takes them.
    let listeners = match unsafe { env.take() } {
        Ok(listeners) => listeners,
        Err(e) => {
            println!("activation: error: {e}");
            report_fds(check);
            return ExitCode::FAILURE;
        }
    };
    println!("activation: took {} socket(s)", listeners.len());
    for l in &listeners {
        println!(
            "fd {} {:?}: {}, {:?}, listening {}, on {}",
            l.fd(),
            String::from_utf8_lossy(l.name()),
            match l.socket_type() {
                Type::STREAM => "stream",
                Type::DGRAM => "datagram",
                _ => "other type",
            },
            l.domain(),
            yes(l.is_listener()),
            l.local_addr(),
        );
    }
    report_fds(check);
    for l in &listeners {
        if let Err(e) = serve_one(l) {
            println!("fd {}: serving failed: {e}", l.fd());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// A greeting to one connection on a listener, an echo of one datagram on a
/// datagram socket; each wait bounded by `SO_RCVTIMEO`.
fn serve_one(l: &Listener<'_>) -> Result<(), baresock::Error> {
    let sock = l.socket();
    sockopt::set_socket_timeout(sock, sockopt::Timeout::Recv, Some(WAIT))?;
    let name = String::from_utf8_lossy(l.name());
    match l.socket_type() {
        Type::STREAM if l.is_listener() => {
            let (conn, peer) = sock.accept()?;
            conn.send(format!("hello from fd {} ({name})\n", l.fd()).as_bytes())?;
            println!("fd {}: greeted {peer}", l.fd());
        }
        Type::DGRAM => {
            let mut buf = [0u8; 512];
            let (n, _, from) = recvfrom(sock, &mut buf, RecvFlags::empty())?;
            let from = from.ok_or(baresock::Error::DestAddrReq)?;
            let got = buf.get(..n).unwrap_or_default();
            let reply = format!(
                "echo from fd {} ({name}): {}",
                l.fd(),
                String::from_utf8_lossy(got)
            );
            sendto(sock, reply.as_bytes(), SendFlags::empty(), &from)?;
            println!("fd {}: echoed {n} bytes", l.fd());
        }
        _ => println!("fd {}: nothing to serve", l.fd()),
    }
    Ok(())
}

/// Whether each of the descriptors 3..3+n is open, and close-on-exec.
fn report_fds(n: i32) {
    for fd in (3..).take(n.max(0) as usize) {
        // SAFETY: only borrowed for one fcntl(F_GETFD), which reads the fd
        // flags and changes nothing; a closed number gives EBADF.
        let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
        match fcntl_getfd(borrowed) {
            Ok(flags) => println!(
                "fd {fd}: open, close-on-exec {}",
                if flags.contains(FdFlags::CLOEXEC) {
                    "on"
                } else {
                    "off"
                }
            ),
            Err(e) => println!("fd {fd}: not open ({e})"),
        }
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}
