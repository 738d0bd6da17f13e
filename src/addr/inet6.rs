//! `sockaddr_in6`: an IPv6 address, port, flow label and scope, as the kernel reads it.
//!
//! # References
//! - [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html)

use core::fmt;
use core::mem::offset_of;
use core::net::{Ipv6Addr, SocketAddrV6};

use super::field;

/// The kernel's `sockaddr_in6` (ipv6(7)).
///
/// Layout, checked at compile time against the kernel's headers: 28 bytes, alignment 4, `sin6_family` at 0, `sin6_port` at 2,
/// `sin6_flowinfo` at 4, `sin6_addr` at 8, `sin6_scope_id` at 24.
/// Port and flow information are stored in network byte order, the scope id
/// in host order (it is an interface index, not a wire field).
///
/// # Example
///
/// ```
/// use baresock::SockAddrIn6;
/// use core::net::Ipv6Addr;
///
/// const LOOPBACK_80: SockAddrIn6 = SockAddrIn6::new(Ipv6Addr::LOCALHOST, 80, 0, 0);
/// assert_eq!(LOOPBACK_80.to_string(), "[::1]:80");
/// assert_eq!(LOOPBACK_80.port_be_bytes(), [0, 80]);
/// ```
// The layout proofs, against `linux_raw_sys::net::sockaddr_in6`, are in
// layout.rs.
#[doc(alias = "sockaddr_in6")]
#[repr(C)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SockAddrIn6 {
    /// `AF_INET6`, native byte order.
    pub(crate) sin6_family: u16,
    /// Port, network byte order.
    pub(crate) sin6_port: u16,
    /// Flow information, network byte order.
    pub(crate) sin6_flowinfo: u32,
    /// Address bytes, network order (`struct in6_addr`).
    pub(crate) sin6_addr: [u8; 16],
    /// Scope (interface index), host byte order.
    pub(crate) sin6_scope_id: u32,
}

impl SockAddrIn6 {
    /// Reads the `addrlen` bytes of a `sockaddr_in6` the kernel wrote (family
    /// already checked by the caller) at the offsets `layout.rs` proves;
    /// `None` if they are too few to hold the address. The 24-byte form of
    /// RFC 2133, without a scope id, has scope 0.
    #[inline]
    pub(crate) fn from_kernel(bytes: &[u8]) -> Option<Self> {
        Some(Self {
            sin6_family: rustix::net::AddressFamily::INET6.as_raw(),
            sin6_port: u16::from_ne_bytes(field(bytes, offset_of!(Self, sin6_port))?),
            sin6_flowinfo: u32::from_ne_bytes(field(bytes, offset_of!(Self, sin6_flowinfo))?),
            sin6_addr: field(bytes, offset_of!(Self, sin6_addr))?,
            sin6_scope_id: field(bytes, offset_of!(Self, sin6_scope_id))
                .map_or(0, u32::from_ne_bytes),
        })
    }

    /// `[::]:0`: any local address, a port the kernel picks.
    ///
    /// ```
    /// assert_eq!(baresock::SockAddrIn6::UNSPECIFIED.to_string(), "[::]:0");
    /// ```
    pub const UNSPECIFIED: Self = Self::new(Ipv6Addr::UNSPECIFIED, 0, 0, 0);

    /// An IPv6 socket address; `port` and `flowinfo` in host byte order.
    ///
    /// ```
    /// use baresock::SockAddrIn6;
    /// use core::net::Ipv6Addr;
    /// let addr = SockAddrIn6::new(Ipv6Addr::LOCALHOST, 443, 7, 2);
    /// assert_eq!((addr.port(), addr.flowinfo(), addr.scope_id()), (443, 7, 2));
    /// ```
    #[inline]
    #[must_use]
    pub const fn new(ip: Ipv6Addr, port: u16, flowinfo: u32, scope_id: u32) -> Self {
        Self {
            sin6_family: rustix::net::AddressFamily::INET6.as_raw(),
            sin6_port: port.to_be(),
            sin6_flowinfo: flowinfo.to_be(),
            sin6_addr: ip.octets(),
            sin6_scope_id: scope_id,
        }
    }

