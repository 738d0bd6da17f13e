//! baresock's parsers against `core::net`'s `FromStr`, on one fixed corpus,
//! in the same run. Prints ns/op for each and the ratio (core / baresock).
//!
//!     cargo bench --bench parse                 # timings, interleaved rounds
//!     <bench binary> count <class> <impl> <n>   # one loop, for callgrind
//!
//! `benches/parse-instructions.sh` runs the `count` mode under
//! `valgrind --tool=callgrind` and prints instructions/op and ratios.
//! Dependency-free on purpose (no criterion): std::time::Instant and
//! std::hint::black_box only.

use std::hint::black_box;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::str::FromStr;
use std::time::Instant;

use baresock::parse;

const SOCKADDR_IN: &[&str] = &[
    "0.0.0.0:9600",
    "127.0.0.1:80",
    "192.168.1.1:8080",
    "10.0.0.1:443",
    "172.16.254.3:3000",
    "255.255.255.255:65535",
    "8.8.8.8:53",
    "100.64.12.200:51234",
    "192.0.2.33:22",
    "203.0.113.7:8443",
    "1.2.3.4:5",
    "198.51.100.250:40000",
];

const IPV4: &[&str] = &[
    "0.0.0.0",
    "127.0.0.1",
    "192.168.1.1",
    "10.0.0.1",
    "172.16.254.3",
    "255.255.255.255",
    "8.8.8.8",
    "100.64.12.200",
];

const SOCKADDR_IN6: &[&str] = &[
    "[::1]:80",
    "[::]:9600",
    "[fe80::1%5]:8080",
    "[2001:db8::8a2e:370:7334]:443",
    "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443",
    "[::ffff:192.0.2.128]:80",
    "[fe80::a00:27ff:fe4e:66a1%2]:22",
    "[2606:4700:4700::1111]:53",
];

const IPV6: &[&str] = &[
    "::1",
    "::",
    "fe80::1",
    "2001:db8::8a2e:370:7334",
    "2001:db8:85a3:8d3:1319:8a2e:370:7348",
    "::ffff:192.0.2.128",
    "fe80::a00:27ff:fe4e:66a1",
    "2606:4700:4700::1111",
];

/// Rejected by both; measured with the socket-address parsers of the family
/// the text looks like.
const INVALID: &[&str] = &[
    "01.2.3.4:80",
    "256.0.0.1:80",
    "1.2.3.4:65536",
    "1.2.3.4",
    "localhost:80",
    "[::1]",
    "[1::2::3]:80",
    "[fe80::1%eth0]:80",
    "1.2.3.4:80 ",
    "[::12345]:80",
];

#[derive(Clone, Copy)]
enum Class {
    SockaddrIn,
    Ipv4,
    SockaddrIn6,
    Ipv6,
    Invalid,
}

const CLASSES: [(Class, &str); 5] = [
    (Class::SockaddrIn, "sockaddr_in"),
    (Class::Ipv4, "ipv4"),
    (Class::SockaddrIn6, "sockaddr_in6"),
    (Class::Ipv6, "ipv6"),
    (Class::Invalid, "invalid"),
];

fn corpus(class: Class) -> &'static [&'static str] {
    match class {
        Class::SockaddrIn => SOCKADDR_IN,
        Class::Ipv4 => IPV4,
        Class::SockaddrIn6 => SOCKADDR_IN6,
        Class::Ipv6 => IPV6,
        Class::Invalid => INVALID,
    }
}

/// One parser under test: text in, a number that depends on the result out.
/// One plain function per class and implementation, called through a
/// pointer, so the harness costs the same small amount for both.
type Parser = fn(&str) -> u32;

#[inline(never)]
fn ours_sockaddr_in(s: &str) -> u32 {
    parse::sockaddr_in(s.as_bytes()).map_or(0, |a| a.ip().to_bits() ^ u32::from(a.port()))
}
#[inline(never)]
fn ours_ipv4(s: &str) -> u32 {
    parse::ipv4_addr(s.as_bytes()).map_or(0, Ipv4Addr::to_bits)
}
#[inline(never)]
fn ours_sockaddr_in6(s: &str) -> u32 {
    parse::sockaddr_in6(s.as_bytes()).map_or(0, |a| a.ip().to_bits() as u32 ^ u32::from(a.port()))
}
#[inline(never)]
fn ours_ipv6(s: &str) -> u32 {
    parse::ipv6_addr(s.as_bytes()).map_or(0, |a| a.to_bits() as u32)
}
#[inline(never)]
fn ours_invalid(s: &str) -> u32 {
    parse::sockaddr(s.as_bytes()).map_or(1, |_| 0)
}

