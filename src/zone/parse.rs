//! IPv6 socket addresses whose zone is an interface name,
//! `"[fe80::1%eth0]:80"`: read at run time, the name looked up in the kernel.
//!
//! The `const` parsers keep `core::net`'s grammar, where a zone is a number
//! (the interface index). Here the zone may also be a name, which only the
//! kernel can turn into an index, so these are plain functions that make a
//! system call, and only when there is a name. The text is split and checked
//! first by [`split`] (no system call, fuzzed), then the name is looked up.
//!
//! The grammar is in [`sockaddr_in6_with_zone`]'s docs.

use core::net::Ipv6Addr;

use rustix::fd::AsFd;

use super::name::valid_name;
use super::netdevice;
use super::ZoneError;
use crate::parse::{ipv6_addr, port_to_end, sockaddr_in6, ParseError};
use crate::SockAddrIn6;

/// An offset for an error, saturating (no valid input is 4 GiB long).
fn off(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// `Ok` if the byte at `i` is `byte`, else the error `sockaddr_in6` gives.
fn expect(s: &[u8], i: usize, byte: u8) -> Result<(), ZoneError> {
    if s.get(i) == Some(&byte) {
        Ok(())
    } else {
        Err(ZoneError::Parse(ParseError::ExpectedByte {
            at: off(i),
            expected: byte,
        }))
    }
}

/// The length of the zone at the start of `rest` (the bytes after the `%`):
/// up to the `]` in front of the first `:`, else up to the first `]`, else
/// all of it.
fn zone_len(rest: &[u8]) -> usize {
    let colon = rest.iter().position(|&b| b == b':');
    if let Some(c) = colon.and_then(|c| c.checked_sub(1)) {
        if rest.get(c) == Some(&b']') {
            return c;
        }
    }
    // Before the first `:` if there is one: a name never runs past it.
    let searched = rest.get(..colon.unwrap_or(rest.len())).unwrap_or(rest);
    searched
        .iter()
        .position(|&b| b == b']')
        .unwrap_or(searched.len())
}

/// What [`split`] finds: the address (its scope id, if the zone is a
/// number) and, if the zone is a name, the name's offset and the name.
pub(crate) type Split<'a> = (SockAddrIn6, Option<(u32, &'a str)>);

/// The text checked, nothing looked up.
///
/// The whole of the parser but the system call, a pure function, so that
/// the tests and the fuzz target can check it without a kernel.
pub(crate) fn split(s: &[u8]) -> Result<Split<'_>, ZoneError> {
    let numeric = || match sockaddr_in6(s) {
        Ok(addr) => Ok((addr, None)),
        Err(e) => Err(ZoneError::Parse(e)),
    };
    let Some(pct) = s.iter().position(|&b| b == b'%') else {
        return numeric();
    };
    let rest = s.get(pct + 1..).unwrap_or_default();
    let len = zone_len(rest);
    let zone = rest.get(..len).unwrap_or_default();
    if !zone.is_empty() && zone.iter().all(u8::is_ascii_digit) {
        return numeric();
    }
    // A name. The address must be what `sockaddr_in6` would read before the
    // `%`; where it is not, `sockaddr_in6` rejects the text at or before the
    // `%`, and its error is the one to give.
    let ip: Ipv6Addr = match (s.first(), s.get(1..pct).map(ipv6_addr)) {
        (Some(b'['), Some(Ok(ip))) => ip,
        _ => return numeric(),
    };
    let end = pct + 1 + len;
    expect(s, end, b']')?;
    expect(s, end + 1, b':')?;
    let port = port_to_end(s, end + 2)?;
    let name = valid_name(zone).map_err(|i| ZoneError::InvalidName {
        at: off(pct + 1 + i),
    })?;
    Ok((SockAddrIn6::new(ip, port, 0, 0), Some((off(pct + 1), name))))
}

/// [`split`], then the name (if any) looked up by `lookup`: `Ok(None)` for
/// no such interface.
pub(crate) fn resolve(
    s: &[u8],
    lookup: impl FnOnce(&str) -> crate::Result<Option<u32>>,
) -> Result<SockAddrIn6, ZoneError> {
    let (mut addr, name) = split(s)?;
    if let Some((at, name)) = name {
        match lookup(name) {
            Ok(Some(index)) => addr.set_scope_id(index),
            Ok(None) => return Err(ZoneError::UnknownInterface { at }),
            Err(e) => return Err(ZoneError::Os(e)),
        }
    }
    Ok(addr)
}

