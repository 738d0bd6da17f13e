//! [`Socket`]: an owned socket fd and the calls of a server's flow, and the
//! open [`Domain`], [`Type`] and [`Protocol`] of socket(2).
//!
//! Each method is one system call (a few for [`Socket::connect_timeout`]);
//! it allocates nothing, and on failure returns the errno as an [`Error`].
//! The fd is closed when the `Socket` drops, so no error path leaks it.
//!
//! # References
//! - [socket(2)](https://man7.org/linux/man-pages/man2/socket.2.html),
//!   [socketpair(2)](https://man7.org/linux/man-pages/man2/socketpair.2.html),
//!   [bind(2)](https://man7.org/linux/man-pages/man2/bind.2.html),
//!   [listen(2)](https://man7.org/linux/man-pages/man2/listen.2.html),
//!   [accept4(2)](https://man7.org/linux/man-pages/man2/accept4.2.html),
//!   [connect(2)](https://man7.org/linux/man-pages/man2/connect.2.html),
//!   [getsockname(2)](https://man7.org/linux/man-pages/man2/getsockname.2.html),
//!   [getpeername(2)](https://man7.org/linux/man-pages/man2/getpeername.2.html),
//!   [shutdown(2)](https://man7.org/linux/man-pages/man2/shutdown.2.html),
//!   [fcntl(2)](https://man7.org/linux/man-pages/man2/fcntl.2.html),
//!   [ioctl_fionbio(2const)](https://man7.org/linux/man-pages/man2/FIONBIO.2const.html),
//!   [poll(2)](https://man7.org/linux/man-pages/man2/poll.2.html),
//!   [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html),
//!   [address_families(7)](https://man7.org/linux/man-pages/man7/address_families.7.html),
//!   [protocols(5)](https://man7.org/linux/man-pages/man5/protocols.5.html)

use core::fmt;
use core::num::NonZeroU32;
use core::time::Duration;

use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, IntoRawFd, OwnedFd, RawFd};
use rustix::fs::OFlags;
use rustix::io::FdFlags;
use rustix::net::{self as rnet, AddressFamily, SocketFlags, SocketType};

use crate::addr::{Address, SockAddr};
use crate::{Error, Result};

