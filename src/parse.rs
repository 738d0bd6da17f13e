//! Address text to the kernel's structs: `const fn`, allocation-free, panic-free.
//!
//! Each parser takes the text as bytes (`&[u8]`, as `core`'s unstable
//! `parse_ascii` does) and has a `&str` twin ending in `_str`; [`SockAddrIn`],
//! [`SockAddrIn6`] and [`SockAddr`] also implement [`FromStr`].
//! The macros [`sockaddr_in!`](crate::sockaddr_in),
//! [`sockaddr_in6!`](crate::sockaddr_in6), [`ipv4!`](crate::ipv4) and
//! [`ipv6!`](crate::ipv6) parse a literal at compile time.
//!
//! # Grammar
//!
//! Exactly `core::net`'s `FromStr` (the same strings accepted, the same values),
//! proven by a differential property test in `cargo test` and by the
//! differential fuzz targets in `fuzz/`:
//!
//! - IPv4: four decimal octets `0..=255` joined by `.`, each 1 to 3 digits,
//!   no leading zero unless the octet is `0` (`"01.2.3.4"` is rejected:
//!   CVE-2021-29922), no signs, no whitespace, nothing after.
//! - IPv6: up to 8 groups of 1 to 4 hex digits (either case) joined by `:`,
//!   at most one `::` that stands for one or more zero groups, optionally
//!   ending in an embedded IPv4 address that fills the last 32 bits.
//! - Port (after `:`) and scope id (after `%`, inside the brackets): decimal
//!   digits only, any number of leading zeros, at most 65535 and
//!   `u32::MAX`. Interface names as scope ids (`%eth0`) are not accepted.
//! - Socket addresses: `a.b.c.d:port` and `[v6]:port` / `[v6%scope]:port`.
//!   The flow information of a parsed `SockAddrIn6` is 0.
//!
//! # Differences from glibc
//!
//! glibc's `inet_pton(AF_INET, ..)` and `inet_pton(AF_INET6, ..)` accept the
//! same addresses as `core::net` (checked by hand on the tricky cases: leading
//! zeros rejected in both, `"1:2:3:4:5:6:7::"` accepted, `"::1.2.3"` and an
//! embedded IPv4 address anywhere but the last 32 bits rejected), with one
//! difference: a C string ends at its first NUL, so `"::1\0junk"` is `::1`
//! to C and an error here (a Rust slice carries its length; the NUL is a
//! trailing byte). `inet_aton` and `getaddrinfo` accept far more (`"1"`,
//! `"0x7f.1"`, octal `"010.0.0.1"`) and are not models for this grammar.
//! Ports and scope ids are outside `inet_pton`'s grammar altogether; the
//! grammar for them here is `core`'s.
//!
//! # Speed
//!
//! These run per connection in some servers, so the common shapes take a
//! fast path: an IPv4 address is read from a zero-padded copy of its first
//! 16 bytes (two overlapping 8-byte loads), so no byte needs an
//! end-of-input test, and each octet is matched together with the
//! separator after it as one 2- or 4-byte word (one comparison for a
//! one-digit octet, all digit lanes of a longer one checked at once and
//! converted by one SWAR multiply chain). The
//! port of an IPv4 socket address (1 to 5 digits) is the input's last 4
//! bytes in one load, checked and converted by SWAR, and so is an IPv6
//! socket address's port; an IPv6 group's digits and the byte after them
//! are one bounds-checked 5-byte read. A fast path only
//! accepts or declines; on decline the exact parser gives the verdict and
//! the error. Both are `const fn`, so a compile-time and a run-time parse
//! run the same code, and property tests, a test of every octet and port
//! shape with one byte changed or cut, and the `fast_path` fuzz target
//! check that the two never disagree.
//!
//! `benches/parse.rs` and `benches/parse-instructions.sh` compare the
//! parsers with `core::net`'s in time and in instructions per parse
//! (BENCHMARKS.md, figure 3). On their corpus, IPv4 socket addresses
//! parse 2.63x faster than with `core::net` and with 2.78x fewer
//! instructions (124.9 vs 347.2), IPv6 socket addresses 3.93x faster and
//! with 3.19x fewer (361.4 vs 1153.3) (one run, 2026-11-24, on a shared
//! 2-core machine: the times vary from run to run, the instruction counts
//! do not).
//!
//! # Example
//!
//! ```
//! use baresock::{parse, SockAddrIn, SockAddrIn6};
//! use core::net::Ipv6Addr;
//!
//! let v4: SockAddrIn = "0.0.0.0:9600".parse()?;
//! assert_eq!(v4.port(), 9600);
//!
//! let v6 = parse::sockaddr_in6(b"[fe80::1%5]:80")?;
//! assert_eq!((v6.ip(), v6.scope_id()), (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1), 5));
//!
//! assert!(parse::ipv4_addr(b"1.2.3.4 ").is_err()); // trailing bytes
//! # Ok::<(), baresock::ParseError>(())
//! ```

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use core::str::FromStr;

use crate::{ParseError, SockAddr, SockAddrIn, SockAddrIn6};

/// `?` for `const fn`.
macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Err(e),
        }
    };
}

/// The longest valid `Ipv4Addr` text, `"255.255.255.255"`; `core` rejects
/// longer input before parsing, and so do we.
const IPV4_MAX_LEN: usize = 15;

