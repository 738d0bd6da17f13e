//! `sockaddr_in`: an IPv4 address and port, exactly as the kernel reads it.
//!
//! # References
//! - [ip(7)](https://man7.org/linux/man-pages/man7/ip.7.html)

use core::fmt;
use core::mem::offset_of;
use core::net::{Ipv4Addr, SocketAddrV4};

use super::field;

/// The kernel's `sockaddr_in` (ip(7)): family, port and address, in network
/// byte order.
///
/// Layout, checked at compile time against the kernel's headers: 16 bytes,
/// alignment 4, `sin_family` at 0, `sin_port` at 2, `sin_addr` at 4,
/// `sin_zero` at 8. Every constructor zeroes `sin_zero`, so two values are
/// equal exactly when their address and port are.
///
/// Constructors take a host-order port; the byte swap happens here, in a
/// `const fn`, so the caller never writes `htons`.
///
/// # Example
///
/// ```
/// use baresock::SockAddrIn;
/// use core::net::{Ipv4Addr, SocketAddrV4};
///
/// const ANY_9600: SockAddrIn = SockAddrIn::new(Ipv4Addr::UNSPECIFIED, 9600);
/// assert_eq!(ANY_9600.port(), 9600);
/// assert_eq!(ANY_9600.port_be_bytes(), [0x25, 0x80]); // htons(9600)
/// assert_eq!(SocketAddrV4::from(ANY_9600).to_string(), "0.0.0.0:9600");
/// ```
// The layout proofs, against `linux_raw_sys::net::sockaddr_in`, are in
// layout.rs.
#[doc(alias = "sockaddr_in")]
#[repr(C)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SockAddrIn {
    /// `AF_INET`, native byte order (`sa_family_t`).
    pub(crate) sin_family: u16,
    /// Port, network byte order (`__be16`).
    pub(crate) sin_port: u16,
    /// Address, network byte order (`struct in_addr { __be32 s_addr; }`).
    pub(crate) sin_addr: u32,
    /// Padding up to the size of `struct sockaddr`; always zero.
    pub(crate) sin_zero: [u8; 8],
}

impl SockAddrIn {
    /// Reads the `addrlen` bytes of a `sockaddr_in` the kernel wrote (family
    /// already checked by the caller) at the offsets `layout.rs` proves;
    /// `None` if they are too few to hold the port and address.
    #[inline]
    pub(crate) fn from_kernel(bytes: &[u8]) -> Option<Self> {
        Some(Self {
            sin_family: rustix::net::AddressFamily::INET.as_raw(),
            sin_port: u16::from_ne_bytes(field(bytes, offset_of!(Self, sin_port))?),
            sin_addr: u32::from_ne_bytes(field(bytes, offset_of!(Self, sin_addr))?),
            sin_zero: [0; 8],
        })
    }

    /// `0.0.0.0:0`: any local address, a port the kernel picks.
    ///
    /// ```
    /// assert_eq!(baresock::SockAddrIn::UNSPECIFIED.to_string(), "0.0.0.0:0");
    /// ```
    pub const UNSPECIFIED: Self = Self::new(Ipv4Addr::UNSPECIFIED, 0);

    /// An IPv4 socket address from an address and a port in host byte order.
    ///
    /// ```
    /// use baresock::SockAddrIn;
    /// use core::net::Ipv4Addr;
    ///
    /// let addr = SockAddrIn::new(Ipv4Addr::LOCALHOST, 8080);
    /// assert_eq!((addr.ip(), addr.port()), (Ipv4Addr::LOCALHOST, 8080));
    /// ```
    #[inline]
    #[must_use]
    pub const fn new(ip: Ipv4Addr, port: u16) -> Self {
        Self {
            sin_family: rustix::net::AddressFamily::INET.as_raw(),
            sin_port: port.to_be(),
            sin_addr: u32::from_ne_bytes(ip.octets()),
            sin_zero: [0; 8],
        }
    }

