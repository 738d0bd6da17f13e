//! Kernel socket addresses: one `#[repr(C)]` type per family, and [`SockAddr`]
//! for an address of any of them.

mod arg;
mod inet;
mod inet6;
mod layout;
mod unix;

use core::fmt;
use core::net::{SocketAddr, SocketAddrV4, SocketAddrV6};

pub use arg::Address;
pub use inet::SockAddrIn;
pub use inet6::SockAddrIn6;
pub use unix::{SockAddrUn, UnixAddrKind, MAX_ABSTRACT_LEN, MAX_PATH_LEN};

/// A socket address of any family baresock knows, as the kernel reports it
/// from `accept4`, `getsockname` and `getpeername`.
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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Inet(a) => fmt::Debug::fmt(a, f),
            Self::Inet6(a) => fmt::Debug::fmt(a, f),
            Self::Unix(a) => fmt::Debug::fmt(a, f),
            Self::Other { family } => write!(f, "SockAddr::Other {{ family: {family} }}"),
        }
    }
}
