//! `SOL_SOCKET` options. Names are plain (no level affix); what a user
//! reads about the level is the `impl` block's doc (see `opt/mod.rs`).
//!
//! # References
//! - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html)
//! - [netdevice(7)](https://man7.org/linux/man-pages/man7/netdevice.7.html)
//!   (interface names, `SO_BINDTODEVICE`)
//! - [capabilities(7)](https://man7.org/linux/man-pages/man7/capabilities.7.html)
//!   (`CAP_NET_ADMIN`, `CAP_NET_RAW`)
//
// rustix has no call for SO_BINDTODEVICE, SO_MARK, SO_PRIORITY,
// SO_BUSY_POLL, SO_TIMESTAMPNS or SO_RXQ_OVFL: they go through `sys.rs`, as
// plain `int`s or, for the device, a `[u8; IFNAMSIZ]`. SO_OOBINLINE goes
// through rustix.

use core::time::Duration;

use linux_raw_sys::net::{
    IFNAMSIZ, SOL_SOCKET, SO_BINDTODEVICE, SO_BUSY_POLL, SO_MARK, SO_PRIORITY, SO_RXQ_OVFL,
    SO_TIMESTAMPNS_NEW, SO_TIMESTAMPNS_OLD,
};
use rustix::net::sockopt::{self, Timeout};

use super::timeout;
use crate::fmt::IFNAME_MAX_LEN;
use crate::{sys, zone, Domain, Error, Protocol, Result, Socket};

/// The kernel's `char[IFNAMSIZ]`: an interface name and its NUL.
type IfName = [u8; IFNAMSIZ as usize];

/// Whether `SO_TIMESTAMPNS_OLD`'s `struct timespec` already has 64-bit
/// seconds (a 64-bit `long`): then it is the message to ask for, the one
/// every kernel since 2.6.22 sends. A 32-bit target asks for
/// `SO_TIMESTAMPNS_NEW` first, whose seconds do not run out in 2038.
const TIMESTAMPNS_OLD_IS_64_BIT: bool = cfg!(target_pointer_width = "64");

