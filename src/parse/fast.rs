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
//! [`super::paths`] so that `tests/integration/parse.rs` (property tests, every octet
//! and port text, every shape with one byte changed or cut) and the
//! `fast_path` fuzz target can check the contract against the exact parser.
//! A new fast path belongs here, under the same contract and the same
//! checks.

use core::net::Ipv4Addr;

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

/// The first 16 bytes of `s` (all of it if shorter, zero-padded) as two
/// little-endian `u64`s, from at most two overlapping loads; `None` under 4
/// bytes (never an address the fast paths take). Zero is no part of the
/// grammar, so the padding ends every token.
#[inline(always)]
const fn pad16(s: &[u8]) -> Option<(u64, u64)> {
    // The longest address and the separator after it fit in the 16 bytes.
    const { assert!(IPV4_ADDR_MAX_LEN + ":".len() <= 16) };
    let n = s.len();
    Some(if n >= 16 {
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
    })
}

/// The 16 bytes of [`pad16`] and 8 more zeros, to read at any offset under
/// 16 without a bounds check.
#[inline(always)]
const fn bytes24(lo: u64, hi: u64) -> [u8; 24] {
    let lo = lo.to_le_bytes();
    let hi = hi.to_le_bytes();
    [
        lo[0], lo[1], lo[2], lo[3], lo[4], lo[5], lo[6], lo[7], hi[0], hi[1], hi[2], hi[3], hi[4],
        hi[5], hi[6], hi[7], 0, 0, 0, 0, 0, 0, 0, 0,
    ]
}

/// The byte at `i & 15` of a padded buffer.
#[inline(always)]
const fn byte_at(buf: &[u8; 24], i: u32) -> u8 {
    // (i & 15) < 24: the arm always matches; the fallback 0 would only
    // decline (it is no separator).
    match buf.split_at_checked((i & 15) as usize) {
        Some((_, [b, ..])) => *b,
        _ => 0,
    }
}

/// The 4 bytes at `i & 15` of a padded buffer as a little-endian `u32`.
#[inline(always)]
const fn window4(buf: &[u8; 24], i: u32) -> u32 {
    // (i & 15) + 4 <= 19 < 24: both arms always match (see `byte_at`).
    match buf.split_at_checked((i & 15) as usize) {
        Some((_, rest)) => match rest.first_chunk::<4>() {
            Some(w) => u32::from_le_bytes(*w),
            None => 0,
        },
        None => 0,
    }
}

