//! Kernel socket addresses: one `#[repr(C)]` type per family, and [`SockAddr`]
//! for an address of any of them.
//!
//! # References
//! - [sockaddr(3type)](https://man7.org/linux/man-pages/man3/sockaddr.3type.html)

mod inet;
mod inet6;
mod kernel;
mod layout;
mod unix;

use core::fmt;
use core::net::{IpAddr, SocketAddr, SocketAddrV4, SocketAddrV6};

use rustix::net::AddressFamily;

use crate::Domain;

pub use inet::SockAddrIn;
pub use inet6::SockAddrIn6;
pub(crate) use kernel::with_kernel_bytes;
pub use kernel::Address;
pub use unix::{SockAddrUn, UnixAddrKind, MAX_ABSTRACT_LEN, MAX_PATH_LEN};

/// A socket address of any family baresock knows, as the kernel reports it
/// from `accept`, `getsockname` and `getpeername`.
///
/// A family baresock does not decode is reported as [`SockAddr::Other`] with
/// its number, never guessed at.
///
/// # Example
///
/// ```
/// use baresock::{SockAddr, SockAddrIn};
/// use core::net::{Ipv4Addr, SocketAddr};
///
/// let addr = SockAddr::from(SockAddrIn::new(Ipv4Addr::LOCALHOST, 80));
/// assert_eq!(addr.family(), 2); // AF_INET
/// assert_eq!(SocketAddr::try_from(addr).map(|a| a.port()), Ok(80));
/// assert_eq!(addr.to_string(), "127.0.0.1:80");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum SockAddr {
    /// `AF_INET`.
    Inet(SockAddrIn),
    /// `AF_INET6`.
    Inet6(SockAddrIn6),
    /// `AF_UNIX`.
    Unix(SockAddrUn),
    /// Any other family (`AF_UNSPEC` = 0 when the kernel gave no address).
    Other {
        /// The `sa_family` the kernel reported.
        family: u16,
    },
}

impl SockAddr {
    /// The address family number (`AF_INET` = 2, `AF_INET6` = 10, `AF_UNIX` = 1).
    ///
    /// ```
    /// use baresock::{SockAddr, SockAddrUn};
    /// assert_eq!(SockAddr::Unix(SockAddrUn::UNNAMED).family(), 1);
    /// ```
    #[must_use]
    pub const fn family(&self) -> u16 {
        match self {
            Self::Inet(a) => a.sin_family,
            Self::Inet6(a) => a.sin6_family,
            Self::Unix(a) => a.raw.sun_family,
            Self::Other { family } => *family,
        }
    }