/// `SOL_SOCKET` options: the ones every socket has, whatever its family.
/// Their names carry no level affix.
///
/// Every socket takes them (some act only on some sockets); each fails with
/// [`Error::NotSock`] on an fd that is not a socket.
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
    /// **Both servers must set it.** The kernel lets the new socket share
    /// the port only with sockets that have the flag themselves, and a
    /// connection in TIME_WAIT keeps the flag of the socket it came from
    /// (an accepted connection, its listener's). A restart after a server
    /// that did not set it is [`Error::AddrInUse`] until its TIME_WAIT
    /// connections expire, whatever the new one sets.
    ///
    /// # Errors
    /// [`Error::NotSock`] on an fd that is not a socket; every socket takes it.
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// sock.set_reuse_address(true)?;
    /// assert!(sock.reuse_address()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_REUSEADDR")]
    #[inline]
    pub fn set_reuse_address(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_socket_reuseaddr(self, on)?)
    }

    /// Reads `SO_REUSEADDR` ([`Socket::set_reuse_address`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(!sock.reuse_address()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_REUSEADDR")]
    #[inline]
    pub fn reuse_address(&self) -> Result<bool> {
        Ok(sockopt::socket_reuseaddr(self)?)
    }

    /// `SO_REUSEPORT`: lets several sockets of the same user bind the same
    /// address and port; the kernel spreads connections across them.
    ///
    /// # Errors
    /// [`Error::NotSock`] on an fd that is not a socket; every socket takes it.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_reuse_port(true)?;
    /// assert!(sock.reuse_port()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_REUSEPORT")]
    #[inline]
    pub fn set_reuse_port(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_socket_reuseport(self, on)?)
    }

    /// Reads `SO_REUSEPORT` ([`Socket::set_reuse_port`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(!sock.reuse_port()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_REUSEPORT")]
    #[inline]
    pub fn reuse_port(&self) -> Result<bool> {
        Ok(sockopt::socket_reuseport(self)?)
    }

    /// `SO_KEEPALIVE`: probes an idle connection so a vanished peer is
    /// noticed. When and how often: [`Socket::set_tcp_keepalive_time`],
    /// [`Socket::set_tcp_keepalive_interval`],
    /// [`Socket::set_tcp_keepalive_retries`].
    ///
    /// # Errors
    /// [`Error::NotSock`] on an fd that is not a socket; every socket takes it
    /// (only connection-oriented ones act on it).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_keepalive(true)?;
    /// assert!(sock.keepalive()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_KEEPALIVE")]
    #[inline]
    pub fn set_keepalive(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_socket_keepalive(self, on)?)
    }

    /// Reads `SO_KEEPALIVE` ([`Socket::set_keepalive`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(!sock.keepalive()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_KEEPALIVE")]
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
    /// [`Error::NotSock`] on an fd that is not a socket; every socket takes it.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_recv_buffer_size(65536)?;
    /// assert_eq!(sock.recv_buffer_size()?, 2 * 65536);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_RCVBUF")]
    #[inline]
    pub fn set_recv_buffer_size(&self, bytes: usize) -> Result<()> {
        Ok(sockopt::set_socket_recv_buffer_size(self, bytes)?)
    }

    /// Reads `SO_RCVBUF` ([`Socket::set_recv_buffer_size`]): the doubled value.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(sock.recv_buffer_size()? > 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_RCVBUF")]
    #[inline]
    pub fn recv_buffer_size(&self) -> Result<usize> {
        Ok(sockopt::socket_recv_buffer_size(self)?)
    }

    /// `SO_SNDBUF`: asks for a send buffer of `bytes`; doubled and clamped by
    /// the kernel as for [`Socket::set_recv_buffer_size`].
    ///
    /// # Errors
    /// [`Error::NotSock`] on an fd that is not a socket; every socket takes it.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_send_buffer_size(65536)?;
    /// assert_eq!(sock.send_buffer_size()?, 2 * 65536);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_SNDBUF")]
    #[inline]
    pub fn set_send_buffer_size(&self, bytes: usize) -> Result<()> {
        Ok(sockopt::set_socket_send_buffer_size(self, bytes)?)
    }

    /// Reads `SO_SNDBUF` ([`Socket::set_send_buffer_size`]): the doubled value.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(sock.send_buffer_size()? > 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_SNDBUF")]
    #[inline]
    pub fn send_buffer_size(&self) -> Result<usize> {
        Ok(sockopt::socket_send_buffer_size(self)?)
    }

    /// `SO_LINGER`: `Some(t)` makes close wait up to `t` for unsent data;
    /// `Some(ZERO)` makes close reset the connection at once; `None` restores
    /// the default (close returns at once, the kernel still delivers in the
    /// background).
    ///
    /// The kernel keeps whole seconds: a fraction is rounded *up* (1.2 s
    /// lingers 2 s, and a nanosecond lingers a whole second rather than becoming the reset of
    /// zero), so [`Socket::linger`] reads back the rounded value.
    ///
    /// # Errors
    /// [`Error::NotSock`] on an fd that is not a socket; every socket takes
    /// it. [`Error::Inval`] for more seconds than an `int` holds.
    ///
    /// ```
    /// use core::time::Duration;
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_linger(Some(Duration::from_secs(3)))?;
    /// assert_eq!(sock.linger()?, Some(Duration::from_secs(3)));
    /// sock.set_linger(Some(Duration::from_millis(1200)))?;
    /// assert_eq!(sock.linger()?, Some(Duration::from_secs(2)), "rounded up");
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_LINGER")]
    #[inline]
    pub fn set_linger(&self, linger: Option<Duration>) -> Result<()> {
        Ok(sockopt::set_socket_linger(self, linger)?)
    }

    /// Reads `SO_LINGER` ([`Socket::set_linger`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert_eq!(sock.linger()?, None);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_LINGER")]
    #[inline]
    pub fn linger(&self) -> Result<Option<Duration>> {
        Ok(sockopt::socket_linger(self)?)
    }

    /// `SO_RCVTIMEO`: a blocking receive ([`Socket::recv`],
    /// [`Socket::accept`], ...) waits at most `timeout`, then fails with
    /// [`Error::Again`], so one silent peer cannot hang a sequential server.
    /// `None` waits forever (the default).
    ///
    /// The kernel counts the timeout in clock ticks: it is rounded up to the
    /// next tick (1 to 10 ms, by the kernel's `HZ`), and one longer than the
    /// kernel can count (`LONG_MAX` ticks) waits forever and reads back as
    /// `None`. A non-blocking socket is not affected.
    ///
    /// # Errors
    /// [`Error::Inval`] for `Some(Duration::ZERO)`, before any system call:
    /// as in std, a zero timeout is an error rather than a silent "forever"
    /// (which is what the kernel makes of zero). [`Error::NotSock`] on an fd
    /// that is not a socket; every socket takes it. The kernel's
    /// [`Error::Dom`] for a `timeval` out of range cannot happen: the
    /// `Duration` is converted in range.
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// use core::time::Duration;
    /// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// sock.set_read_timeout(Some(Duration::from_secs(2)))?;
    /// assert_eq!(sock.read_timeout()?, Some(Duration::from_secs(2)));
    /// assert_eq!(sock.set_read_timeout(Some(Duration::ZERO)), Err(Error::Inval));
    /// sock.set_read_timeout(None)?;
    /// assert_eq!(sock.read_timeout()?, None);
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "SO_RCVTIMEO")]
    #[inline]
    pub fn set_read_timeout(&self, timeout: Option<Duration>) -> Result<()> {
        timeout::set_socket_timeout(self.fd(), Timeout::Recv, timeout)
    }

    /// Reads `SO_RCVTIMEO` ([`Socket::set_read_timeout`]); `None` when receives
    /// wait forever.
    ///
    /// # Errors
    /// [`Error::NotSock`] on an fd that is not a socket. [`Error::NoProtoOpt`]
    /// for an answer of the wrong length and [`Error::Dom`] for one out of
    /// range, rather than a panic: no Linux kernel gives either, only a
    /// faulty emulator.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert_eq!(sock.read_timeout()?, None);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_RCVTIMEO")]
    #[inline]
    pub fn read_timeout(&self) -> Result<Option<Duration>> {
        // Not rustix's getter, which asserts the answer's length and panics
        // under qemu-user (it answers 4 bytes): see `opt/timeout.rs`.
        timeout::socket_timeout(self.fd(), Timeout::Recv)
    }

    /// `SO_SNDTIMEO`: a blocking send waits at most `timeout` for buffer
    /// space, then fails with [`Error::Again`] (or returns the bytes it
    /// sent so far); a blocking [`Socket::connect`] fails with
    /// [`Error::InProgress`]. `None` waits forever (the default). Rounded
    /// and bounded by the kernel as for [`Socket::set_read_timeout`].
    ///
    /// # Errors
    /// As [`Socket::set_read_timeout`]: [`Error::Inval`] for
    /// `Some(Duration::ZERO)`.
    ///
    /// ```
    /// use core::time::Duration;
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_write_timeout(Some(Duration::from_millis(500)))?;
    /// assert_eq!(sock.write_timeout()?, Some(Duration::from_millis(500)));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_SNDTIMEO")]
    #[inline]
    pub fn set_write_timeout(&self, timeout: Option<Duration>) -> Result<()> {
        timeout::set_socket_timeout(self.fd(), Timeout::Send, timeout)
    }

    /// Reads `SO_SNDTIMEO` ([`Socket::set_write_timeout`]); `None` when sends
    /// wait forever.
    ///
    /// # Errors
    /// As [`Socket::read_timeout`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert_eq!(sock.write_timeout()?, None);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_SNDTIMEO")]
    #[inline]
    pub fn write_timeout(&self) -> Result<Option<Duration>> {
        timeout::socket_timeout(self.fd(), Timeout::Send)
    }

    /// `SO_BROADCAST`: lets a datagram socket send to a broadcast address;
    /// without it, such a send fails with [`Error::Access`].
    ///
    /// # Errors
    /// [`Error::NotSock`] on an fd that is not a socket; the kernel keeps the
    /// flag on every socket (only UDP acts on it).
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// sock.set_broadcast(true)?;
    /// assert!(sock.broadcast()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_BROADCAST")]
    #[inline]
    pub fn set_broadcast(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_socket_broadcast(self, on)?)
    }

    /// Reads `SO_BROADCAST` ([`Socket::set_broadcast`]).
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// assert!(!Socket::new(Domain::INET, Type::DGRAM, None)?.broadcast()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_BROADCAST")]
    #[inline]
    pub fn broadcast(&self) -> Result<bool> {
        Ok(sockopt::socket_broadcast(self)?)
    }

    /// `SO_INCOMING_CPU`: the CPU whose packets this socket should get. Among
    /// the sockets of one `SO_REUSEPORT` group, the kernel hands a new
    /// connection or datagram to the one whose CPU is the CPU that received
    /// it, so each worker pinned to a CPU serves that CPU's traffic.
    ///
    /// # Errors
    /// [`Error::NotSock`] on an fd that is not a socket; every socket takes
    /// it, and the kernel does not check the CPU number.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_cpu_affinity(0)?;
    /// assert_eq!(sock.cpu_affinity()?, Some(0));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_INCOMING_CPU")]
    #[inline]
    pub fn set_cpu_affinity(&self, cpu: u32) -> Result<()> {
        Ok(sockopt::set_socket_incoming_cpu(self, cpu)?)
    }

    /// Reads `SO_INCOMING_CPU` ([`Socket::set_cpu_affinity`]): the CPU set, or
    /// else the one that last received a packet; `None` while there is neither.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert_eq!(sock.cpu_affinity()?, None); // nothing received yet
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_INCOMING_CPU")]
    #[inline]
    pub fn cpu_affinity(&self) -> Result<Option<u32>> {
        // The kernel's `int` -1, as rustix's `u32`.
        Ok(Some(sockopt::socket_incoming_cpu(self)?).filter(|&cpu| cpu != u32::MAX))
    }

    /// `SO_COOKIE`: the socket's 64-bit id, unique among the sockets of its
    /// network namespace for as long as it lives, and never 0. eBPF programs
    /// and `ss` name sockets by it. Read only.
    ///
    /// # Errors
    /// [`Error::NotSock`] on an fd that is not a socket.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// use baresock::{Domain, Socket, Type};
    /// let a = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// let b = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// assert_ne!(a.cookie()?, 0);
    /// assert_ne!(a.cookie()?, b.cookie()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_COOKIE")]
    #[inline]
    pub fn cookie(&self) -> Result<u64> {
        // rustix's getter asserts that the answer is 8 bytes; Linux answers
        // exactly 8 (and fails with EINVAL for less room), so it cannot
        // panic there.
        Ok(sockopt::socket_cookie(self)?)
    }

    /// `SO_DOMAIN`: the family the socket was created with, any family
    /// (`AF_NETLINK` and `AF_PACKET` included). Read only.
    ///
    /// # Errors
    /// [`Error::NotSock`] on an fd that is not a socket.
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// assert_eq!(Socket::new(Domain::INET6, Type::DGRAM, None)?.domain()?, Domain::INET6);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_DOMAIN")]
    #[inline]
    pub fn domain(&self) -> Result<Domain> {
        Ok(Domain::from(sockopt::socket_domain(self)?))
    }

    /// `SO_PROTOCOL`: the protocol the kernel chose (or was given) at
    /// creation, any protocol; `None` for 0. An IP stream socket reports
    /// [`Protocol::TCP`] and an IP datagram socket [`Protocol::UDP`] even
    /// when created with `None`; a Unix socket reports `None`. Read only.
    ///
    /// # Errors
    /// [`Error::NotSock`] on an fd that is not a socket.
    ///
    /// ```
    /// use baresock::{Domain, Protocol, Socket, Type};
    /// assert_eq!(Socket::new(Domain::INET, Type::STREAM, None)?.protocol()?, Some(Protocol::TCP));
    /// assert_eq!(Socket::new(Domain::UNIX, Type::STREAM, None)?.protocol()?, None);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_PROTOCOL")]
    #[inline]
    pub fn protocol(&self) -> Result<Option<Protocol>> {
        Ok(sockopt::socket_protocol(self)?.map(Protocol::from))
    }

    /// `SO_ERROR`: takes (and clears) the socket's pending error, such as the
    /// result of a non-blocking connect. `Ok(None)` when there is none.
    ///
    /// # Errors
    /// [`Error::NotSock`] on an fd that is not a socket (the outer result).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert_eq!(sock.take_error()?, None);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_ERROR")]
    #[inline]
    pub fn take_error(&self) -> Result<Option<Error>> {
        Ok(sockopt::socket_error(self)?.err().map(Error::from))
    }

    /// `SO_ACCEPTCONN`: whether the socket is listening. Read only.
    ///
    /// # Errors
    /// [`Error::NotSock`] on an fd that is not a socket.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(!sock.is_listener()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_ACCEPTCONN")]
    #[inline]
    pub fn is_listener(&self) -> Result<bool> {
        Ok(sockopt::socket_acceptconn(self)?)
    }

    /// `SO_BINDTODEVICE`: binds the socket to the interface called
    /// `interface` (`"eth0".as_bytes()`): it receives only what arrives on that
    /// interface and sends only through it, whatever the routing table says.
    /// `None` removes the binding.
    ///
    /// Binding a socket that is not bound yet needs no privilege (since
    /// Linux 5.7); changing or removing a binding needs `CAP_NET_RAW`. The
    /// name is the kernel's, checked here by the kernel's own rule before
    /// the call, so a name the kernel would cut short or end early (it
    /// reads at most 15 bytes, up to a NUL) is refused rather than bound to
    /// another interface. Unlike socket2, an empty name does not unbind: it
    /// is [`Error::NoDev`]; write `None`.
    ///
    /// # Errors
    /// [`Error::NoDev`] when no interface has that name, or none could (`.`,
    /// `..`, empty, a `/`, `:`, NUL or whitespace, or not UTF-8, which
    /// [`Socket::device`] could not read back). [`Error::NameTooLong`] for
    /// more than [`IFNAME_MAX_LEN`](crate::fmt::IFNAME_MAX_LEN) (15) bytes.
    /// [`Error::Perm`] to change a binding without `CAP_NET_RAW`.
    /// [`Error::NotSock`].
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// use baresock::{Domain, Error, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// sock.bind_device(Some("lo".as_bytes()))?;
    /// assert_eq!(sock.device()?.as_deref(), Some("lo"));
    /// assert_eq!(sock.bind_device(Some("no-such-if0".as_bytes())), Err(Error::NoDev));
    /// # if rustix::process::geteuid().is_root() {
    /// sock.bind_device(None)?; // needs CAP_NET_RAW
    /// assert_eq!(sock.device()?, None);
    /// # }
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_BINDTODEVICE")]
    pub fn bind_device(&self, interface: Option<&[u8]>) -> Result<()> {
        // All NULs is "" to the kernel: no binding.
        let mut name: IfName = [0; IFNAMSIZ as usize];
        if let Some(interface) = interface {
            if interface.len() > IFNAME_MAX_LEN {
                return Err(Error::NameTooLong);
            }
            let valid = zone::valid_name(interface).map_err(|_| Error::NoDev)?;
            // At most 15 bytes into 16: the last stays the NUL.
            for (to, from) in name.iter_mut().zip(valid.as_bytes()) {
                *to = *from;
            }
        }
        sys::setsockopt(self.fd(), SOL_SOCKET, SO_BINDTODEVICE, &name)
    }

    /// Reads `SO_BINDTODEVICE` ([`Socket::bind_device`]): the interface's
    /// name, or `None` when the socket is not bound to one.
    ///
    /// # Errors
    /// [`Error::IlSeq`] for an interface whose name is not UTF-8 (bound by
    /// another program: the kernel allows any bytes but `/`, `:` and
    /// whitespace); [`Error::NoProtoOpt`] for an answer no kernel gives (a
    /// faulty emulator); [`Error::NotSock`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert_eq!(sock.device()?, None);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_BINDTODEVICE")]
    pub fn device(&self) -> Result<Option<heapless::String<IFNAME_MAX_LEN>>> {
        let mut name: IfName = [0; IFNAMSIZ as usize];
        let len = sys::getsockopt(self.fd(), SOL_SOCKET, SO_BINDTODEVICE, &mut name)?;
        device_name(&name, len)
    }

    /// `SO_MARK`: the mark (the kernel's `fwmark`) of every packet this
    /// socket sends, which routing rules (`ip rule add fwmark`) and
    /// netfilter can match: how a proxy or VPN routes its own traffic
    /// apart from what it carries. 0, the default, is no mark.
    ///
    /// # Errors
    /// [`Error::Perm`] without `CAP_NET_ADMIN` or `CAP_NET_RAW` (the latter
    /// since Linux 5.17) in the socket's network namespace: an unprivileged
    /// process cannot set a mark, not even 0. [`Error::NotSock`].
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// match sock.set_mark(0x2a) {
    ///     Ok(()) => assert_eq!(sock.mark()?, 0x2a),
    ///     Err(e) => assert_eq!(e, baresock::Error::Perm), // no CAP_NET_ADMIN
    /// }
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_MARK")]
    pub fn set_mark(&self, mark: u32) -> Result<()> {
        // The kernel's `int` holds the `u32` mark bit for bit.
        sys::setsockopt(self.fd(), SOL_SOCKET, SO_MARK, &mark)
    }

    /// Reads `SO_MARK` ([`Socket::set_mark`]); reading needs no privilege.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert_eq!(sock.mark()?, 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_MARK")]
    pub fn mark(&self) -> Result<u32> {
        sys::get_exact(self.fd(), SOL_SOCKET, SO_MARK, 0u32)
    }

    /// `SO_PRIORITY`: the priority of every packet this socket sends, which
    /// the interface's queueing discipline may use to order them (`tc`
    /// maps it to a band or class); on sockets of IP, `IP_TOS` sets it too.
    /// 0, the default, is best effort.
    ///
    /// # Errors
    /// [`Error::Perm`] for a priority above 6 without `CAP_NET_ADMIN` or
    /// `CAP_NET_RAW`; 0 to 6 need no privilege. [`Error::NotSock`].
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_priority(6)?;
    /// assert_eq!(sock.priority()?, 6);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_PRIORITY")]
    pub fn set_priority(&self, priority: u32) -> Result<()> {
        // The kernel's `int`, stored as its `u32` `sk_priority`.
        sys::setsockopt(self.fd(), SOL_SOCKET, SO_PRIORITY, &priority)
    }

    /// Reads `SO_PRIORITY` ([`Socket::set_priority`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert_eq!(sock.priority()?, 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_PRIORITY")]
    pub fn priority(&self) -> Result<u32> {
        sys::get_exact(self.fd(), SOL_SOCKET, SO_PRIORITY, 0u32)
    }

    /// `SO_BUSY_POLL`: a blocking receive with no data waiting polls the
    /// device's queue for about `micros` microseconds before it sleeps,
    /// trading CPU for latency (the kernel must have
    /// `CONFIG_NET_RX_BUSY_POLL`, and the driver must support it). 0 turns
    /// it off; the default is `net.core.busy_read`.
    ///
    /// # Errors
    /// [`Error::Perm`] to raise the value without `CAP_NET_ADMIN`, as
    /// socket(7) says and older kernels do (Linux 6.18 lets any process
    /// raise it; lowering it never needs the capability). [`Error::Inval`]
    /// above `i32::MAX` (the kernel's `int`). [`Error::NoProtoOpt`] on a kernel built without busy
    /// polling. [`Error::NotSock`].
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// sock.set_busy_poll(0)?; // lowering needs no privilege
    /// assert_eq!(sock.busy_poll()?, 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_BUSY_POLL")]
    pub fn set_busy_poll(&self, micros: u32) -> Result<()> {
        // Past i32::MAX the kernel's `int` is negative: its EINVAL.
        sys::setsockopt(self.fd(), SOL_SOCKET, SO_BUSY_POLL, &micros)
    }

    /// Reads `SO_BUSY_POLL` ([`Socket::set_busy_poll`]), in microseconds.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// let _micros: u32 = sock.busy_poll()?; // net.core.busy_read, usually 0
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_BUSY_POLL")]
    pub fn busy_poll(&self) -> Result<u32> {
        sys::get_exact(self.fd(), SOL_SOCKET, SO_BUSY_POLL, 0u32)
    }

    /// `SO_TIMESTAMPNS`: every datagram received with [`Socket::recvmsg`]
    /// carries the time the kernel received it (`CLOCK_REALTIME`, in
    /// nanoseconds), as a control message of level `SOL_SOCKET`.
    ///
    /// Which message depends on the target, and the decoder reads both as
    /// a `ControlMessage::Timestamp`: on 64-bit targets it is
    /// `SO_TIMESTAMPNS_OLD` (a `struct timespec` of two 64-bit `long`s); on
    /// 32-bit ones it is `SO_TIMESTAMPNS_NEW` (two 64-bit integers, whose
    /// seconds outlive 2038) from Linux 5.1, and `SO_TIMESTAMPNS_OLD` (two
    /// 32-bit `long`s) on older kernels, which do not know the new one.
    ///
    /// # Errors
    /// [`Error::NotSock`]; every socket takes it.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// sock.set_timestamp_ns(true)?;
    /// assert!(sock.timestamp_ns()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(
        alias = "SO_TIMESTAMPNS",
        alias = "SO_TIMESTAMPNS_NEW",
        alias = "SO_TIMESTAMPNS_OLD"
    )]
    pub fn set_timestamp_ns(&self, on: bool) -> Result<()> {
        let on = i32::from(on);
        if TIMESTAMPNS_OLD_IS_64_BIT {
            return sys::setsockopt(self.fd(), SOL_SOCKET, SO_TIMESTAMPNS_OLD, &on);
        }
        match sys::setsockopt(self.fd(), SOL_SOCKET, SO_TIMESTAMPNS_NEW, &on) {
            // Before Linux 5.1.
            Err(Error::NoProtoOpt) => {
                sys::setsockopt(self.fd(), SOL_SOCKET, SO_TIMESTAMPNS_OLD, &on)
            }
            done => done,
        }
    }

    /// Reads `SO_TIMESTAMPNS` ([`Socket::set_timestamp_ns`]), whichever of
    /// its two messages is on.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert!(!sock.timestamp_ns()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(
        alias = "SO_TIMESTAMPNS",
        alias = "SO_TIMESTAMPNS_NEW",
        alias = "SO_TIMESTAMPNS_OLD"
    )]
    pub fn timestamp_ns(&self) -> Result<bool> {
        // The kernel answers OLD only while NEW is off, and the reverse.
        if !TIMESTAMPNS_OLD_IS_64_BIT {
            match sys::get_exact(self.fd(), SOL_SOCKET, SO_TIMESTAMPNS_NEW, 0i32) {
                Ok(0) | Err(Error::NoProtoOpt) => {}
                Ok(_) => return Ok(true),
                Err(e) => return Err(e),
            }
        }
        Ok(sys::get_exact(self.fd(), SOL_SOCKET, SO_TIMESTAMPNS_OLD, 0i32)? != 0)
    }

    /// `SO_RXQ_OVFL`: every datagram received with [`Socket::recvmsg`]
    /// carries the number of datagrams this socket has dropped since it
    /// was made (its receive buffer full), as a control message of level
    /// `SOL_SOCKET`, type `SO_RXQ_OVFL` (a `u32`). The count is cumulative,
    /// as it stood when the datagram was queued: a reader sees a loss as a
    /// rise between two datagrams. While nothing has been dropped, no
    /// message comes.
    ///
    /// # Errors
    /// [`Error::NotSock`]; every socket takes it.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// sock.set_recv_drop_count(true)?;
    /// assert!(sock.recv_drop_count()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_RXQ_OVFL")]
    pub fn set_recv_drop_count(&self, on: bool) -> Result<()> {
        sys::setsockopt(self.fd(), SOL_SOCKET, SO_RXQ_OVFL, &i32::from(on))
    }

    /// Reads `SO_RXQ_OVFL` ([`Socket::set_recv_drop_count`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert!(!sock.recv_drop_count()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_RXQ_OVFL")]
    pub fn recv_drop_count(&self) -> Result<bool> {
        Ok(sys::get_exact(self.fd(), SOL_SOCKET, SO_RXQ_OVFL, 0i32)? != 0)
    }

    /// `SO_OOBINLINE`: TCP urgent data (sent with [`SendFlags::oob`]) is
    /// read in the ordinary stream, where it was sent, instead of only by a
    /// receive with [`RecvFlags::oob`] (which then fails with
    /// [`Error::Inval`]). RFC 6093 advises it for applications that must use
    /// urgent data at all.
    ///
    /// # Errors
    /// [`Error::NotSock`]; every socket takes it (only TCP acts on it).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// sock.set_out_of_band_inline(true)?;
    /// assert!(sock.out_of_band_inline()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// [`SendFlags::oob`]: crate::SendFlags::oob
    /// [`RecvFlags::oob`]: crate::RecvFlags::oob
    #[doc(alias = "SO_OOBINLINE")]
    #[inline]
    pub fn set_out_of_band_inline(&self, on: bool) -> Result<()> {
        Ok(sockopt::set_socket_oobinline(self, on)?)
    }

    /// Reads `SO_OOBINLINE` ([`Socket::set_out_of_band_inline`]).
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(!sock.out_of_band_inline()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_OOBINLINE")]
    #[inline]
    pub fn out_of_band_inline(&self) -> Result<bool> {
        Ok(sockopt::socket_oobinline(self)?)
    }
}