    /// The address.
    ///
    /// ```
    /// use baresock::SockAddrIn;
    /// use core::net::Ipv4Addr;
    /// let ip = Ipv4Addr::new(10, 1, 2, 3);
    /// assert_eq!(SockAddrIn::new(ip, 1).ip(), ip);
    /// ```
    #[inline]
    #[must_use]
    pub const fn ip(&self) -> Ipv4Addr {
        let [a, b, c, d] = self.sin_addr.to_ne_bytes();
        Ipv4Addr::new(a, b, c, d)
    }

    /// The port, in host byte order.
    ///
    /// ```
    /// use baresock::SockAddrIn;
    /// assert_eq!(SockAddrIn::UNSPECIFIED.port(), 0);
    /// ```
    #[inline]
    #[must_use]
    pub const fn port(&self) -> u16 {
        u16::from_be(self.sin_port)
    }

    /// The port as the kernel stores it: big-endian bytes.
    ///
    /// ```
    /// use baresock::SockAddrIn;
    /// use core::net::Ipv4Addr;
    /// assert_eq!(SockAddrIn::new(Ipv4Addr::LOCALHOST, 80).port_be_bytes(), [0, 80]);
    /// ```
    #[inline]
    #[must_use]
    pub const fn port_be_bytes(&self) -> [u8; 2] {
        self.sin_port.to_ne_bytes()
    }

    /// Replaces the address.
    ///
    /// ```
    /// use baresock::SockAddrIn;
    /// use core::net::Ipv4Addr;
    /// let mut addr = SockAddrIn::UNSPECIFIED;
    /// addr.set_ip(Ipv4Addr::LOCALHOST);
    /// assert_eq!(addr.ip(), Ipv4Addr::LOCALHOST);
    /// ```
    #[inline]
    pub const fn set_ip(&mut self, ip: Ipv4Addr) {
        self.sin_addr = u32::from_ne_bytes(ip.octets());
    }

    /// Replaces the port (host byte order).
    ///
    /// ```
    /// use baresock::SockAddrIn;
    /// let mut addr = SockAddrIn::UNSPECIFIED;
    /// addr.set_port(443);
    /// assert_eq!(addr.port(), 443);
    /// ```
    #[inline]
    pub const fn set_port(&mut self, port: u16) {
        self.sin_port = port.to_be();
    }

    /// The same address as `core::net`'s type (a `const` conversion).
    ///
    /// ```
    /// use baresock::SockAddrIn;
    /// use core::net::{Ipv4Addr, SocketAddrV4};
    /// const V4: SocketAddrV4 = SockAddrIn::new(Ipv4Addr::LOCALHOST, 1).to_core();
    /// assert_eq!(V4, SocketAddrV4::new(Ipv4Addr::LOCALHOST, 1));
    /// ```
    #[inline]
    #[must_use]
    pub const fn to_core(&self) -> SocketAddrV4 {
        SocketAddrV4::new(self.ip(), self.port())
    }

    /// From `core::net`'s type (a `const` conversion).
    ///
    /// ```
    /// use baresock::SockAddrIn;
    /// use core::net::{Ipv4Addr, SocketAddrV4};
    /// const A: SockAddrIn = SockAddrIn::from_core(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 1));
    /// assert_eq!(A.port(), 1);
    /// ```
    #[inline]
    #[must_use]
    pub const fn from_core(addr: SocketAddrV4) -> Self {
        Self::new(*addr.ip(), addr.port())
    }
}

impl Default for SockAddrIn {
    /// [`SockAddrIn::UNSPECIFIED`].
    fn default() -> Self {
        Self::UNSPECIFIED
    }
}

impl From<SocketAddrV4> for SockAddrIn {
    #[inline]
    fn from(addr: SocketAddrV4) -> Self {
        Self::from_core(addr)
    }
}

impl From<SockAddrIn> for SocketAddrV4 {
    #[inline]
    fn from(addr: SockAddrIn) -> Self {
        addr.to_core()
    }
}

impl From<(Ipv4Addr, u16)> for SockAddrIn {
    #[inline]
    fn from((ip, port): (Ipv4Addr, u16)) -> Self {
        Self::new(ip, port)
    }
}

impl fmt::Display for SockAddrIn {
    /// The text `core::net` prints: `a.b.c.d:port`. Allocates nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_core(), f)
    }
}

impl fmt::Debug for SockAddrIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SockAddrIn({self})")
    }
}
