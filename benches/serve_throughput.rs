//! BENCHMARKS.md's "Whole servers": connections per second that whole greeting
//! servers serve to 64 concurrent loopback clients, each server a child
//! process: the no-libc `examples/tiny`, its C twin
//! (`benches/size/tiny-epoll.c`) and the std `examples/serve`, printed as
//! ratios against the C twin measured in the same run.
//!
//! Run it through `benches/serve-throughput.sh`, which builds the three for
//! one free port and sets the environment below; without
//! `BARESOCK_SERVE_BENCH_PORT` it says so and does nothing.
//!
//! A client connection: connect, send the request line `GET\n`, read to EOF,
//! check that what came starts with the greeting, close. Each run starts the
//! server, waits until one such client is served (5 s at most), releases
//! `CLIENTS` threads making connections for `SECS` seconds, then counts the
//! connections completed and stops the server with SIGTERM. The figure is
//! the median of `RUNS` runs per server; the servers take turns within each
//! round and the order rotates from round to round, so drift on a shared
//! machine falls on all alike. It prints; it asserts nothing about time. It
//! fails (status 1) only when a server served no connection in a run or a
//! client saw a wrong answer, so CI can run it briefly as a smoke test.
//!
//! TIME_WAIT: the servers close first (the client reads to EOF), and the
//! client then closes with `SO_LINGER` 0, which answers the FIN with a reset:
//! neither side keeps a TIME_WAIT entry, so no run exhausts ephemeral ports
//! (as in benches/throughput.rs). A server that closes with the request line
//! unread resets the connection itself; the client counts a reset after the
//! whole greeting as served.
//!
//! Environment: `BARESOCK_SERVE_BENCH_PORT` (the port every server listens
//! on, 127.0.0.1), `BARESOCK_SERVE_BENCH_C` (the C twin, built for that
//! port), `BARESOCK_SERVE_BENCH_TINY` (the no-libc tiny, built for that
//! port), `BARESOCK_SERVE_BENCH_SERVE` (the `serve` example, given
//! `127.0.0.1:PORT`); a server whose variable is unset is left out.
//! `BARESOCK_SERVE_BENCH_SECS` (3), `BARESOCK_SERVE_BENCH_RUNS` (5),
//! `BARESOCK_SERVE_BENCH_CLIENTS` (64).

use std::net::Ipv4Addr;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use baresock::{Domain, Error, SockAddrIn, Socket, Type};

mod stats;
use stats::median;

const GREETING: &[u8] = b"hello from baresock";

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&v| v > 0)
        .unwrap_or(default)
}

/// What one client connection ended with.
enum Outcome {
    Served,
    /// Connecting failed: the server is not listening (yet, or any more).
    NoServer,
    /// Anything else: a timeout, or an answer that is not the greeting.
    Wrong(String),
}

/// One client connection: connect, request line, read to EOF, reset.
fn client_once(server: &SockAddrIn) -> Outcome {
    let attempt = || -> Result<Outcome, Error> {
        let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
        // Bounds every read: a server that holds the client fails the run
        // instead of hanging it.
        sock.set_read_timeout(Some(Duration::from_secs(5)))?;
        if let Err(e) = sock.connect(server) {
            return Ok(match e {
                Error::ConnRefused => Outcome::NoServer,
                e => Outcome::Wrong(format!("connect: {e}")),
            });
        }
        // A server that greets and closes at once may already be gone: the
        // greeting is still there to read.
        let _ = sock.send(b"GET\n");
        let (mut buf, mut len) = ([0u8; 64], 0);
        loop {
            match sock.recv(&mut buf[len..]).map(|r| r.filled()) {
                Ok(0) => break,
                Ok(n) => {
                    len += n;
                    if len == buf.len() {
                        return Ok(Outcome::Wrong("more than 64 bytes".into()));
                    }
                }
                Err(Error::ConnReset) if len > GREETING.len() => break,
                Err(e) => return Ok(Outcome::Wrong(format!("recv: {e}"))),
            }
        }
        if !buf[..len].starts_with(GREETING) {
            return Ok(Outcome::Wrong(format!(
                "answer {:?}",
                String::from_utf8_lossy(&buf[..len])
            )));
        }
        sock.set_linger(Some(Duration::ZERO))?;
        Ok(Outcome::Served)
    };
    attempt().unwrap_or_else(|e| Outcome::Wrong(e.to_string()))
}