    /// The [`Domain`] to open a socket of this address's family in (the
    /// family as a domain, for [`SockAddr::Other`] too).
    ///
    /// ```
    /// use baresock::{parse, Domain, Socket, Type};
    /// let addr = parse::sockaddr(b"[::1]:0")?;
    /// let sock = Socket::new(addr.domain(), Type::STREAM, None)?;
    /// sock.bind(&addr)?;
    /// assert_eq!(addr.domain(), Domain::INET6);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub const fn domain(&self) -> Domain {
        Domain::from_raw(self.family())
    }

    /// The port of an IP address; `None` for other families.
    ///
    /// ```
    /// use baresock::{SockAddr, SockAddrUn};
    /// use core::net::{Ipv4Addr, SocketAddrV4};
    /// assert_eq!(SockAddr::from(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 80)).port(), Some(80));
    /// assert_eq!(SockAddr::Unix(SockAddrUn::UNNAMED).port(), None);
    /// ```
    #[must_use]
    pub const fn port(&self) -> Option<u16> {
        match self {
            Self::Inet(a) => Some(a.port()),
            Self::Inet6(a) => Some(a.port()),
            Self::Unix(_) | Self::Other { .. } => None,
        }
    }

    /// The IP address of an IP socket address; `None` for other families.
    ///
    /// ```
    /// use baresock::SockAddr;
    /// use core::net::{Ipv6Addr, SocketAddrV6};
    /// let addr = SockAddr::from(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 80, 0, 0));
    /// assert_eq!(addr.ip(), Some(Ipv6Addr::LOCALHOST.into()));
    /// ```
    #[must_use]
    pub const fn ip(&self) -> Option<IpAddr> {
        match self {
            Self::Inet(a) => Some(IpAddr::V4(a.ip())),
            Self::Inet6(a) => Some(IpAddr::V6(a.ip())),
            Self::Unix(_) | Self::Other { .. } => None,
        }
    }

    /// Decodes the first `addrlen` bytes of a `struct sockaddr`, as the
    /// kernel writes them for `accept`, `getsockname`, `recvfrom` and the
    /// rest, by the family in the first two bytes (host byte order).
    ///
    /// Never panics and never reads past `bytes`. An empty input is
    /// `Other { family: 0 }` (`AF_UNSPEC`); a family baresock does not know,
    /// or an IP address too short for its family, is [`SockAddr::Other`]
    /// with that family, never guessed at. An IPv6 address of 24 bytes (RFC
    /// 2133's form, without a scope id) has scope 0; bytes past the struct
    /// are ignored.
    ///
    /// ```
    /// use baresock::{SockAddr, SockAddrIn};
    /// use core::net::Ipv4Addr;
    /// let mut raw = [0u8; 16];
    /// raw[..2].copy_from_slice(&2u16.to_ne_bytes()); // AF_INET
    /// raw[2..8].copy_from_slice(&[0x1f, 0x90, 127, 0, 0, 1]); // port 8080, 127.0.0.1
    /// assert_eq!(
    ///     SockAddr::from_bytes(&raw),
    ///     SockAddr::Inet(SockAddrIn::new(Ipv4Addr::LOCALHOST, 8080))
    /// );
    /// assert_eq!(SockAddr::from_bytes(&raw[..7]), SockAddr::Other { family: 2 });
    /// ```
    #[inline]
    #[must_use]
    pub fn from_bytes(bytes: &[u8]) -> Self {
        let Some(family) = field::<2>(bytes, 0).map(u16::from_ne_bytes) else {
            return Self::Other {
                family: AddressFamily::UNSPEC.as_raw(),
            };
        };
        let decoded = match AddressFamily::from_raw(family) {
            AddressFamily::UNIX => Some(decode_un(bytes)),
            family => Self::decode_ip(family, bytes),
        };
        decoded.unwrap_or(Self::Other { family })
    }

    /// An address of `family` from the bytes the kernel wrote for it, if
    /// that is `AF_INET` or `AF_INET6` and the bytes are enough.
    #[inline]
    fn decode_ip(family: AddressFamily, bytes: &[u8]) -> Option<Self> {
        match family {
            AddressFamily::INET => SockAddrIn::from_kernel(bytes).map(Self::Inet),
            AddressFamily::INET6 => SockAddrIn6::from_kernel(bytes).map(Self::Inet6),
            _ => None,
        }
    }

    /// The IP socket address, if this is `AF_INET` or `AF_INET6`.
    ///
    /// ```
    /// use baresock::{SockAddr, SockAddrUn};
    /// assert_eq!(SockAddr::Unix(SockAddrUn::UNNAMED).as_ip(), None);
    /// ```
    #[must_use]
    pub const fn as_ip(&self) -> Option<SocketAddr> {
        match self {
            Self::Inet(a) => Some(SocketAddr::V4(a.to_core())),
            Self::Inet6(a) => Some(SocketAddr::V6(a.to_core())),
            Self::Unix(_) | Self::Other { .. } => None,
        }
    }
}

impl From<SockAddrIn> for SockAddr {
    fn from(addr: SockAddrIn) -> Self {
        Self::Inet(addr)
    }
}

