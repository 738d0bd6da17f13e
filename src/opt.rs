//! Socket options: typed setters and getters over setsockopt(2)/getsockopt(2).
//!
//! Each setter has a getter that reads the kernel's value back, so the
//! tests check every option against the kernel rather than against itself.

use core::time::Duration;

use rustix::net::sockopt;

use crate::{Error, Result, Socket};

impl Socket {
    /// `SO_REUSEADDR`: lets `bind` take a port that connections of an earlier
    /// server still hold in TIME_WAIT.
    ///
    /// TCP keeps the side that closes first in TIME_WAIT for 2 MSL (60 s on
    /// Linux) so that a lost final ACK can be resent and stray segments of
    /// the old connection die out. A server restarted in that window cannot
    /// bind its port without this option; with it, the bind succeeds unless
    /// a socket is still *listening* on the port (that stays
    /// [`Error::AddrInUse`]). Set it before [`Socket::bind`].
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// let sock = Socket::new(Domain::Inet, Type::Stream)?;
    /// sock.set_reuseaddr(true)?;
    /// assert!(sock.reuseaddr()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html)
    #[doc(alias = "SO_REUSEADDR")]
    #[inline]
    pub fn set_reuseaddr(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_socket_reuseaddr(self, on)?)
    }

    /// Reads `SO_REUSEADDR`.
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// assert!(!sock.reuseaddr()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn reuseaddr(&self) -> Result<bool> {
        Ok(sockopt::socket_reuseaddr(self)?)
    }

    /// `SO_REUSEPORT`: lets several sockets of the same user bind the same
    /// address and port; the kernel spreads connections across them.
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// sock.set_reuseport(true)?;
    /// assert!(sock.reuseport()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_REUSEPORT")]
    #[inline]
    pub fn set_reuseport(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_socket_reuseport(self, on)?)
    }

    /// Reads `SO_REUSEPORT`.
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// assert!(!sock.reuseport()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn reuseport(&self) -> Result<bool> {
        Ok(sockopt::socket_reuseport(self)?)
    }

    /// `TCP_NODELAY`: sends small writes at once instead of coalescing them
    /// (turns off Nagle's algorithm).
    ///
    /// # Errors
    /// [`Error::OpNotSupp`] or [`Error::NoProtoOpt`] on a socket that is not TCP.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// sock.set_nodelay(true)?;
    /// assert!(sock.nodelay()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_NODELAY")]
    #[inline]
    pub fn set_nodelay(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_tcp_nodelay(self, on)?)
    }

    /// Reads `TCP_NODELAY`.
    ///
    /// # Errors
    /// As [`Socket::set_nodelay`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// assert!(!sock.nodelay()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn nodelay(&self) -> Result<bool> {
        Ok(sockopt::tcp_nodelay(self)?)
    }

    /// `IPV6_V6ONLY`: an `AF_INET6` socket bound to `::` accepts only IPv6,
    /// not IPv4-mapped connections too. Set it before [`Socket::bind`].
    ///
    /// # Errors
    /// [`Error::OpNotSupp`] on an `AF_INET` socket.
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// let sock = Socket::new(Domain::Inet6, Type::Stream)?;
    /// sock.set_only_v6(true)?;
    /// assert!(sock.only_v6()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_V6ONLY")]
    #[inline]
    pub fn set_only_v6(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_ipv6_v6only(self, on)?)
    }

    /// Reads `IPV6_V6ONLY`.
    ///
    /// # Errors
    /// As [`Socket::set_only_v6`].
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// let v4 = Socket::new(Domain::Inet, Type::Stream)?;
    /// assert_eq!(v4.only_v6(), Err(Error::OpNotSupp)); // the IPv4 stack does not know it
    /// # Ok::<(), Error>(())
    /// ```
    #[inline]
    pub fn only_v6(&self) -> Result<bool> {
        Ok(sockopt::ipv6_v6only(self)?)
    }

    /// `SO_KEEPALIVE`: probes an idle connection so a vanished peer is noticed.
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// sock.set_keepalive(true)?;
    /// assert!(sock.keepalive()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_KEEPALIVE")]
    #[inline]
    pub fn set_keepalive(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_socket_keepalive(self, on)?)
    }

    /// Reads `SO_KEEPALIVE`.
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// assert!(!sock.keepalive()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn keepalive(&self) -> Result<bool> {
        Ok(sockopt::socket_keepalive(self)?)
    }

    /// `SO_RCVBUF`: asks for a receive buffer of `bytes`. The kernel doubles
    /// the value (to leave room for its bookkeeping), clamps it to
    /// `[SOCK_MIN_RCVBUF, net.core.rmem_max * 2]`, and [`Socket::recv_buffer_size`]
    /// reports the doubled value.
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// sock.set_recv_buffer_size(65536)?;
    /// assert_eq!(sock.recv_buffer_size()?, 2 * 65536);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_RCVBUF")]
    #[inline]
    pub fn set_recv_buffer_size(&self, bytes: usize) -> Result<()> {
        Ok(sockopt::set_socket_recv_buffer_size(self, bytes)?)
    }

    /// Reads `SO_RCVBUF` (the kernel's doubled value).
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// assert!(sock.recv_buffer_size()? > 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn recv_buffer_size(&self) -> Result<usize> {
        Ok(sockopt::socket_recv_buffer_size(self)?)
    }

    /// `SO_SNDBUF`: asks for a send buffer of `bytes`; doubled and clamped by
    /// the kernel as for [`Socket::set_recv_buffer_size`].
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// sock.set_send_buffer_size(65536)?;
    /// assert_eq!(sock.send_buffer_size()?, 2 * 65536);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_SNDBUF")]
    #[inline]
    pub fn set_send_buffer_size(&self, bytes: usize) -> Result<()> {
        Ok(sockopt::set_socket_send_buffer_size(self, bytes)?)
    }

    /// Reads `SO_SNDBUF` (the kernel's doubled value).
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// assert!(sock.send_buffer_size()? > 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn send_buffer_size(&self) -> Result<usize> {
        Ok(sockopt::socket_send_buffer_size(self)?)
    }

    /// `SO_LINGER`: `Some(t)` makes close wait up to `t` (whole seconds, as
    /// the kernel keeps it) for unsent data; `Some(ZERO)` makes close reset
    /// the connection at once; `None` restores the default (close returns at
    /// once, the kernel still delivers in the background).
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// use core::time::Duration;
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// sock.set_linger(Some(Duration::from_secs(3)))?;
    /// assert_eq!(sock.linger()?, Some(Duration::from_secs(3)));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_LINGER")]
    #[inline]
    pub fn set_linger(&self, linger: Option<Duration>) -> Result<()> {
        Ok(sockopt::set_socket_linger(self, linger)?)
    }

    /// Reads `SO_LINGER`.
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// assert_eq!(sock.linger()?, None);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn linger(&self) -> Result<Option<Duration>> {
        Ok(sockopt::socket_linger(self)?)
    }

    /// `SO_ERROR`: takes (and clears) the socket's pending error, such as the
    /// result of a non-blocking connect. `Ok(None)` when there is none.
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`] (the outer result).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// assert_eq!(sock.take_error()?, None);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_ERROR")]
    #[inline]
    pub fn take_error(&self) -> Result<Option<Error>> {
        Ok(sockopt::socket_error(self)?.err().map(Error::from))
    }

    /// `SO_ACCEPTCONN`: whether the socket is listening.
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// assert!(!sock.is_listening()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_ACCEPTCONN")]
    #[inline]
    pub fn is_listening(&self) -> Result<bool> {
        Ok(sockopt::socket_acceptconn(self)?)
    }
}
