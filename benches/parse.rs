//! BENCHMARKS.md's "Parsing": baresock's parsers against `core::net`'s
//! `FromStr`, in the same run, on corpora no branch predictor can learn.
//!
//!     cargo bench --bench parse              # ns per parse (best of passes)
//!     cargo bench --bench parse -- --count   # instructions and mispredicts (callgrind)
//!     <bench binary> count <corpus> <class> <impl> <passes>   # one loop, for callgrind
//!
//! # The corpora
//!
//! `random`: 65,536 distinct addresses per class, generated at start from a
//! fixed seed (SplitMix64) into one contiguous buffer with end offsets:
//! IPv4 octets are random `u8` values (so 1 to 3 digits as chance gives
//! them), ports random `u16` values, IPv6 addresses a mix of what `Display`
//! prints for random addresses (with and without `::`, IPv4-mapped ones in
//! dotted form, scope ids) and non-canonical spellings (leading zeros in
//! groups, capitals, no compression, a dotted IPv4 tail anywhere it fits).
//! The invalid class is valid text of every class with one random
//! corruption, kept only if `core::net` rejects it.
//!
//! `fixed`: the twelve-odd strings per class, in a loop: a predictor learns
//! them, so this row flatters branchy code; it stays for comparison with
//! BENCHMARKS.md's "Earlier work, on the fixed corpus".
//!
//! # The method
//!
//! Time: every pass walks the whole corpus once; core, ours and a no-parse
//! pass (the walk and the call alone) are timed in turn, [`ROUNDS`] times,
//! and the best pass of each is kept (the least disturbed by the shared
//! machine). The ratio is core / ours on those bests.
//!
//! Counts: the binary re-runs itself under `valgrind --tool=callgrind
//! --branch-sim=yes --toggle-collect=measured_passes`, so only the passes
//! count, not the corpus generation. Instructions and mispredicted branches
//! per parse are `(X(impl) - X(noop)) / parses`: the walk, the indirect call
//! and the result fold, which both parsers pay alike, are subtracted.
//!
//! Dependency-free on purpose: std::time::Instant and std::hint::black_box.

use std::fmt::Write as _;
use std::hint::black_box;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::process::ExitCode;
use std::str::FromStr;
use std::time::Instant;

use baresock::parse;

#[allow(dead_code)] // each bench uses part of it
mod callgrind;

/// Entries of a random corpus.
const RANDOM_LEN: usize = 1 << 16;
/// Timed passes per implementation; the best one counts.
const ROUNDS: usize = 41;
/// Passes over the fixed corpus under callgrind: about as many parses as
/// one pass over a random corpus.
const FIXED_PASSES: usize = RANDOM_LEN / 12;

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

/// Rejected by both; measured with the socket-address parsers
/// (`SocketAddr`, `parse::sockaddr`).
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

#[derive(Clone, Copy, PartialEq)]
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

const CORPORA: [&str; 2] = ["random", "fixed"];

// ---- the corpora ----

/// SplitMix64 (Steele, Lea, Flood 2014): a seeded generator in four lines.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Every entry's text in one buffer; entry `i` ends at `ends[i]`.
struct Corpus {
    text: String,
    ends: Vec<u32>,
}

impl Corpus {
    fn new() -> Self {
        Self {
            text: String::new(),
            ends: Vec::new(),
        }
    }
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
    }
    fn len(&self) -> usize {
        self.ends.len()
    }
    fn iter(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let s = &self.text[start..end as usize];
            start = end as usize;
            s
        })
    }
}

/// A group value: small values are common in real addresses, so not every
/// group is four digits.
fn group(rng: &mut Rng) -> u16 {
    match rng.below(4) {
        0 => rng.next() as u16,
        1 => rng.next() as u16 & 0x0fff,
        2 => rng.next() as u16 & 0xff,
        _ => rng.next() as u16 & 0xf,
    }
}