impl From<SockAddrIn6> for SockAddr {
    fn from(addr: SockAddrIn6) -> Self {
        Self::Inet6(addr)
    }
}

impl From<SockAddrUn> for SockAddr {
    fn from(addr: SockAddrUn) -> Self {
        Self::Unix(addr)
    }
}

impl From<SocketAddrV4> for SockAddr {
    fn from(addr: SocketAddrV4) -> Self {
        Self::Inet(addr.into())
    }
}

impl From<SocketAddrV6> for SockAddr {
    fn from(addr: SocketAddrV6) -> Self {
        Self::Inet6(addr.into())
    }
}

impl From<SocketAddr> for SockAddr {
    fn from(addr: SocketAddr) -> Self {
        match addr {
            SocketAddr::V4(a) => a.into(),
            SocketAddr::V6(a) => a.into(),
        }
    }
}

/// Out of line and cold: a variable-length copy the IP families should not
/// carry in their inlined decoding (BENCHMARKS.md, "accept4 path").
#[cold]
#[inline(never)]
pub(crate) fn decode_un(bytes: &[u8]) -> SockAddr {
    SockAddr::Unix(SockAddrUn::from_kernel(bytes))
}

/// The `N` bytes at offset `at` of an address the kernel wrote, if it is
/// that long.
#[inline]
fn field<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}

/// The error of converting a [`SockAddr`] into a type of one family: the
/// address was of another (its family number is kept).
///
/// ```
/// use baresock::{SockAddr, SockAddrIn, SockAddrUn, WrongFamily};
/// let unix = SockAddr::Unix(SockAddrUn::UNNAMED);
/// assert_eq!(SockAddrIn::try_from(unix), Err(WrongFamily(1)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WrongFamily(pub u16);

impl fmt::Display for WrongFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "address family {} is not the one asked for", self.0)
    }
}

impl core::error::Error for WrongFamily {}

/// `TryFrom<SockAddr>` for each concrete type it can hold.
macro_rules! try_from_sockaddr {
    ($($target:ty => |$a:ident| $pat:pat => $value:expr;)*) => {$(
        impl TryFrom<SockAddr> for $target {
            type Error = WrongFamily;
            fn try_from(addr: SockAddr) -> Result<Self, WrongFamily> {
                match addr {
                    $pat => Ok($value),
                    $a => Err(WrongFamily($a.family())),
                }
            }
        }
    )*};
}

try_from_sockaddr! {
    SockAddrIn => |other| SockAddr::Inet(a) => a;
    SockAddrIn6 => |other| SockAddr::Inet6(a) => a;
    SockAddrUn => |other| SockAddr::Unix(a) => a;
    SocketAddrV4 => |other| SockAddr::Inet(a) => a.to_core();
    SocketAddrV6 => |other| SockAddr::Inet6(a) => a.to_core();
}

impl TryFrom<SockAddr> for SocketAddr {
    type Error = WrongFamily;
    fn try_from(addr: SockAddr) -> Result<Self, WrongFamily> {
        addr.as_ip().ok_or(WrongFamily(addr.family()))
    }
}

impl fmt::Display for SockAddr {
    /// The address's own text; `(family N)` for a family baresock does not know.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Inet(a) => fmt::Display::fmt(a, f),
            Self::Inet6(a) => fmt::Display::fmt(a, f),
            Self::Unix(a) => fmt::Display::fmt(a, f),
            Self::Other { family } => write!(f, "(family {family})"),
        }
    }
}

