//! [`Socket`]: an owned socket fd and the calls of a server's flow.
//!
//! Each method is one system call through rustix's raw-syscall backend; it
//! allocates nothing, and on failure returns the errno as an [`Error`]. The fd
//! is closed when the `Socket` drops, so no error path leaks it.

use core::fmt;

use rustix::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, IntoRawFd, OwnedFd, RawFd};
use rustix::net::{self as rnet, AddressFamily, SocketFlags, SocketType};

use crate::addr::{Address, SockAddr};
use crate::{Error, Result};

/// The protocol family of a socket: the `domain` argument of socket(2).
///
/// ```
/// use baresock::Domain;
/// assert_eq!(Domain::Inet.as_raw(), 2); // AF_INET
/// ```
///
/// # References
/// - [socket(2)](https://man7.org/linux/man-pages/man2/socket.2.html), [address_families(7)](https://man7.org/linux/man-pages/man7/address_families.7.html)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Domain {
    /// `AF_INET`: IPv4. The usual choice.
    #[doc(alias = "AF_INET")]
    Inet,
    /// `AF_INET6`: IPv6 (and IPv4-mapped, unless `IPV6_V6ONLY`).
    #[doc(alias = "AF_INET6")]
    Inet6,
    /// `AF_UNIX`: local sockets named by path or abstract name.
    #[doc(alias = "AF_UNIX")]
    #[doc(alias = "AF_LOCAL")]
    Unix,
}

impl Domain {
    /// The `AF_*` number.
    ///
    /// ```
    /// assert_eq!(baresock::Domain::Inet6.as_raw(), 10);
    /// ```
    #[must_use]
    pub const fn as_raw(self) -> u16 {
        self.family().as_raw()
    }

    const fn family(self) -> AddressFamily {
        match self {
            Self::Inet => AddressFamily::INET,
            Self::Inet6 => AddressFamily::INET6,
            Self::Unix => AddressFamily::UNIX,
        }
    }
}

/// The kind of socket: the `type` argument of socket(2), without flags.
///
/// ```
/// use baresock::Type;
/// assert_eq!(Type::Stream.as_raw(), 1); // SOCK_STREAM
/// ```
///
/// # References
/// - [socket(2)](https://man7.org/linux/man-pages/man2/socket.2.html)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// `SOCK_STREAM`: a connection, a byte stream (TCP for IP).
    #[doc(alias = "SOCK_STREAM")]
    Stream,
    /// `SOCK_DGRAM`: datagrams (UDP for IP).
    #[doc(alias = "SOCK_DGRAM")]
    Datagram,
}

impl Type {
    /// The `SOCK_*` number.
    ///
    /// ```
    /// assert_eq!(baresock::Type::Datagram.as_raw(), 2);
    /// ```
    #[must_use]
    pub const fn as_raw(self) -> u32 {
        self.socket_type().as_raw()
    }

    const fn socket_type(self) -> SocketType {
        match self {
            Self::Stream => SocketType::STREAM,
            Self::Datagram => SocketType::DGRAM,
        }
    }

    const fn from_socket_type(raw: SocketType) -> Option<Self> {
        match raw {
            SocketType::STREAM => Some(Self::Stream),
            SocketType::DGRAM => Some(Self::Datagram),
            _ => None,
        }
    }
}

/// The `protocol` argument of socket(2).
///
/// ```
/// use baresock::Protocol;
/// assert_eq!(Protocol::DEFAULT.as_raw(), 0);
/// assert_eq!(Protocol::TCP.as_raw(), 6);
/// ```
///
/// # References
/// - [socket(2)](https://man7.org/linux/man-pages/man2/socket.2.html), [protocols(5)](https://man7.org/linux/man-pages/man5/protocols.5.html)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Protocol(Option<rnet::Protocol>);

