//! `IPPROTO_IP` options. Names end in `_v4`; what a user reads about the
//! level is the `impl` block's doc (see `opt/mod.rs`).
//!
//! # References
//! - [ip(7)](https://man7.org/linux/man-pages/man7/ip.7.html)

use core::net::Ipv4Addr;

use linux_raw_sys::net::{
    IP_BIND_ADDRESS_NO_PORT, IP_MULTICAST_ALL, IP_PKTINFO, IP_PMTUDISC_DO, IP_PMTUDISC_DONT,
    IP_PMTUDISC_INTERFACE, IP_PMTUDISC_OMIT, IP_PMTUDISC_PROBE, IP_PMTUDISC_WANT, IP_RECVTTL,
    IP_TRANSPARENT, SOL_IP,
};
use rustix::net::sockopt::{self, Ipv4PathMtuDiscovery};

use crate::{sys, Result, SockAddrIn, Socket};

/// A path MTU discovery mode, the value of `IP_MTU_DISCOVER` and
/// `IPV6_MTU_DISCOVER` ([`Socket::set_mtu_discover_v4`],
/// [`Socket::set_mtu_discover_v6`]): the `IP_PMTUDISC_*` constants, which
/// IPv6's `IPV6_PMTUDISC_*` equal.
///
/// Open: any number the kernel answers is a `PathMtuDiscovery`
/// ([`PathMtuDiscovery::from_raw`]).
///
/// ```
/// use baresock::PathMtuDiscovery;
/// assert_eq!(PathMtuDiscovery::DO.as_raw(), 2); // IP_PMTUDISC_DO
/// assert_eq!(PathMtuDiscovery::from_raw(3), PathMtuDiscovery::PROBE);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PathMtuDiscovery(i32);

impl PathMtuDiscovery {
    /// `IP_PMTUDISC_DONT`: never set Don't Fragment; routers may fragment.
    #[doc(alias = "IP_PMTUDISC_DONT", alias = "IPV6_PMTUDISC_DONT")]
    pub const DONT: Self = Self(IP_PMTUDISC_DONT as i32);
    /// `IP_PMTUDISC_WANT`: discover the path MTU, but fragment a datagram
    /// larger than it (the default unless `net.ipv4.ip_no_pmtu_disc` is set).
    #[doc(alias = "IP_PMTUDISC_WANT", alias = "IPV6_PMTUDISC_WANT")]
    pub const WANT: Self = Self(IP_PMTUDISC_WANT as i32);
    /// `IP_PMTUDISC_DO`: always set Don't Fragment; a datagram larger than
    /// the known path MTU fails with [`Error::MsgSize`](crate::Error::MsgSize).
    #[doc(alias = "IP_PMTUDISC_DO", alias = "IPV6_PMTUDISC_DO")]
    pub const DO: Self = Self(IP_PMTUDISC_DO as i32);
    /// `IP_PMTUDISC_PROBE`: set Don't Fragment and ignore the path MTU
    /// (send up to the interface's MTU), to probe it.
    #[doc(alias = "IP_PMTUDISC_PROBE", alias = "IPV6_PMTUDISC_PROBE")]
    pub const PROBE: Self = Self(IP_PMTUDISC_PROBE as i32);
    /// `IP_PMTUDISC_INTERFACE`: use the interface's MTU, never the path's.
    #[doc(alias = "IP_PMTUDISC_INTERFACE", alias = "IPV6_PMTUDISC_INTERFACE")]
    pub const INTERFACE: Self = Self(IP_PMTUDISC_INTERFACE as i32);
    /// `IP_PMTUDISC_OMIT`: as `INTERFACE`, but fragment a larger datagram
    /// without Don't Fragment.
    #[doc(alias = "IP_PMTUDISC_OMIT", alias = "IPV6_PMTUDISC_OMIT")]
    pub const OMIT: Self = Self(IP_PMTUDISC_OMIT as i32);

    /// The mode of number `raw`, whichever it is.
    ///
    /// ```
    /// assert_eq!(baresock::PathMtuDiscovery::from_raw(0), baresock::PathMtuDiscovery::DONT);
    /// ```
    #[inline]
    pub const fn from_raw(raw: i32) -> Self {
        Self(raw)
    }