/// One IPv6 address as text: what `Display` prints for a random address
/// (with a run of zero groups half the time, so `::` half the time), an
/// IPv4-mapped one, or a non-canonical spelling `core` accepts too.
fn ipv6_text(rng: &mut Rng) -> String {
    let mut g = [0u16; 8];
    for x in &mut g {
        *x = group(rng);
    }
    match rng.below(8) {
        // Display of a random address with a zero run somewhere.
        0..=2 => {
            let len = 1 + rng.below(7) as usize;
            let at = rng.below(9 - len as u64) as usize;
            g[at..at + len].fill(0);
            Ipv6Addr::from(g).to_string()
        }
        // Display of a random address, mostly without `::`.
        3 | 4 => Ipv6Addr::from(g).to_string(),
        // IPv4-mapped: Display writes the tail dotted.
        5 => Ipv4Addr::from(rng.next() as u32)
            .to_ipv6_mapped()
            .to_string(),
        // Non-canonical: all eight groups, leading zeros, some capitals.
        6 => {
            let mut s = String::new();
            for (i, x) in g.iter().enumerate() {
                if i > 0 {
                    s.push(':');
                }
                match rng.below(3) {
                    0 => write!(s, "{x:04x}"),
                    1 => write!(s, "{x:X}"),
                    _ => write!(s, "{x:x}"),
                }
                .unwrap();
            }
            s
        }
        // Non-canonical: a dotted IPv4 tail after 0 to 6 groups, with `::`
        // where the groups do not fill the rest.
        _ => {
            let head = rng.below(7) as usize;
            let mut s = String::new();
            for (i, x) in g.iter().take(head).enumerate() {
                if i > 0 {
                    s.push(':');
                }
                write!(s, "{x:x}").unwrap();
            }
            s.push_str(if head < 6 { "::" } else { ":" });
            write!(s, "{}", Ipv4Addr::from(rng.next() as u32)).unwrap();
            s
        }
    }
}

fn sockaddr_in6_text(rng: &mut Rng) -> String {
    let ip = ipv6_text(rng);
    let port = rng.next() as u16;
    // A scope id on one in eight, as link-local addresses carry one.
    match rng.below(8) {
        0 => format!("[{ip}%{}]:{port}", rng.below(64)),
        _ => format!("[{ip}]:{port}"),
    }
}

fn valid_text(rng: &mut Rng, class: Class) -> String {
    match class {
        Class::Ipv4 => Ipv4Addr::from(rng.next() as u32).to_string(),
        Class::SockaddrIn => {
            SocketAddrV4::new(Ipv4Addr::from(rng.next() as u32), rng.next() as u16).to_string()
        }
        Class::Ipv6 => ipv6_text(rng),
        Class::SockaddrIn6 | Class::Invalid => sockaddr_in6_text(rng),
    }
}

/// A socket address of either family with one random corruption (a byte
/// replaced, deleted, inserted or doubled, or the text cut), rejected by
/// `core::net::SocketAddr` (else drawn again).
fn invalid_text(rng: &mut Rng) -> String {
    const BYTES: &[u8] = b"0123456789.:[]%abcdefABCDEFx -/";
    loop {
        let base = match rng.below(4) {
            0 => valid_text(rng, Class::SockaddrIn),
            1 => valid_text(rng, Class::SockaddrIn6),
            // The bare addresses are invalid socket addresses as they are;
            // corrupted too, so no one shape dominates.
            2 => valid_text(rng, Class::Ipv4),
            _ => valid_text(rng, Class::Ipv6),
        };
        let mut b = base.into_bytes();
        let at = rng.below(b.len() as u64) as usize;
        let byte = BYTES[rng.below(BYTES.len() as u64) as usize];
        match rng.below(5) {
            0 => b[at] = byte,
            1 => {
                b.remove(at);
            }
            2 => b.insert(at, byte),
            3 => b.insert(at, b[at]),
            _ => b.truncate(at),
        }
        let s = String::from_utf8(b).expect("ASCII");
        if SocketAddr::from_str(&s).is_err() {
            return s;
        }
    }
}

