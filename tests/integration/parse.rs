//! The parsers against `core::net`: a table of tricky strings, and a
//! differential property test over generated near-valid strings, so a plain
//! `cargo test` already compares every parser with core's `FromStr`.

use baresock::fmt::ToHeapless;
use baresock::{parse, ParseError, SockAddr, SockAddrIn, SockAddrIn6};
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use core::str::FromStr;
use proptest::prelude::*;

/// The property tests' settings: 4096 cases each natively. Under Miri (.ci/miri.sh),
/// which runs each case far slower to check it for undefined behaviour, 16 cases,
/// and no failure file (Miri's isolation has no file system).
fn config() -> ProptestConfig {
    if cfg!(miri) {
        ProptestConfig {
            cases: 16,
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    } else {
        ProptestConfig {
            cases: 4096,
            ..ProptestConfig::default()
        }
    }
}

/// Every parser on `bytes` agrees with `core::net` on acceptance and value.
/// Returns how many of the six accepted, so callers can check coverage.
fn differential(bytes: &[u8]) -> usize {
    let ours = (
        parse::ipv4_addr(bytes).ok(),
        parse::ipv6_addr(bytes).ok(),
        parse::ip_addr(bytes).ok(),
        parse::sockaddr_in(bytes).ok().map(|a| a.to_core()),
        parse::sockaddr_in6(bytes).ok().map(|a| a.to_core()),
        parse::sockaddr(bytes).ok().and_then(|a| a.as_ip()),
    );
    let core = match core::str::from_utf8(bytes) {
        Ok(s) => (
            Ipv4Addr::from_str(s).ok(),
            Ipv6Addr::from_str(s).ok(),
            IpAddr::from_str(s).ok(),
            SocketAddrV4::from_str(s).ok(),
            SocketAddrV6::from_str(s).ok(),
            SocketAddr::from_str(s).ok(),
        ),
        // core only takes &str; its grammar is ASCII, so nothing else parses.
        Err(_) => (None, None, None, None, None, None),
    };
    assert_eq!(ours, core, "input {:?}", String::from_utf8_lossy(bytes));
    if let Ok(s) = core::str::from_utf8(bytes) {
        // The &str twins and FromStr are the same parsers.
        assert_eq!(parse::sockaddr_in_str(s), SockAddrIn::from_str(s));
        assert_eq!(parse::sockaddr_in6_str(s), SockAddrIn6::from_str(s));
        assert_eq!(parse::sockaddr_str(s), SockAddr::from_str(s));
    }
    [
        ours.0.is_some(),
        ours.1.is_some(),
        ours.2.is_some(),
        ours.3.is_some(),
        ours.4.is_some(),
        ours.5.is_some(),
    ]
    .iter()
    .filter(|&&ok| ok)
    .count()
}

/// Hand-picked strings around every rule of the grammar.
const TRICKY: &[&str] = &[
    "",
    "0.0.0.0",
    "127.0.0.1",
    "255.255.255.255",
    "256.0.0.0",
    "1.2.3.256",
    "01.2.3.4",
    "1.02.3.4",
    "1.2.3.00",
    "0.0.0.0:0",
    "00.0.0.0",
    "1.2.3",
    "1.2.3.4.5",
    "1..2.3",
    ".1.2.3.4",
    "1.2.3.4.",
    "+1.2.3.4",
    "-1.2.3.4",
    " 1.2.3.4",
    "1.2.3.4 ",
    "1.2.3.4\0",
    "1.2.3.4:",
    "1.2.3.4:0",
    "1.2.3.4:65535",
    "1.2.3.4:65536",
    "1.2.3.4:0080",
    "1.2.3.4:000000000000000000000000080",
    "1.2.3.4:99999999999999999999",
    "1.2.3.4:+80",
    "1.2.3.4:80 ",
    "1.2.3.4:8a",
    "1.2.3.4::80",
    "1111.2.3.4",
    "0000.2.3.4",
    "1.2.3.4444",
    "192.168.001.1",
    "0x7f.0.0.1",
    "::",
    ":::",
    "::1",
    ":1",
    "1:",
    "1::",
    "::1::",
    "1::2::3",
    "fe80::1",
    "FE80::1",
    "fE80::AbCd",
    "::ffff:1.2.3.4",
    "::FFFF:1.2.3.4",
    "::ffff:01.2.3.4",
    "::ffff:1.2.3.256",
    "::1.2.3.4",
    "::1.2.3",
    "1.2.3.4::",
    "1.2.3.4::1",
    "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7::",
    "::1:2:3:4:5:6:7",
    "::1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8::",
    "1:2:3:4:5:6::7:8",
    "1:2:3:4:5:6:1.2.3.4",
    "1:2:3:4:5:6:7:1.2.3.4",
    "1:2:3:4:5::1.2.3.4",
    "1:2:3:4:5:6::1.2.3.4",
    "1:2:3:4:1.2.3.4",
    "::1.2.3.4:5",
    "::1.2.3.4.5",
    "12345::",
    "::12345",
    "00000::1",
    "0000:0000:0000:0000:0000:0000:0000:0001",
    "1:2:3:4:5:6:7:8%5",
    "::1%5",
    "::123.4.5.6x",
    "::12345.1.1.1",
    "::1a.1.1.1",
    "::1234.1.1.1",
    "[::1]:80",
    "[::]:0",
    "[::1]",
    "[::1]:",
    "[::1]:65536",
    "[::1%5]:80",
    "[fe80::1%5]:80",
    "[fe80::1%0005]:80",
    "[fe80::1%4294967295]:80",
    "[fe80::1%4294967296]:80",
    "[fe80::1%]:80",
    "[fe80::1%eth0]:80",
    "[fe80::1%-1]:80",
    "[fe80::1%5%6]:80",
    "[::ffff:1.2.3.4]:80",
    "[::ffff:1.2.3.4%1]:80",
    "[1.2.3.4]:80",
    "[::1]80",
    "[[::1]]:80",
    "::1]:80",
    "[::1:80",
    "[1:2:3:4:5:6:7:8]:65535",
    "[1:2:3:4:5:6:7::]:1",
    "[:::]:1",
    "[::1] :80",
    "1.2.3.4:80\0",
    "[::1]:80\0",
    "\u{661}.2.3.4",
    "1.2.3.\u{e9}",
];

#[test]
fn tricky_strings_agree_with_core() {
    let mut accepted = 0;
    for s in TRICKY {
        accepted += differential(s.as_bytes());
    }
    // The table exercises both outcomes, so a parser that rejects everything fails.
    assert!(accepted > 40, "only {accepted} acceptances");
}

#[test]
fn known_verdicts() {
    // Independent of core: the documented grammar, so a wrong oracle shows.
    assert_eq!(
        parse::ipv4_addr(b"01.2.3.4"),
        Err(ParseError::LeadingZero { at: 0 })
    );
    assert_eq!(
        parse::ipv4_addr(b"1.2.3.256"),
        Err(ParseError::OctetOverflow { at: 6 })
    );
    assert_eq!(
        parse::ipv4_addr(b"1.2.3.4.5"),
        Err(ParseError::TrailingBytes { at: 7 })
    );
    assert_eq!(
        parse::sockaddr_in(b"1.2.3.4:0080").map(|a| a.port()),
        Ok(80),
        "core accepts leading zeros in ports"
    );
    assert_eq!(
        parse::sockaddr_in(b"1.2.3.4:65536"),
        Err(ParseError::PortOverflow { at: 8 })
    );
    assert_eq!(
        parse::sockaddr_in(b"1.2.3.4:8 "),
        Err(ParseError::TrailingBytes { at: 9 })
    );
    assert_eq!(
        parse::ipv6_addr(b"1::2::3"),
        Err(ParseError::SecondDoubleColon { at: 4 })
    );
    assert_eq!(
        parse::ipv6_addr(b"1:2:3"),
        Err(ParseError::TooFewGroups { at: 5 })
    );
    assert_eq!(
        parse::ipv6_addr(b"1:2:3:4:5:6:7:1.2.3.4"),
        Err(ParseError::MisplacedIpv4 { at: 14 })
    );
    assert_eq!(
        parse::sockaddr_in6(b"[::1%4294967296]:1"),
        Err(ParseError::ScopeIdOverflow { at: 5 })
    );
    assert_eq!(
        parse::sockaddr_in6(b"::1"),
        Err(ParseError::ExpectedByte {
            at: 0,
            expected: b'['
        })
    );
    assert_eq!(
        parse::ipv6_addr(b"::1\0"),
        Err(ParseError::TrailingBytes { at: 3 })
    );
    assert_eq!(parse::ip_addr(b""), Err(ParseError::Empty));
    assert_eq!(
        parse::ipv4_addr(b"1.2.3.4.5.6.7.89"),
        Err(ParseError::TooLong { max: 15 })
    );
}

#[test]
fn errors_display_and_size() {
    let e = parse::sockaddr_in(b"1.2.3.4:65536").unwrap_err();
    assert_eq!(e.to_string(), "port over 65535 at byte 8");
    let e = parse::sockaddr_in6(b"[::1]80").unwrap_err();
    assert_eq!(e.to_string(), "expected `:` at byte 5");
    let boxed: Box<dyn core::error::Error> = Box::new(e);
    assert!(!boxed.to_string().is_empty());
    assert!(core::mem::size_of::<ParseError>() <= 8);
}

#[test]
fn const_and_macros() {
    const A: SockAddrIn = baresock::sockaddr_in!("0.0.0.0:9600");
    const B: SockAddrIn6 = baresock::sockaddr_in6!("[fe80::1%5]:80");
    const C: Ipv4Addr = baresock::ipv4!("127.0.0.1");
    const D: Ipv6Addr = baresock::ipv6!("::ffff:1.2.3.4");
    assert_eq!(A.to_core(), "0.0.0.0:9600".parse::<SocketAddrV4>().unwrap());
    assert_eq!(
        B.to_core(),
        "[fe80::1%5]:80".parse::<SocketAddrV6>().unwrap()
    );
    assert_eq!(C, Ipv4Addr::LOCALHOST);
    assert_eq!(D, Ipv4Addr::new(1, 2, 3, 4).to_ipv6_mapped());
}

// --- generators ------------------------------------------------------------

/// The bytes the grammar is made of, plus a few that must never be accepted.
const ALPHABET: &[u8] = b"0123456789abcdefABCDEFx.:[]%+- \0g";

fn v4_text(o: [u8; 4], style: u8) -> String {
    match style % 3 {
        0 => Ipv4Addr::from(o).to_string(),
        // Leading zeros, which must be rejected.
        1 => format!("{:02}.{:03}.{}.{}", o[0], o[1], o[2], o[3]),
        _ => format!("{}.{}.{}.{:03}", o[0], o[1], o[2], o[3]),
    }
}

/// An IPv6 address in one of several valid (or nearly valid) spellings.
fn v6_text(bits: u128, style: u8, zero_run: (u8, u8)) -> String {
    let mut g = Ipv6Addr::from_bits(bits).segments();
    // Make zero runs common, so `::` lands everywhere.
    let (start, len) = (usize::from(zero_run.0 % 8), usize::from(zero_run.1 % 9));
    for slot in g.iter_mut().skip(start).take(len) {
        *slot = 0;
    }
    let ip = Ipv6Addr::from(g);
    match style % 6 {
        0 => ip.to_string(),
        1 => g
            .iter()
            .map(|x| format!("{x:x}"))
            .collect::<Vec<_>>()
            .join(":"),
        2 => g
            .iter()
            .map(|x| format!("{x:04X}"))
            .collect::<Vec<_>>()
            .join(":"),
        3 => {
            // Embedded IPv4 in the last 32 bits, with `::` at the zero run.
            let v4 = Ipv4Addr::from(((u32::from(g[6])) << 16) | u32::from(g[7]));
            let head: Vec<String> = g[..6].iter().map(|x| format!("{x:x}")).collect();
            let head = head.join(":");
            format!("{head}:{v4}")
        }
        4 => {
            // `::` placed by hand over the zero run (possibly a wrong length).
            let head: Vec<String> = g[..start].iter().map(|x| format!("{x:x}")).collect();
            let tail: Vec<String> = g[(start + len).min(8)..]
                .iter()
                .map(|x| format!("{x:x}"))
                .collect();
            format!("{}::{}", head.join(":"), tail.join(":"))
        }
        _ => format!("::ffff:{}", Ipv4Addr::from(bits as u32)),
    }
}

/// A valid-looking address of any kind, before mutation.
fn base_text() -> impl Strategy<Value = String> {
    (
        any::<[u8; 4]>(),
        any::<u128>(),
        any::<u16>(),
        any::<u32>(),
        any::<u8>(),
        any::<(u8, u8)>(),
        0u8..6,
    )
        .prop_map(|(o, bits, port, scope, style, zr, kind)| {
            let port_text = match style % 4 {
                0 => format!("{port}"),
                1 => format!("{port:07}"),
                2 => format!("{}", u32::from(port) + 65536 * u32::from(style % 3)),
                _ => format!("{port}"),
            };
            match kind {
                0 => v4_text(o, style),
                1 => format!("{}:{port_text}", v4_text(o, style / 3)),
                2 => v6_text(bits, style, zr),
                3 => format!("[{}]:{port_text}", v6_text(bits, style, zr)),
                4 => {
                    let scope_text = match style % 3 {
                        0 => format!("{scope}"),
                        1 => format!("{scope:012}"),
                        _ => format!("{}", u64::from(scope) * 2),
                    };
                    format!("[{}%{scope_text}]:{port_text}", v6_text(bits, style, zr))
                }
                _ => {
                    // Random bytes from the grammar's alphabet.
                    let n = usize::from(style % 24);
                    (0..n)
                        .map(|i| {
                            let k = (bits >> ((i * 5) % 120)) as usize % ALPHABET.len();
                            char::from(ALPHABET[k])
                        })
                        .collect()
                }
            }
        })
}

/// One edit: (kind, position, byte from the alphabet).
fn mutations() -> impl Strategy<Value = Vec<(u8, usize, usize)>> {
    proptest::collection::vec((0u8..4, any::<usize>(), 0..ALPHABET.len()), 0..4)
}

fn mutate(text: String, edits: &[(u8, usize, usize)]) -> Vec<u8> {
    let mut b = text.into_bytes();
    for &(kind, pos, k) in edits {
        let byte = ALPHABET[k];
        let pos = if b.is_empty() { 0 } else { pos % (b.len() + 1) };
        match kind {
            0 => b.insert(pos, byte),
            1 if pos < b.len() => {
                b.remove(pos);
            }
            2 if pos < b.len() => b[pos] = byte,
            // Duplicate a slice: repeats groups, octets, `::`.
            _ if pos < b.len() => {
                let end = (pos + 1 + k % 5).min(b.len());
                let piece: Vec<u8> = b[pos..end].to_vec();
                b.splice(pos..pos, piece);
            }
            _ => b.push(byte),
        }
    }
    b
}

proptest! {
    #![proptest_config(config())]

    /// Near-valid strings: valid spellings of random addresses, then 0 to 3
    /// edits. Every parser must agree with core::net on every one.
    #[test]
    fn differential_against_core(text in base_text(), edits in mutations()) {
        differential(&mutate(text, &edits));
    }

    /// Any bytes at all: no panic, and agreement with core.
    #[test]
    fn differential_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        differential(&bytes);
    }

    /// format -> parse gives the same value, for structured values.
    #[test]
    fn round_trip(bits in any::<u128>(), v4 in any::<u32>(), port in any::<u16>(), scope in any::<u32>()) {
        let a = SockAddrIn::new(Ipv4Addr::from(v4), port);
        prop_assert_eq!(parse::sockaddr_in(a.to_heapless().as_bytes()), Ok(a));
        prop_assert_eq!(a.to_string().parse::<SockAddrIn>(), Ok(a));
        let b = SockAddrIn6::new(Ipv6Addr::from_bits(bits), port, 0, scope);
        prop_assert_eq!(parse::sockaddr_in6(b.to_heapless().as_bytes()), Ok(b));
        let m = SockAddrIn6::new(Ipv4Addr::from(v4).to_ipv6_mapped(), port, 0, scope);
        prop_assert_eq!(parse::sockaddr_in6(m.to_heapless().as_bytes()), Ok(m));
        prop_assert_eq!(parse::ipv6_addr(Ipv6Addr::from_bits(bits).to_heapless().as_bytes()), Ok(Ipv6Addr::from_bits(bits)));
        prop_assert_eq!(parse::ipv4_addr(Ipv4Addr::from(v4).to_heapless().as_bytes()), Ok(Ipv4Addr::from(v4)));
    }
}