    /// The mode's number, as setsockopt(2) takes it.
    ///
    /// ```
    /// assert_eq!(baresock::PathMtuDiscovery::WANT.as_raw(), 1);
    /// ```
    #[inline]
    pub const fn as_raw(self) -> i32 {
        self.0
    }
}

/// The interface of a multicast membership ([`Socket::join_multicast_v4_n`]):
/// by index or by one of its addresses, the two ways a `struct ip_mreqn`
/// names it.
///
/// ```
/// use baresock::InterfaceIndexOrAddress;
/// use core::net::Ipv4Addr;
/// let by_index = InterfaceIndexOrAddress::Index(1);
/// let by_address = InterfaceIndexOrAddress::Address(Ipv4Addr::LOCALHOST);
/// assert_ne!(by_index, by_address);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InterfaceIndexOrAddress {
    /// The interface of this index (`/sys/class/net/<name>/ifindex`); 0: the
    /// one the routing table picks.
    Index(u32),
    /// The interface that has this local address.
    Address(Ipv4Addr),
}

impl InterfaceIndexOrAddress {
    /// `(imr_address, imr_ifindex)` of a `struct ip_mreqn`.
    #[inline]
    const fn address_and_index(self) -> (Ipv4Addr, u32) {
        match self {
            Self::Index(index) => (Ipv4Addr::UNSPECIFIED, index),
            Self::Address(address) => (address, 0),
        }
    }
}

/// `IPPROTO_IP` options, named with a `_v4` suffix.
///
/// Linux takes these on an IPv6 socket too, for its IPv4-mapped traffic. On a
/// Unix socket each fails with [`Error::OpNotSupp`](crate::Error::OpNotSupp).
impl Socket {
    /// `IP_TTL`: the time-to-live of the IPv4 packets this socket sends
    /// (hops before a router drops them; default `net.ipv4.ip_default_ttl`,
    /// 64).
    ///
    /// # Errors
    /// [`Error::Inval`](crate::Error::Inval) outside 1 to 255;
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_ttl_v4(8)?;
    /// assert_eq!(sock.ttl_v4()?, 8);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_TTL")]
    #[inline]
    pub fn set_ttl_v4(&self, ttl: u32) -> Result<()> {
        Ok(sockopt::set_ip_ttl(self, ttl)?)
    }

    /// Reads `IP_TTL` ([`Socket::set_ttl_v4`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert!(sock.ttl_v4()? > 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_TTL")]
    #[inline]
    pub fn ttl_v4(&self) -> Result<u32> {
        Ok(sockopt::ip_ttl(self)?)
    }

    /// `IP_TOS`: the type-of-service byte of the packets sent (DSCP in the
    /// upper six bits). On a TCP socket the kernel keeps the two ECN bits to
    /// itself: they read back as zero.
    ///
    /// # Errors
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_tos_v4(0x10)?; // IPTOS_LOWDELAY
    /// assert_eq!(sock.tos_v4()?, 0x10);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_TOS")]
    #[inline]
    pub fn set_tos_v4(&self, tos: u8) -> Result<()> {
        Ok(sockopt::set_ip_tos(self, tos)?)
    }

    /// Reads `IP_TOS` ([`Socket::set_tos_v4`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert_eq!(sock.tos_v4()?, 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_TOS")]
    #[inline]
    pub fn tos_v4(&self) -> Result<u8> {
        Ok(sockopt::ip_tos(self)?)
    }

