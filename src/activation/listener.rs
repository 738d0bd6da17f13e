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
/// let sock = Socket::new(Domain::Inet, Type::Stream)?;
/// sock.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
/// sock.listen(Backlog::DEFAULT)?;
/// let l = Listener::from_socket(sock, b"web")?;
/// assert_eq!((l.socket_type(), l.domain(), l.is_listener()), (Some(Type::Stream), Some(Domain::Inet), true));
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
    /// let a = Socket::new(Domain::Unix, Type::Datagram)?;
    /// let l = Listener::from_socket(a, b"peer")?;
    /// assert_eq!((l.socket_type(), l.raw_domain(), l.is_listener()), (Some(Type::Datagram), 1, false));
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
    ///     let (conn, _peer) = l.socket().accept4(Flags::DEFAULT)?;
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
    /// let a = Socket::new(Domain::Unix, Type::Stream)?;
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
    /// let a = Socket::new(Domain::Unix, Type::Stream)?;
    /// assert_eq!(Listener::from_socket(a, b"web")?.name_str(), Some("web"));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn name_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.name).ok()
    }

    /// `SO_TYPE` as a [`Type`], or `None` for another type (such as
    /// `SOCK_SEQPACKET`; [`Listener::raw_type`] has it).
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let a = Socket::new(Domain::Unix, Type::Stream)?;
    /// assert_eq!(Listener::from_socket(a, b"")?.socket_type(), Some(Type::Stream));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_TYPE")]
    #[must_use]
    pub fn socket_type(&self) -> Option<Type> {
        match self.kernel.ty {
            SocketType::STREAM => Some(Type::Stream),
            SocketType::DGRAM => Some(Type::Datagram),
            _ => None,
        }
    }

    /// `SO_TYPE` as the kernel's number (`SOCK_STREAM` = 1, `SOCK_DGRAM` = 2,
    /// `SOCK_SEQPACKET` = 5, ...).
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let a = Socket::new(Domain::Unix, Type::Datagram)?;
    /// assert_eq!(Listener::from_socket(a, b"")?.raw_type(), 2);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn raw_type(&self) -> u32 {
        self.kernel.ty.as_raw()
    }

    /// `SO_DOMAIN` as a [`Domain`], or `None` for another family
    /// ([`Listener::raw_domain`] has it).
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let sock = Socket::new(Domain::Inet6, Type::Datagram)?;
    /// assert_eq!(Listener::from_socket(sock, b"")?.domain(), Some(Domain::Inet6));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_DOMAIN")]
    #[must_use]
    pub fn domain(&self) -> Option<Domain> {
        match self.kernel.domain {
            AddressFamily::INET => Some(Domain::Inet),
            AddressFamily::INET6 => Some(Domain::Inet6),
            AddressFamily::UNIX => Some(Domain::Unix),
            _ => None,
        }
    }

    /// `SO_DOMAIN` as the kernel's `AF_*` number.
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let sock = Socket::new(Domain::Inet, Type::Stream)?;
    /// assert_eq!(Listener::from_socket(sock, b"")?.raw_domain(), 2);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn raw_domain(&self) -> u16 {
        self.kernel.domain.as_raw()
    }

    /// `SO_ACCEPTCONN`: whether the socket is listening (an activator's
    /// stream sockets are, unless `Accept=yes` handed over a connection).
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let sock = Socket::new(Domain::Inet, Type::Stream)?;
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
    /// let sock = Socket::new(Domain::Inet, Type::Datagram)?;
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
        d.field("type", &self.raw_type())
            .field("domain", &self.raw_domain())
            .field("listening", &self.is_listener())
            .field("local", &self.local_addr())
            .finish()
    }
}
