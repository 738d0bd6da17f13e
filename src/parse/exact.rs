//! The grammar, byte by byte: the exact parsers.
//!
//! Written to be read, one token at a time, in the order `core::net`'s
//! parser reads them; every rejection names its kind and byte offset. The
//! fast paths in [`super::fast`] defer to these for every verdict they do
//! not take themselves, and for every error. One token here goes the other
//! way: the port of an IPv6 socket address is read by [`port`], which tries
//! its fast path first (the same value either way, by that contract).
//!
//! Every read is [`at`] (0 past the end), a checked chunk, or a table
//! lookup by a `u8`, so no input can make these index out of bounds.

use core::net::{Ipv4Addr, Ipv6Addr};

use crate::fmt::IPV4_ADDR_MAX_LEN;
use crate::{ParseError, SockAddrIn, SockAddrIn6};

/// The byte at `i`, or 0 past the end. 0 is no part of any grammar here, so
/// it behaves as a terminator; whether the input really ended is always
/// decided by comparing with `s.len()`, never by the value 0 (a real NUL in
/// the input is rejected like any other stray byte).
#[inline(always)]
#[allow(clippy::indexing_slicing)] // guarded by `i < s.len()`: cannot panic
pub(super) const fn at(s: &[u8], i: usize) -> u8 {
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
pub(super) const fn dec(b: u8) -> u8 {
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
pub(crate) const fn port_to_end(s: &[u8], i: usize) -> Result<u16, ParseError> {
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

/// [`port_to_end`], through [`super::fast::port_tail`] first: by the fast
/// path's contract the value is the same, and the exact loop runs only for
/// what the fast path declines (a port with extra leading zeros, an input
/// under 8 bytes, or an error).
#[inline(always)]
const fn port(s: &[u8], i: usize) -> Result<u16, ParseError> {
    match super::fast::port_tail(s, i) {
        Some(p) => Ok(p),
        None => port_to_end(s, i),
    }
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
/// saved six registers, for more instructions per parse than the larger
/// inlined code costs (BENCHMARKS.md, "Parsing").
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
        let h = [hex(b[0]), hex(b[1]), hex(b[2]), hex(b[3]), hex(b[4])];
        if h[0] > 15 {
            return Err(ParseError::ExpectedHexDigit { at: off(start + j) });
        }
        // Up to 3 more digits, each counted only if every one before it is
        // a digit: the group's length by arithmetic, not by a branch per
        // digit, which random groups of 1 to 4 digits would mispredict.
        let more1 = (h[1] <= 15) as usize;
        let more2 = more1 & (h[2] <= 15) as usize;
        let more3 = more2 & (h[3] <= 15) as usize;
        if more3 & (h[4] <= 15) as usize != 0 {
            return Err(ParseError::TooManyDigits {
                at: off(start + el),
            });
        }
        let len = 1 + more1 + more2 + more3;
        // The four nibbles, of which the top `len` are the group (the
        // others, a separator's 0xf or a digit after it, shift out).
        let nibbles = (h[0] as u32) << 12
            | ((h[1] & 15) as u32) << 8
            | ((h[2] & 15) as u32) << 4
            | (h[3] & 15) as u32;
        let v = nibbles >> (4 * (4 - len));
        j += len;
        // The byte after the digits: what follows the group.
        let c = (u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], 0, 0, 0]) >> (8 * len)) as u8;

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

/// `Ok` if `i` is the end of the input: nothing may follow an address.
#[inline(always)]
const fn end(s: &[u8], i: usize) -> Result<(), ParseError> {
    if i == s.len() {
        Ok(())
    } else {
        Err(ParseError::TrailingBytes { at: off(i) })
    }
}

/// [`super::ipv4_addr`], exact.
pub(super) const fn ipv4_addr(s: &[u8]) -> Result<Ipv4Addr, ParseError> {
    if s.is_empty() {
        return Err(ParseError::Empty);
    }
    // No valid address is longer than `"255.255.255.255"`; `core` rejects
    // longer input before parsing, and so do we.
    if s.len() > IPV4_ADDR_MAX_LEN {
        return Err(ParseError::TooLong {
            max: IPV4_ADDR_MAX_LEN as u32,
        });
    }
    let ([a, b, c, d], i) = tri!(ipv4_at(s, 0));
    tri!(end(s, i));
    Ok(Ipv4Addr::new(a, b, c, d))
}

/// [`super::ipv6_addr`], exact.
#[inline(always)]
pub(super) const fn ipv6_addr(s: &[u8]) -> Result<Ipv6Addr, ParseError> {
    if s.is_empty() {
        return Err(ParseError::Empty);
    }
    let (bits, i) = tri!(ipv6_at(s, 0));
    tri!(end(s, i));
    Ok(Ipv6Addr::from_bits(bits))
}

/// [`super::sockaddr_in`], exact.
// `#[inline]`: a module is a codegen unit of its own, and without the hint
// `super::sockaddr_in`'s fast path compiles to more instructions
// (BENCHMARKS.md, "Parsing").
#[inline]
pub(super) const fn sockaddr_in(s: &[u8]) -> Result<SockAddrIn, ParseError> {
    if s.is_empty() {
        return Err(ParseError::Empty);
    }
    let ([a, b, c, d], i) = tri!(ipv4_at(s, 0));
    let i = tri!(expect(s, i, b':'));
    let port = tri!(port_to_end(s, i));
    Ok(SockAddrIn::new(Ipv4Addr::new(a, b, c, d), port))
}

/// [`super::sockaddr_in6`], exact; the port through its fast path first
/// ([`port`]).
#[inline(always)]
pub(super) const fn sockaddr_in6(s: &[u8]) -> Result<SockAddrIn6, ParseError> {
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
    let port = tri!(port(s, i));
    Ok(SockAddrIn6::new(Ipv6Addr::from_bits(bits), port, 0, scope))
}

/// The error that got further into the input (`b` on a tie).
#[inline]
pub(super) const fn further(a: ParseError, b: ParseError) -> ParseError {
    match (a.offset(), b.offset()) {
        (Some(x), Some(y)) if x > y => a,
        (Some(_), None) => a,
        _ => b,
    }
}
