//! baresock's parsers against `core::net`'s `FromStr`, on one fixed corpus,
//! in the same run. Prints ns/op for each and the ratio (core / baresock).
//!
//!     cargo bench --bench parse                 # timings, median of 9 runs
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

/// One parse with baresock; returns something that depends on the result.
#[inline(never)]
fn ours(class: Class, s: &str) -> u32 {
    let b = s.as_bytes();
    match class {
        Class::SockaddrIn => {
            parse::sockaddr_in(b).map_or(0, |a| a.ip().to_bits() ^ u32::from(a.port()))
        }
        Class::Ipv4 => parse::ipv4_addr(b).map_or(0, Ipv4Addr::to_bits),
        Class::SockaddrIn6 => {
            parse::sockaddr_in6(b).map_or(0, |a| a.ip().to_bits() as u32 ^ u32::from(a.port()))
        }
        Class::Ipv6 => parse::ipv6_addr(b).map_or(0, |a| a.to_bits() as u32),
        Class::Invalid => parse::sockaddr(b).map_or(1, |_| 0),
    }
}

/// No parse: the cost of the loop and the call, to subtract if wanted.
#[inline(never)]
fn noop(_class: Class, s: &str) -> u32 {
    s.len() as u32
}

/// The same parse with core::net.
#[inline(never)]
fn core_net(class: Class, s: &str) -> u32 {
    match class {
        Class::SockaddrIn => {
            SocketAddrV4::from_str(s).map_or(0, |a| a.ip().to_bits() ^ u32::from(a.port()))
        }
        Class::Ipv4 => Ipv4Addr::from_str(s).map_or(0, Ipv4Addr::to_bits),
        Class::SockaddrIn6 => {
            SocketAddrV6::from_str(s).map_or(0, |a| a.ip().to_bits() as u32 ^ u32::from(a.port()))
        }
        Class::Ipv6 => Ipv6Addr::from_str(s).map_or(0, |a| a.to_bits() as u32),
        Class::Invalid => SocketAddr::from_str(s).map_or(1, |_| 0),
    }
}

fn run(class: Class, f: fn(Class, &str) -> u32, reps: usize) -> u32 {
    let corpus = corpus(class);
    let mut acc = 0u32;
    for _ in 0..reps {
        for s in corpus {
            acc = acc.wrapping_add(f(black_box(class), black_box(s)));
        }
    }
    black_box(acc)
}

fn ns_per_op(class: Class, f: fn(Class, &str) -> u32) -> f64 {
    let n = corpus(class).len();
    // ~20 ms per sample; median of 9 samples.
    let reps = 2_000_000 / n / 8;
    let mut samples: Vec<f64> = (0..9)
        .map(|_| {
            let t = Instant::now();
            run(class, f, reps);
            t.elapsed().as_nanos() as f64 / (reps * n) as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Both parsers agree on the corpus (a bench of a wrong parser means nothing).
fn check_corpus() {
    for (class, name) in CLASSES {
        for s in corpus(class) {
            assert_eq!(ours(class, s), core_net(class, s), "{name}: {s}");
        }
    }
    for s in INVALID {
        assert_eq!(core_net(Class::Invalid, s), 1, "{s} must be invalid");
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
        let f: fn(Class, &str) -> u32 = match args.get(2).map(String::as_str) {
            Some("ours") => ours,
            Some("core") => core_net,
            Some("noop") => noop,
            _ => panic!("impl: ours or core"),
        };
        let reps: usize = args.get(3).and_then(|r| r.parse().ok()).expect("reps");
        println!("{} {}", corpus(class).len(), run(class, f, reps));
        return;
    }
    if args.iter().any(|a| a == "--list") {
        return; // `cargo bench -- --list` (libtest convention): nothing to list
    }
    check_corpus();
    println!("baresock::parse vs core::net FromStr, same corpus, same run (median of 9)");
    println!(
        "{:<14} {:>10} {:>10} {:>8}",
        "class", "core ns", "ours ns", "ratio"
    );
    for (class, name) in CLASSES {
        let c = ns_per_op(class, core_net);
        let o = ns_per_op(class, ours);
        println!("{name:<14} {c:>10.2} {o:>10.2} {:>7.2}x", c / o);
    }
}
