//! `IPPROTO_IP` options. Names end in `_v4`; what a user reads about the
//! level is the `impl` block's doc (see `opt/mod.rs`).
//!
//! # References
//! - [ip(7)](https://man7.org/linux/man-pages/man7/ip.7.html)

use core::net::Ipv4Addr;

use rustix::net::sockopt;

use crate::{Result, Socket};

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
}