/// The random corpus of a class: 65,536 distinct entries.
fn random_corpus(class: Class) -> Corpus {
    let mut rng = Rng(0x6261_7265_736f_636b ^ class as u64);
    let mut seen = std::collections::HashSet::new();
    let mut corpus = Corpus::new();
    while corpus.len() < RANDOM_LEN {
        let s = match class {
            Class::Invalid => invalid_text(&mut rng),
            _ => valid_text(&mut rng, class),
        };
        if seen.insert(s.clone()) {
            corpus.push(&s);
        }
    }
    corpus
}

fn fixed_corpus(class: Class) -> Corpus {
    let mut corpus = Corpus::new();
    let list = match class {
        Class::SockaddrIn => SOCKADDR_IN,
        Class::Ipv4 => IPV4,
        Class::SockaddrIn6 => SOCKADDR_IN6,
        Class::Ipv6 => IPV6,
        Class::Invalid => INVALID,
    };
    for s in list {
        corpus.push(s);
    }
    corpus
}

fn corpus(name: &str, class: Class) -> Corpus {
    match name {
        "random" => random_corpus(class),
        _ => fixed_corpus(class),
    }
}

// ---- the parsers under test ----

/// Text in, a number that depends on the result out. One plain function per
/// class and implementation, called through a pointer, so the harness costs
/// the same for both (and for `noop`, which measures it).
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
    parse::sockaddr_in6(s.as_bytes()).map_or(0, |a| {
        a.ip().to_bits() as u32 ^ u32::from(a.port()) ^ a.scope_id()
    })
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
    SocketAddrV6::from_str(s).map_or(0, |a| {
        a.ip().to_bits() as u32 ^ u32::from(a.port()) ^ a.scope_id()
    })
}
#[inline(never)]
fn core_ipv6(s: &str) -> u32 {
    Ipv6Addr::from_str(s).map_or(0, |a| a.to_bits() as u32)
}
#[inline(never)]
fn core_invalid(s: &str) -> u32 {
    SocketAddr::from_str(s).map_or(1, |_| 0)
}

/// No parse: the walk over the corpus and the call, subtracted from both.
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

/// `passes` walks over the corpus, parsing each entry with `f`. The one
/// function callgrind counts (`--toggle-collect`).
#[no_mangle]
#[inline(never)]
fn measured_passes(corpus: &Corpus, f: Parser, passes: usize) -> u32 {
    let f = black_box(f);
    let mut acc = 0u32;
    for _ in 0..passes {
        for s in corpus.iter() {
            acc = acc.wrapping_add(f(black_box(s)));
        }
    }
    black_box(acc)
}

/// Both parsers agree on every entry, and the invalid ones are invalid (a
/// bench of a wrong parser means nothing).
fn check(corpus: &Corpus, class: Class, name: &str) {
    let (ours, core) = parsers(class);
    for s in corpus.iter() {
        assert_eq!(ours(s), core(s), "{name}: {s}");
        if class == Class::Invalid {
            assert_eq!(core(s), 1, "{s} must be invalid");
        }
    }
}

// ---- time ----

/// Best ns per parse of core, ours and the walk alone, over ROUNDS turns.
fn time(corpus: &Corpus, class: Class) -> [f64; 3] {
    let (ours, core) = parsers(class);
    let impls = [core, ours, noop as Parser];
    // A pass over the fixed corpus is short: enough of them to make a
    // sample about as long as a random pass.
    let passes = RANDOM_LEN / corpus.len();
    let parses = (passes * corpus.len()) as f64;
    let mut best = [f64::INFINITY; 3];
    for f in impls {
        measured_passes(corpus, f, passes); // warm-up
    }
    for _ in 0..ROUNDS {
        for (b, f) in best.iter_mut().zip(impls) {
            let t = Instant::now();
            measured_passes(corpus, f, passes);
            *b = b.min(t.elapsed().as_nanos() as f64 / parses);
        }
    }
    best
}