/// A server under test: how to start it.
struct Server {
    name: &'static str,
    command: Vec<String>,
}

impl Server {
    fn start(&self) -> Child {
        Command::new(&self.command[0])
            .args(&self.command[1..])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {:?}: {e}", self.command))
    }
}

/// One run's figure, or why there is none.
fn run(server: &Server, addr: SockAddrIn, secs: u64, clients: u64) -> Result<Figure, String> {
    // Something else on the port would be measured instead, and our server
    // would fail to bind: refuse to measure.
    if !matches!(client_once(&addr), Outcome::NoServer) {
        return Err(format!("another process already listens on {addr}"));
    }
    let mut child = server.start();
    let result = measure(&mut child, addr, secs, clients);
    // SIGTERM, then a bounded wait; SIGKILL if it does not end.
    if let Ok(None) = child.try_wait() {
        let _ = terminate(child.id());
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
        let _ = child.kill();
    }
    let _ = child.wait();
    result
}

/// SIGTERM to `pid` (our child), kill(2) through rustix.
fn terminate(pid: u32) -> rustix::io::Result<()> {
    let pid = rustix::process::Pid::from_raw(pid as i32).ok_or(rustix::io::Errno::SRCH)?;
    rustix::process::kill_process(pid, rustix::process::Signal::TERM)
}

fn measure(child: &mut Child, addr: SockAddrIn, secs: u64, clients: u64) -> Result<Figure, String> {
    // Ready when it has served one client (it may still be binding).
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match client_once(&addr) {
            Outcome::Served => break,
            Outcome::Wrong(why) => return Err(format!("first client: {why}")),
            Outcome::NoServer if Instant::now() < deadline => {
                if let Ok(Some(status)) = child.try_wait() {
                    return Err(format!("exited at start ({status})"));
                }
                thread::sleep(Duration::from_millis(10));
            }
            Outcome::NoServer => return Err("not listening after 5 s".into()),
        }
    }
    let stop = Arc::new(AtomicBool::new(false));
    let served = Arc::new(AtomicU64::new(0));
    let (cpu_before, clients_before) = (cpu_seconds(child.id()), cpu_seconds(std::process::id()));
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let (stop, served) = (Arc::clone(&stop), Arc::clone(&served));
            thread::spawn(move || -> Result<(), String> {
                let mut mine = 0;
                let result = loop {
                    if stop.load(Ordering::Relaxed) {
                        break Ok(());
                    }
                    match client_once(&addr) {
                        Outcome::Served => mine += 1,
                        Outcome::NoServer => break Err("connection refused".into()),
                        Outcome::Wrong(why) => break Err(why),
                    }
                };
                served.fetch_add(mine, Ordering::Relaxed);
                result
            })
        })
        .collect();
    thread::sleep(Duration::from_secs(secs));
    stop.store(true, Ordering::Relaxed);
    let mut failure = None;
    for t in threads {
        if let Err(why) = t.join().unwrap_or_else(|_| Err("client panicked".into())) {
            failure.get_or_insert(why);
        }
    }
    let elapsed = start.elapsed();
    // Our child, not another process, must have served them all.
    if let Ok(Some(status)) = child.try_wait() {
        return Err(format!("exited during the run ({status})"));
    }
    let cpu = cpu_seconds(child.id()) - cpu_before;
    let clients_cpu = cpu_seconds(std::process::id()) - clients_before;
    if let Some(why) = failure {
        let status = child.try_wait().ok().flatten();
        return Err(match status {
            Some(status) => format!("{why} (server exited: {status})"),
            None => why,
        });
    }
    let secs = elapsed.as_secs_f64();
    Ok(Figure {
        rate: served.load(Ordering::Relaxed) as f64 / secs,
        cpu: cpu / secs,
        clients_cpu: clients_cpu / secs,
    })
}

/// One run's result: connections / s, and the server's CPU time per second
/// of the run (1.0: one core busy all the time; well below 1.0 says the
/// clients, not the server, set the pace), and the same for all the clients.
#[derive(Clone, Copy)]
struct Figure {
    rate: f64,
    cpu: f64,
    clients_cpu: f64,
}

