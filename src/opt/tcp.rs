//! `IPPROTO_TCP` options. Names start with `tcp_`; what a user reads about
//! the level is the `impl` block's doc (see `opt/mod.rs`).
//!
//! # References
//! - [tcp(7)](https://man7.org/linux/man-pages/man7/tcp.7.html)

use core::time::Duration;

use rustix::net::sockopt;

use crate::{Error, Result, Socket};

/// `IPPROTO_TCP` options, named with a `tcp_` prefix.
///
/// Each fails on a socket that is not TCP: [`Error::NoProtoOpt`] to set one
/// on a UDP socket (and to read one on a UDP/IPv6 socket),
/// [`Error::OpNotSupp`] to read one on a UDP/IPv4 socket and for any on a
/// Unix socket.
impl Socket {
    /// `TCP_NODELAY`: sends small writes at once instead of coalescing them
    /// (turns off Nagle's algorithm).
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`] or [`Error::OpNotSupp`] on a socket that is not
    /// TCP.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_tcp_nodelay(true)?;
    /// assert!(sock.tcp_nodelay()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_NODELAY")]
    #[inline]
    pub fn set_tcp_nodelay(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_tcp_nodelay(self, on)?)
    }

    /// Reads `TCP_NODELAY` ([`Socket::set_tcp_nodelay`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(!sock.tcp_nodelay()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_NODELAY")]
    #[inline]
    pub fn tcp_nodelay(&self) -> Result<bool> {
        Ok(sockopt::tcp_nodelay(self)?)
    }

    /// `TCP_KEEPIDLE`: how long a connection stays idle before the first
    /// keepalive probe, once [`Socket::set_keepalive`] is on (the default is
    /// `net.ipv4.tcp_keepalive_time`, 2 hours). Whole seconds, rounded up.
    ///
    /// # Errors
    /// [`Error::Inval`] outside 1 to 32767 seconds; [`Error::NoProtoOpt`]
    /// or [`Error::OpNotSupp`] on a socket that is not TCP.
    ///
    /// ```
    /// use core::time::Duration;
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_tcp_keepalive_time(Duration::from_secs(60))?;
    /// assert_eq!(sock.tcp_keepalive_time()?, Duration::from_secs(60));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_KEEPIDLE")]
    #[inline]
    pub fn set_tcp_keepalive_time(&self, idle: Duration) -> Result<()> {
        Ok(sockopt::set_tcp_keepidle(self, idle)?)
    }

    /// Reads `TCP_KEEPIDLE` ([`Socket::set_tcp_keepalive_time`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(sock.tcp_keepalive_time()?.as_secs() > 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_KEEPIDLE")]
    #[inline]
    pub fn tcp_keepalive_time(&self) -> Result<Duration> {
        Ok(sockopt::tcp_keepidle(self)?)
    }

    /// `TCP_KEEPINTVL`: the time between keepalive probes (default
    /// `net.ipv4.tcp_keepalive_intvl`, 75 s). Whole seconds, rounded up.
    ///
    /// # Errors
    /// [`Error::Inval`] outside 1 to 32767 seconds; [`Error::NoProtoOpt`]
    /// or [`Error::OpNotSupp`] on a socket that is not TCP.
    ///
    /// ```
    /// use core::time::Duration;
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_tcp_keepalive_interval(Duration::from_secs(10))?;
    /// assert_eq!(sock.tcp_keepalive_interval()?, Duration::from_secs(10));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_KEEPINTVL")]
    #[inline]
    pub fn set_tcp_keepalive_interval(&self, interval: Duration) -> Result<()> {
        Ok(sockopt::set_tcp_keepintvl(self, interval)?)
    }

    /// Reads `TCP_KEEPINTVL` ([`Socket::set_tcp_keepalive_interval`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(sock.tcp_keepalive_interval()?.as_secs() > 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_KEEPINTVL")]
    #[inline]
    pub fn tcp_keepalive_interval(&self) -> Result<Duration> {
        Ok(sockopt::tcp_keepintvl(self)?)
    }

    /// `TCP_KEEPCNT`: how many unanswered keepalive probes drop the
    /// connection (default `net.ipv4.tcp_keepalive_probes`, 9).
    ///
    /// # Errors
    /// [`Error::Inval`] outside 1 to 127; [`Error::NoProtoOpt`] or
    /// [`Error::OpNotSupp`] on a socket that is not TCP.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_tcp_keepalive_retries(3)?;
    /// assert_eq!(sock.tcp_keepalive_retries()?, 3);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_KEEPCNT")]
    #[inline]
    pub fn set_tcp_keepalive_retries(&self, probes: u32) -> Result<()> {
        Ok(sockopt::set_tcp_keepcnt(self, probes)?)
    }

    /// Reads `TCP_KEEPCNT` ([`Socket::set_tcp_keepalive_retries`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(sock.tcp_keepalive_retries()? > 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_KEEPCNT")]
    #[inline]
    pub fn tcp_keepalive_retries(&self) -> Result<u32> {
        Ok(sockopt::tcp_keepcnt(self)?)
    }