impl fmt::Debug for SockAddr {
    /// The variant and the address's text, for every variant alike:
    /// `Inet(127.0.0.1:80)`, `Unix(@name)`, `Other { family: 16 }`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Inet(a) => write!(f, "Inet({a})"),
            Self::Inet6(a) => write!(f, "Inet6({a})"),
            Self::Unix(a) => write!(f, "Unix({a})"),
            Self::Other { family } => write!(f, "Other {{ family: {family} }}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::net::{Ipv4Addr, Ipv6Addr};

    /// A `sockaddr` of `family` followed by `rest`, as the kernel writes it.
    fn raw(family: u16, rest: &[u8]) -> ([u8; 64], usize) {
        let mut buf = [0; 64];
        buf[..2].copy_from_slice(&family.to_ne_bytes());
        buf[2..2 + rest.len()].copy_from_slice(rest);
        (buf, 2 + rest.len())
    }

    #[test]
    fn inet_decodes_at_its_proven_offsets() {
        let (buf, n) = raw(2, &[0x1f, 0x90, 10, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0]);
        let want = SockAddr::Inet(SockAddrIn::new(Ipv4Addr::new(10, 1, 2, 3), 8080));
        assert_eq!(SockAddr::from_bytes(&buf[..n]), want);
        // sin_zero is not needed, and whatever it holds is not kept.
        assert_eq!(SockAddr::from_bytes(&buf[..8]), want);
        let (junk, _) = raw(2, &[0x1f, 0x90, 10, 1, 2, 3, 9, 9, 9, 9, 9, 9, 9, 9]);
        assert_eq!(SockAddr::from_bytes(&junk[..16]), want);
        assert_eq!(
            SockAddr::from_bytes(&buf[..7]),
            SockAddr::Other { family: 2 }
        );
    }

    #[test]
    fn inet6_decodes_at_its_proven_offsets_and_short_forms() {
        let mut rest = [0u8; 26];
        rest[..2].copy_from_slice(&443u16.to_be_bytes());
        rest[2..6].copy_from_slice(&0x12345u32.to_be_bytes());
        rest[6..22].copy_from_slice(&Ipv6Addr::LOCALHOST.octets());
        rest[22..].copy_from_slice(&9u32.to_ne_bytes());
        let (buf, n) = raw(10, &rest);
        assert_eq!(n, 28);
        assert_eq!(
            SockAddr::from_bytes(&buf[..n]),
            SockAddr::Inet6(SockAddrIn6::new(Ipv6Addr::LOCALHOST, 443, 0x12345, 9))
        );
        // RFC 2133's 24-byte form: scope id 0.
        assert_eq!(
            SockAddr::from_bytes(&buf[..24]),
            SockAddr::Inet6(SockAddrIn6::new(Ipv6Addr::LOCALHOST, 443, 0x12345, 0))
        );
        // Too short for the address: reported, not guessed.
        assert_eq!(
            SockAddr::from_bytes(&buf[..20]),
            SockAddr::Other { family: 10 }
        );
    }

    #[test]
    fn unknown_and_empty_families_are_reported() {
        assert_eq!(SockAddr::from_bytes(&[]), SockAddr::Other { family: 0 });
        assert_eq!(SockAddr::from_bytes(&[2]), SockAddr::Other { family: 0 });
        let (buf, n) = raw(17, &[1, 2]);
        assert_eq!(
            SockAddr::from_bytes(&buf[..n]),
            SockAddr::Other { family: 17 }
        );
        let (buf, n) = raw(0x0200, &[0; 14]); // AF_INET's bytes the other way round
        assert_eq!(
            SockAddr::from_bytes(&buf[..n]),
            SockAddr::Other { family: 0x0200 }
        );
    }

    #[test]
    fn domain_follows_the_family() {
        assert_eq!(
            SockAddr::from(SockAddrIn::UNSPECIFIED).domain(),
            Domain::INET
        );
        assert_eq!(
            SockAddr::from(SockAddrIn6::UNSPECIFIED).domain(),
            Domain::INET6
        );
        assert_eq!(SockAddr::Unix(SockAddrUn::UNNAMED).domain(), Domain::UNIX);
        assert_eq!(SockAddr::Other { family: 0 }.domain(), Domain::UNSPEC);
        assert_eq!(SockAddr::Other { family: 16 }.domain(), Domain::NETLINK);
    }
}
