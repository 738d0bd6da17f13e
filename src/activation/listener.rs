//! What the kernel says of a socket taken or owned: [`Listener`].

use core::fmt;

use rustix::fd::{BorrowedFd, RawFd};
use rustix::io::Errno;
use rustix::net::{self as rnet, sockopt, AddressFamily, SocketType};

use super::MAX_FDS;
use crate::{Domain, Error, SockAddr, Socket, Type};

/// The activator's sockets, in order, at most [`MAX_FDS`]: a
/// `heapless::Vec`, so it indexes, iterates and moves its [`Listener`]s out
/// like a slice and a `Vec` do.
///
/// ```
/// use baresock::activation::{Listener, Listeners};
/// fn web(listeners: Listeners<'_>) -> Option<Listener<'_>> {
///     listeners.into_iter().find(|l| l.name() == b"web")
/// }
/// assert!(web(Listeners::new()).is_none());
/// ```
pub type Listeners<'a> = heapless::Vec<Listener<'a>, MAX_FDS>;

/// What the kernel says of a socket, asked once.
#[derive(Clone, Copy, Debug)]
pub(super) struct Kernel {
    ty: SocketType,
    domain: AddressFamily,
    listening: bool,
    local: SockAddr,
}

impl Kernel {
    /// `SO_TYPE` first: on a descriptor that is not a socket it is the call
    /// that says `ENOTSOCK`.
    pub(super) fn probe(fd: BorrowedFd<'_>) -> Result<Self, Errno> {
        Ok(Self {
            ty: sockopt::socket_type(fd)?,
            domain: sockopt::socket_domain(fd)?,
            listening: sockopt::socket_acceptconn(fd)?,
            local: SockAddr::from_kernel(Some(rnet::getsockname(fd)?)),
        })
    }
}

/// One socket the activator handed over: owned, with its name and what the
/// kernel said of it when it was taken.
///
/// ```
/// use baresock::activation::Listener;
/// use baresock::{Backlog, Domain, SockAddrIn, Socket, Type};
///
/// // A socket of one's own, described the way inherited ones are:
/// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
/// sock.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
/// sock.listen(Backlog::DEFAULT)?;
/// let l = Listener::from_socket(sock, b"web")?;
/// assert_eq!((l.socket_type(), l.domain(), l.is_listener()), (Type::STREAM, Domain::INET, true));
/// assert_eq!(l.name_str(), Some("web"));
/// # Ok::<(), baresock::Error>(())
/// ```
pub struct Listener<'a> {
    pub(super) socket: Socket,
    pub(super) name: &'a [u8],
    pub(super) kernel: Kernel,
}

impl<'a> Listener<'a> {
    /// Describes a socket one owns already, as [`ListenEnv::take`](super::ListenEnv::take) describes
    /// inherited ones: `SO_TYPE`, `SO_DOMAIN`, `SO_ACCEPTCONN`,
    /// `getsockname`. Changes nothing on the socket (its close-on-exec flag
    /// included).
    ///
    /// # Errors
    /// [`Error::NotSock`] when `socket` holds a descriptor that is not a
    /// socket (it is closed: `socket` was moved in).
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let a = Socket::new(Domain::UNIX, Type::DGRAM, None)?;
    /// let l = Listener::from_socket(a, b"peer")?;
    /// assert_eq!((l.socket_type(), l.domain(), l.is_listener()), (Type::DGRAM, Domain::UNIX, false));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    pub fn from_socket(socket: Socket, name: &'a [u8]) -> Result<Self, Error> {
        let kernel = Kernel::probe(socket.fd())?;
        Ok(Self {
            socket,
            name,
            kernel,
        })
    }

    /// The socket, to serve on.
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Flags, Socket};
    /// fn serve(l: &Listener<'_>) -> baresock::Result<()> {
    ///     let (conn, _peer) = l.socket().accept()?;
    ///     conn.send(b"hello\n")?;
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn socket(&self) -> &Socket {
        &self.socket
    }

    /// The socket, owned: the name and the kernel's answers are dropped.
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let a = Socket::new(Domain::UNIX, Type::STREAM, None)?;
    /// let sock: Socket = Listener::from_socket(a, b"x")?.into_socket();
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn into_socket(self) -> Socket {
        self.socket
    }

    /// The descriptor number (3, 4, ... when inherited).
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// fn show(l: &Listener<'_>) {
    ///     println!("fd {} is {:?}", l.fd(), l.name_str());
    /// }
    /// ```
    #[must_use]
    pub fn fd(&self) -> RawFd {
        rustix::fd::AsRawFd::as_raw_fd(&self.socket)
    }

    /// The name from `LISTEN_FDNAMES` (borrowed from the environment), or
    /// `unknown`.
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// fn is_admin(l: &Listener<'_>) -> bool {
    ///     l.name() == b"admin"
    /// }
    /// ```
    #[must_use]
    pub fn name(&self) -> &'a [u8] {
        self.name
    }

    /// The name as text, if it is UTF-8.
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let a = Socket::new(Domain::UNIX, Type::STREAM, None)?;
    /// assert_eq!(Listener::from_socket(a, b"web")?.name_str(), Some("web"));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn name_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.name).ok()
    }

    /// `SO_TYPE`, any type (`SOCK_SEQPACKET` included).
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let a = Socket::new(Domain::UNIX, Type::STREAM, None)?;
    /// assert_eq!(Listener::from_socket(a, b"")?.socket_type(), Type::STREAM);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_TYPE")]
    #[must_use]
    pub fn socket_type(&self) -> Type {
        Type::from(self.kernel.ty)
    }

    /// `SO_DOMAIN`, any family.
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let sock = Socket::new(Domain::INET6, Type::DGRAM, None)?;
    /// assert_eq!(Listener::from_socket(sock, b"")?.domain(), Domain::INET6);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_DOMAIN")]
    #[must_use]
    pub fn domain(&self) -> Domain {
        Domain::from(self.kernel.domain)
    }

    /// `SO_ACCEPTCONN`: whether the socket is listening (an activator's
    /// stream sockets are, unless `Accept=yes` handed over a connection).
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// assert!(!Listener::from_socket(sock, b"")?.is_listener());
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_ACCEPTCONN")]
    #[must_use]
    pub fn is_listener(&self) -> bool {
        self.kernel.listening
    }

    /// The local address (`getsockname`) when it was taken.
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, SockAddr, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// sock.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// let l = Listener::from_socket(sock, b"")?;
    /// assert!(matches!(l.local_addr(), SockAddr::Inet(a) if a.ip() == Ipv4Addr::LOCALHOST));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn local_addr(&self) -> SockAddr {
        self.kernel.local
    }
}

impl fmt::Debug for Listener<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Listener");
        d.field("fd", &self.fd());
        match self.name_str() {
            Some(name) => d.field("name", &name),
            None => d.field("name", &self.name),
        };
        d.field("type", &self.socket_type())
            .field("domain", &self.domain())
            .field("listening", &self.is_listener())
            .field("local", &self.local_addr())
            .finish()
    }
}
