//! BENCHMARKS.md's "Loopback accept throughput": loopback accept throughput, a baresock
//! `accept4` loop against a std `TcpListener::accept` loop, in one run.
//!
//! Each run: a listener on 127.0.0.1:0 (backlog 128 for both), one server
//! thread accepting and closing `CONNS` connections, and `CLIENTS` client
//! threads connecting `CONNS` times in all. The clock runs from the moment the
//! clients are released until the server has closed its last connection;
//! the figure is connections per second, the median of `RUNS` runs per
//! implementation, the two interleaved (and alternating which goes first) so
//! drift on a shared machine falls on both alike. It prints; it asserts
//! nothing about time.
//!
//! TIME_WAIT: the server closes first (the client waits for its FIN by
//! reading end-of-stream), so `accept` never races a reset; the client then
//! closes with `SO_LINGER` 0, which answers the FIN with a reset, so neither
//! side keeps a TIME_WAIT entry. Runs therefore leave nothing behind: no
//! ephemeral-port exhaustion (28k ports here) and no `tcp_max_tw_buckets`
//! overflow across 200k connections, and every run starts from the same
//! kernel state. The clients' work is identical for both servers.
//!
//! Settings (environment): `BARESOCK_BENCH_CONNS` (20000),
//! `BARESOCK_BENCH_RUNS` (9), `BARESOCK_BENCH_CLIENTS` (4).

use std::hint::black_box;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use baresock::{Backlog, Domain, Error, SockAddr, SockAddrIn, Socket, Type};

mod stats;
use stats::median;

fn setting(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&v| v > 0)
        .unwrap_or(default)
}

/// One client connection: connect, wait for the server's FIN, reset.
fn client_once(server: &SockAddrIn) -> Result<(), Error> {
    let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    sock.connect(server)?;
    let mut buf = [0u8; 1];
    while sock.recv(&mut buf)?.filled() != 0 {}
    sock.set_linger(Some(Duration::ZERO))?;
    Ok(())
}

/// Starts `clients` threads making `conns` connections in all, released by
/// the returned barrier (which the timing thread also waits on).
fn spawn_clients(
    addr: SockAddrIn,
    conns: u32,
    clients: u32,
) -> (Arc<Barrier>, Vec<thread::JoinHandle<()>>) {
    let go = Arc::new(Barrier::new(clients as usize + 1));
    let handles = (0..clients)
        .map(|i| {
            let go = Arc::clone(&go);
            // Spread `conns` over the clients; the first ones take the remainder.
            let share = conns / clients + u32::from(i < conns % clients);
            thread::spawn(move || {
                go.wait();
                for _ in 0..share {
                    if let Err(e) = client_once(&addr) {
                        eprintln!("throughput bench: client failed: {e}");
                        std::process::exit(2);
                    }
                }
            })
        })
        .collect();
    (go, handles)
}

fn local_v4(addr: SockAddr) -> SockAddrIn {
    match addr {
        SockAddr::Inet(a) => a,
        other => panic!("listener bound to {other}, not IPv4"),
    }
}

/// Connections per second through a baresock accept4 loop.
fn run_baresock(conns: u32, clients: u32) -> f64 {
    let server = Socket::new(Domain::INET, Type::STREAM, None).expect("socket");
    server
        .bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))
        .expect("bind");
    server.listen(Backlog::new(128)).expect("listen");
    let addr = local_v4(server.local_addr().expect("getsockname"));
    let (go, handles) = spawn_clients(addr, conns, clients);
    go.wait();
    let start = Instant::now();
    for _ in 0..conns {
        let (conn, peer) = server.accept().expect("accept4");
        black_box(peer);
        drop(conn);
    }
    let elapsed = start.elapsed();
    handles
        .into_iter()
        .for_each(|h| h.join().expect("client thread"));
    f64::from(conns) / elapsed.as_secs_f64()
}

/// Connections per second through a std `TcpListener::accept` loop.
fn run_std(conns: u32, clients: u32) -> f64 {
    let server =
        TcpListener::bind(SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))).expect("bind");
    let SocketAddr::V4(addr) = server.local_addr().expect("getsockname") else {
        panic!("listener not IPv4")
    };
    let (go, handles) = spawn_clients(SockAddrIn::from(addr), conns, clients);
    go.wait();
    let start = Instant::now();
    for _ in 0..conns {
        let (conn, peer) = server.accept().expect("accept");
        black_box(peer);
        drop(conn);
    }
    let elapsed = start.elapsed();
    handles
        .into_iter()
        .for_each(|h| h.join().expect("client thread"));
    f64::from(conns) / elapsed.as_secs_f64()
}

fn main() {
    let conns = setting("BARESOCK_BENCH_CONNS", 20_000);
    let runs = setting("BARESOCK_BENCH_RUNS", 9);
    let clients = setting("BARESOCK_BENCH_CLIENTS", 4);
    println!(
        "4. loopback accept throughput: {conns} connections per run, {clients} client threads, \
         median of {runs} runs\n"
    );
    let (mut bare, mut std) = (Vec::new(), Vec::new());
    for run in 0..runs {
        // Alternate which goes first, so neither always gets the warmer cache.
        if run % 2 == 0 {
            bare.push(run_baresock(conns, clients));
            std.push(run_std(conns, clients));
        } else {
            std.push(run_std(conns, clients));
            bare.push(run_baresock(conns, clients));
        }
    }
    let fmt = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (b, s) = (median(bare.clone()), median(std.clone()));
    println!("| server loop | connections / s (median) | ratio to std | runs |");
    println!("|---|---:|---:|---|");
    println!(
        "| std TcpListener::accept (anchor) | {s:.0} | 1.000 | {} |",
        fmt(&std)
    );
    println!(
        "| baresock accept4 | {b:.0} | {:.3} | {} |",
        b / s,
        fmt(&bare)
    );
}