/// The name in `SO_BINDTODEVICE`'s answer of `len` bytes: the kernel writes
/// the name and its NUL, or nothing (`len` 0) for no binding. Anything else
/// (a length past the buffer, a name with no room for its NUL) comes from a
/// faulty emulator, never from Linux, and is refused rather than read.
fn device_name(name: &IfName, len: usize) -> Result<Option<heapless::String<IFNAME_MAX_LEN>>> {
    let answer = name.get(..len).ok_or(Error::NoProtoOpt)?;
    let name = match answer.iter().position(|&b| b == 0) {
        Some(nul) => answer.get(..nul).ok_or(Error::NoProtoOpt)?,
        None => answer,
    };
    if name.is_empty() {
        return Ok(None);
    }
    let name = core::str::from_utf8(name).map_err(|_| Error::IlSeq)?;
    heapless::String::try_from(name)
        .map(Some)
        .map_err(|()| Error::NoProtoOpt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(bytes: &[u8]) -> IfName {
        let mut name = [0xff; IFNAMSIZ as usize];
        name[..bytes.len()].copy_from_slice(bytes);
        name
    }

    #[test]
    fn device_names_are_read_up_to_their_nul() {
        let lo = |s: &str| Ok(Some(heapless::String::try_from(s).unwrap()));
        assert_eq!(device_name(&answer(b""), 0), Ok(None));
        assert_eq!(device_name(&answer(b"lo\0"), 3), lo("lo"));
        // The bytes past the answer's length are not read.
        assert_eq!(device_name(&answer(b"lo"), 2), lo("lo"));
        assert_eq!(device_name(&answer(b"\0"), 1), Ok(None));
        let longest = b"br-0123456789ab\0";
        assert_eq!(device_name(longest, 16), lo("br-0123456789ab"));
        // No room for the NUL: 16 bytes of name.
        assert_eq!(device_name(&[b'a'; 16], 16), Err(Error::NoProtoOpt));
        assert_eq!(device_name(&answer(b"lo\0"), 17), Err(Error::NoProtoOpt));
        assert_eq!(device_name(&answer(b"\xff\0"), 2), Err(Error::IlSeq));
    }
}
