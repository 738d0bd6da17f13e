//! `IPPROTO_TCP` options. Names start with `tcp_`; what a user reads about
//! the level is the `impl` block's doc (see `opt/mod.rs`).
//!
//! # References
//! - [tcp(7)](https://man7.org/linux/man-pages/man7/tcp.7.html)

use core::time::Duration;

use linux_raw_sys::net::{
    IPPROTO_TCP, TCP_CONGESTION, TCP_DEFER_ACCEPT, TCP_FASTOPEN, TCP_FASTOPEN_CONNECT, TCP_MAXSEG,
    TCP_NOTSENT_LOWAT,
};
use rustix::net::sockopt;

use crate::{sys, Error, Result, Socket};

/// `TCP_CA_NAME_MAX` (include/net/tcp.h, not in the uapi headers): the
/// longest congestion-control name, its NUL included.
const CA_NAME_MAX: usize = 16;

/// The level, as the system call takes it.
const TCP: u32 = IPPROTO_TCP as u32;

// The `int` options rustix lacks, through sys.rs (which checks that the
// answer is a whole `int`).
fn set_int(sock: &Socket, name: u32, value: i32) -> Result<()> {
    sys::setsockopt(sock.fd(), TCP, name, &value)
}

fn get_int(sock: &Socket, name: u32) -> Result<i32> {
    sys::get_exact(sock.fd(), TCP, name, 0i32)
}

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
    /// [`Socket::tcp_congestion`] reads it back, without allocating.
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

    /// Reads `TCP_CONGESTION` ([`Socket::set_tcp_congestion`]): the
    /// algorithm's name, into a fixed buffer (no allocation).
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`] or [`Error::OpNotSupp`] on a socket that is not
    /// TCP, and [`Error::NoProtoOpt`] for an answer that is not a whole
    /// 16-byte name (what an emulator that passes the option on as an
    /// `int` gives).
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user: an int
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_tcp_congestion("reno")?;
    /// assert_eq!(sock.tcp_congestion()?, "reno");
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_CONGESTION")]
    pub fn tcp_congestion(&self) -> Result<heapless::String<CA_NAME_MAX>> {
        // The kernel writes min(asked, 16) bytes of its NUL-padded name.
        let name = sys::get_exact(self.fd(), TCP, TCP_CONGESTION, [0u8; CA_NAME_MAX])?;
        let len = name.iter().position(|&b| b == 0).unwrap_or(CA_NAME_MAX);
        let text = name
            .get(..len)
            .and_then(|bytes| core::str::from_utf8(bytes).ok())
            .ok_or(Error::NoProtoOpt)?;
        let mut out = heapless::String::new();
        out.push_str(text).map_err(|()| Error::NoProtoOpt)?;
        Ok(out)
    }

    /// `TCP_MAXSEG`: the largest segment this side sends, in bytes (the
    /// MSS). Set before connect(2) or listen(2), it caps what the handshake
    /// agrees (it takes effect only when smaller than the route's); 0
    /// clears it.
    ///
    /// # Errors
    /// [`Error::Inval`] for a value other than 0 outside 88 to 32767 (the
    /// kernel's `TCP_MIN_MSS` and `MAX_TCP_WINDOW`); [`Error::NoProtoOpt`]
    /// or [`Error::OpNotSupp`] on a socket that is not TCP.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_tcp_mss(1200)?;
    /// assert_eq!(sock.tcp_mss()?, 1200);
    /// assert_eq!(sock.set_tcp_mss(40), Err(baresock::Error::Inval));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_MAXSEG")]
    #[inline]
    pub fn set_tcp_mss(&self, mss: u32) -> Result<()> {
        // Past i32 the kernel would read a negative int: refuse it as it
        // refuses any value past 32767.
        set_int(
            self,
            TCP_MAXSEG,
            i32::try_from(mss).map_err(|_| Error::Inval)?,
        )
    }

    /// Reads `TCP_MAXSEG` ([`Socket::set_tcp_mss`]): before the connection,
    /// the value set (536, the default MSS, if none); once connected, the
    /// MSS in use, options such as timestamps subtracted.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert_eq!(sock.tcp_mss()?, 536);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_MAXSEG")]
    #[inline]
    pub fn tcp_mss(&self) -> Result<u32> {
        // The kernel's MSS is positive.
        get_int(self, TCP_MAXSEG).map(|mss| mss as u32)
    }

    /// `TCP_NOTSENT_LOWAT`: how many bytes may wait unsent in the send
    /// buffer before the socket stops being writable (for poll(2) and
    /// epoll), so a server writes fresh data late instead of queueing stale
    /// data early. 0 clears it: the system's value applies,
    /// `net.ipv4.tcp_notsent_lowat` (by default `u32::MAX`: no limit).
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`] or [`Error::OpNotSupp`] on a socket that is not
    /// TCP.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_tcp_notsent_lowat(16 * 1024)?;
    /// assert_eq!(sock.tcp_notsent_lowat()?, 16 * 1024);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_NOTSENT_LOWAT")]
    #[inline]
    pub fn set_tcp_notsent_lowat(&self, bytes: u32) -> Result<()> {
        // The kernel keeps the int's bits as an unsigned value: every u32
        // round-trips.
        set_int(self, TCP_NOTSENT_LOWAT, bytes as i32)
    }

    /// Reads `TCP_NOTSENT_LOWAT` ([`Socket::set_tcp_notsent_lowat`]); 0
    /// if none is set on this socket (the system's value applies).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert_eq!(sock.tcp_notsent_lowat()?, 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_NOTSENT_LOWAT")]
    #[inline]
    pub fn tcp_notsent_lowat(&self) -> Result<u32> {
        get_int(self, TCP_NOTSENT_LOWAT).map(|bytes| bytes as u32)
    }

    /// `TCP_THIN_LINEAR_TIMEOUTS`: for a "thin" stream (fewer than four
    /// segments in flight), retransmission timeouts stay linear instead of
    /// doubling, for the first six, so an interactive connection that lost
    /// a segment recovers sooner.
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`] or [`Error::OpNotSupp`] on a socket that is not
    /// TCP.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_tcp_thin_linear_timeouts(true)?;
    /// assert!(sock.tcp_thin_linear_timeouts()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_THIN_LINEAR_TIMEOUTS")]
    #[inline]
    pub fn set_tcp_thin_linear_timeouts(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_tcp_thin_linear_timeouts(self, on)?)
    }

    /// Reads `TCP_THIN_LINEAR_TIMEOUTS` ([`Socket::set_tcp_thin_linear_timeouts`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(!sock.tcp_thin_linear_timeouts()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_THIN_LINEAR_TIMEOUTS")]
    #[inline]
    pub fn tcp_thin_linear_timeouts(&self) -> Result<bool> {
        Ok(sockopt::tcp_thin_linear_timeouts(self)?)
    }

    /// `TCP_DEFER_ACCEPT`: a listener hands out a connection only once its
    /// first data arrived (or, after `timeout`, with the handshake's last
    /// retransmission), so a server's accept never waits on a silent client.
    /// [`Duration::ZERO`] turns it off.
    ///
    /// The kernel keeps a number of SYN-ACK retransmissions, not seconds:
    /// the time is rounded up, to whole seconds and then to the end of a
    /// retransmission step (1 s, then doubling up to 120 s: 1, 3, 7, 15,
    /// 31, 63, 127, 247, ... seconds), and [`Socket::tcp_defer_accept`]
    /// reads back that step. Past 255 steps it saturates.
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`] or [`Error::OpNotSupp`] on a socket that is not
    /// TCP.
    ///
    /// ```
    /// use core::time::Duration;
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_tcp_defer_accept(Duration::from_secs(5))?;
    /// assert_eq!(sock.tcp_defer_accept()?, Duration::from_secs(7), "1 + 2 + 4 s");
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_DEFER_ACCEPT")]
    #[inline]
    pub fn set_tcp_defer_accept(&self, timeout: Duration) -> Result<()> {
        // Whole seconds, rounded up so that a sub-second wait is not "off";
        // past i32 it saturates (the kernel caps far below).
        let secs = (timeout.as_secs()).saturating_add(u64::from(timeout.subsec_nanos() != 0));
        set_int(
            self,
            TCP_DEFER_ACCEPT,
            i32::try_from(secs).unwrap_or(i32::MAX),
        )
    }

    /// Reads `TCP_DEFER_ACCEPT` ([`Socket::set_tcp_defer_accept`]): the
    /// time the kernel keeps, [`Duration::ZERO`] when off.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert_eq!(sock.tcp_defer_accept()?, core::time::Duration::ZERO);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_DEFER_ACCEPT")]
    #[inline]
    pub fn tcp_defer_accept(&self) -> Result<Duration> {
        let secs = get_int(self, TCP_DEFER_ACCEPT)?;
        Ok(Duration::from_secs(u64::try_from(secs).unwrap_or(0)))
    }

    /// `TCP_FASTOPEN`: turns on TCP Fast Open (RFC 7413) for a listener:
    /// a client holding a cookie sends its first data in the SYN, and the
    /// server reads it before the handshake ends. `queue` bounds the
    /// connections accepted this way whose handshake is not yet complete
    /// (the kernel caps it at `net.core.somaxconn`); 0 turns it off. Set it
    /// before or after listen(2). The server side must also be on in
    /// `net.ipv4.tcp_fastopen` (bit 2, value 2), which is off by default.
    ///
    /// # Errors
    /// [`Error::Inval`] on a socket that is connected or connecting, and
    /// for a `queue` past `i32::MAX`; [`Error::NoProtoOpt`] or
    /// [`Error::OpNotSupp`] on a socket that is not TCP.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_tcp_fastopen(16)?;
    /// assert_eq!(sock.tcp_fastopen()?, 16);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_FASTOPEN")]
    #[inline]
    pub fn set_tcp_fastopen(&self, queue: u32) -> Result<()> {
        set_int(
            self,
            TCP_FASTOPEN,
            i32::try_from(queue).map_err(|_| Error::Inval)?,
        )
    }

    /// Reads `TCP_FASTOPEN` ([`Socket::set_tcp_fastopen`]): the queue
    /// length the kernel kept, 0 when off.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert_eq!(sock.tcp_fastopen()?, 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_FASTOPEN")]
    #[inline]
    pub fn tcp_fastopen(&self) -> Result<u32> {
        get_int(self, TCP_FASTOPEN).map(|queue| u32::try_from(queue).unwrap_or(0))
    }

    /// `TCP_FASTOPEN_CONNECT`: makes connect(2) a client's TCP Fast Open.
    /// With a cookie from an earlier connection to the server, connect(2)
    /// returns at once without sending anything, and the first send carries
    /// its data in the SYN; without one, connect(2) asks for a cookie and
    /// goes on as usual. Set it before connect(2).
    ///
    /// # Errors
    /// [`Error::OpNotSupp`] when the client side is off in
    /// `net.ipv4.tcp_fastopen` (bit 1, on by default); [`Error::Inval`]
    /// on a socket that is not new (connected, listening, ...);
    /// [`Error::NoProtoOpt`] or [`Error::OpNotSupp`] on a socket that is
    /// not TCP.
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// match sock.set_tcp_fastopen_connect(true) {
    ///     Ok(()) => assert!(sock.tcp_fastopen_connect()?),
    ///     Err(Error::OpNotSupp) => {} // this system turned client fast open off
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "TCP_FASTOPEN_CONNECT")]
    #[inline]
    pub fn set_tcp_fastopen_connect(&self, on: bool) -> Result<()> {
        set_int(self, TCP_FASTOPEN_CONNECT, i32::from(on))
    }

    /// Reads `TCP_FASTOPEN_CONNECT` ([`Socket::set_tcp_fastopen_connect`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(!sock.tcp_fastopen_connect()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_FASTOPEN_CONNECT")]
    #[inline]
    pub fn tcp_fastopen_connect(&self) -> Result<bool> {
        get_int(self, TCP_FASTOPEN_CONNECT).map(|on| on != 0)
    }
}