    /// `IP_FREEBIND`: lets [`Socket::bind`] take an address that is not (or
    /// not yet) on any interface, so a server can start before its network
    /// is up.
    ///
    /// # Errors
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_freebind_v4(true)?;
    /// assert!(sock.freebind_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_FREEBIND")]
    #[inline]
    pub fn set_freebind_v4(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_ip_freebind(self, on)?)
    }

    /// Reads `IP_FREEBIND` ([`Socket::set_freebind_v4`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(!sock.freebind_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_FREEBIND")]
    #[inline]
    pub fn freebind_v4(&self) -> Result<bool> {
        Ok(sockopt::ip_freebind(self)?)
    }

    /// `IP_MULTICAST_LOOP`: whether the multicast datagrams this socket sends
    /// are also delivered to sockets of this host that joined the group (on
    /// by default).
    ///
    /// # Errors
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// sock.set_multicast_loop_v4(false)?;
    /// assert!(!sock.multicast_loop_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_MULTICAST_LOOP")]
    #[inline]
    pub fn set_multicast_loop_v4(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_ip_multicast_loop(self, on)?)
    }

    /// Reads `IP_MULTICAST_LOOP` ([`Socket::set_multicast_loop_v4`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert!(sock.multicast_loop_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_MULTICAST_LOOP")]
    #[inline]
    pub fn multicast_loop_v4(&self) -> Result<bool> {
        Ok(sockopt::ip_multicast_loop(self)?)
    }

    /// `IP_MULTICAST_TTL`: the time-to-live of the multicast datagrams sent
    /// (default 1: they stay on the local network).
    ///
    /// # Errors
    /// [`Error::Inval`](crate::Error::Inval) over 255, and on a stream
    /// socket; [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// sock.set_multicast_ttl_v4(4)?;
    /// assert_eq!(sock.multicast_ttl_v4()?, 4);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_MULTICAST_TTL")]
    #[inline]
    pub fn set_multicast_ttl_v4(&self, ttl: u32) -> Result<()> {
        Ok(sockopt::set_ip_multicast_ttl(self, ttl)?)
    }

    /// Reads `IP_MULTICAST_TTL` ([`Socket::set_multicast_ttl_v4`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert_eq!(sock.multicast_ttl_v4()?, 1);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_MULTICAST_TTL")]
    #[inline]
    pub fn multicast_ttl_v4(&self) -> Result<u32> {
        Ok(sockopt::ip_multicast_ttl(self)?)
    }

    /// `IP_MULTICAST_IF`: the interface multicast datagrams leave by, named
    /// by one of its local addresses; `Ipv4Addr::UNSPECIFIED` lets the
    /// routing table choose (the default).
    ///
    /// # Errors
    /// [`Error::AddrNotAvail`](crate::Error::AddrNotAvail) for an address
    /// no interface has; [`Error::Inval`](crate::Error::Inval) on a stream
    /// socket; [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// use core::net::Ipv4Addr;
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// sock.set_multicast_if_v4(&Ipv4Addr::LOCALHOST)?;
    /// assert_eq!(sock.multicast_if_v4()?, Ipv4Addr::LOCALHOST);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_MULTICAST_IF")]
    #[inline]
    pub fn set_multicast_if_v4(&self, interface: &Ipv4Addr) -> Result<()> {
        Ok(sockopt::set_ip_multicast_if(self, interface)?)
    }

    /// Reads `IP_MULTICAST_IF` ([`Socket::set_multicast_if_v4`]).
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// use core::net::Ipv4Addr;
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert_eq!(sock.multicast_if_v4()?, Ipv4Addr::UNSPECIFIED);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_MULTICAST_IF")]
    #[inline]
    pub fn multicast_if_v4(&self) -> Result<Ipv4Addr> {
        Ok(sockopt::ip_multicast_if(self)?)
    }

    /// `IP_ADD_MEMBERSHIP`: joins the multicast `group` on the interface that
    /// has the local address `interface` (`Ipv4Addr::UNSPECIFIED`: the one
    /// the routing table picks), so datagrams sent to the group reach this
    /// socket. The kernel keeps memberships but has no call to read them:
    /// there is no getter.
    ///
    /// # Errors
    /// [`Error::Inval`](crate::Error::Inval) for a group that is not a
    /// multicast address; [`Error::AddrInUse`](crate::Error::AddrInUse) if
    /// this socket is a member already; [`Error::NoDev`](crate::Error::NoDev)
    /// for an `interface` address no interface has;
    /// [`Error::NoBufs`](crate::Error::NoBufs) past
    /// `net.ipv4.igmp_max_memberships` groups (20 by default) on one socket;
    /// [`Error::Proto`](crate::Error::Proto) on a stream socket;
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// let group = Ipv4Addr::new(224, 0, 0, 123); // link-local: never forwarded
    /// sock.join_multicast_v4(&group, &Ipv4Addr::LOCALHOST)?;
    /// assert_eq!(sock.join_multicast_v4(&group, &Ipv4Addr::LOCALHOST), Err(Error::AddrInUse));
    /// sock.leave_multicast_v4(&group, &Ipv4Addr::LOCALHOST)?;
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IP_ADD_MEMBERSHIP")]
    #[inline]
    pub fn join_multicast_v4(&self, group: &Ipv4Addr, interface: &Ipv4Addr) -> Result<()> {
        Ok(sockopt::set_ip_add_membership(self, group, interface)?)
    }

    /// `IP_DROP_MEMBERSHIP`: leaves a group joined with
    /// [`Socket::join_multicast_v4`] (closing the socket leaves them all).
    ///
    /// # Errors
    /// [`Error::AddrNotAvail`](crate::Error::AddrNotAvail) if this socket is
    /// not a member; otherwise as [`Socket::join_multicast_v4`].
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// let group = Ipv4Addr::new(224, 0, 0, 124);
    /// assert_eq!(sock.leave_multicast_v4(&group, &Ipv4Addr::LOCALHOST), Err(Error::AddrNotAvail));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IP_DROP_MEMBERSHIP")]
    #[inline]
    pub fn leave_multicast_v4(&self, group: &Ipv4Addr, interface: &Ipv4Addr) -> Result<()> {
        Ok(sockopt::set_ip_drop_membership(self, group, interface)?)
    }

    /// `IP_TRANSPARENT`: lets the socket bind to a non-local address and
    /// accept connections or datagrams addressed to any address, as a
    /// transparent proxy does (with `TPROXY` rules routing the traffic to
    /// it). Linux takes it on an IPv6 socket too (as `IPV6_TRANSPARENT`).
    ///
    /// # Errors
    /// [`Error::Perm`](crate::Error::Perm) without `CAP_NET_ADMIN` or
    /// `CAP_NET_RAW`; [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a
    /// Unix socket.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// use baresock::{Domain, Error, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// match sock.set_ip_transparent_v4(true) {
    ///     Ok(()) => assert!(sock.ip_transparent_v4()?),
    ///     Err(e) => assert_eq!(e, Error::Perm), // not CAP_NET_ADMIN
    /// }
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IP_TRANSPARENT")]
    pub fn set_ip_transparent_v4(&self, on: bool) -> Result<()> {
        sys::setsockopt(self.fd(), SOL_IP, IP_TRANSPARENT, &i32::from(on))
    }

    /// Reads `IP_TRANSPARENT` ([`Socket::set_ip_transparent_v4`]).
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(!sock.ip_transparent_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_TRANSPARENT")]
    pub fn ip_transparent_v4(&self) -> Result<bool> {
        Ok(sys::get_exact(self.fd(), SOL_IP, IP_TRANSPARENT, 0i32)? != 0)
    }

    /// `IP_BIND_ADDRESS_NO_PORT`: a [`Socket::bind`] to port 0 takes the
    /// address now and leaves the port to [`Socket::connect`], which can
    /// then share a local port among connections to different peers (a
    /// proxy's many outgoing connections from one address). Linux takes it
    /// on an IPv6 socket too.
    ///
    /// # Errors
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_bind_address_no_port_v4(true)?;
    /// assert!(sock.bind_address_no_port_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_BIND_ADDRESS_NO_PORT")]
    pub fn set_bind_address_no_port_v4(&self, on: bool) -> Result<()> {
        sys::setsockopt(self.fd(), SOL_IP, IP_BIND_ADDRESS_NO_PORT, &i32::from(on))
    }

    /// Reads `IP_BIND_ADDRESS_NO_PORT` ([`Socket::set_bind_address_no_port_v4`]).
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(!sock.bind_address_no_port_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_BIND_ADDRESS_NO_PORT")]
    pub fn bind_address_no_port_v4(&self) -> Result<bool> {
        Ok(sys::get_exact(self.fd(), SOL_IP, IP_BIND_ADDRESS_NO_PORT, 0i32)? != 0)
    }

    /// `SO_ORIGINAL_DST` (level `SOL_IP`): the destination a connection was
    /// sent to before a NAT rule (iptables `REDIRECT`, `DNAT`) sent it to
    /// this socket, as the connection tracker recorded it. Read only.
    ///
    /// # Errors
    /// [`Error::NoEnt`](crate::Error::NoEnt) when the connection tracker has
    /// no entry for the socket (a connection nothing redirected, or an
    /// unconnected socket); [`Error::NoProtoOpt`](crate::Error::NoProtoOpt)
    /// on a kernel without connection tracking;
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// use baresock::{Domain, Error, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// assert!(matches!(sock.original_dst_v4(), Err(Error::NoEnt | Error::NoProtoOpt)));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "SO_ORIGINAL_DST")]
    pub fn original_dst_v4(&self) -> Result<SockAddrIn> {
        // rustix's: the right level and name, and the kernel always writes
        // a `sockaddr_in` (getorigdst in nf_conntrack_proto.c), so its
        // conversion to `SocketAddrV4` cannot fail on an answer.
        Ok(sockopt::ip_original_dst(self)?.into())
    }

    /// `IP_MTU_DISCOVER`: whether and how the socket discovers the path MTU
    /// and sets Don't Fragment ([`PathMtuDiscovery`]; default
    /// [`PathMtuDiscovery::WANT`]).
    ///
    /// # Errors
    /// [`Error::Inval`](crate::Error::Inval) for a mode the kernel does not
    /// know; [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// use baresock::{Domain, Error, PathMtuDiscovery, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// sock.set_mtu_discover_v4(PathMtuDiscovery::DO)?;
    /// assert_eq!(sock.mtu_discover_v4()?, PathMtuDiscovery::DO);
    /// assert_eq!(sock.set_mtu_discover_v4(PathMtuDiscovery::from_raw(99)), Err(Error::Inval));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IP_MTU_DISCOVER")]
    #[inline]
    pub fn set_mtu_discover_v4(&self, mode: PathMtuDiscovery) -> Result<()> {
        let mode = Ipv4PathMtuDiscovery::from_raw(mode.as_raw());
        Ok(sockopt::set_ip_mtu_discover(self, mode)?)
    }

    /// Reads `IP_MTU_DISCOVER` ([`Socket::set_mtu_discover_v4`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// let _default = sock.mtu_discover_v4()?; // WANT unless net.ipv4.ip_no_pmtu_disc is set
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_MTU_DISCOVER")]
    #[inline]
    pub fn mtu_discover_v4(&self) -> Result<PathMtuDiscovery> {
        Ok(PathMtuDiscovery::from_raw(
            sockopt::ip_mtu_discover(self)?.as_raw(),
        ))
    }

    /// `IP_MTU`: the path MTU the kernel knows for a connected socket's
    /// peer, in bytes; at most 65535, IPv4's largest packet (so 65535 on
    /// loopback, whose MTU is 65536). Read only.
    ///
    /// # Errors
    /// [`Error::NotConn`](crate::Error::NotConn) on a socket that is not
    /// connected; [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix
    /// socket.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// use baresock::{Domain, Error, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// assert_eq!(sock.mtu_v4(), Err(Error::NotConn));
    /// sock.connect(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 9))?; // UDP: no packet sent
    /// assert!(sock.mtu_v4()? >= 68);
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IP_MTU")]
    #[inline]
    pub fn mtu_v4(&self) -> Result<u32> {
        Ok(sockopt::ip_mtu(self)?)
    }

    /// `IP_RECVTOS`: every datagram received with [`Socket::recvmsg`]
    /// carries the type-of-service byte it arrived with, as a control
    /// message of level `IPPROTO_IP`, type `IP_TOS`.
    ///
    /// # Errors
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// sock.set_recv_tos_v4(true)?;
    /// assert!(sock.recv_tos_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_RECVTOS")]
    #[inline]
    pub fn set_recv_tos_v4(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_ip_recvtos(self, on)?)
    }

    /// Reads `IP_RECVTOS` ([`Socket::set_recv_tos_v4`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert!(!sock.recv_tos_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_RECVTOS")]
    #[inline]
    pub fn recv_tos_v4(&self) -> Result<bool> {
        Ok(sockopt::ip_recvtos(self)?)
    }

    /// `IP_PKTINFO`: every datagram received with [`Socket::recvmsg`]
    /// carries the local address it was sent to and the index of the
    /// interface it arrived on, as a control message of level
    /// `IPPROTO_IP`, type `IP_PKTINFO` (a `struct in_pktinfo`). A server
    /// bound to the wildcard address needs it to answer from the address a
    /// client asked.
    ///
    /// # Errors
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// sock.set_recv_pktinfo_v4(true)?;
    /// assert!(sock.recv_pktinfo_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_PKTINFO")]
    pub fn set_recv_pktinfo_v4(&self, on: bool) -> Result<()> {
        sys::setsockopt(self.fd(), SOL_IP, IP_PKTINFO, &i32::from(on))
    }

    /// Reads `IP_PKTINFO` ([`Socket::set_recv_pktinfo_v4`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert!(!sock.recv_pktinfo_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_PKTINFO")]
    pub fn recv_pktinfo_v4(&self) -> Result<bool> {
        Ok(sys::get_exact(self.fd(), SOL_IP, IP_PKTINFO, 0i32)? != 0)
    }

    /// `IP_RECVTTL`: every datagram received with [`Socket::recvmsg`]
    /// carries the time-to-live it arrived with, as a control message of
    /// level `IPPROTO_IP`, type `IP_TTL` (an `int`).
    ///
    /// # Errors
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// sock.set_recv_ttl_v4(true)?;
    /// assert!(sock.recv_ttl_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_RECVTTL")]
    pub fn set_recv_ttl_v4(&self, on: bool) -> Result<()> {
        sys::setsockopt(self.fd(), SOL_IP, IP_RECVTTL, &i32::from(on))
    }

    /// Reads `IP_RECVTTL` ([`Socket::set_recv_ttl_v4`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert!(!sock.recv_ttl_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_RECVTTL")]
    pub fn recv_ttl_v4(&self) -> Result<bool> {
        Ok(sys::get_exact(self.fd(), SOL_IP, IP_RECVTTL, 0i32)? != 0)
    }

    /// `IP_MULTICAST_ALL`: whether the socket, bound to the wildcard
    /// address, receives the datagrams of every group any socket of this
    /// host joined (on by default, Linux's choice), or only those of the
    /// groups it joined itself (off, what other systems do).
    ///
    /// # Errors
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// sock.set_multicast_all_v4(false)?;
    /// assert!(!sock.multicast_all_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_MULTICAST_ALL")]
    pub fn set_multicast_all_v4(&self, on: bool) -> Result<()> {
        sys::setsockopt(self.fd(), SOL_IP, IP_MULTICAST_ALL, &i32::from(on))
    }

    /// Reads `IP_MULTICAST_ALL` ([`Socket::set_multicast_all_v4`]).
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert!(sock.multicast_all_v4()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_MULTICAST_ALL")]
    pub fn multicast_all_v4(&self) -> Result<bool> {
        Ok(sys::get_exact(self.fd(), SOL_IP, IP_MULTICAST_ALL, 0i32)? != 0)
    }

    /// `IP_ADD_MEMBERSHIP` with a `struct ip_mreqn`: joins the multicast
    /// `group` on an interface named by index or by address
    /// ([`InterfaceIndexOrAddress`]), where [`Socket::join_multicast_v4`]
    /// takes an address only.
    ///
    /// # Errors
    /// As [`Socket::join_multicast_v4`]; [`Error::NoDev`](crate::Error::NoDev)
    /// for an index no interface has.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user drops the index
    /// use baresock::{Domain, Error, InterfaceIndexOrAddress, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let lo: u32 = std::fs::read_to_string("/sys/class/net/lo/ifindex").unwrap().trim().parse().unwrap();
    /// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// let group = Ipv4Addr::new(224, 0, 0, 125);
    /// sock.join_multicast_v4_n(&group, &InterfaceIndexOrAddress::Index(lo))?;
    /// sock.leave_multicast_v4_n(&group, &InterfaceIndexOrAddress::Index(lo))?;
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IP_ADD_MEMBERSHIP", alias = "ip_mreqn")]
    #[inline]
    pub fn join_multicast_v4_n(
        &self,
        group: &Ipv4Addr,
        interface: &InterfaceIndexOrAddress,
    ) -> Result<()> {
        let (address, index) = interface.address_and_index();
        Ok(sockopt::set_ip_add_membership_with_ifindex(
            self, group, &address, index,
        )?)
    }

    /// `IP_DROP_MEMBERSHIP` with a `struct ip_mreqn`: leaves a group joined
    /// with [`Socket::join_multicast_v4_n`].
    ///
    /// # Errors
    /// [`Error::AddrNotAvail`](crate::Error::AddrNotAvail) if this socket is
    /// not a member; otherwise as [`Socket::join_multicast_v4_n`].
    ///
    /// ```
    /// use baresock::{Domain, Error, InterfaceIndexOrAddress, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// let group = Ipv4Addr::new(224, 0, 0, 126);
    /// let any = InterfaceIndexOrAddress::Index(0);
    /// assert_eq!(sock.leave_multicast_v4_n(&group, &any), Err(Error::AddrNotAvail));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IP_DROP_MEMBERSHIP", alias = "ip_mreqn")]
    #[inline]
    pub fn leave_multicast_v4_n(
        &self,
        group: &Ipv4Addr,
        interface: &InterfaceIndexOrAddress,
    ) -> Result<()> {
        let (address, index) = interface.address_and_index();
        Ok(sockopt::set_ip_drop_membership_with_ifindex(
            self, group, &address, index,
        )?)
    }

    /// `IP_ADD_SOURCE_MEMBERSHIP`: joins the multicast `group` for the
    /// datagrams `source` sends only (source-specific multicast, RFC 4607;
    /// groups 232.0.0.0/8), on the interface that has the local address
    /// `interface` (`Ipv4Addr::UNSPECIFIED`: the one the routing table
    /// picks). Each source is one more call.
    ///
    /// # Errors
    /// [`Error::Inval`](crate::Error::Inval) for a group that is not a
    /// multicast address; [`Error::NoDev`](crate::Error::NoDev) for an
    /// `interface` address no interface has (or no route to the group);
    /// [`Error::NoBufs`](crate::Error::NoBufs) past
    /// `net.ipv4.igmp_max_msf` sources (10 by default);
    /// [`Error::Proto`](crate::Error::Proto) on a stream socket;
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// let (source, group) = (Ipv4Addr::new(192, 0, 2, 1), Ipv4Addr::new(232, 1, 2, 3));
    /// sock.join_ssm_v4(&source, &group, &Ipv4Addr::LOCALHOST)?;
    /// sock.leave_ssm_v4(&source, &group, &Ipv4Addr::LOCALHOST)?;
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IP_ADD_SOURCE_MEMBERSHIP", alias = "ip_mreq_source")]
    #[inline]
    pub fn join_ssm_v4(
        &self,
        source: &Ipv4Addr,
        group: &Ipv4Addr,
        interface: &Ipv4Addr,
    ) -> Result<()> {
        Ok(sockopt::set_ip_add_source_membership(
            self, group, interface, source,
        )?)
    }

    /// `IP_DROP_SOURCE_MEMBERSHIP`: stops receiving `source`'s datagrams to
    /// a group joined with [`Socket::join_ssm_v4`]; leaving its last source
    /// leaves the group.
    ///
    /// # Errors
    /// [`Error::Inval`](crate::Error::Inval) if this socket has not joined
    /// that source and group (unlike [`Socket::leave_multicast_v4`]);
    /// otherwise as [`Socket::join_ssm_v4`].
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// let (source, group) = (Ipv4Addr::new(192, 0, 2, 1), Ipv4Addr::new(232, 1, 2, 4));
    /// assert_eq!(sock.leave_ssm_v4(&source, &group, &Ipv4Addr::LOCALHOST), Err(Error::Inval));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IP_DROP_SOURCE_MEMBERSHIP", alias = "ip_mreq_source")]
    #[inline]
    pub fn leave_ssm_v4(
        &self,
        source: &Ipv4Addr,
        group: &Ipv4Addr,
        interface: &Ipv4Addr,
    ) -> Result<()> {
        Ok(sockopt::set_ip_drop_source_membership(
            self, group, interface, source,
        )?)
    }
}