/// Parses `"[v6%zone]:port"` where the zone may be an interface name
/// (`"[fe80::1%eth0]:80"`) as well as a number (`"[fe80::1%2]:80"`), into a
/// [`SockAddrIn6`] whose scope id is that interface's index.
///
/// Not `const`, unlike [`parse::sockaddr_in6`](crate::parse::sockaddr_in6): a name
/// is resolved by the kernel, through one `ioctl(SIOCGIFINDEX)` on a socket
/// made for it and closed again (no allocation). Text
/// without a name makes no system call and gives exactly what
/// `parse::sockaddr_in6` gives, value or error. A server resolving many
/// addresses can hand in a socket it has with [`sockaddr_in6_with_zone_via`]
/// and save the two calls that make and close one. The name is looked up in
/// the calling process's network namespace, once: if the interface is later
/// renamed, the index stays.
///
/// # Grammar
///
/// `[v6%zone]:port`, where the zone runs from the first `%` to the `]` in
/// front of the first `:` after it (a name has no `:`, but may have `]`), or
/// failing that to the first `]`, or to the end. Then:
///
/// - no `%`, or a zone of decimal digits only: exactly
///   [`parse::sockaddr_in6`](crate::parse::sockaddr_in6), the same value and the
///   same error, and no system call. `"%5"` and `"%0005"` are scope id 5;
///   `"%99999999999"` is [`ParseError::ScopeIdOverflow`], not a name.
/// - any other zone (`"%lo"`, `"%5abc"`, the empty `"%"`) is an interface
///   name. The address and the port are read as `parse::sockaddr_in6` reads
///   them, the name is checked against the kernel's rule
///   ([`ZoneError::InvalidName`]), and only then looked up
///   ([`ZoneError::UnknownInterface`]).
///
/// So every text `parse::sockaddr_in6` accepts gets the same address here,
/// and every text with a name either names an interface or is an error.
///
/// # Errors
/// [`ZoneError::Parse`] for text that is no IPv6 socket address,
/// [`ZoneError::InvalidName`] for a zone no interface can be called,
/// [`ZoneError::UnknownInterface`] for a name no interface has,
/// [`ZoneError::Os`] when no socket could be made for the lookup.
///
/// ```
/// use baresock::parse;
///
/// let lo: u32 = std::fs::read_to_string("/sys/class/net/lo/ifindex").unwrap().trim().parse().unwrap();
/// let a = parse::sockaddr_in6_with_zone(b"[fe80::1%lo]:80")?;
/// assert_eq!((a.scope_id(), a.port()), (lo, 80));
///
/// // A number is a scope id, exactly as in parse::sockaddr_in6.
/// assert_eq!(parse::sockaddr_in6_with_zone(b"[fe80::1%5]:80")?, parse::sockaddr_in6(b"[fe80::1%5]:80")?);
/// # Ok::<(), baresock::parse::ZoneError>(())
/// ```
#[doc(alias = "if_nametoindex", alias = "SIOCGIFINDEX")]
pub fn sockaddr_in6_with_zone(s: &[u8]) -> Result<SockAddrIn6, ZoneError> {
    resolve(s, |name| {
        netdevice::index_of(netdevice::lookup_socket()?, name)
    })
}

/// [`sockaddr_in6_with_zone`] for a `&str`.
///
/// ```
/// let a = baresock::parse::sockaddr_in6_with_zone_str("[fe80::1%lo]:80")?;
/// assert_ne!(a.scope_id(), 0);
/// # Ok::<(), baresock::parse::ZoneError>(())
/// ```
#[inline]
pub fn sockaddr_in6_with_zone_str(s: &str) -> Result<SockAddrIn6, ZoneError> {
    sockaddr_in6_with_zone(s.as_bytes())
}