    /// The address.
    ///
    /// ```
    /// use baresock::SockAddrIn6;
    /// use core::net::Ipv6Addr;
    /// assert_eq!(SockAddrIn6::UNSPECIFIED.ip(), Ipv6Addr::UNSPECIFIED);
    /// ```
    #[inline]
    #[must_use]
    pub const fn ip(&self) -> Ipv6Addr {
        Ipv6Addr::from_bits(u128::from_be_bytes(self.sin6_addr))
    }

    /// The port, in host byte order.
    ///
    /// ```
    /// use baresock::SockAddrIn6;
    /// assert_eq!(SockAddrIn6::UNSPECIFIED.port(), 0);
    /// ```
    #[inline]
    #[must_use]
    pub const fn port(&self) -> u16 {
        u16::from_be(self.sin6_port)
    }

    /// The port as the kernel stores it: big-endian bytes.
    ///
    /// ```
    /// use baresock::SockAddrIn6;
    /// use core::net::Ipv6Addr;
    /// assert_eq!(SockAddrIn6::new(Ipv6Addr::LOCALHOST, 0x1234, 0, 0).port_be_bytes(), [0x12, 0x34]);
    /// ```
    #[inline]
    #[must_use]
    pub const fn port_be_bytes(&self) -> [u8; 2] {
        self.sin6_port.to_ne_bytes()
    }

    /// The flow information (traffic class and flow label), host byte order.
    ///
    /// ```
    /// use baresock::SockAddrIn6;
    /// use core::net::Ipv6Addr;
    /// assert_eq!(SockAddrIn6::new(Ipv6Addr::LOCALHOST, 1, 0xabcde, 0).flowinfo(), 0xabcde);
    /// ```
    #[inline]
    #[must_use]
    pub const fn flowinfo(&self) -> u32 {
        u32::from_be(self.sin6_flowinfo)
    }

    /// The scope id: the interface index of a link-local address, else 0.
    ///
    /// ```
    /// use baresock::SockAddrIn6;
    /// use core::net::Ipv6Addr;
    /// let link_local = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1);
    /// assert_eq!(SockAddrIn6::new(link_local, 1, 0, 5).scope_id(), 5);
    /// ```
    #[inline]
    #[must_use]
    pub const fn scope_id(&self) -> u32 {
        self.sin6_scope_id
    }

    /// Replaces the address.
    ///
    /// ```
    /// use baresock::SockAddrIn6;
    /// use core::net::Ipv6Addr;
    /// let mut addr = SockAddrIn6::UNSPECIFIED;
    /// addr.set_ip(Ipv6Addr::LOCALHOST);
    /// assert_eq!(addr.ip(), Ipv6Addr::LOCALHOST);
    /// ```
    #[inline]
    pub const fn set_ip(&mut self, ip: Ipv6Addr) {
        self.sin6_addr = ip.octets();
    }

    /// Replaces the port (host byte order).
    ///
    /// ```
    /// use baresock::SockAddrIn6;
    /// let mut addr = SockAddrIn6::UNSPECIFIED;
    /// addr.set_port(8443);
    /// assert_eq!(addr.port(), 8443);
    /// ```
    #[inline]
    pub const fn set_port(&mut self, port: u16) {
        self.sin6_port = port.to_be();
    }

    /// Replaces the flow information (host byte order).
    ///
    /// ```
    /// use baresock::SockAddrIn6;
    /// let mut addr = SockAddrIn6::UNSPECIFIED;
    /// addr.set_flowinfo(9);
    /// assert_eq!(addr.flowinfo(), 9);
    /// ```
    #[inline]
    pub const fn set_flowinfo(&mut self, flowinfo: u32) {
        self.sin6_flowinfo = flowinfo.to_be();
    }

    /// Replaces the scope id.
    ///
    /// ```
    /// use baresock::SockAddrIn6;
    /// let mut addr = SockAddrIn6::UNSPECIFIED;
    /// addr.set_scope_id(3);
    /// assert_eq!(addr.scope_id(), 3);
    /// ```
    #[inline]
    pub const fn set_scope_id(&mut self, scope_id: u32) {
        self.sin6_scope_id = scope_id;
    }