/// Defines an open newtype's constants and the table its `Debug` reads
/// names from, so a constant and its name cannot drift apart.
macro_rules! named_constants {
    ($ty:ident { $($(#[$meta:meta])* $name:ident = $value:expr,)* }) => {
        impl $ty {
            $($(#[$meta])* pub const $name: Self = Self($value);)*

            /// The constant's name, where baresock has a constant for it.
            fn name(self) -> Option<&'static str> {
                $(if self == Self::$name {
                    return Some(stringify!($name));
                })*
                None
            }
        }

        impl fmt::Debug for $ty {
            /// The constant's name (`Domain::INET`), or the number (`Domain(42)`).
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(name) => write!(f, concat!(stringify!($ty), "::{}"), name),
                    None => write!(f, concat!(stringify!($ty), "({})"), self.as_raw()),
                }
            }
        }
    };
}

/// The protocol family of a socket: the `domain` argument of socket(2), an
/// `AF_*` number.
///
/// Open, as socket2's and rustix's are: any number the kernel has is a
/// `Domain` ([`Domain::from_raw`]); the common ones are constants. Its
/// `Debug` is the constant's name, or the number.
///
/// ```
/// use baresock::Domain;
/// assert_eq!(Domain::INET.as_raw(), 2); // AF_INET
/// assert_eq!(Domain::from_raw(16), Domain::NETLINK);
/// assert_eq!(format!("{:?} {:?}", Domain::INET6, Domain::from_raw(99)), "Domain::INET6 Domain(99)");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Domain(AddressFamily);

named_constants!(Domain {
    /// `AF_INET`: IPv4 (socket2's `Domain::IPV4`).
    #[doc(alias = "AF_INET", alias = "IPV4")]
    INET = AddressFamily::INET,
    /// `AF_INET6`: IPv6, and IPv4-mapped unless `IPV6_V6ONLY` (socket2's `Domain::IPV6`).
    #[doc(alias = "AF_INET6", alias = "IPV6")]
    INET6 = AddressFamily::INET6,
    /// `AF_UNIX`: local sockets named by path or abstract name.
    #[doc(alias = "AF_UNIX", alias = "AF_LOCAL")]
    UNIX = AddressFamily::UNIX,
    /// `AF_NETLINK`: the kernel's own messages (routing, audit, ...), netlink(7).
    #[doc(alias = "AF_NETLINK")]
    NETLINK = AddressFamily::NETLINK,
    /// `AF_PACKET`: link-level packets, packet(7).
    #[doc(alias = "AF_PACKET")]
    PACKET = AddressFamily::PACKET,
    /// `AF_VSOCK`: between virtual machines and their host, vsock(7).
    #[doc(alias = "AF_VSOCK")]
    VSOCK = AddressFamily::VSOCK,
    /// `AF_UNSPEC` (0): no family, as an address the kernel did not write has.
    #[doc(alias = "AF_UNSPEC")]
    UNSPEC = AddressFamily::UNSPEC,
});

impl Domain {
    /// The domain of `AF_*` number `raw`, whichever it is.
    ///
    /// ```
    /// assert_eq!(baresock::Domain::from_raw(1), baresock::Domain::UNIX);
    /// ```
    #[must_use]
    #[inline]
    pub const fn from_raw(raw: u16) -> Self {
        Self(AddressFamily::from_raw(raw))
    }

    /// The `AF_*` number.
    ///
    /// ```
    /// assert_eq!(baresock::Domain::INET6.as_raw(), 10);
    /// ```
    #[must_use]
    #[inline]
    pub const fn as_raw(self) -> u16 {
        self.0.as_raw()
    }
}

impl From<AddressFamily> for Domain {
    /// The one family-to-domain mapping: every family is a domain.
    ///
    /// ```
    /// use baresock::{rustix::net::AddressFamily, Domain};
    /// assert_eq!(Domain::from(AddressFamily::NETLINK), Domain::NETLINK);
    /// ```
    #[inline]
    fn from(family: AddressFamily) -> Self {
        Self(family)
    }
}

/// The kind of socket: the `type` argument of socket(2) without its flags,
/// a `SOCK_*` number.
///
/// Open, as [`Domain`] is: any number is a `Type` ([`Type::from_raw`]), so a
/// `SOCK_SEQPACKET` socket adopted from elsewhere reads back as itself.
///
/// ```
/// use baresock::Type;
/// assert_eq!(Type::STREAM.as_raw(), 1); // SOCK_STREAM
/// assert_eq!(format!("{:?}", Type::from_raw(5)), "Type::SEQPACKET");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Type(SocketType);

named_constants!(Type {
    /// `SOCK_STREAM`: a connection, a byte stream (TCP for IP).
    #[doc(alias = "SOCK_STREAM")]
    STREAM = SocketType::STREAM,
    /// `SOCK_DGRAM`: datagrams (UDP for IP).
    #[doc(alias = "SOCK_DGRAM")]
    DGRAM = SocketType::DGRAM,
    /// `SOCK_SEQPACKET`: a connection of datagrams, each read whole (Unix, SCTP).
    #[doc(alias = "SOCK_SEQPACKET")]
    SEQPACKET = SocketType::SEQPACKET,
    /// `SOCK_RAW`: packets with their protocol headers, raw(7) (needs `CAP_NET_RAW`).
    #[doc(alias = "SOCK_RAW")]
    RAW = SocketType::RAW,
    /// `SOCK_RDM`: reliably delivered messages (TIPC).
    #[doc(alias = "SOCK_RDM")]
    RDM = SocketType::RDM,
});

impl Type {
    /// The type of `SOCK_*` number `raw`, whichever it is.
    ///
    /// ```
    /// assert_eq!(baresock::Type::from_raw(2), baresock::Type::DGRAM);
    /// ```
    #[must_use]
    #[inline]
    pub const fn from_raw(raw: u32) -> Self {
        Self(SocketType::from_raw(raw))
    }

    /// The `SOCK_*` number.
    ///
    /// ```
    /// assert_eq!(baresock::Type::DGRAM.as_raw(), 2);
    /// ```
    #[must_use]
    #[inline]
    pub const fn as_raw(self) -> u32 {
        self.0.as_raw()
    }
}

impl From<SocketType> for Type {
    /// Every rustix socket type is a `Type`.
    ///
    /// ```
    /// use baresock::{rustix::net::SocketType, Type};
    /// assert_eq!(Type::from(SocketType::SEQPACKET), Type::SEQPACKET);
    /// ```
    #[inline]
    fn from(ty: SocketType) -> Self {
        Self(ty)
    }
}

/// The `protocol` argument of socket(2), when it is not 0: where socket(2)
/// takes one, baresock takes an `Option<Protocol>` as socket2 does, `None`
/// letting the kernel pick the one protocol of the domain and type.
///
/// Open: any nonzero number is a `Protocol` ([`Protocol::from_raw`]).
///
/// ```
/// use baresock::{Domain, Protocol, Socket, Type};
/// let tcp = Socket::new(Domain::INET6, Type::STREAM, Some(Protocol::TCP))?;
/// assert_eq!(tcp.protocol()?, Some(Protocol::TCP));
/// assert_eq!(format!("{:?}", Protocol::UDP), "Protocol::UDP");
/// # Ok::<(), baresock::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Protocol(rnet::Protocol);

named_constants!(Protocol {
    /// `IPPROTO_TCP`.
    #[doc(alias = "IPPROTO_TCP")]
    TCP = rnet::ipproto::TCP,
    /// `IPPROTO_UDP`.
    #[doc(alias = "IPPROTO_UDP")]
    UDP = rnet::ipproto::UDP,
    /// `IPPROTO_ICMP` (socket2's `Protocol::ICMPV4`).
    #[doc(alias = "IPPROTO_ICMP")]
    ICMPV4 = rnet::ipproto::ICMP,
    /// `IPPROTO_ICMPV6`.
    #[doc(alias = "IPPROTO_ICMPV6")]
    ICMPV6 = rnet::ipproto::ICMPV6,
    /// `IPPROTO_SCTP`.
    #[doc(alias = "IPPROTO_SCTP")]
    SCTP = rnet::ipproto::SCTP,
    /// `IPPROTO_UDPLITE`.
    #[doc(alias = "IPPROTO_UDPLITE")]
    UDPLITE = rnet::ipproto::UDPLITE,
    /// `IPPROTO_MPTCP`: multipath TCP.
    #[doc(alias = "IPPROTO_MPTCP")]
    MPTCP = rnet::ipproto::MPTCP,
    /// `IPPROTO_DCCP`.
    #[doc(alias = "IPPROTO_DCCP")]
    DCCP = rnet::ipproto::DCCP,
});

impl Protocol {
    /// The protocol of number `raw`; `None` for 0, which names no protocol.
    ///
    /// ```
    /// use baresock::Protocol;
    /// assert_eq!(Protocol::from_raw(6), Some(Protocol::TCP));
    /// assert_eq!(Protocol::from_raw(0), None);
    /// ```
    #[must_use]
    #[inline]
    pub const fn from_raw(raw: u32) -> Option<Self> {
        match NonZeroU32::new(raw) {
            Some(raw) => Some(Self(rnet::Protocol::from_raw(raw))),
            None => None,
        }
    }

    /// The protocol number.
    ///
    /// ```
    /// assert_eq!(baresock::Protocol::UDP.as_raw(), 17);
    /// ```
    #[must_use]
    #[inline]
    pub const fn as_raw(self) -> u32 {
        self.0.as_raw().get()
    }

    /// What rustix takes: `None` for 0.
    #[inline]
    pub(crate) const fn to_rustix(protocol: Option<Self>) -> Option<rnet::Protocol> {
        match protocol {
            Some(p) => Some(p.0),
            None => None,
        }
    }
}

impl From<rnet::Protocol> for Protocol {
    /// Every rustix protocol is a `Protocol`.
    ///
    /// ```
    /// use baresock::{rustix::net::ipproto, Protocol};
    /// assert_eq!(Protocol::from(ipproto::SCTP), Protocol::SCTP);
    /// ```
    #[inline]
    fn from(protocol: rnet::Protocol) -> Self {
        Self(protocol)
    }
}
/// The flags `socket` and `accept4` set on a new fd atomically.
///
/// [`Flags::DEFAULT`] is close-on-exec, blocking: a child process started by
/// `exec` does not inherit the socket unless the caller opts out by name with
/// [`Flags::inheritable`].
///
/// ```
/// use baresock::Flags;
/// let flags = Flags::DEFAULT.nonblocking();
/// assert!(flags.is_cloexec() && flags.is_nonblocking());
/// assert!(!Flags::DEFAULT.inheritable().is_cloexec());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Flags(SocketFlags);

impl Flags {
    /// `SOCK_CLOEXEC`, blocking.
    ///
    /// ```
    /// let f = baresock::Flags::DEFAULT;
    /// assert!(f.is_cloexec() && !f.is_nonblocking());
    /// ```
    pub const DEFAULT: Self = Self(SocketFlags::CLOEXEC);

    /// Adds `SOCK_NONBLOCK`: calls that would wait return
    /// [`Error::Again`] instead.
    ///
    /// ```
    /// assert!(baresock::Flags::DEFAULT.nonblocking().is_nonblocking());
    /// ```
    #[doc(alias = "SOCK_NONBLOCK")]
    #[must_use]
    pub const fn nonblocking(self) -> Self {
        Self(self.0.union(SocketFlags::NONBLOCK))
    }

    /// Removes `SOCK_CLOEXEC`: the fd survives `exec` into a child program.
    ///
    /// ```
    /// assert!(!baresock::Flags::DEFAULT.inheritable().is_cloexec());
    /// ```
    #[must_use]
    pub const fn inheritable(self) -> Self {
        Self(self.0.difference(SocketFlags::CLOEXEC))
    }

    /// Whether `SOCK_CLOEXEC` is set.
    ///
    /// ```
    /// assert!(baresock::Flags::DEFAULT.is_cloexec());
    /// ```
    #[doc(alias = "SOCK_CLOEXEC")]
    #[must_use]
    pub const fn is_cloexec(self) -> bool {
        self.0.contains(SocketFlags::CLOEXEC)
    }

    /// Whether `SOCK_NONBLOCK` is set.
    ///
    /// ```
    /// assert!(!baresock::Flags::DEFAULT.is_nonblocking());
    /// ```
    #[must_use]
    pub const fn is_nonblocking(self) -> bool {
        self.0.contains(SocketFlags::NONBLOCK)
    }
}

impl Default for Flags {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Debug for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Flags")
            .field("cloexec", &self.is_cloexec())
            .field("nonblocking", &self.is_nonblocking())
            .finish()
    }
}

/// The `backlog` of listen(2): how many connections may wait to be accepted.
///
/// It is the length of the queue of *completed* connections (the three-way
/// handshake done, waiting for `accept`), not of half-open ones (those are
/// bounded by `tcp_max_syn_backlog`). The kernel caps it at
/// `/proc/sys/net/core/somaxconn` (4096 since Linux 5.4) without an error.
/// In practice one more connection than the backlog completes: the queue is
/// full only when it holds *more* than `backlog`.
///
/// ```
/// use baresock::Backlog;
/// assert_eq!(Backlog::new(16).get(), 16);
/// assert_eq!(Backlog::MAX.get(), i32::MAX); // the kernel caps it at somaxconn
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Backlog(u32);

impl Backlog {
    /// The kernel's own cap (`somaxconn`): ask for as much as allowed.
    ///
    /// ```
    /// use baresock::{Backlog, Domain, SockAddrIn, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// sock.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// sock.listen(Backlog::MAX)?; // no error: silently capped
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SOMAXCONN")]
    pub const MAX: Self = Self(i32::MAX as u32);
    /// 128, the classic `SOMAXCONN`: what std's `TcpListener::bind` passes
    /// on Linux (std's `UnixListener` asks for [`Backlog::MAX`]).
    ///
    /// ```
    /// assert_eq!(baresock::Backlog::default(), baresock::Backlog::DEFAULT);
    /// ```
    pub const DEFAULT: Self = Self(128);

    /// A backlog of `len` completed connections; values above `i32::MAX` are
    /// clamped to it (the kernel caps it lower still).
    ///
    /// ```
    /// assert_eq!(baresock::Backlog::new(u32::MAX).get(), i32::MAX);
    /// ```
    #[must_use]
    pub const fn new(len: u32) -> Self {
        if len > i32::MAX as u32 {
            Self::MAX
        } else {
            Self(len)
        }
    }

    /// The value passed to the kernel.
    ///
    /// ```
    /// assert_eq!(baresock::Backlog::DEFAULT.get(), 128);
    /// ```
    #[must_use]
    pub const fn get(self) -> i32 {
        self.0 as i32
    }
}

impl Default for Backlog {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Which half of a connection [`Socket::shutdown`] closes.
///
/// ```
/// use baresock::Shutdown;
/// let _ = Shutdown::Write; // send FIN, keep reading
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shutdown {
    /// `SHUT_RD`.
    Read,
    /// `SHUT_WR`: sends FIN; the peer reads end-of-stream.
    Write,
    /// `SHUT_RDWR`.
    Both,
}

/// An owned socket: the fd closes when it drops.
///
/// `Option<Socket>` is 4 bytes, the size of `Socket`, with the `std`
/// feature, and 8 bytes without it.
///
/// # Example: the server flow
///
/// ```
/// use baresock::{Backlog, Domain, SockAddrIn, Socket, Type};
/// use core::net::Ipv4Addr;
///
/// let server = Socket::new(Domain::INET, Type::STREAM, None)?;
/// server.set_reuse_address(true)?;
/// server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
/// server.listen(Backlog::DEFAULT)?;
/// let addr = server.local_addr()?;
///
/// let client = Socket::new(Domain::INET, Type::STREAM, None)?;
/// client.connect(&addr)?;
/// let (conn, peer) = server.accept()?;
/// assert_eq!(peer, client.local_addr()?);
///
/// conn.send(b"hi")?;
/// let mut buf = [0; 2];
/// assert_eq!(client.recv(&mut buf)?.filled(), 2);
/// assert_eq!(&buf, b"hi");
/// # Ok::<(), baresock::Error>(())
/// ```
pub struct Socket {
    // The niche of `Option<Socket>` is `OwnedFd`'s: with `std`, rustix's
    // `OwnedFd` is std's, which reserves -1; without, rustix's own has none,
    // and one cannot be added without `unsafe`.
    fd: OwnedFd,
}

impl Socket {
    /// socket(2): `socket(domain, type | SOCK_CLOEXEC, protocol)`, as
    /// socket2's `Socket::new`; `None` lets the kernel pick the protocol.
    ///
    /// # Errors
    /// [`Error::MFile`] (`EMFILE`), [`Error::AfNoSupport`],
    /// [`Error::ProtoNoSupport`] (a protocol the type does not carry), ...
    ///
    /// ```
    /// use baresock::{Domain, Error, Protocol, Socket, Type};
    /// let udp = Socket::new(Domain::INET6, Type::DGRAM, None)?;
    /// assert_eq!(udp.socket_type()?, Type::DGRAM);
    /// assert_eq!(
    ///     Socket::new(Domain::INET, Type::STREAM, Some(Protocol::UDP)).err(),
    ///     Some(Error::ProtoNoSupport),
    /// );
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "socket")]
    #[inline]
    pub fn new(domain: Domain, ty: Type, protocol: Option<Protocol>) -> Result<Self> {
        Self::new_with(domain, ty, protocol, Flags::DEFAULT)
    }

    /// [`Socket::new`] with `flags` in place of close-on-exec alone, set
    /// atomically.
    ///
    /// # Errors
    /// As [`Socket::new`].
    ///
    /// ```
    /// use baresock::{Domain, Flags, Socket, Type};
    /// let tcp = Socket::new_with(Domain::INET, Type::STREAM, None, Flags::DEFAULT.nonblocking())?;
    /// assert!(tcp.nonblocking()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn new_with(
        domain: Domain,
        ty: Type,
        protocol: Option<Protocol>,
        flags: Flags,
    ) -> Result<Self> {
        let protocol = Protocol::to_rustix(protocol);
        let fd = rnet::socket_with(domain.0, ty.0, flags.0, protocol)?;
        Ok(Self { fd })
    }

    /// socketpair(2): two connected sockets, close-on-exec, each the other's
    /// peer. Only [`Domain::UNIX`] has pairs; both ends are unnamed.
    ///
    /// # Errors
    /// [`Error::OpNotSupp`] for [`Domain::INET`] and [`Domain::INET6`],
    /// [`Error::MFile`], [`Error::NFile`], ...
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::SEQPACKET, None)?;
    /// a.send(b"ping")?;
    /// let mut buf = [0; 4];
    /// assert_eq!(b.recv(&mut buf)?.filled(), 4);
    /// assert_eq!(Socket::pair(Domain::INET, Type::STREAM, None).err(), Some(Error::OpNotSupp));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "socketpair")]
    #[inline]
    pub fn pair(domain: Domain, ty: Type, protocol: Option<Protocol>) -> Result<(Self, Self)> {
        Self::pair_with(domain, ty, protocol, Flags::DEFAULT)
    }

    /// [`Socket::pair`] with `flags` set on both ends atomically.
    ///
    /// # Errors
    /// As [`Socket::pair`].
    ///
    /// ```
    /// use baresock::{Domain, Error, Flags, Socket, Type};
    /// let (a, _b) = Socket::pair_with(Domain::UNIX, Type::DGRAM, None, Flags::DEFAULT.nonblocking())?;
    /// let mut buf = [0; 4];
    /// assert_eq!(a.recv(&mut buf), Err(Error::Again));
    /// # Ok::<(), Error>(())
    /// ```
    #[inline]
    pub fn pair_with(
        domain: Domain,
        ty: Type,
        protocol: Option<Protocol>,
        flags: Flags,
    ) -> Result<(Self, Self)> {
        let protocol = Protocol::to_rustix(protocol);
        let (a, b) = rnet::socketpair(domain.0, ty.0, flags.0, protocol)?;
        Ok((Self { fd: a }, Self { fd: b }))
    }

    /// bind(2): gives the socket its local address, any [`Address`]
    /// (baresock's or `core::net`'s).
    ///
    /// # Errors
    /// [`Error::AddrInUse`] (taken, or in TIME_WAIT without
    /// [`Socket::set_reuse_address`]), [`Error::Inval`] (already bound),
    /// [`Error::Access`] (a port below 1024 without privilege),
    /// [`Error::AddrNotAvail`] (not a local address), ...
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// use core::net::{Ipv4Addr, SocketAddrV4};
    /// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// sock.bind(&SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn bind(&self, addr: &impl Address) -> Result<()> {
        Ok(rnet::bind(&self.fd, addr)?)
    }

    /// listen(2): marks the socket passive, to accept connections.
    ///
    /// # Errors
    /// [`Error::OpNotSupp`] on a datagram socket,
    /// [`Error::AddrInUse`] when another socket listens on the same port.
    ///
    /// ```
    /// use baresock::{Backlog, Domain, SockAddrIn, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// sock.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// sock.listen(Backlog::new(64))?;
    /// assert!(sock.is_listener()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn listen(&self, backlog: Backlog) -> Result<()> {
        Ok(rnet::listen(&self.fd, backlog.get())?)
    }

    /// accept4(2): takes the first completed connection off the queue, as a
    /// new close-on-exec socket, and the peer's address (as std and socket2).
    ///
    /// On a blocking listener this waits for a connection; on a non-blocking
    /// one with none queued it returns [`Error::Again`]. A signal handled
    /// while it waits makes it return [`Error::Intr`] unless the handler was
    /// installed with `SA_RESTART`, and always when the listener has a
    /// receive timeout (signal(7)); the listener is unharmed, call it again.
    ///
    /// # Errors
    /// [`Error::Again`], [`Error::Inval`] (not listening),
    /// [`Error::ConnAborted`], [`Error::Intr`],
    /// [`Error::MFile`], [`Error::NotSock`], ...
    ///
    /// ```
    /// use baresock::{Backlog, Domain, SockAddr, Socket, Type};
    /// use core::net::{Ipv6Addr, SocketAddrV6};
    /// let server = Socket::new(Domain::INET6, Type::STREAM, None)?;
    /// server.bind(&SocketAddrV6::new(Ipv6Addr::LOCALHOST, 0, 0, 0))?;
    /// server.listen(Backlog::DEFAULT)?;
    /// let client = Socket::new(Domain::INET6, Type::STREAM, None)?;
    /// client.connect(&server.local_addr()?)?;
    ///
    /// let (conn, peer) = server.accept()?;
    /// assert_eq!(peer.ip(), Some(Ipv6Addr::LOCALHOST.into()));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn accept(&self) -> Result<(Self, SockAddr)> {
        self.accept_with(Flags::DEFAULT)
    }

    /// [`Socket::accept`] with `flags` set on the new socket atomically.
    ///
    /// # Errors
    /// As [`Socket::accept`].
    ///
    /// ```
    /// use baresock::{Backlog, Domain, Flags, SockAddrIn, Socket, Type};
    /// let server = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// server.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// server.listen(Backlog::DEFAULT)?;
    /// let client = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// client.connect(&server.local_addr()?)?;
    /// let (conn, _peer) = server.accept_with(Flags::DEFAULT.nonblocking())?;
    /// assert!(conn.nonblocking()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn accept_with(&self, flags: Flags) -> Result<(Self, SockAddr)> {
        let (fd, peer) = rnet::acceptfrom_with(&self.fd, flags.0)?;
        Ok((Self { fd }, SockAddr::from_kernel(peer)))
    }

    /// accept4(2) with `flags` and a null address: the new socket alone. The
    /// kernel writes no peer and no decoding code is linked in, for the
    /// smallest binaries; the peer is still [`Socket::peer_addr`].
    ///
    /// # Errors
    /// As [`Socket::accept`].
    ///
    /// ```
    /// use baresock::{Backlog, Domain, Error, Flags, SockAddrIn, Socket, Type};
    /// let server = Socket::new_with(Domain::INET, Type::STREAM, None, Flags::DEFAULT.nonblocking())?;
    /// server.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// server.listen(Backlog::DEFAULT)?;
    /// assert_eq!(server.accept_bare(Flags::DEFAULT).err(), Some(Error::Again));
    /// # Ok::<(), Error>(())
    /// ```
    #[inline]
    pub fn accept_bare(&self, flags: Flags) -> Result<Self> {
        let fd = rnet::accept_with(&self.fd, flags.0)?;
        Ok(Self { fd })
    }

    /// connect(2) to any [`Address`] (baresock's or `core::net`'s).
    ///
    /// # Errors
    /// [`Error::ConnRefused`] (nothing listens), [`Error::InProgress`] (a
    /// non-blocking socket: the result comes later as [`Socket::take_error`];
    /// [`Socket::connect_timeout`] waits for it), [`Error::IsConn`],
    /// [`Error::AfNoSupport`], ...
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// use core::net::{Ipv4Addr, SocketAddrV4};
    /// // Bind a port and do not listen: a connect there is refused.
    /// let closed = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// closed.bind(&SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))?;
    /// let client = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// assert_eq!(client.connect(&closed.local_addr()?), Err(Error::ConnRefused));
    /// # Ok::<(), Error>(())
    /// ```
    #[inline]
    pub fn connect(&self, addr: &impl Address) -> Result<()> {
        Ok(rnet::connect(&self.fd, addr)?)
    }

    /// connect(2) that waits at most `timeout`: the connect is made
    /// non-blocking, then poll(2) waits for its end. The socket is left as
    /// blocking as it was before. Interrupted waits resume with the time
    /// left (a monotonic clock), so the wait is bounded by `timeout`.
    ///
    /// # Errors
    /// [`Error::TimedOut`] when the connection is not made in time (the
    /// socket is then half-way: drop it), [`Error::Inval`] for a zero
    /// `timeout` (as std), and [`Socket::connect`]'s.
    ///
    /// ```
    /// use baresock::{Backlog, Domain, Socket, Type};
    /// use core::net::{Ipv4Addr, SocketAddrV4};
    /// use core::time::Duration;
    /// let server = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// server.bind(&SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))?;
    /// server.listen(Backlog::DEFAULT)?;
    /// let client = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// client.connect_timeout(&server.local_addr()?, Duration::from_secs(5))?;
    /// assert!(!client.nonblocking()?); // as it was
    /// # Ok::<(), baresock::Error>(())
    /// ```
    pub fn connect_timeout(&self, addr: &impl Address, timeout: Duration) -> Result<()> {
        if timeout.is_zero() {
            return Err(Error::Inval);
        }
        let was_nonblocking = self.nonblocking()?;
        if was_nonblocking {
            return self.connect_and_wait(addr, timeout);
        }
        self.set_nonblocking(true)?;
        let connected = self.connect_and_wait(addr, timeout);
        let restored = self.set_nonblocking(false);
        connected.and(restored)
    }

    /// The non-blocking half of [`Socket::connect_timeout`].
    fn connect_and_wait(&self, addr: &impl Address, timeout: Duration) -> Result<()> {
        match rnet::connect(&self.fd, addr) {
            Ok(()) => return Ok(()),
            Err(rustix::io::Errno::INPROGRESS) => {}
            Err(e) => return Err(e.into()),
        }
        let start = monotonic_now();
        loop {
            let left = timeout.saturating_sub(monotonic_now().saturating_sub(start));
            if left.is_zero() {
                return Err(Error::TimedOut);
            }
            let left = Timespec::try_from(left).unwrap_or(Timespec {
                tv_sec: i64::MAX,
                tv_nsec: 0,
            });
            let mut fds = [PollFd::new(&self.fd, PollFlags::OUT)];
            match rustix::event::poll(&mut fds, Some(&left)) {
                Ok(0) => return Err(Error::TimedOut),
                Ok(_) => break,
                Err(rustix::io::Errno::INTR) => {}
                Err(e) => return Err(e.into()),
            }
        }
        // Writable or failed: SO_ERROR says which.
        match rnet::sockopt::socket_error(&self.fd)? {
            Ok(()) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// getsockname(2): the address the socket is bound to.
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// use baresock::{Domain, SockAddrIn, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// sock.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// assert_ne!(sock.local_addr()?.port(), Some(0)); // the kernel picked one
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "getsockname")]
    pub fn local_addr(&self) -> Result<SockAddr> {
        let any = rnet::getsockname(&self.fd)?;
        Ok(SockAddr::from_kernel(Some(any)))
    }

    /// getpeername(2): the address of the connected peer.
    ///
    /// # Errors
    /// [`Error::NotConn`] when not connected.
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// assert_eq!(sock.peer_addr().err(), Some(Error::NotConn));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "getpeername")]
    pub fn peer_addr(&self) -> Result<SockAddr> {
        let any = rnet::getpeername(&self.fd)?;
        Ok(SockAddr::from_kernel(any))
    }

    /// shutdown(2).
    ///
    /// # Errors
    /// [`Error::NotConn`] when not connected.
    ///
    /// ```
    /// use baresock::{Domain, Error, Shutdown, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// assert_eq!(sock.shutdown(Shutdown::Both), Err(Error::NotConn));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn shutdown(&self, how: Shutdown) -> Result<()> {
        let how = match how {
            Shutdown::Read => rnet::Shutdown::Read,
            Shutdown::Write => rnet::Shutdown::Write,
            Shutdown::Both => rnet::Shutdown::Both,
        };
        Ok(rnet::shutdown(&self.fd, how)?)
    }

    /// The socket's type, from `SO_TYPE` (socket2's `r#type`): any type,
    /// `SOCK_SEQPACKET` and `SOCK_RAW` included.
    ///
    /// # Errors
    /// [`Error::NotSock`].
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// let (a, _b) = Socket::pair(Domain::UNIX, Type::SEQPACKET, None)?;
    /// assert_eq!(a.socket_type()?, Type::SEQPACKET);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_TYPE", alias = "type")]
    pub fn socket_type(&self) -> Result<Type> {
        Ok(Type(rnet::sockopt::socket_type(&self.fd)?))
    }

    /// A second socket on the same open file (`fcntl(F_DUPFD_CLOEXEC)`):
    /// both share the file's state (options, non-blocking mode, queue).
    ///
    /// # Errors
    /// [`Error::MFile`] when the process is out of descriptors.
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::STREAM, None)?;
    /// let a2 = a.try_clone()?;
    /// a2.send(b"x")?;
    /// assert!(a2.cloexec()?);
    /// let mut buf = [0; 1];
    /// assert_eq!(b.recv(&mut buf)?.filled(), 1);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "F_DUPFD_CLOEXEC", alias = "dup")]
    pub fn try_clone(&self) -> Result<Self> {
        let fd = rustix::io::fcntl_dupfd_cloexec(&self.fd, 0)?;
        Ok(Self { fd })
    }

    /// Makes calls that would wait return [`Error::Again`] instead
    /// (`ioctl(FIONBIO)`), or wait again (`false`).
    ///
    /// # Errors
    /// [`Error::BadF`].
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// let (a, _b) = Socket::pair(Domain::UNIX, Type::STREAM, None)?;
    /// a.set_nonblocking(true)?;
    /// assert_eq!(a.recv(&mut [0; 1]), Err(Error::Again));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "FIONBIO", alias = "O_NONBLOCK")]
    pub fn set_nonblocking(&self, nonblocking: bool) -> Result<()> {
        Ok(rustix::io::ioctl_fionbio(&self.fd, nonblocking)?)
    }

    /// Whether `O_NONBLOCK` is set ([`Socket::set_nonblocking`]).
    ///
    /// ```
    /// let s = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(!s.nonblocking()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    pub fn nonblocking(&self) -> Result<bool> {
        Ok(rustix::fs::fcntl_getfl(&self.fd)?.contains(OFlags::NONBLOCK))
    }

    /// Sets or clears close-on-exec (`FD_CLOEXEC`, `fcntl(F_SETFD)`): with
    /// `false`, a program started by `exec` inherits the fd.
    ///
    /// # Errors
    /// [`Error::BadF`].
    ///
    /// ```
    /// let s = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// s.set_cloexec(false)?;
    /// assert!(!s.cloexec()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "FD_CLOEXEC", alias = "F_SETFD")]
    pub fn set_cloexec(&self, cloexec: bool) -> Result<()> {
        let flags = if cloexec {
            FdFlags::CLOEXEC
        } else {
            FdFlags::empty()
        };
        Ok(rustix::io::fcntl_setfd(&self.fd, flags)?)
    }

    /// Whether `FD_CLOEXEC` is set ([`Socket::set_cloexec`]).
    ///
    /// ```
    /// let s = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(s.cloexec()?); // baresock's default
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "F_GETFD")]
    pub fn cloexec(&self) -> Result<bool> {
        Ok(rustix::io::fcntl_getfd(&self.fd)?.contains(FdFlags::CLOEXEC))
    }

    /// Borrows the fd (as [`AsFd`] does), for rustix calls baresock does not wrap.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(rustix::net::sockopt::socket_acceptconn(sock.fd()).is_ok());
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    #[inline]
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