impl Protocol {
    /// 0: the kernel picks the one protocol of the domain and type.
    ///
    /// ```
    /// use baresock::{Domain, Flags, Protocol, Socket, Type};
    /// Socket::with(Domain::Unix, Type::Stream, Protocol::DEFAULT, Flags::DEFAULT)?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    pub const DEFAULT: Self = Self(None);
    /// `IPPROTO_TCP`.
    ///
    /// ```
    /// use baresock::{Domain, Flags, Protocol, Socket, Type};
    /// Socket::with(Domain::Inet6, Type::Stream, Protocol::TCP, Flags::DEFAULT)?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    pub const TCP: Self = Self(Some(rnet::ipproto::TCP));
    /// `IPPROTO_UDP`.
    ///
    /// ```
    /// use baresock::{Domain, Flags, Protocol, Socket, Type};
    /// Socket::with(Domain::Inet, Type::Datagram, Protocol::UDP, Flags::DEFAULT)?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    pub const UDP: Self = Self(Some(rnet::ipproto::UDP));

    /// The protocol number.
    ///
    /// ```
    /// assert_eq!(baresock::Protocol::UDP.as_raw(), 17);
    /// ```
    #[must_use]
    pub const fn as_raw(self) -> u32 {
        match self.0 {
            Some(p) => p.as_raw().get(),
            None => 0,
        }
    }
}