    /// The same address as `core::net`'s type (a `const` conversion).
    ///
    /// The flow information is passed as std passes it to and from the
    /// kernel: `SocketAddrV6::flowinfo()` is the field's four bytes read in
    /// the machine's byte order, unconverted (so is socket2's), while
    /// [`SockAddrIn6::flowinfo`] is the value in host order. One address
    /// thus puts the same bytes on the wire through std, socket2 and
    /// baresock; the two `flowinfo()` numbers differ by a byte swap on a
    /// little-endian machine.
    ///
    /// ```
    /// use baresock::SockAddrIn6;
    /// use core::net::{Ipv6Addr, SocketAddrV6};
    /// const V6: SocketAddrV6 = SockAddrIn6::new(Ipv6Addr::LOCALHOST, 1, 0, 3).to_core();
    /// assert_eq!(V6, SocketAddrV6::new(Ipv6Addr::LOCALHOST, 1, 0, 3));
    /// let flow = SockAddrIn6::new(Ipv6Addr::LOCALHOST, 1, 0x0ab0_0000, 0).to_core();
    /// assert_eq!(flow.flowinfo().to_ne_bytes(), 0x0ab0_0000u32.to_be_bytes());
    /// ```
    #[inline]
    #[must_use]
    pub const fn to_core(&self) -> SocketAddrV6 {
        // The field's bytes as they are, as std reads a sockaddr_in6.
        SocketAddrV6::new(self.ip(), self.port(), self.sin6_flowinfo, self.scope_id())
    }

    /// From `core::net`'s type (a `const` conversion).
    ///
    /// `addr.flowinfo()` goes into the kernel's field unconverted, as std
    /// and socket2 put it there (see [`SockAddrIn6::to_core`]), so the
    /// kernel sees the same flow information whichever crate connects.
    ///
    /// ```
    /// use baresock::SockAddrIn6;
    /// use core::net::{Ipv6Addr, SocketAddrV6};
    /// const A: SockAddrIn6 = SockAddrIn6::from_core(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 1, 0, 0));
    /// assert_eq!(A.port(), 1);
    /// // std's flowinfo is the field's bytes in the machine's order:
    /// let std_flow = u32::from_ne_bytes(0x0ab0_0000u32.to_be_bytes());
    /// let b = SockAddrIn6::from_core(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 1, std_flow, 0));
    /// assert_eq!(b.flowinfo(), 0x0ab0_0000);
    /// ```
    #[inline]
    #[must_use]
    pub const fn from_core(addr: SocketAddrV6) -> Self {
        let mut ours = Self::new(*addr.ip(), addr.port(), 0, addr.scope_id());
        ours.sin6_flowinfo = addr.flowinfo();
        ours
    }
}

impl Default for SockAddrIn6 {
    /// [`SockAddrIn6::UNSPECIFIED`].
    fn default() -> Self {
        Self::UNSPECIFIED
    }
}

impl From<SocketAddrV6> for SockAddrIn6 {
    #[inline]
    fn from(addr: SocketAddrV6) -> Self {
        Self::from_core(addr)
    }
}

impl From<SockAddrIn6> for SocketAddrV6 {
    #[inline]
    fn from(addr: SockAddrIn6) -> Self {
        addr.to_core()
    }
}

impl From<(Ipv6Addr, u16)> for SockAddrIn6 {
    /// Flow information and scope id zero.
    #[inline]
    fn from((ip, port): (Ipv6Addr, u16)) -> Self {
        Self::new(ip, port, 0, 0)
    }
}

impl fmt::Display for SockAddrIn6 {
    /// The text `core::net` prints: `[addr]:port` or `[addr%scope]:port`,
    /// the address in RFC 5952 form. Allocates nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_core(), f)
    }
}

impl fmt::Debug for SockAddrIn6 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SockAddrIn6({self}")?;
        if self.flowinfo() != 0 {
            write!(f, ", flowinfo {:#x}", self.flowinfo())?;
        }
        f.write_str(")")
    }
}
