//! `IPPROTO_IPV6` options. Names end in `_v6`; what a user reads about the
//! level is the `impl` block's doc (see `opt/mod.rs`).
//!
//! # References
//! - [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html)

use core::net::Ipv6Addr;

use rustix::net::sockopt::{self, Ipv6PathMtuDiscovery};

use linux_raw_sys::net::{
    IPPROTO_IPV6, IPV6_MULTICAST_ALL, IPV6_MULTICAST_HOPS, IPV6_RECVHOPLIMIT, IPV6_RECVPKTINFO,
    IPV6_TRANSPARENT, SOL_IPV6,
};

use crate::{sys, PathMtuDiscovery, Result, SockAddrIn6, Socket};

/// `IPPROTO_IPV6` options, named with a `_v6` suffix.
///
/// Each fails on a socket that is not IPv6: [`Error::NoProtoOpt`] to set
/// one on an IPv4 socket, [`Error::OpNotSupp`] to read one there and for any
/// on a Unix socket.
///
/// [`Error::NoProtoOpt`]: crate::Error::NoProtoOpt
/// [`Error::OpNotSupp`]: crate::Error::OpNotSupp
impl Socket {
    /// `IPV6_V6ONLY`: an `AF_INET6` socket bound to `::` accepts only IPv6,
    /// not IPv4-mapped connections too. Set it before [`Socket::bind`].
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on an IPv4 socket,
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// let sock = Socket::new(Domain::INET6, Type::STREAM, None)?;
    /// sock.set_only_v6(true)?;
    /// assert!(sock.only_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_V6ONLY")]
    #[inline]
    pub fn set_only_v6(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_ipv6_v6only(self, on)?)
    }

    /// Reads `IPV6_V6ONLY` ([`Socket::set_only_v6`]).
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// let v4 = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// assert_eq!(v4.only_v6(), Err(Error::OpNotSupp)); // the IPv4 stack does not know it
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IPV6_V6ONLY")]
    #[inline]
    pub fn only_v6(&self) -> Result<bool> {
        Ok(sockopt::ipv6_v6only(self)?)
    }

    /// `IPV6_UNICAST_HOPS`: the hop limit of the unicast packets sent;
    /// `None` restores the route's default (the kernel's -1; usually 64).
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on an IPv4 socket,
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::STREAM, None)?;
    /// sock.set_unicast_hops_v6(Some(8))?;
    /// assert_eq!(sock.unicast_hops_v6()?, 8);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_UNICAST_HOPS")]
    #[inline]
    pub fn set_unicast_hops_v6(&self, hops: Option<u8>) -> Result<()> {
        Ok(sockopt::set_ipv6_unicast_hops(self, hops)?)
    }

    /// Reads `IPV6_UNICAST_HOPS` ([`Socket::set_unicast_hops_v6`]): the hop
    /// limit in force, the default resolved.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// assert!(sock.unicast_hops_v6()? > 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_UNICAST_HOPS")]
    #[inline]
    pub fn unicast_hops_v6(&self) -> Result<u8> {
        Ok(sockopt::ipv6_unicast_hops(self)?)
    }

    /// `IPV6_TCLASS`: the traffic class byte of the packets sent (DSCP and
    /// ECN, as `IP_TOS` for IPv4).
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on an IPv4 socket,
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// sock.set_tclass_v6(0x20)?;
    /// assert_eq!(sock.tclass_v6()?, 0x20);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_TCLASS")]
    #[inline]
    pub fn set_tclass_v6(&self, tclass: u8) -> Result<()> {
        Ok(sockopt::set_ipv6_tclass(self, u32::from(tclass))?)
    }

    /// Reads `IPV6_TCLASS` ([`Socket::set_tclass_v6`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// assert_eq!(sock.tclass_v6()?, 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_TCLASS")]
    #[inline]
    pub fn tclass_v6(&self) -> Result<u8> {
        // The kernel keeps it in 0..=255 (it refuses anything else).
        Ok(sockopt::ipv6_tclass(self)? as u8)
    }

    /// `IPV6_FREEBIND`: lets [`Socket::bind`] take an IPv6 address that is
    /// not (or not yet) on any interface.
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on an IPv4 socket,
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::STREAM, None)?;
    /// sock.set_freebind_v6(true)?;
    /// assert!(sock.freebind_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_FREEBIND")]
    #[inline]
    pub fn set_freebind_v6(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_ipv6_freebind(self, on)?)
    }

    /// Reads `IPV6_FREEBIND` ([`Socket::set_freebind_v6`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::STREAM, None)?;
    /// assert!(!sock.freebind_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_FREEBIND")]
    #[inline]
    pub fn freebind_v6(&self) -> Result<bool> {
        Ok(sockopt::ipv6_freebind(self)?)
    }

    /// `IPV6_MULTICAST_LOOP`: whether the multicast datagrams this socket
    /// sends are also delivered to members on this host (on by default).
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on an IPv4 socket,
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// sock.set_multicast_loop_v6(false)?;
    /// assert!(!sock.multicast_loop_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_MULTICAST_LOOP")]
    #[inline]
    pub fn set_multicast_loop_v6(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_ipv6_multicast_loop(self, on)?)
    }

    /// Reads `IPV6_MULTICAST_LOOP` ([`Socket::set_multicast_loop_v6`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// assert!(sock.multicast_loop_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_MULTICAST_LOOP")]
    #[inline]
    pub fn multicast_loop_v6(&self) -> Result<bool> {
        Ok(sockopt::ipv6_multicast_loop(self)?)
    }

    /// `IPV6_MULTICAST_HOPS`: the hop limit of the multicast datagrams sent
    /// (default 1: they stay on the local link).
    ///
    /// # Errors
    /// [`Error::Inval`](crate::Error::Inval) over 255;
    /// [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on a stream socket or
    /// an IPv4 socket; [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a
    /// Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// sock.set_multicast_hops_v6(4)?;
    /// assert_eq!(sock.multicast_hops_v6()?, 4);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_MULTICAST_HOPS")]
    #[inline]
    pub fn set_multicast_hops_v6(&self, hops: u32) -> Result<()> {
        // Not rustix's: up to 1.1.5 it passes level IPPROTO_IP, where option
        // 18 is IP_PASSSEC
        // (https://github.com/bytecodealliance/rustix/issues/1660).
        sys::setsockopt(self.fd(), IPPROTO_IPV6 as u32, IPV6_MULTICAST_HOPS, &hops)
    }

    /// Reads `IPV6_MULTICAST_HOPS` ([`Socket::set_multicast_hops_v6`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// assert_eq!(sock.multicast_hops_v6()?, 1);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_MULTICAST_HOPS")]
    #[inline]
    pub fn multicast_hops_v6(&self) -> Result<u32> {
        // As for the setter: rustix up to 1.1.5 reads IP_PASSSEC.
        sys::get_exact(self.fd(), IPPROTO_IPV6 as u32, IPV6_MULTICAST_HOPS, 0u32)
    }

    /// `IPV6_MULTICAST_IF`: the interface multicast datagrams leave by, by
    /// index (`/sys/class/net/<name>/ifindex`); 0 lets the routing table
    /// choose (the default).
    ///
    /// # Errors
    /// [`Error::NoDev`](crate::Error::NoDev) for an index no interface has;
    /// [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on a stream socket or
    /// an IPv4 socket; [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a
    /// Unix socket.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let lo: u32 = std::fs::read_to_string("/sys/class/net/lo/ifindex").unwrap().trim().parse().unwrap();
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// sock.set_multicast_if_v6(lo)?;
    /// assert_eq!(sock.multicast_if_v6()?, lo);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_MULTICAST_IF")]
    #[inline]
    pub fn set_multicast_if_v6(&self, interface: u32) -> Result<()> {
        Ok(sockopt::set_ipv6_multicast_if(self, interface)?)
    }

    /// Reads `IPV6_MULTICAST_IF` ([`Socket::set_multicast_if_v6`]).
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// assert_eq!(sock.multicast_if_v6()?, 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_MULTICAST_IF")]
    #[inline]
    pub fn multicast_if_v6(&self) -> Result<u32> {
        Ok(sockopt::ipv6_multicast_if(self)?)
    }

    /// `IPV6_ADD_MEMBERSHIP` (`IPV6_JOIN_GROUP`): joins the multicast
    /// `group` on the interface of index `interface` (0: the one the routing
    /// table picks). The kernel keeps memberships but has no call to read
    /// them: there is no getter.
    ///
    /// # Errors
    /// [`Error::Inval`](crate::Error::Inval) for a group that is not a
    /// multicast address; [`Error::AddrInUse`](crate::Error::AddrInUse) if
    /// this socket is a member already; [`Error::NoDev`](crate::Error::NoDev)
    /// for an index no interface has; [`Error::Proto`](crate::Error::Proto)
    /// on a stream socket; [`Error::NoProtoOpt`](crate::Error::NoProtoOpt)
    /// on an IPv4 socket; [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a
    /// Unix socket.
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// let lo: u32 = std::fs::read_to_string("/sys/class/net/lo/ifindex").unwrap().trim().parse().unwrap();
    /// let sock = Socket::new(Domain::INET6, Type::DGRAM, None)?;
    /// let group = "ff02::1:7".parse().unwrap(); // link-local scope
    /// sock.join_multicast_v6(&group, lo)?;
    /// assert_eq!(sock.join_multicast_v6(&group, lo), Err(Error::AddrInUse));
    /// sock.leave_multicast_v6(&group, lo)?;
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IPV6_ADD_MEMBERSHIP", alias = "IPV6_JOIN_GROUP")]
    #[inline]
    pub fn join_multicast_v6(&self, group: &Ipv6Addr, interface: u32) -> Result<()> {
        Ok(sockopt::set_ipv6_add_membership(self, group, interface)?)
    }

    /// `IPV6_DROP_MEMBERSHIP` (`IPV6_LEAVE_GROUP`): leaves a group joined
    /// with [`Socket::join_multicast_v6`] (closing the socket leaves them
    /// all).
    ///
    /// # Errors
    /// [`Error::AddrNotAvail`](crate::Error::AddrNotAvail) if this socket is
    /// not a member; otherwise as [`Socket::join_multicast_v6`].
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// let sock = Socket::new(Domain::INET6, Type::DGRAM, None)?;
    /// let group = "ff02::1:8".parse().unwrap();
    /// assert_eq!(sock.leave_multicast_v6(&group, 0), Err(Error::AddrNotAvail));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IPV6_DROP_MEMBERSHIP", alias = "IPV6_LEAVE_GROUP")]
    #[inline]
    pub fn leave_multicast_v6(&self, group: &Ipv6Addr, interface: u32) -> Result<()> {
        Ok(sockopt::set_ipv6_drop_membership(self, group, interface)?)
    }

    /// `IPV6_TRANSPARENT`: as [`Socket::set_ip_transparent_v4`], for IPv6:
    /// bind to a non-local address and accept traffic to any address, as a
    /// transparent proxy does.
    ///
    /// # Errors
    /// [`Error::Perm`](crate::Error::Perm) without `CAP_NET_ADMIN` or
    /// `CAP_NET_RAW`; [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on an
    /// IPv4 socket; [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix
    /// socket.
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// let sock = Socket::new(Domain::INET6, Type::STREAM, None)?;
    /// match sock.set_ip_transparent_v6(true) {
    ///     Ok(()) => assert!(sock.ip_transparent_v6()?),
    ///     Err(e) => assert_eq!(e, Error::Perm), // not CAP_NET_ADMIN
    /// }
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IPV6_TRANSPARENT")]
    pub fn set_ip_transparent_v6(&self, on: bool) -> Result<()> {
        sys::setsockopt(self.fd(), SOL_IPV6, IPV6_TRANSPARENT, &i32::from(on))
    }

    /// Reads `IPV6_TRANSPARENT` ([`Socket::set_ip_transparent_v6`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::STREAM, None)?;
    /// assert!(!sock.ip_transparent_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_TRANSPARENT")]
    pub fn ip_transparent_v6(&self) -> Result<bool> {
        Ok(sys::get_exact(self.fd(), SOL_IPV6, IPV6_TRANSPARENT, 0i32)? != 0)
    }

    /// `IP6T_SO_ORIGINAL_DST` (level `SOL_IPV6`): as
    /// [`Socket::original_dst_v4`], the destination an IPv6 connection was
    /// sent to before an ip6tables NAT rule redirected it here. Read only.
    ///
    /// # Errors
    /// [`Error::NoEnt`](crate::Error::NoEnt) when the connection tracker has
    /// no entry for the socket; [`Error::NoProtoOpt`](crate::Error::NoProtoOpt)
    /// on a kernel without IPv6 connection tracking;
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on an IPv4 or a Unix
    /// socket.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// use baresock::{Domain, Error, Socket, Type};
    /// let sock = Socket::new(Domain::INET6, Type::STREAM, None)?;
    /// assert!(matches!(sock.original_dst_v6(), Err(Error::NoEnt | Error::NoProtoOpt)));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IP6T_SO_ORIGINAL_DST", alias = "SO_ORIGINAL_DST")]
    pub fn original_dst_v6(&self) -> Result<SockAddrIn6> {
        // rustix's, as for `original_dst_v4`: the kernel always writes a
        // `sockaddr_in6` (ipv6_getorigdst), so its conversion cannot fail.
        Ok(sockopt::ipv6_original_dst(self)?.into())
    }

    /// `IPV6_MTU_DISCOVER`: as [`Socket::set_mtu_discover_v4`], for IPv6
    /// (the same [`PathMtuDiscovery`] modes).
    ///
    /// # Errors
    /// [`Error::Inval`](crate::Error::Inval) for a mode the kernel does not
    /// know; [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on an IPv4
    /// socket; [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// use baresock::{Domain, PathMtuDiscovery, Socket, Type};
    /// let sock = Socket::new(Domain::INET6, Type::DGRAM, None)?;
    /// sock.set_mtu_discover_v6(PathMtuDiscovery::PROBE)?;
    /// assert_eq!(sock.mtu_discover_v6()?, PathMtuDiscovery::PROBE);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_MTU_DISCOVER")]
    #[inline]
    pub fn set_mtu_discover_v6(&self, mode: PathMtuDiscovery) -> Result<()> {
        let mode = Ipv6PathMtuDiscovery::from_raw(mode.as_raw());
        Ok(sockopt::set_ipv6_mtu_discover(self, mode)?)
    }

    /// Reads `IPV6_MTU_DISCOVER` ([`Socket::set_mtu_discover_v6`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// let _default = sock.mtu_discover_v6()?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_MTU_DISCOVER")]
    #[inline]
    pub fn mtu_discover_v6(&self) -> Result<PathMtuDiscovery> {
        Ok(PathMtuDiscovery::from_raw(
            sockopt::ipv6_mtu_discover(self)?.as_raw(),
        ))
    }

    /// `IPV6_MTU`: the path MTU the kernel knows for a connected socket's
    /// peer, in bytes (65536 on loopback). Read only here.
    ///
    /// # Errors
    /// [`Error::NotConn`](crate::Error::NotConn) on a socket that is not
    /// connected; [`Error::OpNotSupp`](crate::Error::OpNotSupp) on an IPv4
    /// or a Unix socket.
    ///
    /// ```
    /// use baresock::{Domain, Error, SockAddrIn6, Socket, Type};
    /// use core::net::Ipv6Addr;
    /// let sock = Socket::new(Domain::INET6, Type::DGRAM, None)?;
    /// assert_eq!(sock.mtu_v6(), Err(Error::NotConn));
    /// sock.connect(&SockAddrIn6::new(Ipv6Addr::LOCALHOST, 9, 0, 0))?; // UDP: no packet sent
    /// assert!(sock.mtu_v6()? >= 1280);
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "IPV6_MTU")]
    #[inline]
    pub fn mtu_v6(&self) -> Result<u32> {
        Ok(sockopt::ipv6_mtu(self)?)
    }

    /// `IPV6_RECVTCLASS`: every datagram received with [`Socket::recvmsg`]
    /// carries the traffic class it arrived with, as a control message of
    /// level `IPPROTO_IPV6`, type `IPV6_TCLASS`.
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on an IPv4 socket,
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// sock.set_recv_tclass_v6(true)?;
    /// assert!(sock.recv_tclass_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_RECVTCLASS")]
    #[inline]
    pub fn set_recv_tclass_v6(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_ipv6_recvtclass(self, on)?)
    }

    /// Reads `IPV6_RECVTCLASS` ([`Socket::set_recv_tclass_v6`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// assert!(!sock.recv_tclass_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_RECVTCLASS")]
    #[inline]
    pub fn recv_tclass_v6(&self) -> Result<bool> {
        Ok(sockopt::ipv6_recvtclass(self)?)
    }

    /// `IPV6_RECVHOPLIMIT`: every datagram received with
    /// [`Socket::recvmsg`] carries the hop limit it arrived with, as a
    /// control message of level `IPPROTO_IPV6`, type `IPV6_HOPLIMIT`.
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on an IPv4 socket,
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// sock.set_recv_hoplimit_v6(true)?;
    /// assert!(sock.recv_hoplimit_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_RECVHOPLIMIT")]
    pub fn set_recv_hoplimit_v6(&self, on: bool) -> Result<()> {
        sys::setsockopt(self.fd(), SOL_IPV6, IPV6_RECVHOPLIMIT, &i32::from(on))
    }

    /// Reads `IPV6_RECVHOPLIMIT` ([`Socket::set_recv_hoplimit_v6`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// assert!(!sock.recv_hoplimit_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_RECVHOPLIMIT")]
    pub fn recv_hoplimit_v6(&self) -> Result<bool> {
        Ok(sys::get_exact(self.fd(), SOL_IPV6, IPV6_RECVHOPLIMIT, 0i32)? != 0)
    }

    /// `IPV6_RECVPKTINFO`: every datagram received with [`Socket::recvmsg`]
    /// carries the local address it was sent to and the index of the
    /// interface it arrived on, as a control message of level
    /// `IPPROTO_IPV6`, type `IPV6_PKTINFO` (a `struct in6_pktinfo`). A
    /// server bound to `::` needs it to answer from the address a client
    /// asked. On a dual-stack socket an IPv4 datagram carries it too (its
    /// address IPv4-mapped); `IP_PKTINFO`
    /// ([`Socket::set_recv_pktinfo_v4`]) adds IPv4's own message.
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on an IPv4 socket,
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// sock.set_recv_pktinfo_v6(true)?;
    /// assert!(sock.recv_pktinfo_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_RECVPKTINFO", alias = "IPV6_PKTINFO")]
    pub fn set_recv_pktinfo_v6(&self, on: bool) -> Result<()> {
        sys::setsockopt(self.fd(), SOL_IPV6, IPV6_RECVPKTINFO, &i32::from(on))
    }

    /// Reads `IPV6_RECVPKTINFO` ([`Socket::set_recv_pktinfo_v6`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// assert!(!sock.recv_pktinfo_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_RECVPKTINFO", alias = "IPV6_PKTINFO")]
    pub fn recv_pktinfo_v6(&self) -> Result<bool> {
        Ok(sys::get_exact(self.fd(), SOL_IPV6, IPV6_RECVPKTINFO, 0i32)? != 0)
    }

    /// `IPV6_MULTICAST_ALL`: as [`Socket::set_multicast_all_v4`], for IPv6:
    /// whether a wildcard-bound socket receives the datagrams of every group
    /// any socket of this host joined (on by default), or only its own.
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on an IPv4 socket,
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// sock.set_multicast_all_v6(false)?;
    /// assert!(!sock.multicast_all_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_MULTICAST_ALL")]
    pub fn set_multicast_all_v6(&self, on: bool) -> Result<()> {
        sys::setsockopt(self.fd(), SOL_IPV6, IPV6_MULTICAST_ALL, &i32::from(on))
    }

    /// Reads `IPV6_MULTICAST_ALL` ([`Socket::set_multicast_all_v6`]).
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET6, baresock::Type::DGRAM, None)?;
    /// assert!(sock.multicast_all_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_MULTICAST_ALL")]
    pub fn multicast_all_v6(&self) -> Result<bool> {
        Ok(sys::get_exact(self.fd(), SOL_IPV6, IPV6_MULTICAST_ALL, 0i32)? != 0)
    }
}