impl Default for Protocol {
    /// [`Protocol::DEFAULT`].
    fn default() -> Self {
        Self::DEFAULT
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
///
/// # References
/// - [socket(2)](https://man7.org/linux/man-pages/man2/socket.2.html), [accept4(2)](https://man7.org/linux/man-pages/man2/accept4.2.html)
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
/// Since Linux 2.2 this is the length of the queue of *completed*
/// connections (the three-way handshake done, waiting for `accept`), not of
/// half-open ones (those are bounded by `tcp_max_syn_backlog`). The kernel
/// caps it at `/proc/sys/net/core/somaxconn` (4096 since Linux 5.4) without
/// an error. In practice one more connection than the backlog completes
/// (the queue is full only when it holds *more* than `backlog`); the tests
/// measure that.
///
/// ```
/// use baresock::Backlog;
/// assert_eq!(Backlog::new(16).get(), 16);
/// assert_eq!(Backlog::MAX.get(), i32::MAX); // the kernel caps it at somaxconn
/// ```
///
/// # References
/// - [listen(2)](https://man7.org/linux/man-pages/man2/listen.2.html)
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Backlog(u32);

impl Backlog {
    /// The kernel's own cap (`somaxconn`): ask for as much as allowed.
    ///
    /// ```
    /// use baresock::{Backlog, Domain, SockAddrIn, Socket, Type};
    /// let sock = Socket::new(Domain::Inet, Type::Stream)?;
    /// sock.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// sock.listen(Backlog::MAX)?; // no error: silently capped
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SOMAXCONN")]
    pub const MAX: Self = Self(i32::MAX as u32);
    /// 128, the classic `SOMAXCONN`: what std's `TcpListener::bind` passes
    /// on Linux (std's `UnixListener` asks for the kernel's maximum
    /// instead, like [`Backlog::MAX`]). The kernel caps any backlog at
    /// `/proc/sys/net/core/somaxconn` (4096 since Linux 5.4).
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
///
/// # References
/// - [shutdown(2)](https://man7.org/linux/man-pages/man2/shutdown.2.html)
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
/// # Example: the server flow
///
/// ```
/// use baresock::{Backlog, Domain, Flags, SockAddrIn, Socket, Type};
/// use core::net::Ipv4Addr;
///
/// let server = Socket::new(Domain::Inet, Type::Stream)?;
/// server.set_reuse_address(true)?;
/// server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
/// server.listen(Backlog::DEFAULT)?;
/// let addr = server.local_addr()?;
///
/// let client = Socket::new(Domain::Inet, Type::Stream)?;
/// client.connect(&addr)?;
/// let (conn, peer) = server.accept4(Flags::DEFAULT)?;
/// assert_eq!(peer, client.local_addr()?);
///
/// conn.send(b"hi")?;
/// let mut buf = [0; 2];
/// assert_eq!(client.recv(&mut buf)?, 2);
/// assert_eq!(&buf, b"hi");
/// # Ok::<(), baresock::Error>(())
/// ```
///
/// # References
/// - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html)
pub struct Socket {
    fd: OwnedFd,
}

impl Socket {
    /// `socket(domain, type | SOCK_CLOEXEC, 0)`.
    ///
    /// # Errors
    /// The errno of socket(2): [`Error::MFile`] (`EMFILE`),
    /// [`Error::AfNoSupport`], [`Error::ProtoNoSupport`], ...
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// let udp = Socket::new(Domain::Inet6, Type::Datagram)?;
    /// assert_eq!(udp.socket_type()?, Type::Datagram);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [socket(2)](https://man7.org/linux/man-pages/man2/socket.2.html)
    #[doc(alias = "socket")]
    #[inline]
    pub fn new(domain: Domain, ty: Type) -> Result<Self> {
        Self::with(domain, ty, Protocol::DEFAULT, Flags::DEFAULT)
    }

    /// `socket(domain, type | flags, protocol)`.
    ///
    /// # Errors
    /// As [`Socket::new`]; [`Error::ProtoNoSupport`] for a protocol the
    /// type does not carry.
    ///
    /// ```
    /// use baresock::{Domain, Error, Flags, Protocol, Socket, Type};
    /// let tcp = Socket::with(Domain::Inet, Type::Stream, Protocol::TCP, Flags::DEFAULT.nonblocking())?;
    /// assert_eq!(
    ///     Socket::with(Domain::Inet, Type::Stream, Protocol::UDP, Flags::DEFAULT).err(),
    ///     Some(Error::ProtoNoSupport),
    /// );
    /// # Ok::<(), Error>(())
    /// ```
    ///
    /// # References
    /// - [socket(2)](https://man7.org/linux/man-pages/man2/socket.2.html)
    #[inline]
    pub fn with(domain: Domain, ty: Type, protocol: Protocol, flags: Flags) -> Result<Self> {
        let fd = rnet::socket_with(domain.family(), ty.socket_type(), flags.0, protocol.0)?;
        Ok(Self { fd })
    }

    /// socketpair(2): two connected sockets, close-on-exec, each the other's
    /// peer. Only [`Domain::Unix`] has pairs; both ends are unnamed.
    ///
    /// # Errors
    /// [`Error::OpNotSupp`] for [`Domain::Inet`] and [`Domain::Inet6`],
    /// [`Error::MFile`], [`Error::NFile`], ...
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::Unix, Type::Stream)?;
    /// a.send(b"ping")?;
    /// let mut buf = [0; 4];
    /// assert_eq!(b.recv(&mut buf)?, 4);
    /// assert_eq!(Socket::pair(Domain::Inet, Type::Stream).err(), Some(Error::OpNotSupp));
    /// # Ok::<(), Error>(())
    /// ```
    ///
    /// # References
    /// - [socketpair(2)](https://man7.org/linux/man-pages/man2/socketpair.2.html)
    #[doc(alias = "socketpair")]
    #[inline]
    pub fn pair(domain: Domain, ty: Type) -> Result<(Self, Self)> {
        Self::pair_with(domain, ty, Protocol::DEFAULT, Flags::DEFAULT)
    }

    /// socketpair(2) with a protocol and `flags` set on both ends atomically.
    ///
    /// # Errors
    /// As [`Socket::pair`]; [`Error::ProtoNoSupport`] for a protocol
    /// other than [`Protocol::DEFAULT`].
    ///
    /// ```
    /// use baresock::{Domain, Error, Flags, Protocol, Socket, Type};
    /// let (a, _b) = Socket::pair_with(
    ///     Domain::Unix, Type::Datagram, Protocol::DEFAULT, Flags::DEFAULT.nonblocking())?;
    /// let mut buf = [0; 4];
    /// assert_eq!(a.recv(&mut buf), Err(Error::Again));
    /// # Ok::<(), Error>(())
    /// ```
    ///
    /// # References
    /// - [socketpair(2)](https://man7.org/linux/man-pages/man2/socketpair.2.html)
    #[inline]
    pub fn pair_with(
        domain: Domain,
        ty: Type,
        protocol: Protocol,
        flags: Flags,
    ) -> Result<(Self, Self)> {
        let (a, b) = rnet::socketpair(domain.family(), ty.socket_type(), flags.0, protocol.0)?;
        Ok((Self { fd: a }, Self { fd: b }))
    }

    /// bind(2): gives the socket its local address.
    ///
    /// # Errors
    /// [`Error::AddrInUse`] (taken, or in TIME_WAIT without
    /// [`Socket::set_reuse_address`]), [`Error::Inval`] (already bound),
    /// [`Error::Access`] (a port below 1024 without privilege),
    /// [`Error::AddrNotAvail`] (not a local address), ...
    ///
    /// ```
    /// use baresock::{Domain, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let sock = Socket::new(Domain::Inet, Type::Datagram)?;
    /// sock.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [bind(2)](https://man7.org/linux/man-pages/man2/bind.2.html)
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
    /// let sock = Socket::new(Domain::Inet, Type::Stream)?;
    /// sock.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// sock.listen(Backlog::new(64))?;
    /// assert!(sock.is_listener()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [listen(2)](https://man7.org/linux/man-pages/man2/listen.2.html)
    #[inline]
    pub fn listen(&self, backlog: Backlog) -> Result<()> {
        Ok(rnet::listen(&self.fd, backlog.get())?)
    }

    /// accept4(2): takes the first completed connection off the queue, as a
    /// new socket with `flags` set atomically, and the peer's address.
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
    /// use baresock::{Backlog, Domain, Flags, SockAddr, SockAddrIn6, Socket, Type};
    /// use core::net::Ipv6Addr;
    /// let server = Socket::new(Domain::Inet6, Type::Stream)?;
    /// server.bind(&SockAddrIn6::new(Ipv6Addr::LOCALHOST, 0, 0, 0))?;
    /// server.listen(Backlog::DEFAULT)?;
    /// let client = Socket::new(Domain::Inet6, Type::Stream)?;
    /// client.connect(&server.local_addr()?)?;
    ///
    /// let (conn, peer) = server.accept4(Flags::DEFAULT.nonblocking())?;
    /// assert!(matches!(peer, SockAddr::Inet6(a) if a.ip() == Ipv6Addr::LOCALHOST));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [accept4(2)](https://man7.org/linux/man-pages/man2/accept4.2.html)
    #[inline]
    pub fn accept4(&self, flags: Flags) -> Result<(Self, SockAddr)> {
        let (fd, peer) = rnet::acceptfrom_with(&self.fd, flags.0)?;
        Ok((Self { fd }, SockAddr::from_kernel(peer)))
    }

    /// accept4(2) without the peer address (the kernel skips writing it).
    ///
    /// # Errors
    /// As [`Socket::accept4`].
    ///
    /// ```
    /// use baresock::{Backlog, Domain, Error, Flags, SockAddrIn, Socket, Type};
    /// let server = Socket::with(
    ///     Domain::Inet, Type::Stream, Default::default(), Flags::DEFAULT.nonblocking())?;
    /// server.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// server.listen(Backlog::DEFAULT)?;
    /// assert_eq!(server.accept(Flags::DEFAULT).err(), Some(Error::Again));
    /// # Ok::<(), Error>(())
    /// ```
    ///
    /// # References
    /// - [accept4(2)](https://man7.org/linux/man-pages/man2/accept4.2.html)
    #[inline]
    pub fn accept(&self, flags: Flags) -> Result<Self> {
        let fd = rnet::accept_with(&self.fd, flags.0)?;
        Ok(Self { fd })
    }

    /// connect(2).
    ///
    /// # Errors
    /// [`Error::ConnRefused`] (nothing listens), [`Error::InProgress`] (a
    /// non-blocking socket: the result comes later as [`Socket::take_error`]),
    /// [`Error::IsConn`], [`Error::AfNoSupport`], ...
    ///
    /// ```
    /// use baresock::{Domain, Error, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// // Bind a port and do not listen: a connect there is refused.
    /// let closed = Socket::new(Domain::Inet, Type::Stream)?;
    /// closed.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// let client = Socket::new(Domain::Inet, Type::Stream)?;
    /// assert_eq!(client.connect(&closed.local_addr()?), Err(Error::ConnRefused));
    /// # Ok::<(), Error>(())
    /// ```
    ///
    /// # References
    /// - [connect(2)](https://man7.org/linux/man-pages/man2/connect.2.html)
    #[inline]
    pub fn connect(&self, addr: &impl Address) -> Result<()> {
        Ok(rnet::connect(&self.fd, addr)?)
    }

    /// getsockname(2): the address the socket is bound to.
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// use baresock::{Domain, SockAddr, SockAddrIn, Socket, Type};
    /// let sock = Socket::new(Domain::Inet, Type::Stream)?;
    /// sock.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// let SockAddr::Inet(local) = sock.local_addr()? else { unreachable!() };
    /// assert_ne!(local.port(), 0); // the kernel picked one
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [getsockname(2)](https://man7.org/linux/man-pages/man2/getsockname.2.html)
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
    /// let sock = Socket::new(Domain::Inet, Type::Stream)?;
    /// assert_eq!(sock.peer_addr().err(), Some(Error::NotConn));
    /// # Ok::<(), Error>(())
    /// ```
    ///
    /// # References
    /// - [getpeername(2)](https://man7.org/linux/man-pages/man2/getpeername.2.html)
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
    /// let sock = Socket::new(Domain::Inet, Type::Stream)?;
    /// assert_eq!(sock.shutdown(Shutdown::Both), Err(Error::NotConn));
    /// # Ok::<(), Error>(())
    /// ```
    ///
    /// # References
    /// - [shutdown(2)](https://man7.org/linux/man-pages/man2/shutdown.2.html)
    pub fn shutdown(&self, how: Shutdown) -> Result<()> {
        let how = match how {
            Shutdown::Read => rnet::Shutdown::Read,
            Shutdown::Write => rnet::Shutdown::Write,
            Shutdown::Both => rnet::Shutdown::Both,
        };
        Ok(rnet::shutdown(&self.fd, how)?)
    }

    /// The socket's type, from `SO_TYPE`.
    ///
    /// # Errors
    /// [`Error::NotSock`]; [`Error::ProtoType`] for a type other than
    /// stream or datagram (such as `SOCK_SEQPACKET` from elsewhere).
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// assert_eq!(Socket::new(Domain::Unix, Type::Stream)?.socket_type()?, Type::Stream);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html)
    #[doc(alias = "SO_TYPE")]
    pub fn socket_type(&self) -> Result<Type> {
        let raw = rnet::sockopt::socket_type(&self.fd)?;
        Type::from_socket_type(raw).ok_or(Error::ProtoType)
    }

    /// Borrows the fd (as [`AsFd`] does), for rustix calls baresock does not wrap.
    ///
    /// ```
    /// let sock = baresock::Socket::new(baresock::Domain::Inet, baresock::Type::Stream)?;
    /// assert!(rustix::net::sockopt::socket_acceptconn(sock.fd()).is_ok());
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    #[inline]
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
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

/// Hands the socket to std, keeping the fd (no system call).
#[cfg(feature = "std")]
macro_rules! into_std {
    ($($ty:ty),*) => {$(
        // Repeated on each impl for docs.rs: rustdoc marks an item "std
        // only" by the cfg on the item itself, not on the macro's call.
        #[cfg(feature = "std")]
        impl From<Socket> for $ty {
            fn from(socket: Socket) -> Self {
                Self::from(socket.fd)
            }
        }
    )*};
}

#[cfg(feature = "std")]
into_std!(
    std::net::TcpListener,
    std::net::TcpStream,
    std::net::UdpSocket,
    std::os::unix::net::UnixListener,
    std::os::unix::net::UnixStream,
    std::os::unix::net::UnixDatagram
);