/// One bit per byte of `x`, bit `k` set where byte `k` is no ASCII digit.
/// `y = x ^ 0x30` is under 10 exactly for the digits; a lane of `y` is
/// under 10 iff bit 7 of `((y & 0x7f) + 0x76) | y` is clear (no carry
/// leaves a lane: 0x7f + 0x76 < 0x100). The multiply gathers the eight
/// bit 7s into the top byte (each lands on its own bit, no carries).
#[inline(always)]
const fn non_digits8(x: u64) -> u32 {
    let y = x ^ 0x3030_3030_3030_3030;
    let hi = (((y & 0x7f7f_7f7f_7f7f_7f7f) + 0x7676_7676_7676_7676) | y) & 0x8080_8080_8080_8080;
    ((hi >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// The decimal octet of `len` digits at byte `start` of the padded buffer
/// (whose every byte there the caller has proven a digit), shifted to the
/// top lanes of a `u32` (the bytes after it fall out; missing leading
/// digits are 0 lanes), and whether it has a leading zero (more than one
/// digit, the first `0`). For a `len` outside 1..=3 both are junk, and the
/// caller declines on the length alone.
#[inline(always)]
const fn octet(buf: &[u8; 24], start: u32, len: u32) -> (u64, bool) {
    let raw = window4(buf, start);
    let w = raw.wrapping_shl(32u32.wrapping_sub(len.wrapping_mul(8)));
    (w as u64, (raw as u8 == b'0') & (len > 1))
}

/// Two octets from [`octet`], one per 32-bit half, to values (each at most
/// 999) by SWAR: digit values, Lemire's pairs, then 100 x hundreds plus
/// the pair. No carry leaves a half.
#[inline(always)]
const fn octet_pair(w: u64) -> u64 {
    let y = w & 0x0f0f_0f0f_0f0f_0f0f;
    let v = (y.wrapping_mul(10 * 256 + 1) >> 8) & 0x00ff_00ff_00ff_00ff;
    (v.wrapping_mul(100 * 65536 + 1) >> 16) & 0x0000_ffff_0000_ffff
}

/// A dotted quad at the start of the input (its first 16 bytes, padded, as
/// `lo`, `hi` and their bytes `buf`), with no branch on its shape: the
/// address and the offset of the byte after it, or `None`.
///
/// The non-digits are a 16-bit mask (a sentinel bit 16 past it); its four
/// lowest bits (`trailing_zeros`, then clear the lowest) are the three dots
/// and the byte after the address. The octets between them must be 1 to 3
/// digits, read at their offsets by [`octet`]; the lengths, the dots, the
/// leading zeros and the values (at most 255) are checked by arithmetic,
/// or-ed into one verdict. On valid input of any shape the one branch on
/// that verdict goes the same way, so no predictor mispredicts it.
#[inline(always)]
const fn ipv4_swar(lo: u64, hi: u64, buf: &[u8; 24]) -> Option<(u32, u32)> {
    let m = non_digits8(lo) | non_digits8(hi) << 8 | 1 << 16;
    let p1 = m.trailing_zeros();
    let m = m & m.wrapping_sub(1);
    let p2 = m.trailing_zeros();
    let m = m & m.wrapping_sub(1);
    let p3 = m.trailing_zeros();
    let m = m & m.wrapping_sub(1);
    // 16 (the sentinel) if there is no fourth: the last octet is then too
    // long; 32 once the sentinel is used, and the lengths wrap or exceed 3.
    let p4 = m.trailing_zeros();
    let (l0, l1, l2, l3) = (
        p1,
        p2.wrapping_sub(p1 + 1),
        p3.wrapping_sub(p2 + 1),
        p4.wrapping_sub(p3 + 1),
    );
    // Each length in 1..=3 (mod 32: the lengths are at most 31, or wrapped
    // to u32::MAX, which is 31 mod 32).
    let lengths = 1u32.wrapping_shl(l0)
        | 1u32.wrapping_shl(l1)
        | 1u32.wrapping_shl(l2)
        | 1u32.wrapping_shl(l3);
    let dots = (byte_at(buf, p1) ^ b'.') | (byte_at(buf, p2) ^ b'.') | (byte_at(buf, p3) ^ b'.');
    let (a, za) = octet(buf, 0, l0);
    let (b, zb) = octet(buf, p1 + 1, l1);
    let (c, zc) = octet(buf, p2 + 1, l2);
    let (d, zd) = octet(buf, p3 + 1, l3);
    let ab = octet_pair(a | b << 32);
    let cd = octet_pair(c | d << 32);
    // A value over 255 sets a bit over 7 of its half.
    let over = (ab | cd) & 0xffff_ff00_ffff_ff00;
    let zeros = za | zb | zc | zd;
    if (lengths & !0b1110) as u64 | over | dots as u64 | zeros as u64 != 0 {
        return None;
    }
    let ip = (ab as u32) << 24 | ((ab >> 32) as u32) << 16 | (cd as u32) << 8 | (cd >> 32) as u32;
    Some((ip, p4))
}

/// [`super::ipv4_addr`] on its fast path; `None`: ask
/// [`super::exact::ipv4_addr`].
#[inline(always)]
pub(super) const fn ipv4_addr(s: &[u8]) -> Option<Ipv4Addr> {
    let n = s.len();
    if n < "0.0.0.0".len() || n > IPV4_ADDR_MAX_LEN {
        return None;
    }
    let (lo, hi) = opt!(pad16(s));
    let (ip, end) = opt!(ipv4_swar(lo, hi, &bytes24(lo, hi)));
    // The address must end at the end of the input, at its first padding
    // byte (a NUL in the input ends it earlier, and declines).
    if end as usize != n {
        return None;
    }
    Some(Ipv4Addr::from_bits(ip))
}

/// The port of `s` from `i` to its end: 1 to 5 digits, at most 65535.
/// The last 8 bytes of the input are one load; the lanes before the port
/// are masked to 0 (leading zeros, value 0), all checked at once (as in
/// [`non_digits8`]) and converted by SWAR (pairs, quads, then the 8-digit
/// number: Lemire, 2018), so no branch depends on the port's length. `None`
/// for anything else, including longer ports (leading zeros) and inputs
/// under 8 bytes: the exact parser decides.
#[inline(always)]
pub(super) const fn port_tail(s: &[u8], i: usize) -> Option<u16> {
    let n = s.len();
    // The `:` before the port is a real byte, so i <= n.
    // 1..=5 digits.
    if i >= n || n - i > 5 {
        return None;
    }
    let m = n - i;
    let x = opt!(load8(s, n.wrapping_sub(8)));
    // The port's lanes are the top m (a shift of 24..=56 bits).
    let keep = u64::MAX << (64 - 8 * m);
    let u = (x ^ 0x3030_3030_3030_3030) & keep;
    if (((u & 0x7f7f_7f7f_7f7f_7f7f) + 0x7676_7676_7676_7676) | u) & 0x8080_8080_8080_8080 != 0 {
        return None;
    }
    // Lanes hold digit values (<= 9), the first digit lowest: pairs (<= 99,
    // no carry between lanes), quads (<= 9999), then the whole (< 10^8).
    let u = (u.wrapping_mul(10 * 256 + 1) >> 8) & 0x00ff_00ff_00ff_00ff;
    let u = (u.wrapping_mul(100 * 65536 + 1) >> 16) & 0x0000_ffff_0000_ffff;
    let u = u.wrapping_mul(10000 * (1 << 32) + 1) >> 32;
    if u > u16::MAX as u64 {
        return None;
    }
    Some(u as u16)
}

/// [`super::sockaddr_in`] on its fast path; `None`: ask
/// [`super::exact::sockaddr_in`].
/// The address and its `:` lie in the first 16 bytes, read as one padded
/// `u128`; the port is read from the input's last 8 bytes. It takes input
/// up to the longest text `Display` writes, `"255.255.255.255:65535"`;
/// longer valid input (a port with extra leading zeros) goes to the exact
/// parser.
#[inline(always)]
pub(super) const fn sockaddr_in(s: &[u8]) -> Option<SockAddrIn> {
    if s.len() < "0.0.0.0:0".len() || s.len() > SOCKADDR_IN_MAX_LEN {
        return None;
    }
    let (lo, hi) = opt!(pad16(s));
    let buf = bytes24(lo, hi);
    let (ip, end) = opt!(ipv4_swar(lo, hi, &buf));
    // The byte after the address is the `:` (a real byte: 0 is the
    // padding). `end` < 16 here: the last octet is at most 3 digits.
    if byte_at(&buf, end) != b':' {
        return None;
    }
    let port = opt!(port_tail(s, end as usize + 1));
    Some(SockAddrIn::new(Ipv4Addr::from_bits(ip), port))
}