/// [`sockaddr_in6_with_zone`], the name looked up through the caller's
/// socket: one `ioctl(SIOCGIFINDEX)`, no socket made or closed.
///
/// Any socket will do, of any family or type (netdevice(7)), so a server can
/// pass the socket it listens on; the name is looked up in that socket's
/// network namespace. Text without a name makes no system call.
///
/// # Errors
/// As [`sockaddr_in6_with_zone`]; [`ZoneError::Os`] with [`Error::NoTty`](crate::Error::NoTty)
/// if the descriptor is not a socket.
///
/// ```
/// use baresock::{parse, Domain, Socket, Type};
///
/// let server = Socket::new(Domain::INET6, Type::STREAM, None)?;
/// let lo: u32 = std::fs::read_to_string("/sys/class/net/lo/ifindex").unwrap().trim().parse().unwrap();
/// for text in ["[fe80::1%lo]:80", "[fe80::2%lo]:443"] {
///     assert_eq!(parse::sockaddr_in6_with_zone_via(&server, text.as_bytes())?.scope_id(), lo);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sockaddr_in6_with_zone_via(socket: impl AsFd, s: &[u8]) -> Result<SockAddrIn6, ZoneError> {
    resolve(s, |name| netdevice::index_of(socket, name))
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::Error;
    use std::string::String;
    use std::vec::Vec;

    /// `split`'s verdict with a lookup that must not happen.
    fn no_lookup(s: &[u8]) -> Result<SockAddrIn6, ZoneError> {
        resolve(s, |name| panic!("looked up {name:?}"))
    }

    /// Texts without a name, valid and not: the result is sockaddr_in6's,
    /// error included, and nothing is looked up.
    #[test]
    fn without_a_name_it_is_sockaddr_in6() {
        let texts: &[&[u8]] = &[
            b"",
            b"[",
            b"[]:80",
            b"[::1]:80",
            b"[::1]",
            b"[::1]:",
            b"[::1]:65536",
            b"[::1]:0080",
            b"[fe80::1%5]:80",
            b"[fe80::1%0005]:80",
            b"[fe80::1%0]:80",
            b"[fe80::1%4294967295]:80",
            b"[fe80::1%4294967296]:80",
            b"[fe80::1%99999999999]:80",
            b"[fe80::1%5]",
            b"[fe80::1%5]:",
            b"[fe80::1%5]:65536",
            b"[fe80::1%5",
            b"fe80::1%5]:80",
            b"[fe80::1%5]:80 ",
            b"1.2.3.4:80",
            b"[::ffff:1.2.3.4%7]:9",
            b"[::1]:80%5",
            b"[1:2:3:4:5:6:7:8%1]:1",
        ];
        for &s in texts {
            assert_eq!(
                no_lookup(s),
                sockaddr_in6(s).map_err(ZoneError::Parse),
                "{:?}",
                String::from_utf8_lossy(s)
            );
        }
    }

    /// A name: split off with its offset; the address is what the same text
    /// with a number for the name gives.
    #[test]
    fn names_are_split_off() {
        let cases: &[(&[u8], &str, u32, &[u8])] = &[
            (b"[fe80::1%lo]:80", "lo", 9, b"[fe80::1%0]:80"),
            (b"[fe80::1%5abc]:80", "5abc", 9, b"[fe80::1%0]:80"),
            (b"[::%eth0]:0", "eth0", 4, b"[::%0]:0"),
            (b"[fe80::1%a]b]:80", "a]b", 9, b"[fe80::1%0]:80"),
            (b"[fe80::1%a%b]:80", "a%b", 9, b"[fe80::1%0]:80"),
            // A name may hold `]`: the zone runs to the `]` before the `:`.
            (b"[fe80::1%5]]:80", "5]", 9, b"[fe80::1%0]:80"),
            (b"[::ffff:1.2.3.4%x]:00080", "x", 16, b"[::ffff:1.2.3.4]:80"),
            (
                b"[1:2:3:4:5:6:7:8%br-0123456789ab]:1",
                "br-0123456789ab",
                17,
                b"[1:2:3:4:5:6:7:8]:1",
            ),
        ];
        for &(text, name, at, same) in cases {
            let (addr, got) = split(text).unwrap();
            assert_eq!(got, Some((at, name)), "{text:?}");
            assert_eq!(Ok(addr), sockaddr_in6(same));
            let looked_up = resolve(text, |n| {
                assert_eq!(n, name);
                Ok(Some(42))
            });
            assert_eq!(looked_up.map(|a| a.scope_id()), Ok(42));
        }
    }

    #[test]
    fn bad_text_around_a_name() {
        use ParseError::*;
        let cases: &[(&[u8], ZoneError)] = &[
            // The address: sockaddr_in6's errors, offsets into the whole text.
            (
                b"fe80::1%lo]:80",
                ZoneError::Parse(ExpectedByte {
                    at: 0,
                    expected: b'[',
                }),
            ),
            (
                b"[fe80::1x%lo]:80",
                ZoneError::Parse(ExpectedByte {
                    at: 8,
                    expected: b']',
                }),
            ),
            (
                b"[fe80:%lo]:80",
                ZoneError::Parse(ExpectedHexDigit { at: 6 }),
            ),
            (b"[%lo]:80", ZoneError::Parse(ExpectedHexDigit { at: 1 })),
            (
                b"[::1]:80%lo]:80",
                ZoneError::Parse(TrailingBytes { at: 8 }),
            ),
            // After the name.
            (
                b"[fe80::1%lo]",
                ZoneError::Parse(ExpectedByte {
                    at: 12,
                    expected: b':',
                }),
            ),
            (
                b"[fe80::1%lo",
                ZoneError::Parse(ExpectedByte {
                    at: 11,
                    expected: b']',
                }),
            ),
            (
                b"[fe80::1%lo]x:80",
                ZoneError::Parse(ExpectedByte {
                    at: 12,
                    expected: b':',
                }),
            ),
            (
                b"[fe80::1%lo:1]:80",
                ZoneError::Parse(ExpectedByte {
                    at: 11,
                    expected: b']',
                }),
            ),
            (b"[fe80::1%lo]:", ZoneError::Parse(ExpectedDigit { at: 13 })),
            (
                b"[fe80::1%lo]:65536",
                ZoneError::Parse(PortOverflow { at: 13 }),
            ),
            (
                b"[fe80::1%lo]:80x",
                ZoneError::Parse(TrailingBytes { at: 15 }),
            ),
            // The name.
            (b"[fe80::1%]:80", ZoneError::InvalidName { at: 9 }),
            (b"[fe80::1%.]:80", ZoneError::InvalidName { at: 9 }),
            (b"[fe80::1%..]:80", ZoneError::InvalidName { at: 9 }),
            (
                b"[fe80::1%br-0123456789abc]:80",
                ZoneError::InvalidName { at: 24 },
            ),
            (b"[fe80::1%a/b]:80", ZoneError::InvalidName { at: 10 }),
            (b"[fe80::1%a b]:80", ZoneError::InvalidName { at: 10 }),
            (b"[fe80::1%\tb]:80", ZoneError::InvalidName { at: 9 }),
            (b"[fe80::1%a\0]:80", ZoneError::InvalidName { at: 10 }),
            (b"[fe80::1%a\xa0]:80", ZoneError::InvalidName { at: 10 }),
            (b"[fe80::1%\xff]:80", ZoneError::InvalidName { at: 9 }),
            (b"[fe80::1%5 ]:80", ZoneError::InvalidName { at: 10 }),
        ];
        for &(text, expected) in cases {
            assert_eq!(
                no_lookup(text),
                Err(expected),
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn lookup_outcomes() {
        let text = b"[fe80::1%eth9]:80";
        assert_eq!(
            resolve(text, |_| Ok(None)),
            Err(ZoneError::UnknownInterface { at: 9 })
        );
        assert_eq!(
            resolve(text, |_| Err(Error::MFile)),
            Err(ZoneError::Os(Error::MFile))
        );
    }

    /// The zone rule of `sockaddr_in6_with_zone`'s docs, restated: the zone's start and end
    /// if there is a `%`.
    fn zone_of(text: &[u8]) -> Option<(usize, usize)> {
        let start = text.iter().position(|&b| b == b'%')? + 1;
        let rest = &text[start..];
        let first_close =
            |upto: usize| rest[..upto].iter().position(|&b| b == b']').unwrap_or(upto);
        let len = match rest.iter().position(|&b| b == b':') {
            Some(c) if c > 0 && rest[c - 1] == b']' => c - 1,
            Some(c) => first_close(c),
            None => first_close(rest.len()),
        };
        Some((start, start + len))
    }

    /// The property: without a name, exactly sockaddr_in6; with one, an
    /// address exactly when the name is valid and the text with a number in
    /// its place is one, and then the same address but for the scope id.
    /// True if the text had a name and gave an address.
    fn agrees(text: &[u8]) -> bool {
        let got = resolve(text, |_| Ok(Some(3)));
        let shown = String::from_utf8_lossy(text);
        match zone_of(text) {
            Some((a, b)) if !(a < b && text[a..b].iter().all(u8::is_ascii_digit)) => {
                let zone = &text[a..b];
                let numbered = [&text[..a], b"3", &text[b..]].concat();
                let expected = sockaddr_in6(&numbered)
                    .ok()
                    .filter(|_| valid_name(zone).is_ok());
                assert_eq!(got.ok(), expected, "{shown:?}");
                if got.is_ok() {
                    let name = core::str::from_utf8(zone).unwrap();
                    assert_eq!(split(text).unwrap().1, Some((a as u32, name)), "{shown:?}");
                }
                got.is_ok()
            }
            _ => {
                assert_eq!(
                    got,
                    sockaddr_in6(text).map_err(ZoneError::Parse),
                    "{shown:?}"
                );
                false
            }
        }
    }

    /// Every address head, zone and tail from lists around each rule.
    #[test]
    fn every_combination_of_address_zone_and_tail() {
        let heads: &[&[u8]] = &[
            b"",
            b"[",
            b"[::",
            b"[::1",
            b"[fe80::1",
            b"[1:2",
            b"::1",
            b"[::1]:80",
            b"[::ffff:1.2.3.4",
            b"[fe80:",
        ];
        let zones: &[&[u8]] = &[
            b"",
            b"5",
            b"0005",
            b"0",
            b"4294967296",
            b"99999999999",
            b"lo",
            b"5abc",
            b"a]b",
            b"a%b",
            b"a b",
            b"a/b",
            b".",
            b"..",
            b"l:1",
            b"x\xff",
            b"\xc3\xa0",
            b"br-0123456789ab",
            b"br-0123456789abc",
            b"x\0",
        ];
        let tails: &[&[u8]] = &[
            b"]:80",
            b"]",
            b"]:",
            b"]:65536",
            b"]:80x",
            b"]]:80",
            b"",
            b"]x:80",
            b"]:0080",
            b"]:80]:80",
        ];
        let (mut named, mut numeric) = (0, 0);
        for head in heads {
            for zone in zones {
                for tail in tails {
                    agrees(&[head, *tail].concat());
                    let text = [head, &b"%"[..], zone, tail].concat();
                    named += usize::from(agrees(&text));
                    numeric += usize::from(split(&text).is_ok_and(|(_, name)| name.is_none()));
                }
            }
        }
        // Both kinds of zone give addresses: the lists reach every branch.
        assert!(
            named >= 50 && numeric >= 20,
            "{named} named, {numeric} numeric"
        );
    }

    /// Every text of up to 6 bytes from the grammar's bytes and a few
    /// others: no panic, and the property holds.
    #[test]
    #[cfg_attr(miri, ignore = "half a million texts: too slow under miri")]
    fn short_texts_exhaustively() {
        const ALPHABET: &[u8] = b"[]:%1fl. ";
        let mut text = Vec::new();
        for len in 0..=6u32 {
            for n in 0..ALPHABET.len().pow(len) {
                text.clear();
                let mut k = n;
                for _ in 0..len {
                    text.push(ALPHABET[k % ALPHABET.len()]);
                    k /= ALPHABET.len();
                }
                let _ = agrees(&text);
            }
        }
    }

    /// Bytes the generated texts are edited with: the grammar's, and those
    /// around the name rule.
    const EDIT_BYTES: &[u8] = b"[]:%.0123456789abcdefl/ \t\0\xa0\xff";

    proptest::proptest! {
        // Under Miri: 16 cases and no failure file (its isolation has no
        // file system), as tests/integration/parse.rs does.
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: if cfg!(miri) { 16 } else { 4096 },
            failure_persistence: if cfg!(miri) { None } else { proptest::prelude::ProptestConfig::default().failure_persistence },
            ..Default::default()
        })]

        /// Valid texts with every kind of zone, then up to 3 edits: the
        /// property of [`agrees`] on each.
        #[test]
        fn generated_texts_agree(
            bits in proptest::prelude::any::<u128>(),
            port in proptest::prelude::any::<u16>(),
            scope in proptest::prelude::any::<u32>(),
            kind in 0u8..6,
            name in proptest::collection::vec(proptest::sample::select(EDIT_BYTES), 0..18),
            edits in proptest::collection::vec((0u8..3, proptest::prelude::any::<usize>(), proptest::sample::select(EDIT_BYTES)), 0..4),
        ) {
            let ip = Ipv6Addr::from_bits(bits);
            let zone = match kind {
                0 => Vec::new(),
                1 => std::format!("%{scope}").into_bytes(),
                2 => std::format!("%{scope:012}").into_bytes(),
                3 => std::format!("%{}", u64::from(scope) * 3).into_bytes(),
                4 => b"%lo".to_vec(),
                _ => [&b"%"[..], &name].concat(),
            };
            let mut text = [std::format!("[{ip}").as_bytes(), &zone, std::format!("]:{port}").as_bytes()].concat();
            for (op, at, byte) in edits {
                let at = at % (text.len() + 1);
                match op {
                    0 => text.insert(at, byte),
                    1 if at < text.len() => { text.remove(at); }
                    _ if at < text.len() => text[at] = byte,
                    _ => text.push(byte),
                }
            }
            let _ = agrees(&text);
        }
    }
}