/// The byte at `i`, or 0 past the end. 0 is no part of any grammar here, so
/// it behaves as a terminator; whether the input really ended is always
/// decided by comparing with `s.len()`, never by the value 0 (a real NUL in
/// the input is rejected like any other stray byte).
#[inline(always)]
#[allow(clippy::indexing_slicing)] // guarded by `i < s.len()`: cannot panic
const fn at(s: &[u8], i: usize) -> u8 {
    if i < s.len() {
        s[i]
    } else {
        0
    }
}

/// An offset for [`ParseError`], saturating (no valid input is 4 GiB long).
#[inline(always)]
const fn off(i: usize) -> u32 {
    if i > u32::MAX as usize {
        u32::MAX
    } else {
        i as u32
    }
}

/// The value of a decimal digit, or a value over 9.
#[inline(always)]
const fn dec(b: u8) -> u8 {
    b.wrapping_sub(b'0')
}

/// The value of a hex digit, or a value over 15, computed (for the table).
const fn hex_slow(b: u8) -> u8 {
    let d = b.wrapping_sub(b'0');
    if d < 10 {
        return d;
    }
    let l = (b | 0x20).wrapping_sub(b'a');
    if l < 6 {
        l + 10
    } else {
        0xff
    }
}

/// Hex digit values by byte, 0xff for bytes that are not hex digits: one
/// load per digit instead of two range checks.
#[allow(clippy::indexing_slicing)] // evaluated at compile time: b < 256 always
const HEX: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = hex_slow(b as u8);
        b += 1;
    }
    table
};

/// The value of a hex digit, or a value over 15.
#[inline(always)]
#[allow(clippy::indexing_slicing)] // a u8 index into a 256-entry table: cannot panic
const fn hex(b: u8) -> u8 {
    HEX[b as usize]
}

#[inline(always)]
const fn expect(s: &[u8], i: usize, byte: u8) -> Result<usize, ParseError> {
    if at(s, i) == byte {
        Ok(i + 1)
    } else {
        Err(ParseError::ExpectedByte {
            at: off(i),
            expected: byte,
        })
    }
}

/// One decimal octet at `i`: 1 to 3 digits, no leading zero, at most 255.
/// Returns the value and the offset after it.
#[inline(always)]
const fn octet(s: &[u8], i: usize) -> Result<(u8, usize), ParseError> {
    let d0 = dec(at(s, i));
    if d0 > 9 {
        return Err(ParseError::ExpectedDigit { at: off(i) });
    }
    let d1 = dec(at(s, i + 1));
    if d1 > 9 {
        return Ok((d0, i + 1));
    }
    if d0 == 0 {
        return Err(ParseError::LeadingZero { at: off(i) });
    }
    let d2 = dec(at(s, i + 2));
    if d2 > 9 {
        return Ok((d0 * 10 + d1, i + 2));
    }
    if dec(at(s, i + 3)) <= 9 {
        return Err(ParseError::TooManyDigits { at: off(i) });
    }
    let v = d0 as u32 * 100 + d1 as u32 * 10 + d2 as u32;
    if v > 255 {
        return Err(ParseError::OctetOverflow { at: off(i) });
    }
    Ok((v as u8, i + 3))
}

/// A dotted-quad IPv4 address starting at `i`; stops right after it.
#[inline(always)]
const fn ipv4_at(s: &[u8], i: usize) -> Result<([u8; 4], usize), ParseError> {
    let (a, i) = tri!(octet(s, i));
    let i = tri!(expect(s, i, b'.'));
    let (b, i) = tri!(octet(s, i));
    let i = tri!(expect(s, i, b'.'));
    let (c, i) = tri!(octet(s, i));
    let i = tri!(expect(s, i, b'.'));
    let (d, i) = tri!(octet(s, i));
    Ok(([a, b, c, d], i))
}

/// A port at `i` running to the end of the input: decimal digits, any number
/// of leading zeros (as `core` accepts), at most 65535.
#[inline(always)]
const fn port_to_end(s: &[u8], i: usize) -> Result<u16, ParseError> {
    if dec(at(s, i)) > 9 {
        return Err(ParseError::ExpectedDigit { at: off(i) });
    }
    let mut v: u32 = 0;
    let mut j = i;
    while j < s.len() {
        let d = dec(at(s, j));
        if d > 9 {
            return Err(ParseError::TrailingBytes { at: off(j) });
        }
        v = v * 10 + d as u32;
        if v > u16::MAX as u32 {
            return Err(ParseError::PortOverflow { at: off(i) });
        }
        j += 1;
    }
    Ok(v as u16)
}

/// A scope id at `i`: decimal digits, any number of leading zeros, at most
/// `u32::MAX`; stops at the first non-digit.
#[inline(always)]
const fn scope_at(s: &[u8], i: usize) -> Result<(u32, usize), ParseError> {
    if dec(at(s, i)) > 9 {
        return Err(ParseError::ExpectedDigit { at: off(i) });
    }
    let mut v: u64 = 0;
    let mut j = i;
    loop {
        let d = dec(at(s, j));
        if d > 9 {
            break;
        }
        v = v * 10 + d as u64;
        if v > u32::MAX as u64 {
            return Err(ParseError::ScopeIdOverflow { at: off(i) });
        }
        j += 1;
    }
    Ok((v as u32, j))
}