#[test]
#[cfg_attr(miri, ignore = "exhaustive: too slow under Miri")]
fn generator_reaches_both_outcomes() {
    // The differential test is only as strong as its inputs: check that the
    // near-valid generator yields many accepted and many rejected strings.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut ok, mut total) = (0, 0);
    for _ in 0..2000 {
        let text = base_text().new_tree(&mut runner).unwrap().current();
        let edits = mutations().new_tree(&mut runner).unwrap().current();
        ok += usize::from(differential(&mutate(text, &edits)) > 0);
        total += 1;
    }
    assert!(
        ok > total / 5 && ok < total * 4 / 5,
        "{ok} of {total} accepted"
    );
}

// --- the fast paths against the exact parsers --------------------------------

/// A fast path may decline (`None`), but what it accepts, the exact parser
/// accepts with the same value; and the public parser equals the exact one.
fn fast_agrees(bytes: &[u8]) {
    use baresock::parse::paths;
    let exact = paths::sockaddr_in_exact(bytes);
    if let Some(fast) = paths::sockaddr_in_fast(bytes) {
        assert_eq!(Ok(fast), exact, "{:?}", String::from_utf8_lossy(bytes));
    }
    assert_eq!(parse::sockaddr_in(bytes), exact);
    let exact = paths::ipv4_addr_exact(bytes);
    if let Some(fast) = paths::ipv4_addr_fast(bytes) {
        assert_eq!(Ok(fast), exact, "{:?}", String::from_utf8_lossy(bytes));
    }
    assert_eq!(parse::ipv4_addr(bytes), exact);
    // The port fast path from every offset: what it takes, the exact port
    // parser takes, with the same value.
    for i in 0..=bytes.len() {
        if let Some(port) = paths::port_tail(bytes, i) {
            assert_eq!(
                Ok(port),
                paths::port_exact(bytes, i),
                "{:?} from {i}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

#[test]
fn fast_paths_take_the_common_shapes() {
    use baresock::parse::paths;
    // The fast path must actually be used, or the bench measures the slow one.
    for s in [
        "0.0.0.0:9600",
        "1.2.3.4:5",
        "255.255.255.255:65535",
        "10.0.0.1:00080",
        // The rest of benches/parse.rs's corpus.
        "127.0.0.1:80",
        "192.168.1.1:8080",
        "10.0.0.1:443",
        "172.16.254.3:3000",
        "8.8.8.8:53",
        "100.64.12.200:51234",
        "192.0.2.33:22",
        "203.0.113.7:8443",
        "198.51.100.250:40000",
    ] {
        assert!(paths::sockaddr_in_fast(s.as_bytes()).is_some(), "{s}");
    }
    for s in [
        "1.2.3.4",
        "8.8.8.8",
        "255.255.255.255",
        "0.0.0.0",
        "127.0.0.1",
        "192.168.1.1",
        "10.0.0.1",
        "172.16.254.3",
        "100.64.12.200",
    ] {
        assert!(paths::ipv4_addr_fast(s.as_bytes()).is_some(), "{s}");
    }
    // The port fast path takes 1 to 5 digits (leading zeros included) in
    // both kinds of socket address.
    for (s, port) in [
        ("1.2.3.4:5", 5),
        ("0.0.0.0:9600", 9600),
        ("255.255.255.255:65535", 65535),
        ("1.2.3.4:00080", 80),
        ("[::1]:80", 80),
        ("[fe80::1%5]:443", 443),
        ("[::]:65535", 65535),
    ] {
        let i = s.rfind(':').unwrap() + 1;
        assert_eq!(paths::port_tail(s.as_bytes(), i), Some(port), "{s}");
    }
    // Ports of 1 to 8 digits, with up to 3 leading zeros: the SWAR port
    // (the input's last 4 bytes in one load, a fifth digit on its own), its
    // 65535 limit, and the lengths past its 5 digits that it declines.
    for port in [
        0u32, 1, 9, 10, 99, 100, 65535, 65536, 99999, 100000, 99999999,
    ] {
        for zeros in 0..4 {
            let text = format!("1.2.3.4:{}{port}", "0".repeat(zeros));
            fast_agrees(text.as_bytes());
        }
    }
    for s in TRICKY {
        fast_agrees(s.as_bytes());
    }
}

/// What `Display` writes for random addresses (every octet-length shape,
/// ports of every length) is taken by the fast paths, with core's value:
/// the bench's random corpus measures the fast path, not the exact one.
#[test]
fn fast_paths_take_random_display_text() {
    use baresock::parse::paths;
    let mut x = 0x2545_f491_4f6c_dd1du64;
    // Fewer under Miri, which runs each one far slower.
    for _ in 0..if cfg!(miri) { 200 } else { 20_000 } {
        // xorshift64
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let ip = Ipv4Addr::from(x as u32);
        let sa = SocketAddrV4::new(ip, (x >> 40) as u16);
        let text = sa.to_string();
        let fast = paths::sockaddr_in_fast(text.as_bytes());
        assert_eq!(
            fast.map(|a| (a.ip(), a.port())),
            Some((*sa.ip(), sa.port())),
            "{text}"
        );
        let text = ip.to_string();
        assert_eq!(paths::ipv4_addr_fast(text.as_bytes()), Some(ip), "{text}");
    }
}

/// Every shape the IPv4 socket-address fast path reads (each octet 1 to 3
/// digits, ports of 1 to 7 digits, so 9 to 23 bytes around its 21-byte
/// limit), and each of them with one byte replaced by a NUL, a separator or
/// a digit, or cut short. The padded copy of the input's first 16 bytes
/// (the address) and the one load of its last 8 (the port) overlap in
/// these, and must never take padding for input nor input for padding.
#[test]
#[cfg_attr(miri, ignore = "exhaustive: too slow under Miri")]
fn sockaddr_in_fast_path_every_shape() {
    let octets = [
        "0", "7", "00", "10", "99", "010", "100", "255", "256", "999",
    ];
    let ports = [
        "0", "9", "80", "00", "443", "8080", "65535", "65536", "99999", "000080", "1234567",
    ];
    let mut taken = 0;
    let mut buf = Vec::new();
    for a in octets {
        for b in ["1", "22", "255"] {
            for c in octets {
                for p in ports {
                    let text = format!("{a}.{b}.{c}.{}:{p}", octets[(a.len() + p.len()) % 10]);
                    fast_agrees(text.as_bytes());
                    if baresock::parse::paths::sockaddr_in_fast(text.as_bytes()).is_some() {
                        taken += 1;
                    }
                    for k in 0..text.len() {
                        for byte in [0u8, b'.', b':', b'5', b'0'] {
                            buf.clear();
                            buf.extend_from_slice(text.as_bytes());
                            buf[k] = byte;
                            fast_agrees(&buf);
                        }
                        fast_agrees(&text.as_bytes()[..k]);
                    }
                }
            }
        }
    }
    assert!(taken > 500, "{taken}");
    // The address alone, for the IPv4 address fast path (same octet code,
    // the end of the input as its last separator).
    for a in octets {
        for b in octets {
            for c in ["1", "22", "255"] {
                for d in octets {
                    let text = format!("{a}.{b}.{c}.{d}");
                    fast_agrees(text.as_bytes());
                    for k in 0..text.len() {
                        for byte in [0u8, b'.', b'5', b'0'] {
                            buf.clear();
                            buf.extend_from_slice(text.as_bytes());
                            buf[k] = byte;
                            fast_agrees(&buf);
                        }
                        buf.clear();
                        buf.extend_from_slice(text.as_bytes());
                        buf.push(0);
                        fast_agrees(&buf);
                    }
                }
            }
        }
    }
}

/// Every octet text of 1 to 3 digits (leading zeros and values over 255
/// included: 1110 texts) in each of the four positions, and every port
/// text of 1 to 5 digits whose value is near a boundary or a digit
/// pattern, through the fast paths: the octet and port conversions are
/// SWAR multiplies whose every lane must be right.
#[test]
#[cfg_attr(miri, ignore = "exhaustive: too slow under Miri")]
fn fast_paths_every_octet_and_port_text() {
    let mut octets = Vec::new();
    for len in 1..=3usize {
        for v in 0..10u32.pow(len as u32) {
            octets.push(format!("{v:0len$}"));
        }
    }
    assert_eq!(octets.len(), 1110);
    let mut taken = 0;
    for o in &octets {
        for pos in 0..4 {
            let mut parts = ["1", "22", "255", "0"];
            parts[pos] = o;
            let addr = parts.join(".");
            for port in ["0", "9", "10", "99", "255", "8080", "65535"] {
                let text = format!("{addr}:{port}");
                fast_agrees(text.as_bytes());
                if baresock::parse::paths::sockaddr_in_fast(text.as_bytes()).is_some() {
                    taken += 1;
                }
            }
            fast_agrees(addr.as_bytes());
        }
    }
    // 256 valid octet texts, 4 positions, 7 ports.
    assert_eq!(taken, 256 * 4 * 7);
    let mut ports = 0;
    for len in 1..=5usize {
        for v in (0..10u32.pow(len as u32)).step_by(if len < 5 { 1 } else { 7 }) {
            for addr in ["1.2.3.4", "255.255.255.255", "10.0.0.1"] {
                let text = format!("{addr}:{v:0len$}");
                fast_agrees(text.as_bytes());
                ports += 1;
            }
        }
        for v in [
            0, 9, 10, 99, 100, 999, 1000, 9999, 10000, 65535, 65536, 99999,
        ] {
            let text = format!("1.2.3.4:{v:0len$}");
            fast_agrees(text.as_bytes());
        }
    }
    assert!(ports > 30_000, "{ports}");
}

/// IPv6 groups are read 5 bytes at a time when 5 remain, byte by byte
/// near the end: every cut and every one-byte change of these texts puts
/// each group at each distance from the end, against `core::net`.
#[test]
#[cfg_attr(miri, ignore = "exhaustive: too slow under Miri")]
fn ipv6_groups_near_the_end_agree_with_core() {
    let texts = [
        "[1:22:333:4444:5:66:777:8888]:65535",
        "[fe80::a00:27ff:fe4e:66a1%2]:22",
        "[::ffff:192.0.2.128]:80",
        "[2001:db8::8a2e:370:7334]:443",
        "[::1]:80",
        "[abcd:ef01::]:1",
        "1:22:333:4444:5:66:777:8888",
        "2606:4700:4700::1111",
        "::12345",
        "a::b:c",
    ];
    let mut accepted = 0;
    let mut buf = Vec::new();
    for t in texts {
        let t = t.as_bytes();
        for k in 0..=t.len() {
            accepted += differential(&t[..k]);
            accepted += differential(&t[k..]);
        }
        for k in 0..t.len() {
            for byte in [b':', b'0', b'f', b'g', b']', b'.', 0] {
                buf.clear();
                buf.extend_from_slice(t);
                buf[k] = byte;
                accepted += differential(&buf);
            }
        }
    }
    assert!(accepted > 300, "{accepted}");
}

proptest! {
    #![proptest_config(config())]

    /// Fast paths against exact parsers on near-valid and random inputs.
    #[test]
    fn fast_paths_agree_with_exact(text in base_text(), edits in mutations()) {
        fast_agrees(&mutate(text, &edits));
    }

    #[test]
    fn fast_paths_agree_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..32)) {
        fast_agrees(&bytes);
    }
}

#[test]
fn long_inputs_agree_with_core() {
    // Ports and scope ids may carry any number of leading zeros, and IPv6
    // text may run far past 8 groups or 4 digits a group. No parser reads a
    // fixed-size window: the fast port declines past 5 digits and the exact
    // parsers read to the end of the input, so a long valid address is never
    // cut short, nor a long invalid one taken for valid.
    let zeros = "0".repeat(70);
    let cases = [
        format!("[::1%{zeros}5]:{zeros}80"),
        format!("1.2.3.4:{zeros}80"),
        format!("[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255%{zeros}1]:1"),
        format!("[::{}1]:1", "0:".repeat(30)),
        format!("[{}]:1", "1:".repeat(40)),
        format!("[::{zeros}1]:1"),
        format!("{}::", "ab:".repeat(30)),
        format!("::ffff:{zeros}"),
    ];
    let mut accepted = 0;
    for c in &cases {
        accepted += differential(c.as_bytes());
        fast_agrees(c.as_bytes());
    }
    assert!(accepted >= 3, "{accepted}");
}