#[inline(never)]
fn core_sockaddr_in(s: &str) -> u32 {
    SocketAddrV4::from_str(s).map_or(0, |a| a.ip().to_bits() ^ u32::from(a.port()))
}
#[inline(never)]
fn core_ipv4(s: &str) -> u32 {
    Ipv4Addr::from_str(s).map_or(0, Ipv4Addr::to_bits)
}
#[inline(never)]
fn core_sockaddr_in6(s: &str) -> u32 {
    SocketAddrV6::from_str(s).map_or(0, |a| a.ip().to_bits() as u32 ^ u32::from(a.port()))
}
#[inline(never)]
fn core_ipv6(s: &str) -> u32 {
    Ipv6Addr::from_str(s).map_or(0, |a| a.to_bits() as u32)
}
#[inline(never)]
fn core_invalid(s: &str) -> u32 {
    SocketAddr::from_str(s).map_or(1, |_| 0)
}

/// No parse: the cost of the loop and the call, to subtract if wanted.
#[inline(never)]
fn noop(s: &str) -> u32 {
    s.len() as u32
}

/// (ours, core) for a class.
fn parsers(class: Class) -> (Parser, Parser) {
    match class {
        Class::SockaddrIn => (ours_sockaddr_in, core_sockaddr_in),
        Class::Ipv4 => (ours_ipv4, core_ipv4),
        Class::SockaddrIn6 => (ours_sockaddr_in6, core_sockaddr_in6),
        Class::Ipv6 => (ours_ipv6, core_ipv6),
        Class::Invalid => (ours_invalid, core_invalid),
    }
}

fn run(class: Class, f: Parser, reps: usize) -> u32 {
    let corpus = corpus(class);
    let f = black_box(f);
    let mut acc = 0u32;
    for _ in 0..reps {
        for s in corpus {
            acc = acc.wrapping_add(f(black_box(s)));
        }
    }
    black_box(acc)
}

/// ns/op of one timed sample.
fn sample(class: Class, f: Parser, reps: usize) -> f64 {
    let t = Instant::now();
    run(class, f, reps);
    t.elapsed().as_nanos() as f64 / (reps * corpus(class).len()) as f64
}

/// (core ns/op, ours ns/op, ratio): 15 rounds, each timing core then ours
/// back to back (~10 ms each), so both see the same machine load (the
/// machine is shared); medians of each and of the per-round ratios.
fn measure(class: Class) -> (f64, f64, f64) {
    let (ours, core) = parsers(class);
    let reps = 1_000_000 / corpus(class).len() / 8;
    run(class, core, reps / 10); // warm-up
    run(class, ours, reps / 10);
    let (mut c, mut o, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..15 {
        let tc = sample(class, core, reps);
        let to = sample(class, ours, reps);
        c.push(tc);
        o.push(to);
        r.push(tc / to);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    (median(&mut c), median(&mut o), median(&mut r))
}

/// Both parsers agree on the corpus (a bench of a wrong parser means nothing).
fn check_corpus() {
    for (class, name) in CLASSES {
        let (ours, core) = parsers(class);
        for s in corpus(class) {
            assert_eq!(ours(s), core(s), "{name}: {s}");
        }
    }
    for s in INVALID {
        assert_eq!(core_invalid(s), 1, "{s} must be invalid");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("count") {
        // count <class> <ours|core> <reps>: one loop, nothing else, for callgrind.
        let class = CLASSES
            .iter()
            .find(|(_, name)| Some(*name) == args.get(1).map(String::as_str))
            .map(|&(c, _)| c)
            .expect("class");
        let (ours, core) = parsers(class);
        let f: Parser = match args.get(2).map(String::as_str) {
            Some("ours") => ours,
            Some("core") => core,
            Some("noop") => noop,
            _ => panic!("impl: ours or core"),
        };
        let reps: usize = args.get(3).and_then(|r| r.parse().ok()).expect("reps");
        if let Some(text) = args.get(4) {
            // One given string instead of the corpus: for looking closer.
            let f = black_box(f);
            let mut acc = 0u32;
            for _ in 0..reps {
                acc = acc.wrapping_add(f(black_box(text)));
            }
            println!("1 {}", black_box(acc));
            return;
        }
        println!("{} {}", corpus(class).len(), run(class, f, reps));
        return;
    }
    if args.iter().any(|a| a == "--list") {
        return; // `cargo bench -- --list` (libtest convention): nothing to list
    }
    check_corpus();
    println!("baresock::parse vs core::net FromStr, same corpus, same run");
    println!("(15 interleaved rounds; medians; ratio = core / ours, per round)");
    println!(
        "{:<14} {:>10} {:>10} {:>8}",
        "class", "core ns", "ours ns", "ratio"
    );
    for (class, name) in CLASSES {
        let (c, o, ratio) = measure(class);
        println!("{name:<14} {c:>10.2} {o:>10.2} {ratio:>7.2}x");
    }
}