fn print_times() {
    println!("baresock::parse vs core::net FromStr: ns per parse, best of {ROUNDS} passes");
    println!("(walk = the loop and the call alone, included in both; faster = core / ours)");
    println!(
        "{:<8} {:<14} {:>9} {:>9} {:>9} {:>8}",
        "corpus", "class", "core ns", "ours ns", "walk ns", "faster"
    );
    for corpus_name in CORPORA {
        for (class, name) in CLASSES {
            let corpus = corpus(corpus_name, class);
            check(&corpus, class, name);
            let [c, o, w] = time(&corpus, class);
            println!(
                "{corpus_name:<8} {name:<14} {c:>9.2} {o:>9.2} {w:>9.2} {:>7.2}x",
                c / o
            );
        }
    }
}

// ---- counts ----

/// Per parse, the walk subtracted: instructions, mispredicted branches.
fn per_parse(
    cg: &callgrind::Callgrind,
    corpus: &str,
    class: &str,
    parses: f64,
) -> Result<[[f64; 2]; 2], String> {
    let passes = if corpus == "random" { 1 } else { FIXED_PASSES }.to_string();
    let run = |imp: &str| cg.branches("measured_passes", &["count", corpus, class, imp, &passes]);
    let walk = run("noop")?;
    let mut out = [[0.0; 2]; 2];
    for (o, imp) in out.iter_mut().zip(["core", "ours"]) {
        let e = run(imp)?;
        *o = [
            (e.instructions as f64 - walk.instructions as f64) / parses,
            (e.mispredicted as f64 - walk.mispredicted as f64) / parses,
        ];
    }
    Ok(out)
}

fn print_counts() -> ExitCode {
    let Some(cg) = callgrind::Callgrind::find() else {
        eprintln!("parse bench: valgrind not found; no counts");
        return ExitCode::FAILURE;
    };
    println!("baresock::parse vs core::net FromStr: per parse, callgrind --branch-sim=yes,");
    println!(
        "the walk over the corpus (a pass with no parse) subtracted; {}",
        cg.version()
    );
    println!("(fewer = core / ours instructions; share = ours / core mispredicted branches,");
    println!("as the simulated predictor counts them)");
    println!(
        "{:<8} {:<14} {:>10} {:>10} {:>7} {:>10} {:>10} {:>7}",
        "corpus", "class", "core instr", "ours instr", "fewer", "core miss", "ours miss", "share"
    );
    for corpus_name in CORPORA {
        for (class, name) in CLASSES {
            let n = corpus(corpus_name, class).len();
            let parses = if corpus_name == "random" {
                n
            } else {
                n * FIXED_PASSES
            } as f64;
            match per_parse(&cg, corpus_name, name, parses) {
                Ok([[ci, cm], [oi, om]]) => println!(
                    "{corpus_name:<8} {name:<14} {ci:>10.1} {oi:>10.1} {:>6.2}x {cm:>10.3} {om:>10.3} {:>7.3}",
                    ci / oi,
                    om / cm,
                ),
                Err(e) => {
                    eprintln!("parse bench: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    ExitCode::SUCCESS
}

/// `count <corpus> <class> <core|ours|noop> <passes>`: build the corpus, run
/// the passes, nothing else (under callgrind, only the passes count).
fn count(args: &[String]) -> ExitCode {
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    let Some(&(class, _)) = CLASSES.iter().find(|(_, name)| *name == arg(2)) else {
        eprintln!("count: unknown class {:?}", arg(2));
        return ExitCode::FAILURE;
    };
    let (ours, core) = parsers(class);
    let f: Parser = match arg(3) {
        "ours" => ours,
        "core" => core,
        "noop" => noop,
        other => {
            eprintln!("count: unknown impl {other:?}");
            return ExitCode::FAILURE;
        }
    };
    let passes: usize = arg(4).parse().unwrap_or(1);
    let corpus = corpus(arg(1), class);
    println!("{} {}", corpus.len(), measured_passes(&corpus, f, passes));
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("count") => count(&args),
        // `cargo bench -- --list` (libtest convention): nothing to list.
        Some("--list") => ExitCode::SUCCESS,
        Some("--count") => print_counts(),
        _ => {
            print_times();
            ExitCode::SUCCESS
        }
    }
}
