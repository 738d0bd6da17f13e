//! Address text without allocation: into a `heapless::String` of exactly the
//! capacity the longest text of that type needs.
//!
//! `Display` for every address type already prints `core::net`'s text (IPv6
//! in RFC 5952 form) without allocating; [`ToHeapless`] writes that same text
//! into a fixed-capacity string on the stack, for callers that need to keep
//! or pass it on. The capacities below are the true maxima, tested at the
//! maximum, so the text is never cut.
//!
//! # Example
//!
//! ```
//! use baresock::fmt::{ToHeapless, SOCKADDR_IN_MAX_LEN};
//! use baresock::sockaddr_in;
//!
//! let text: heapless::String<SOCKADDR_IN_MAX_LEN> = sockaddr_in!("0.0.0.0:9600").to_heapless();
//! assert_eq!(text, "0.0.0.0:9600");
//! ```
//!
//! # References
//! - [netdevice(7)](https://man7.org/linux/man-pages/man7/netdevice.7.html) (`IFNAMSIZ`, `SIOCGIFNAME`, for interface-name zones)

use core::fmt::{Display, Write};
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

pub use crate::zone::{WithZoneName, IFNAME_MAX_LEN, SOCKADDR_IN6_ZONE_NAME_MAX_LEN};
use crate::{SockAddrIn, SockAddrIn6};

/// `"255.255.255.255"`.
pub const IPV4_ADDR_MAX_LEN: usize = 15;
/// `"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"` (an IPv4-mapped address,
/// `"::ffff:255.255.255.255"`, is 22).
pub const IPV6_ADDR_MAX_LEN: usize = 39;
/// The longer of the two: an IPv6 address.
pub const IP_ADDR_MAX_LEN: usize = IPV6_ADDR_MAX_LEN;
/// `"255.255.255.255:65535"`.
pub const SOCKADDR_IN_MAX_LEN: usize = IPV4_ADDR_MAX_LEN + ":65535".len();
/// `"[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%4294967295]:65535"`: brackets,
/// the longest address, `%` and the longest scope id, `:` and the longest
/// port (the flow information is not printed).
pub const SOCKADDR_IN6_MAX_LEN: usize =
    "[".len() + IPV6_ADDR_MAX_LEN + "%4294967295".len() + "]".len() + ":65535".len();
/// The longer of the two: an IPv6 socket address.
pub const SOCKADDR_IP_MAX_LEN: usize = SOCKADDR_IN6_MAX_LEN;
static_assertions::const_assert_eq!(SOCKADDR_IN_MAX_LEN, 21);
static_assertions::const_assert_eq!(SOCKADDR_IN6_MAX_LEN, 58);

/// Formats an address into a `heapless::String` sized for the longest text
/// of its type; the text is that of `Display` (that is, of `core::net`).
///
/// ```
/// use baresock::fmt::ToHeapless;
/// use core::net::Ipv6Addr;
/// let text = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1).to_heapless();
/// assert_eq!(text.as_str(), "fe80::1");
/// assert_eq!(text.capacity(), 39);
/// ```
pub trait ToHeapless {
    /// `heapless::String<N>` with `N` the longest text of the type.
    type Output;
    /// The address's `Display` text.
    fn to_heapless(&self) -> Self::Output;
}

/// Writes `value`'s `Display` text into `String<N>`. `N` is the maximum for
/// the type (tested), so the write cannot fail; if it ever did, the text
/// would be cut short rather than panic.
fn write_into<const N: usize>(value: &impl Display) -> heapless::String<N> {
    let mut text = heapless::String::new();
    let _ = write!(text, "{value}");
    text
}

macro_rules! to_heapless {
    // The capacity as a literal: rustdoc prints a const argument as the
    // tokens written, and a macro variable would print as `$cap`. The
    // assertion ties each literal to its constant.
    ($($ty:ty => $cap:ident = $len:literal,)*) => {$(
        const _: () = assert!($cap == $len);
        impl ToHeapless for $ty {
            type Output = heapless::String<$len>;
            #[inline]
            fn to_heapless(&self) -> Self::Output {
                write_into(self)
            }
        }
    )*};
}

to_heapless! {
    Ipv4Addr => IPV4_ADDR_MAX_LEN = 15,
    Ipv6Addr => IPV6_ADDR_MAX_LEN = 39,
    IpAddr => IP_ADDR_MAX_LEN = 39,
    SocketAddrV4 => SOCKADDR_IN_MAX_LEN = 21,
    SocketAddrV6 => SOCKADDR_IN6_MAX_LEN = 58,
    SocketAddr => SOCKADDR_IP_MAX_LEN = 58,
    SockAddrIn => SOCKADDR_IN_MAX_LEN = 21,
    SockAddrIn6 => SOCKADDR_IN6_MAX_LEN = 58,
    WithZoneName => SOCKADDR_IN6_ZONE_NAME_MAX_LEN = 63,
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::string::ToString;

    #[test]
    fn capacities_are_exact_at_the_maximum() {
        let v4 = Ipv4Addr::new(255, 255, 255, 255);
        let v6 = Ipv6Addr::from_bits(u128::MAX);
        let cases: [(std::string::String, usize, usize); 6] = [
            (v4.to_string(), v4.to_heapless().len(), IPV4_ADDR_MAX_LEN),
            (v6.to_string(), v6.to_heapless().len(), IPV6_ADDR_MAX_LEN),
            (
                SockAddrIn::new(v4, u16::MAX).to_string(),
                SockAddrIn::new(v4, u16::MAX).to_heapless().len(),
                SOCKADDR_IN_MAX_LEN,
            ),
            (
                SockAddrIn6::new(v6, u16::MAX, u32::MAX, u32::MAX).to_string(),
                SockAddrIn6::new(v6, u16::MAX, u32::MAX, u32::MAX)
                    .to_heapless()
                    .len(),
                SOCKADDR_IN6_MAX_LEN,
            ),
            (
                SocketAddr::from(SocketAddrV6::new(v6, u16::MAX, 0, u32::MAX)).to_string(),
                SocketAddr::from(SocketAddrV6::new(v6, u16::MAX, 0, u32::MAX))
                    .to_heapless()
                    .len(),
                SOCKADDR_IP_MAX_LEN,
            ),
            (
                IpAddr::from(v6).to_string(),
                IpAddr::from(v6).to_heapless().len(),
                IP_ADDR_MAX_LEN,
            ),
        ];
        for (std_text, heapless_len, cap) in cases {
            // The longest text fills the capacity exactly and is not cut.
            assert_eq!(std_text.len(), cap, "{std_text}");
            assert_eq!(heapless_len, cap, "{std_text}");
        }
        // The IPv4-mapped form is shorter than the maximum.
        let mapped = v4.to_ipv6_mapped().to_heapless();
        assert_eq!(mapped.as_str(), "::ffff:255.255.255.255");
    }

    #[test]
    fn text_is_core_text() {
        let a = SockAddrIn6::new(Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1), 80, 0, 5);
        assert_eq!(a.to_heapless().as_str(), "[fe80::1%5]:80");
        assert_eq!(a.to_heapless().as_str(), a.to_core().to_string());
    }
}