    /// `TCP_USER_TIMEOUT`: how long sent data may stay unacknowledged before
    /// the kernel drops the connection with [`Error::TimedOut`] (RFC 5482);
    /// it also bounds keepalive. `None` restores the system's behaviour (the
    /// kernel's 0). Whole milliseconds, rounded up.
    ///
    /// # Errors
    /// [`Error::Inval`] for `Some(Duration::ZERO)`, before any system call
    /// (zero is the kernel's "none": say `None`), and for more than
    /// `i32::MAX` ms; [`Error::NoProtoOpt`] or [`Error::OpNotSupp`] on a
    /// socket that is not TCP.
    ///
    /// ```
    /// use core::time::Duration;
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_tcp_user_timeout(Some(Duration::from_secs(30)))?;
    /// assert_eq!(sock.tcp_user_timeout()?, Some(Duration::from_secs(30)));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_USER_TIMEOUT")]
    #[inline]
    pub fn set_tcp_user_timeout(&self, timeout: Option<Duration>) -> Result<()> {
        let ms = match timeout {
            None => 0,
            Some(Duration::ZERO) => return Err(Error::Inval),
            // Rounded up, so a sub-millisecond timeout is not "none"; one
            // past u32 saturates, and the kernel refuses it as past i32.
            Some(t) => u32::try_from(t.as_nanos().div_ceil(1_000_000)).unwrap_or(u32::MAX),
        };
        Ok(sockopt::set_tcp_user_timeout(self, ms)?)
    }

    /// Reads `TCP_USER_TIMEOUT` ([`Socket::set_tcp_user_timeout`]); `None` for
    /// the system's behaviour.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert_eq!(sock.tcp_user_timeout()?, None);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_USER_TIMEOUT")]
    #[inline]
    pub fn tcp_user_timeout(&self) -> Result<Option<Duration>> {
        let ms = sockopt::tcp_user_timeout(self)?;
        Ok((ms != 0).then(|| Duration::from_millis(u64::from(ms))))
    }

    /// `TCP_QUICKACK`: acknowledges at once instead of delaying ACKs. Not
    /// permanent: the kernel leaves quick-ack mode by itself as the
    /// connection goes on, so a server that wants it sets it again after
    /// each receive.
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`] or [`Error::OpNotSupp`] on a socket that is not
    /// TCP.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_tcp_quickack(false)?;
    /// assert!(!sock.tcp_quickack()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_QUICKACK")]
    #[inline]
    pub fn set_tcp_quickack(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_tcp_quickack(self, on)?)
    }

    /// Reads `TCP_QUICKACK` ([`Socket::set_tcp_quickack`]): whether the
    /// connection is in quick-ack mode now (a new socket is).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(sock.tcp_quickack()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_QUICKACK")]
    #[inline]
    pub fn tcp_quickack(&self) -> Result<bool> {
        Ok(sockopt::tcp_quickack(self)?)
    }

    /// `TCP_CORK`: holds back partial segments until the cork is removed (or
    /// 200 ms pass), so a header and a body written apart leave in one
    /// segment. Clearing it sends what is held at once.
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`] or [`Error::OpNotSupp`] on a socket that is not
    /// TCP.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_tcp_cork(true)?;
    /// assert!(sock.tcp_cork()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_CORK")]
    #[inline]
    pub fn set_tcp_cork(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_tcp_cork(self, on)?)
    }

    /// Reads `TCP_CORK` ([`Socket::set_tcp_cork`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(!sock.tcp_cork()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_CORK")]
    #[inline]
    pub fn tcp_cork(&self) -> Result<bool> {
        Ok(sockopt::tcp_cork(self)?)
    }

    /// `TCP_CONGESTION`: the congestion-control algorithm, by name (`"reno"`,
    /// `"cubic"`, `"bbr"`; `/proc/sys/net/ipv4/tcp_available_congestion_control`
    /// lists those loaded). The kernel reads at most 15 bytes of the name.
    ///
    /// There is no getter: the name is read into a `String`, which needs an
    /// allocator. A program with one can call
    /// `rustix::net::sockopt::tcp_congestion` on [`Socket::fd`].
    ///
    /// # Errors
    /// [`Error::NoEnt`] for an algorithm the kernel does not have;
    /// [`Error::Perm`] for one not in `tcp_allowed_congestion_control`
    /// without `CAP_NET_ADMIN`; [`Error::Inval`] for an empty name;
    /// [`Error::NoProtoOpt`] or [`Error::OpNotSupp`] on a socket that is not
    /// TCP.
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// # // qemu-user passes the name on as a 4-byte int, byte-swapped on big-endian guests
    /// # if cfg!(target_endian = "big") && std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); }
    /// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// sock.set_tcp_congestion("reno")?; // built into every kernel
    /// assert_eq!(sock.set_tcp_congestion("nope"), Err(Error::NoEnt));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "TCP_CONGESTION")]
    #[inline]
    pub fn set_tcp_congestion(&self, algorithm: &str) -> Result<()> {
        // rustix unwraps the length into a socklen_t: check it first, so a
        // name of 4 GiB is an error rather than a panic.
        if u32::try_from(algorithm.len()).is_err() {
            return Err(Error::Inval);
        }
        Ok(sockopt::set_tcp_congestion(self, algorithm)?)
    }
}