/// The time on the monotonic clock, for [`Socket::connect_timeout`]'s deadline.
fn monotonic_now() -> Duration {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::Monotonic);
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}
impl fmt::Debug for Socket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Socket")
            .field("fd", &self.fd.as_raw_fd())
            .finish()
    }
}

impl AsFd for Socket {
    #[inline]
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl AsRawFd for Socket {
    #[inline]
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

impl IntoRawFd for Socket {
    #[inline]
    fn into_raw_fd(self) -> RawFd {
        self.fd.into_raw_fd()
    }
}

impl FromRawFd for Socket {
    /// # Safety
    /// `fd` must be an open socket that nothing else owns (it is closed on
    /// drop), as for [`OwnedFd::from_raw_fd`].
    #[allow(unsafe_code)]
    unsafe fn from_raw_fd(fd: RawFd) -> Self {
        // SAFETY: the caller promises `fd` is open and owned by no one else,
        // which is exactly `OwnedFd::from_raw_fd`'s contract.
        Self {
            fd: unsafe { OwnedFd::from_raw_fd(fd) },
        }
    }
}

impl From<OwnedFd> for Socket {
    /// Adopts an fd; calls on it fail with [`Error::NotSock`] if it is not a socket.
    fn from(fd: OwnedFd) -> Self {
        Self { fd }
    }
}

impl From<Socket> for OwnedFd {
    fn from(socket: Socket) -> Self {
        socket.fd
    }
}

/// Hands a socket to std and adopts a std socket, keeping the fd (no
/// system call), for each of std's socket types.
#[cfg(feature = "std")]
macro_rules! std_conversions {
    ($($ty:ty),*) => {$(
        // The cfg is repeated on each impl for docs.rs: rustdoc marks an
        // item "std only" by the cfg on the item itself, not on the macro's
        // call.
        #[cfg(feature = "std")]
        impl From<Socket> for $ty {
            fn from(socket: Socket) -> Self {
                Self::from(socket.fd)
            }
        }

        #[cfg(feature = "std")]
        impl From<$ty> for Socket {
            fn from(socket: $ty) -> Self {
                Self { fd: OwnedFd::from(socket) }
            }
        }
    )*};
}

#[cfg(feature = "std")]
std_conversions!(
    std::net::TcpListener,
    std::net::TcpStream,
    std::net::UdpSocket,
    std::os::unix::net::UnixListener,
    std::os::unix::net::UnixStream,
    std::os::unix::net::UnixDatagram
);

/// recv(2) and send(2) (with `MSG_NOSIGNAL`) as std's traits, through a
/// shared reference as for std's sockets.
///
/// ```
/// use baresock::{Domain, Socket, Type};
/// use std::io::{Read, Write};
/// let (mut a, mut b) = Socket::pair(Domain::UNIX, Type::STREAM, None)?;
/// a.write_all(b"hello")?;
/// let mut buf = [0; 5];
/// b.read_exact(&mut buf)?;
/// assert_eq!(&buf, b"hello");
/// # Ok::<(), std::io::Error>(())
/// ```
#[cfg(feature = "std")]
impl std::io::Read for &Socket {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        Ok(self.recv(buf)?.filled())
    }
}

#[cfg(feature = "std")]
impl std::io::Read for Socket {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        (&*self).read(buf)
    }
}

#[cfg(feature = "std")]
impl std::io::Write for &Socket {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Ok(self.send(buf)?)
    }

    /// Nothing to flush: the kernel has the bytes once `write` returns.
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(feature = "std")]
impl std::io::Write for Socket {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        (&*self).write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