/// The 5 bytes at `i` (0 past the end, as [`at`]).
#[inline(always)]
const fn at5(s: &[u8], i: usize) -> [u8; 5] {
    [
        at(s, i),
        at(s, i + 1),
        at(s, i + 2),
        at(s, i + 3),
        at(s, i + 4),
    ]
}

/// An IPv6 address starting at `start`; stops at the first byte that cannot
/// continue it. Returns the address as a big-endian `u128` and the offset.
///
/// Groups accumulate in `acc`; at the `::` they move to `head`, and the
/// address is `head` shifted past the gap, or'ed with the groups after it.
/// No arrays of groups, so nothing to index.
///
/// Always inlined: as a call, its `Result` went through memory and the call
/// saved six registers, about 34 instructions per parse more than the
/// inlined loop (395.4 against 361.4 per IPv6 socket address); inlining
/// costs about 2 KiB more code.
#[inline(always)]
const fn ipv6_at(s: &[u8], start: usize) -> Result<(u128, usize), ParseError> {
    // `j` counts from `start`; offsets in errors are `start + j`.
    let mut j = 0;
    let mut acc: u128 = 0;
    // Groups so far, in all, and how many fit: 8, or 7 once a `::` stands
    // for at least one.
    let mut n: u32 = 0;
    let mut room: u32 = 8;
    let mut head: u128 = 0;
    let mut head_n: u32 = 0;
    let mut gap = false;

    if at(s, start) == b':' {
        if at(s, start + 1) != b':' {
            return Err(ParseError::ExpectedByte {
                at: off(start + 1),
                expected: b':',
            });
        }
        gap = true;
        room = 7;
        j = 2;
        if hex(at(s, start + j)) > 15 {
            return Ok((0, start + j));
        }
    }

    loop {
        let el = j;
        // The group's up to 4 digits and the byte after them: one bounds
        // check for all five when they are there, else byte by byte.
        let b = match s.split_at_checked(start + j) {
            Some((_, rest)) => match rest.first_chunk::<5>() {
                Some(c) => *c,
                None => at5(s, start + j),
            },
            None => at5(s, start + j),
        };
        let d = hex(b[0]);
        if d > 15 {
            return Err(ParseError::ExpectedHexDigit { at: off(start + j) });
        }
        let mut v = d as u32;
        j += 1;
        let mut c = b[1];
        let d = hex(c);
        if d <= 15 {
            v = (v << 4) | d as u32;
            j += 1;
            c = b[2];
            let d = hex(c);
            if d <= 15 {
                v = (v << 4) | d as u32;
                j += 1;
                c = b[3];
                let d = hex(c);
                if d <= 15 {
                    v = (v << 4) | d as u32;
                    j += 1;
                    c = b[4];
                    if hex(c) <= 15 {
                        return Err(ParseError::TooManyDigits {
                            at: off(start + el),
                        });
                    }
                }
            }
        }

        if c == b'.' {
            // An embedded IPv4 address: the last 32 bits, the last element.
            if n + 2 > room {
                return Err(ParseError::MisplacedIpv4 {
                    at: off(start + el),
                });
            }
            let (o, end) = tri!(ipv4_at(s, start + el));
            acc = (acc << 32) | u32::from_be_bytes(o) as u128;
            n += 2;
            j = end - start;
            break;
        }

        if n + 1 > room {
            return Err(ParseError::TooManyGroups {
                at: off(start + el),
            });
        }
        acc = (acc << 16) | v as u128;
        n += 1;

        if c != b':' {
            break;
        }
        if at(s, start + j + 1) == b':' {
            if gap {
                return Err(ParseError::SecondDoubleColon { at: off(start + j) });
            }
            // The `::` must stand for at least one group.
            if n > 7 {
                return Err(ParseError::TooManyGroups { at: off(start + j) });
            }
            gap = true;
            room = 7;
            head = acc;
            head_n = n;
            acc = 0;
            j += 2;
            if hex(at(s, start + j)) > 15 {
                break;
            }
        } else {
            j += 1;
        }
    }

    if !gap {
        if n != 8 {
            return Err(ParseError::TooFewGroups { at: off(start + j) });
        }
        return Ok((acc, start + j));
    }
    // With a gap, head_n <= 7: a shift of 16..=128 bits, 128 excluded by
    // the head_n == 0 case.
    let value = if head_n == 0 {
        acc
    } else {
        (head << (16 * (8 - head_n))) | acc
    };
    Ok((value, start + j))
}

// --- Fast paths -------------------------------------------------------------
//
// The parsers above are the grammar, written to be read; they also give each
// error its kind and offset. The fast paths below take the common shapes with
// fewer instructions and no error detail: they return `None` on anything they
// do not fully decide, and the caller then runs the exact parser, which gives
// the verdict and the error. They are `const fn` too, so a compile-time parse
// and a run-time parse run the same code. `tests/parse.rs` and the
// `fast_path` fuzz target check that a fast path never accepts what the exact
// parser rejects and never yields a different value.