/// User plus system CPU time of process `pid` so far, in seconds, from
/// /proc/PID/stat (fields 14 and 15, in clock ticks); 0 if unreadable.
fn cpu_seconds(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    // utime and stime are fields 14 and 15; `rest` starts at field 3.
    let ticks: f64 = fields.get(11..13).map_or(0.0, |t| {
        t.iter().filter_map(|v| v.parse::<f64>().ok()).sum()
    });
    // SAFETY: sysconf(3) takes no pointer and only reads a configuration
    // value; any argument is sound.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    ticks / hz.max(1) as f64
}

fn main() {
    let Some(port) = std::env::var("BARESOCK_SERVE_BENCH_PORT")
        .ok()
        .and_then(|p| p.parse::<u16>().ok())
    else {
        println!("5. server throughput: skipped, run benches/serve-throughput.sh");
        return;
    };
    let secs = setting("BARESOCK_SERVE_BENCH_SECS", 3);
    let runs = setting("BARESOCK_SERVE_BENCH_RUNS", 5);
    let clients = setting("BARESOCK_SERVE_BENCH_CLIENTS", 64);
    let addr = SockAddrIn::new(Ipv4Addr::LOCALHOST, port);
    let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    let mut servers = Vec::new();
    if let Some(c) = var("BARESOCK_SERVE_BENCH_C") {
        servers.push(Server {
            name: "C epoll twin, musl-gcc -Os (anchor)",
            command: vec![c],
        });
    }
    if let Some(tiny) = var("BARESOCK_SERVE_BENCH_TINY") {
        servers.push(Server {
            name: "baresock examples/tiny, no libc",
            command: vec![tiny],
        });
    }
    if let Some(serve) = var("BARESOCK_SERVE_BENCH_SERVE") {
        servers.push(Server {
            name: "baresock examples/serve, std",
            command: vec![serve, format!("127.0.0.1:{port}")],
        });
    }
    println!(
        "5. server throughput: connections / s served to {clients} concurrent loopback clients \
         (connect, GET\\n, read to EOF), {secs} s per run, median of {runs} runs, servers \
         interleaved\n"
    );
    let mut figures: Vec<Vec<Figure>> = servers.iter().map(|_| Vec::new()).collect();
    let mut failed = false;
    for round in 0..runs as usize {
        for k in 0..servers.len() {
            // Rotate the order, so that none always runs first.
            let i = (k + round) % servers.len();
            match run(&servers[i], addr, secs, clients) {
                Ok(figure) => figures[i].push(figure),
                Err(why) => {
                    eprintln!("server throughput: {}: run {round}: {why}", servers[i].name);
                    failed = true;
                }
            }
        }
    }
    let rates = |v: &[Figure]| v.iter().map(|f| f.rate).collect::<Vec<_>>();
    let anchor = figures
        .first()
        .filter(|_| servers.first().is_some_and(|s| s.name.contains("anchor")))
        .filter(|v| !v.is_empty())
        .map(|v| median(rates(v)));
    println!(
        "| server | connections / s (median) | ratio to C twin | server CPU | clients' CPU | runs |"
    );
    println!("|---|---:|---:|---:|---:|---|");
    for (server, figs) in servers.iter().zip(&figures) {
        if figs.is_empty() {
            println!("| {} | failed | - | - | - | - |", server.name);
            continue;
        }
        let m = median(rates(figs));
        let cpu = median(figs.iter().map(|f| f.cpu).collect());
        let clients_cpu = median(figs.iter().map(|f| f.clients_cpu).collect());
        let ratio = anchor.map_or("-".to_string(), |a| format!("{:.3}", m / a));
        let list: Vec<String> = figs.iter().map(|f| format!("{:.0}", f.rate)).collect();
        println!(
            "| {} | {m:.0} | {ratio} | {:.0}% | {:.0}% | {} |",
            server.name,
            cpu * 100.0,
            clients_cpu * 100.0,
            list.join(", ")
        );
    }
    let empty = |v: &Vec<Figure>| v.len() != runs as usize || v.iter().any(|f| f.rate == 0.0);
    if failed || figures.iter().any(empty) {
        eprintln!("server throughput: FAILED: a server served nothing or a client failed");
        std::process::exit(1);
    }
}
