//! The fast paths: the common shapes in fewer instructions, and no errors.
//!
//! # The contract
//!
//! A fast path either returns exactly what the exact parser in
//! [`super::exact`] returns for the same input, or declines (`None`). It
//! never accepts what the exact parser rejects, never yields another value,
//! and has no errors of its own: on a decline the caller runs the exact
//! parser, which gives the verdict and, for a rejected input, the error.
//! So a fast path may decline anything it finds awkward (a port with extra
//! leading zeros, a NUL, an input too short for its loads) at no cost to
//! correctness, only to speed.
//!
//! Every fast path is `const fn`, so a compile-time parse and a run-time
//! parse run the same code, and each is exposed through
//! [`super::paths`] so that `tests/parse.rs` (property tests, every octet
//! and port text, every shape with one byte changed or cut) and the
//! `fast_path` fuzz target can check the contract against the exact parser.
//! A new fast path belongs here, under the same contract and the same
//! checks.

use core::net::Ipv4Addr;

use super::exact::{at, dec};
use crate::fmt::{IPV4_ADDR_MAX_LEN, SOCKADDR_IN_MAX_LEN};
use crate::SockAddrIn;

/// `?` for `Option` in `const fn`.
macro_rules! opt {
    ($e:expr) => {
        match $e {
            Some(v) => v,
            None => return None,
        }
    };
}

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
    // The longest address and the separator after it fit in the 16 bytes.
    const { assert!(IPV4_ADDR_MAX_LEN + ":".len() <= 16) };
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

/// [`super::ipv4_addr`] on its fast path; `None`: ask
/// [`super::exact::ipv4_addr`].
#[inline(always)]
pub(super) const fn ipv4_addr(s: &[u8]) -> Option<Ipv4Addr> {
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
pub(super) const fn port_tail(s: &[u8], i: usize) -> Option<u16> {
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

/// [`super::sockaddr_in`] on its fast path; `None`: ask
/// [`super::exact::sockaddr_in`].
/// The address and its `:` lie in the first 16 bytes, read from the padded
/// copy; the port is read from the input's last bytes. It takes input up to
/// the longest text `Display` writes, `"255.255.255.255:65535"`; longer
/// valid input (a port with extra leading zeros) goes to the exact parser.
#[inline(always)]
pub(super) const fn sockaddr_in(s: &[u8]) -> Option<SockAddrIn> {
    if s.len() < "0.0.0.0:0".len() || s.len() > SOCKADDR_IN_MAX_LEN {
        return None;
    }
    let (ip, i) = opt!(ipv4_fast(s, b':'));
    let port = opt!(port_tail(s, i));
    Some(SockAddrIn::new(Ipv4Addr::from_bits(ip), port))
}