/// `?` for `Option` in `const fn`.
macro_rules! opt {
    ($e:expr) => {
        match $e {
            Some(v) => v,
            None => return None,
        }
    };
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// 8 bytes at `i` as a little-endian `u64` (one load), if 8 remain.
#[inline(always)]
const fn load8(s: &[u8], i: usize) -> Option<u64> {
    match s.split_at_checked(i) {
        Some((_, rest)) => match rest.first_chunk::<8>() {
            Some(chunk) => Some(u64::from_le_bytes(*chunk)),
            None => None,
        },
        None => None,
    }
}

/// Bit 7 set in each byte lane of `w` that is not an ASCII decimal digit.
/// Exact for all 256 byte values: `t = w ^ '0'` is 0..=9 only for digits;
/// `(t & 0x7f) + 0x76` cannot carry out of its lane and has bit 7 set iff
/// `t & 0x7f >= 10`; or'ing `t` catches lanes with bit 7 already set.
#[inline(always)]
const fn nondigit_lanes(w: u64) -> u64 {
    let t = w ^ (ONES * 0x30);
    (((t & (ONES * 0x7f)) + ONES * 0x76) | t) & (ONES * 0x80)
}

/// The decimal number in the last `n` bytes of `s` (1 <= n <= 8), if they
/// are all digits and the number is a port; SWAR over one 8-byte load
/// (the 8-digit conversion is the well-known one of Lemire, 2018).
#[inline(always)]
const fn port_swar(s: &[u8], n: usize) -> Option<u16> {
    if n == 0 || n > 8 || s.len() < 8 {
        return None;
    }
    let w = opt!(load8(s, s.len() - 8));
    // The port is the top n lanes (the string's last n bytes).
    let keep = u64::MAX << (8 * (8 - n));
    if nondigit_lanes(w) & keep != 0 {
        return None;
    }
    // Digit values 0..=9, lanes before the port zero (leading zeros).
    let mut v = (w ^ (ONES * 0x30)) & keep;
    // Pairs, then quads, then all 8 digits: lane k holds the more significant digit.
    v = v.wrapping_mul(10 * 256 + 1) >> 8;
    v = (v & 0x00ff_00ff_00ff_00ff).wrapping_mul(100 * 65536 + 1) >> 16;
    v = (v & 0x0000_ffff_0000_ffff).wrapping_mul(10000 * (1 << 32) + 1) >> 32;
    if v > u16::MAX as u64 {
        return None;
    }
    Some(v as u16)
}

/// 4 bytes at `i` as a little-endian `u32` (one load), if 4 remain.
#[inline(always)]
const fn load4(s: &[u8], i: usize) -> Option<u32> {
    match s.split_at_checked(i) {
        Some((_, rest)) => match rest.first_chunk::<4>() {
            Some(chunk) => Some(u32::from_le_bytes(*chunk)),
            None => None,
        },
        None => None,
    }
}

/// The first 16 bytes of `s` (all of it if shorter), zero-padded to 24, from
/// at most two overlapping loads; `None` under 4 bytes (never an address the
/// fast paths take). Zero is no part of the grammar, so the padding ends
/// every token, and the fast paths below index this buffer with offsets they
/// prove to be under 24: no bounds checks, no end-of-input tests per byte.
#[inline(always)]
const fn pad24(s: &[u8]) -> Option<[u8; 24]> {
    let n = s.len();
    let (lo, hi) = if n >= 16 {
        (opt!(load8(s, 0)), opt!(load8(s, 8)))
    } else if n > 8 {
        // Bytes 8..n are the top n - 8 bytes of the last 8.
        (opt!(load8(s, 0)), opt!(load8(s, n - 8)) >> (8 * (16 - n)))
    } else if n >= 4 {
        // Two overlapping 4-byte loads; the overlap holds equal bytes.
        let a = opt!(load4(s, 0)) as u64;
        let b = opt!(load4(s, n - 4)) as u64;
        (a | (b << (8 * (n - 4))), 0)
    } else {
        return None;
    };
    let lo = lo.to_le_bytes();
    let hi = hi.to_le_bytes();
    Some([
        lo[0], lo[1], lo[2], lo[3], lo[4], lo[5], lo[6], lo[7], hi[0], hi[1], hi[2], hi[3], hi[4],
        hi[5], hi[6], hi[7], 0, 0, 0, 0, 0, 0, 0, 0,
    ])
}

/// The 4 bytes at `i & 15` of a padded buffer as a little-endian `u32`.
#[inline(always)]
const fn window4<const N: usize>(buf: &[u8; N], i: usize) -> u32 {
    const { assert!(N >= 24) };
    // (i & 15) + 4 <= 19 < N: both arms always match; the fallback 0 is
    // no digit and no separator, so it would only decline.
    match buf.split_at_checked(i & 15) {
        Some((_, rest)) => match rest.first_chunk::<4>() {
            Some(w) => u32::from_le_bytes(*w),
            None => 0,
        },
        None => 0,
    }
}

/// The 2 bytes at `i & 15` of a padded buffer, little-endian, widened.
#[inline(always)]
const fn window2<const N: usize>(buf: &[u8; N], i: usize) -> u32 {
    const { assert!(N >= 24) };
    // (i & 15) + 2 <= 17 < N: both arms always match (see `window4`).
    match buf.split_at_checked(i & 15) {
        Some((_, rest)) => match rest.first_chunk::<2>() {
            Some(w) => u16::from_le_bytes(*w) as u32,
            None => 0,
        },
        None => 0,
    }
}

/// A decimal octet at `i` of a padded buffer followed by the byte `sep`
/// (never a digit), matched as 2, 3 or 4 bytes at once, one digit first
/// (the commonest), then three, then two. `None` for anything else,
/// including a leading zero.
///
/// `y = window ^ pattern` holds digit values in the digit lanes and 0 in
/// the separator's lane exactly when the shape matches; a lane is a digit
/// iff bit 7 of `((y & 0x7f) + 0x76) | y` is clear (no carry leaves a
/// lane: 0x7f + 0x76 < 0x100). Returns the value (<= 255) and the offset
/// after `sep`.
#[inline(always)]
const fn octet_win<const N: usize>(buf: &[u8; N], i: usize, sep: u8) -> Option<(u32, usize)> {
    let sep = sep as u32;
    // One digit: "d" sep. y < 10 iff the high byte is 0 (b1 == sep) and
    // the low byte is a digit's value. A 2-byte load of its own: the
    // common one-digit octet needs no more.
    let y = window2(buf, i) ^ (0x30 | sep << 8);
    if y < 10 {
        return Some((y, i + 2));
    }
    let x = window4(buf, i);
    // Three digits: "ddd" sep, no leading zero, at most 255. Tested
    // before two digits: 100..=255 is most of an octet's range.
    let y = x ^ (0x30_3030 | sep << 24);
    let bad = (((y & 0x7f_7f7f) + 0x76_7676) | y) & 0xff80_8080;
    if bad == 0 {
        // [0, d0, d1, d2] after the shift (the separator's lane, 0, is
        // shifted out): pairs d0 and 10 * d1 + d2, then 100 * d0 + that
        // in the top half (Lemire's SWAR, as in `port_tail`).
        let v = ((y << 8).wrapping_mul(10 * 256 + 1) >> 8) & 0x00ff_00ff;
        let v = v.wrapping_mul(100 * 65536 + 1) >> 16;
        // 100..=255: no leading zero (three digits, so v >= 100 iff the
        // first is not 0) and no overflow, in one unsigned comparison.
        if v.wrapping_sub(100) > 155 {
            return None;
        }
        return Some((v, i + 4));
    }
    // Two digits: "dd" sep, no leading zero. The same test's first two
    // lanes tell whether b0 and b1 are digits; b2 must be `sep`.
    if bad & 0x8080 != 0 || (x >> 16) & 0xff != sep {
        return None;
    }
    // Byte 1 of the product is 10 * d0 + d1 (<= 99: no carry in or out).
    let v = ((y & 0xffff).wrapping_mul(10 * 256 + 1) >> 8) & 0xff;
    // 10..=99: the first digit is not 0.
    if v < 10 {
        return None;
    }
    Some((v, i + 3))
}

/// A dotted quad at the start of `s` followed by `end` (`:`, or 0 for the
/// end of the input): octets and the offset after `end`. The byte 0 may be
/// the padding or a real NUL; the caller tells them apart by the length.
#[inline(always)]
const fn ipv4_fast(s: &[u8], end: u8) -> Option<(u32, usize)> {
    let buf = opt!(pad24(s));
    let (a, i) = opt!(octet_win(&buf, 0, b'.'));
    let (b, i) = opt!(octet_win(&buf, i, b'.'));
    let (c, i) = opt!(octet_win(&buf, i, b'.'));
    let (d, i) = opt!(octet_win(&buf, i, end));
    Some((a << 24 | b << 16 | c << 8 | d, i))
}

/// [`ipv4_addr`] on its fast path; `None`: ask [`ipv4_addr_exact`].
#[inline(always)]
const fn ipv4_addr_fast(s: &[u8]) -> Option<Ipv4Addr> {
    let (ip, i) = opt!(ipv4_fast(s, 0));
    // The 0 after the address must be the padding, not a NUL in the input.
    if i != s.len() + 1 {
        return None;
    }
    Some(Ipv4Addr::from_bits(ip))
}

/// The port of `s` from `i` to its end: 1 to 5 digits, at most 65535.
/// The last 4 bytes of the input are one load; the lanes before the port
/// are masked to 0 (leading zeros, value 0), all four checked at once (as
/// in [`octet_win`]) and converted by SWAR (pairs, then the 4-digit number:
/// Lemire, 2018); a fifth digit is one more byte. `None` for anything
/// else, including longer ports (leading zeros): the exact parser decides.
#[inline(always)]
const fn port_tail(s: &[u8], i: usize) -> Option<u16> {
    let n = s.len();
    // The `:` before the port is a real byte, so i <= n.
    // 1..=5 digits.
    if i >= n || n - i > 5 {
        return None;
    }
    let m = n - i;
    let x = opt!(load4(s, n.wrapping_sub(4)));
    // The port's lanes are the top min(m, 4): the top m lanes of a u64
    // (a shift of 24..=56 bits, no branch), of which the top 4.
    let keep = ((u64::MAX << (64 - 8 * m)) >> 32) as u32;
    let u = (x ^ 0x3030_3030) & keep;
    if (((u & 0x7f7f_7f7f) + 0x7676_7676) | u) & 0x8080_8080 != 0 {
        return None;
    }
    // Lanes hold digit values (<= 9): pairs (<= 99, no carry between
    // lanes), then 100 * high pair + low pair (<= 9999 < 2^16).
    let u = u.wrapping_mul(10 * 256 + 1) >> 8;
    let u = (u & 0x00ff_00ff).wrapping_mul(100 * 65536 + 1) >> 16;
    if m == 5 {
        let lead = dec(at(s, n - 5)) as u32;
        let v = lead * 10000 + u;
        if lead > 9 || v > u16::MAX as u32 {
            return None;
        }
        return Some(v as u16);
    }
    // Up to 4 digits: u <= 9999.
    Some(u as u16)
}

/// The longest `a.b.c.d:port` the IPv4 socket-address fast path takes:
/// 15 bytes of address, the `:`, 5 digits of port. Longer valid input
/// (a port with extra leading zeros) goes to the exact parser.
const SOCKADDR_IN_FAST_MAX: usize = 21;

/// [`sockaddr_in`] on its fast path; `None`: ask [`sockaddr_in_exact`].
/// The address and its `:` lie in the first 16 bytes, read from the padded
/// copy; the port is read from the input's last bytes.
#[inline(always)]
const fn sockaddr_in_fast(s: &[u8]) -> Option<SockAddrIn> {
    if s.len() < 9 || s.len() > SOCKADDR_IN_FAST_MAX {
        return None;
    }
    let (ip, i) = opt!(ipv4_fast(s, b':'));
    let port = opt!(port_tail(s, i));
    Some(SockAddrIn::new(Ipv4Addr::from_bits(ip), port))
}

/// The fast paths and the exact parsers, side by side, for the tests and
/// fuzz targets that prove them equal. Not part of the API.
#[doc(hidden)]
pub mod paths {
    use super::*;

    /// [`super::ipv4_addr`]'s fast path alone.
    pub const fn ipv4_addr_fast(s: &[u8]) -> Option<Ipv4Addr> {
        super::ipv4_addr_fast(s)
    }
    /// [`super::ipv4_addr`]'s exact path alone.
    pub const fn ipv4_addr_exact(s: &[u8]) -> Result<Ipv4Addr, ParseError> {
        super::ipv4_addr_exact(s)
    }
    /// [`super::sockaddr_in`]'s fast path alone.
    pub const fn sockaddr_in_fast(s: &[u8]) -> Option<SockAddrIn> {
        super::sockaddr_in_fast(s)
    }
    /// [`super::sockaddr_in`]'s exact path alone.
    pub const fn sockaddr_in_exact(s: &[u8]) -> Result<SockAddrIn, ParseError> {
        super::sockaddr_in_exact(s)
    }
    /// The port of the last `n` bytes by SWAR alone.
    pub const fn port_swar(s: &[u8], n: usize) -> Option<u16> {
        super::port_swar(s, n)
    }
    /// The port from `i` to the end, exact.
    pub const fn port_exact(s: &[u8], i: usize) -> Result<u16, ParseError> {
        super::port_to_end(s, i)
    }
}

#[inline(always)]
const fn end(s: &[u8], i: usize) -> Result<(), ParseError> {
    if i == s.len() {
        Ok(())
    } else {
        Err(ParseError::TrailingBytes { at: off(i) })
    }
}

/// Parses an IPv4 address, `"a.b.c.d"`, as `core::net::Ipv4Addr::from_str`.
///
/// ```
/// use baresock::parse;
/// use core::net::Ipv4Addr;
/// const LOCAL: Result<Ipv4Addr, baresock::ParseError> = parse::ipv4_addr(b"127.0.0.1");
/// assert_eq!(LOCAL, Ok(Ipv4Addr::LOCALHOST));
/// assert!(parse::ipv4_addr(b"256.0.0.1").is_err());
/// assert!(parse::ipv4_addr(b"1.2.3").is_err());
/// ```
pub const fn ipv4_addr(s: &[u8]) -> Result<Ipv4Addr, ParseError> {
    match ipv4_addr_fast(s) {
        Some(a) => Ok(a),
        None => ipv4_addr_exact(s),
    }
}

const fn ipv4_addr_exact(s: &[u8]) -> Result<Ipv4Addr, ParseError> {
    if s.is_empty() {
        return Err(ParseError::Empty);
    }
    if s.len() > IPV4_MAX_LEN {
        return Err(ParseError::TooLong {
            max: IPV4_MAX_LEN as u32,
        });
    }
    let ([a, b, c, d], i) = tri!(ipv4_at(s, 0));
    tri!(end(s, i));
    Ok(Ipv4Addr::new(a, b, c, d))
}

/// Parses an IPv6 address (`"::1"`, `"fe80::1"`, `"::ffff:1.2.3.4"`) as
/// `core::net::Ipv6Addr::from_str`. No scope id: that belongs to a socket
/// address.
///
/// ```
/// use baresock::parse;
/// use core::net::{Ipv4Addr, Ipv6Addr};
/// assert_eq!(parse::ipv6_addr(b"::1"), Ok(Ipv6Addr::LOCALHOST));
/// assert_eq!(parse::ipv6_addr(b"::ffff:1.2.3.4"), Ok(Ipv4Addr::new(1, 2, 3, 4).to_ipv6_mapped()));
/// assert!(parse::ipv6_addr(b"1::2::3").is_err());
/// ```
pub const fn ipv6_addr(s: &[u8]) -> Result<Ipv6Addr, ParseError> {
    if s.is_empty() {
        return Err(ParseError::Empty);
    }
    let (bits, i) = tri!(ipv6_at(s, 0));
    tri!(end(s, i));
    Ok(Ipv6Addr::from_bits(bits))
}

/// Parses an IPv4 or an IPv6 address, as `core::net::IpAddr::from_str`.
///
/// When both fail, the error is the one that got further into the input.
///
/// ```
/// use baresock::parse;
/// use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
/// assert_eq!(parse::ip_addr(b"127.0.0.1"), Ok(IpAddr::V4(Ipv4Addr::LOCALHOST)));
/// assert_eq!(parse::ip_addr(b"::1"), Ok(IpAddr::V6(Ipv6Addr::LOCALHOST)));
/// ```
pub const fn ip_addr(s: &[u8]) -> Result<IpAddr, ParseError> {
    let e4 = match ipv4_addr(s) {
        Ok(a) => return Ok(IpAddr::V4(a)),
        Err(e) => e,
    };
    match ipv6_addr(s) {
        Ok(a) => Ok(IpAddr::V6(a)),
        Err(e6) => Err(further(e4, e6)),
    }
}

/// The error that got further into the input (`b` on a tie).
const fn further(a: ParseError, b: ParseError) -> ParseError {
    match (a.offset(), b.offset()) {
        (Some(x), Some(y)) if x > y => a,
        (Some(_), None) => a,
        _ => b,
    }
}

/// Parses `"a.b.c.d:port"` straight into a [`SockAddrIn`], as
/// `core::net::SocketAddrV4::from_str`.
///
/// ```
/// use baresock::parse;
/// const ANY: baresock::SockAddrIn = match parse::sockaddr_in(b"0.0.0.0:9600") {
///     Ok(a) => a,
///     Err(_) => panic!(),
/// };
/// assert_eq!(ANY.port_be_bytes(), [0x25, 0x80]);
/// assert!(parse::sockaddr_in(b"0.0.0.0:65536").is_err());
/// ```
#[inline]
pub const fn sockaddr_in(s: &[u8]) -> Result<SockAddrIn, ParseError> {
    match sockaddr_in_fast(s) {
        Some(a) => Ok(a),
        None => sockaddr_in_exact(s),
    }
}

const fn sockaddr_in_exact(s: &[u8]) -> Result<SockAddrIn, ParseError> {
    if s.is_empty() {
        return Err(ParseError::Empty);
    }
    let ([a, b, c, d], i) = tri!(ipv4_at(s, 0));
    let i = tri!(expect(s, i, b':'));
    let port = tri!(port_to_end(s, i));
    Ok(SockAddrIn::new(Ipv4Addr::new(a, b, c, d), port))
}

/// Parses `"[v6]:port"` or `"[v6%scope]:port"` straight into a
/// [`SockAddrIn6`] (flow information 0), as
/// `core::net::SocketAddrV6::from_str`.
///
/// ```
/// use baresock::parse;
/// let a = parse::sockaddr_in6(b"[fe80::1%5]:80")?;
/// assert_eq!((a.port(), a.scope_id(), a.flowinfo()), (80, 5, 0));
/// assert!(parse::sockaddr_in6(b"[fe80::1%eth0]:80").is_err()); // numeric scope ids only
/// # Ok::<(), baresock::ParseError>(())
/// ```
pub const fn sockaddr_in6(s: &[u8]) -> Result<SockAddrIn6, ParseError> {
    if s.is_empty() {
        return Err(ParseError::Empty);
    }
    let i = tri!(expect(s, 0, b'['));
    let (bits, i) = tri!(ipv6_at(s, i));
    let (scope, i) = if at(s, i) == b'%' {
        tri!(scope_at(s, i + 1))
    } else {
        (0, i)
    };
    let i = tri!(expect(s, i, b']'));
    let i = tri!(expect(s, i, b':'));
    let port = match port_tail(s, i) {
        Some(p) => p,
        None => tri!(port_to_end(s, i)),
    };
    Ok(SockAddrIn6::new(Ipv6Addr::from_bits(bits), port, 0, scope))
}

/// Parses an IPv4 or IPv6 socket address, as `core::net::SocketAddr::from_str`;
/// the result is [`SockAddr::Inet`] or [`SockAddr::Inet6`].
///
/// ```
/// use baresock::{parse, SockAddr};
/// assert!(matches!(parse::sockaddr(b"127.0.0.1:80"), Ok(SockAddr::Inet(_))));
/// assert!(matches!(parse::sockaddr(b"[::1]:80"), Ok(SockAddr::Inet6(_))));
/// ```
pub const fn sockaddr(s: &[u8]) -> Result<SockAddr, ParseError> {
    // An IPv6 socket address starts with `[`, an IPv4 one never does.
    if at(s, 0) == b'[' {
        match sockaddr_in6(s) {
            Ok(a) => Ok(SockAddr::Inet6(a)),
            Err(e) => Err(e),
        }
    } else {
        match sockaddr_in(s) {
            Ok(a) => Ok(SockAddr::Inet(a)),
            Err(e) => Err(e),
        }
    }
}

/// [`ipv4_addr`] for a `&str`.
///
/// ```
/// assert!(baresock::parse::ipv4_addr_str("10.0.0.1").is_ok());
/// ```
#[inline]
pub const fn ipv4_addr_str(s: &str) -> Result<Ipv4Addr, ParseError> {
    ipv4_addr(s.as_bytes())
}

/// [`ipv6_addr`] for a `&str`.
///
/// ```
/// assert!(baresock::parse::ipv6_addr_str("fe80::1").is_ok());
/// ```
#[inline]
pub const fn ipv6_addr_str(s: &str) -> Result<Ipv6Addr, ParseError> {
    ipv6_addr(s.as_bytes())
}

/// [`ip_addr`] for a `&str`.
///
/// ```
/// assert!(baresock::parse::ip_addr_str("::ffff:1.2.3.4").is_ok());
/// ```
#[inline]
pub const fn ip_addr_str(s: &str) -> Result<IpAddr, ParseError> {
    ip_addr(s.as_bytes())
}

/// [`sockaddr_in`] for a `&str`.
///
/// ```
/// assert_eq!(baresock::parse::sockaddr_in_str("1.2.3.4:5").map(|a| a.port()), Ok(5));
/// ```
#[inline]
pub const fn sockaddr_in_str(s: &str) -> Result<SockAddrIn, ParseError> {
    sockaddr_in(s.as_bytes())
}

/// [`sockaddr_in6`] for a `&str`.
///
/// ```
/// assert_eq!(baresock::parse::sockaddr_in6_str("[::1]:5").map(|a| a.port()), Ok(5));
/// ```
#[inline]
pub const fn sockaddr_in6_str(s: &str) -> Result<SockAddrIn6, ParseError> {
    sockaddr_in6(s.as_bytes())
}

/// [`sockaddr`] for a `&str`.
///
/// ```
/// assert_eq!(baresock::parse::sockaddr_str("[::1]:5").map(|a| a.family()), Ok(10));
/// ```
#[inline]
pub const fn sockaddr_str(s: &str) -> Result<SockAddr, ParseError> {
    sockaddr(s.as_bytes())
}

impl FromStr for SockAddrIn {
    type Err = ParseError;
    /// [`parse::sockaddr_in`](sockaddr_in).
    fn from_str(s: &str) -> Result<Self, ParseError> {
        sockaddr_in(s.as_bytes())
    }
}

impl FromStr for SockAddrIn6 {
    type Err = ParseError;
    /// [`parse::sockaddr_in6`](sockaddr_in6).
    fn from_str(s: &str) -> Result<Self, ParseError> {
        sockaddr_in6(s.as_bytes())
    }
}

impl FromStr for SockAddr {
    type Err = ParseError;
    /// [`parse::sockaddr`](sockaddr): `AF_INET` or `AF_INET6` only.
    fn from_str(s: &str) -> Result<Self, ParseError> {
        sockaddr(s.as_bytes())
    }
}

/// A [`SockAddrIn`] from a string literal, parsed at compile time.
///
/// ```
/// use baresock::{sockaddr_in, SockAddrIn};
/// const ANY_9600: SockAddrIn = sockaddr_in!("0.0.0.0:9600");
/// assert_eq!(ANY_9600.port(), 9600);
/// ```
///
/// A bad literal does not compile:
///
/// ```compile_fail
/// const BAD: baresock::SockAddrIn = baresock::sockaddr_in!("01.2.3.4:80");
/// ```
#[macro_export]
macro_rules! sockaddr_in {
    ($s:expr) => {{
        const __BARESOCK_ADDR: $crate::SockAddrIn = match $crate::parse::sockaddr_in_str($s) {
            ::core::result::Result::Ok(a) => a,
            ::core::result::Result::Err(e) => ::core::panic!("{}", e.as_str()),
        };
        __BARESOCK_ADDR
    }};
}

/// A [`SockAddrIn6`] from a string literal, parsed at compile time.
///
/// ```
/// use baresock::{sockaddr_in6, SockAddrIn6};
/// const LINK: SockAddrIn6 = sockaddr_in6!("[fe80::1%5]:80");
/// assert_eq!(LINK.scope_id(), 5);
/// ```
///
/// ```compile_fail
/// const BAD: baresock::SockAddrIn6 = baresock::sockaddr_in6!("[::1]:65536");
/// ```
#[macro_export]
macro_rules! sockaddr_in6 {
    ($s:expr) => {{
        const __BARESOCK_ADDR: $crate::SockAddrIn6 = match $crate::parse::sockaddr_in6_str($s) {
            ::core::result::Result::Ok(a) => a,
            ::core::result::Result::Err(e) => ::core::panic!("{}", e.as_str()),
        };
        __BARESOCK_ADDR
    }};
}

/// A `core::net::Ipv4Addr` from a string literal, parsed at compile time.
///
/// ```
/// const GW: core::net::Ipv4Addr = baresock::ipv4!("192.168.0.1");
/// assert_eq!(GW.octets(), [192, 168, 0, 1]);
/// ```
///
/// ```compile_fail
/// const BAD: core::net::Ipv4Addr = baresock::ipv4!("192.168.0.256");
/// ```
#[macro_export]
macro_rules! ipv4 {
    ($s:expr) => {{
        const __BARESOCK_ADDR: ::core::net::Ipv4Addr = match $crate::parse::ipv4_addr_str($s) {
            ::core::result::Result::Ok(a) => a,
            ::core::result::Result::Err(e) => ::core::panic!("{}", e.as_str()),
        };
        __BARESOCK_ADDR
    }};
}

/// A `core::net::Ipv6Addr` from a string literal, parsed at compile time.
///
/// ```
/// const LO: core::net::Ipv6Addr = baresock::ipv6!("::1");
/// assert!(LO.is_loopback());
/// ```
///
/// ```compile_fail
/// const BAD: core::net::Ipv6Addr = baresock::ipv6!("::1::");
/// ```
#[macro_export]
macro_rules! ipv6 {
    ($s:expr) => {{
        const __BARESOCK_ADDR: ::core::net::Ipv6Addr = match $crate::parse::ipv6_addr_str($s) {
            ::core::result::Result::Ok(a) => a,
            ::core::result::Result::Err(e) => ::core::panic!("{}", e.as_str()),
        };
        __BARESOCK_ADDR
    }};
}
