//! Data calls: send(2)/recv(2) with typed flags, sendto(2)/recvfrom(2) with
//! the exact peer, peeking, and vectored I/O.
//!
//! Every send carries `MSG_NOSIGNAL`, which no flag set can remove: a peer
//! that left makes a send fail with [`Error::Pipe`](crate::Error::Pipe), it
//! never kills the process with `SIGPIPE`. Every address the kernel reports
//! is decoded as `accept4`'s is, into a [`SockAddr`].

use core::fmt;

use rustix::io::{IoSlice, IoSliceMut};
use rustix::net::{self as rnet, AddressFamily, SocketAddrAny};

use crate::addr::{Address, SockAddr, SockAddrUn};
use crate::{Result, Socket};

/// Flags for a send: `MSG_NOSIGNAL` always, and what the builder adds.
///
/// ```
/// use baresock::SendFlags;
/// let flags = SendFlags::DEFAULT.dont_wait().more();
/// assert_eq!(flags.as_raw(), 0x4000 | 0x40 | 0x8000); // NOSIGNAL | DONTWAIT | MORE
/// ```
///
/// # References
/// - [send(2)](https://man7.org/linux/man-pages/man2/send.2.html)
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SendFlags(rnet::SendFlags);

impl SendFlags {
    /// `MSG_NOSIGNAL` alone: a blocking send that reports a closed peer as
    /// [`Error::Pipe`](crate::Error::Pipe).
    ///
    /// ```
    /// assert_eq!(baresock::SendFlags::DEFAULT.as_raw(), 0x4000); // MSG_NOSIGNAL
    /// ```
    #[doc(alias = "MSG_NOSIGNAL")]
    pub const DEFAULT: Self = Self(rnet::SendFlags::NOSIGNAL);

    /// Adds `MSG_DONTWAIT`: this call does not block; where it would, it
    /// returns [`Error::Again`](crate::Error::Again).
    ///
    /// ```
    /// assert_eq!(baresock::SendFlags::DEFAULT.dont_wait().as_raw() & 0x40, 0x40);
    /// ```
    #[doc(alias = "MSG_DONTWAIT")]
    #[must_use]
    pub const fn dont_wait(self) -> Self {
        Self(self.0.union(rnet::SendFlags::DONTWAIT))
    }

    /// Adds `MSG_MORE`: more data follows. TCP holds the bytes back as
    /// `TCP_CORK` does; UDP appends them to one datagram, sent by the first
    /// send without this flag.
    ///
    /// ```
    /// assert_eq!(baresock::SendFlags::DEFAULT.more().as_raw() & 0x8000, 0x8000);
    /// ```
    #[doc(alias = "MSG_MORE")]
    #[must_use]
    pub const fn more(self) -> Self {
        Self(self.0.union(rnet::SendFlags::MORE))
    }

    /// Adds `MSG_EOR`: ends a record, for protocols that have records (TCP
    /// then sends the bytes as they are, never merged with later ones).
    ///
    /// ```
    /// assert_eq!(baresock::SendFlags::DEFAULT.eor().as_raw() & 0x80, 0x80);
    /// ```
    #[doc(alias = "MSG_EOR")]
    #[must_use]
    pub const fn eor(self) -> Self {
        Self(self.0.union(rnet::SendFlags::EOR))
    }

    /// Adds `MSG_OOB`: TCP urgent data (its last byte is the urgent one).
    ///
    /// ```
    /// assert_eq!(baresock::SendFlags::DEFAULT.oob().as_raw() & 0x1, 0x1);
    /// ```
    #[doc(alias = "MSG_OOB")]
    #[must_use]
    pub const fn oob(self) -> Self {
        Self(self.0.union(rnet::SendFlags::OOB))
    }

    /// The `MSG_*` bits passed to the kernel.
    ///
    /// ```
    /// assert_ne!(baresock::SendFlags::DEFAULT.as_raw() & 0x4000, 0); // never without NOSIGNAL
    /// ```
    #[must_use]
    pub const fn as_raw(self) -> u32 {
        self.0.bits()
    }

    pub(crate) const fn raw(self) -> rnet::SendFlags {
        self.0
    }
}

impl Default for SendFlags {
    /// [`SendFlags::DEFAULT`].
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Debug for SendFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendFlags")
            .field("dont_wait", &self.0.contains(rnet::SendFlags::DONTWAIT))
            .field("more", &self.0.contains(rnet::SendFlags::MORE))
            .field("eor", &self.0.contains(rnet::SendFlags::EOR))
            .field("oob", &self.0.contains(rnet::SendFlags::OOB))
            .finish()
    }
}

/// Flags for a receive: none by default, and what the builder adds.
///
/// ```
/// use baresock::RecvFlags;
/// let flags = RecvFlags::DEFAULT.peek().trunc();
/// assert_eq!(flags.as_raw(), 0x2 | 0x20); // MSG_PEEK | MSG_TRUNC
/// ```
///
/// # References
/// - [recv(2)](https://man7.org/linux/man-pages/man2/recv.2.html)
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RecvFlags(rnet::RecvFlags);

impl RecvFlags {
    /// No flags: a blocking receive that takes the data it returns.
    ///
    /// ```
    /// assert_eq!(baresock::RecvFlags::DEFAULT.as_raw(), 0);
    /// ```
    pub const DEFAULT: Self = Self(rnet::RecvFlags::empty());

    /// Adds `MSG_PEEK`: returns the data without taking it; the next
    /// receive returns the same bytes.
    ///
    /// ```
    /// assert_eq!(baresock::RecvFlags::DEFAULT.peek().as_raw(), 0x2);
    /// ```
    #[doc(alias = "MSG_PEEK")]
    #[must_use]
    pub const fn peek(self) -> Self {
        Self(self.0.union(rnet::RecvFlags::PEEK))
    }

    /// Adds `MSG_DONTWAIT`: this call does not block; with nothing to
    /// read it returns [`Error::Again`](crate::Error::Again).
    ///
    /// ```
    /// assert_eq!(baresock::RecvFlags::DEFAULT.dont_wait().as_raw(), 0x40);
    /// ```
    #[doc(alias = "MSG_DONTWAIT")]
    #[must_use]
    pub const fn dont_wait(self) -> Self {
        Self(self.0.union(rnet::RecvFlags::DONTWAIT))
    }

    /// Adds `MSG_WAITALL`: on a stream, waits until the whole buffer is
    /// filled (or the peer shuts down, an error or a signal comes).
    ///
    /// ```
    /// assert_eq!(baresock::RecvFlags::DEFAULT.wait_all().as_raw(), 0x100);
    /// ```
    #[doc(alias = "MSG_WAITALL")]
    #[must_use]
    pub const fn wait_all(self) -> Self {
        Self(self.0.union(rnet::RecvFlags::WAITALL))
    }

    /// Adds `MSG_TRUNC`: on a datagram socket, the call reports the
    /// datagram's real length even when the buffer was shorter
    /// ([`Received::message_len`]), so a cut datagram can be told apart.
    /// (On TCP it discards the bytes instead of copying them, tcp(7).)
    ///
    /// ```
    /// assert_eq!(baresock::RecvFlags::DEFAULT.trunc().as_raw(), 0x20);
    /// ```
    #[doc(alias = "MSG_TRUNC")]
    #[must_use]
    pub const fn trunc(self) -> Self {
        Self(self.0.union(rnet::RecvFlags::TRUNC))
    }

    /// Adds `MSG_OOB`: reads TCP urgent data.
    ///
    /// ```
    /// assert_eq!(baresock::RecvFlags::DEFAULT.oob().as_raw(), 0x1);
    /// ```
    #[doc(alias = "MSG_OOB")]
    #[must_use]
    pub const fn oob(self) -> Self {
        Self(self.0.union(rnet::RecvFlags::OOB))
    }

    /// The `MSG_*` bits passed to the kernel.
    ///
    /// ```
    /// assert_eq!(baresock::RecvFlags::DEFAULT.wait_all().peek().as_raw(), 0x102);
    /// ```
    #[must_use]
    pub const fn as_raw(self) -> u32 {
        self.0.bits()
    }

    pub(crate) const fn raw(self) -> rnet::RecvFlags {
        self.0
    }
}

impl Default for RecvFlags {
    /// [`RecvFlags::DEFAULT`].
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Debug for RecvFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecvFlags")
            .field("peek", &self.0.contains(rnet::RecvFlags::PEEK))
            .field("dont_wait", &self.0.contains(rnet::RecvFlags::DONTWAIT))
            .field("wait_all", &self.0.contains(rnet::RecvFlags::WAITALL))
            .field("trunc", &self.0.contains(rnet::RecvFlags::TRUNC))
            .field("oob", &self.0.contains(rnet::RecvFlags::OOB))
            .finish()
    }
}

/// What a receive with flags took: the bytes in the buffer, and the length
/// of the message they came from.
///
/// `filled` never exceeds the buffer, so `&buf[..r.filled()]` cannot panic.
/// A datagram longer than the buffer is cut (the rest is lost); whether that
/// happened is [`Received::truncated`].
///
/// ```
/// use baresock::{Domain, RecvFlags, SockAddrIn, Socket, Type};
/// use core::net::Ipv4Addr;
/// let server = Socket::new(Domain::Inet, Type::Datagram)?;
/// server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
/// let client = Socket::new(Domain::Inet, Type::Datagram)?;
/// client.send_to(b"a datagram of 25 bytes...", &server.local_addr()?)?;
///
/// let mut buf = [0; 8];
/// let r = server.recv_with(&mut buf, RecvFlags::DEFAULT.trunc())?;
/// assert_eq!((r.filled(), r.message_len(), r.truncated()), (8, 25, true));
/// assert_eq!(&buf[..r.filled()], b"a datagr");
/// # Ok::<(), baresock::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Received {
    filled: usize,
    message_len: usize,
    truncated: bool,
}

impl Received {
    /// From recv(2) or recvfrom(2): `returned` is the kernel's return value
    /// (the full length under `MSG_TRUNC`), `capacity` the buffer's length.
    pub(crate) const fn from_recv(returned: usize, capacity: usize) -> Self {
        let filled = if returned < capacity {
            returned
        } else {
            capacity
        };
        Self {
            filled,
            message_len: returned,
            truncated: returned > capacity,
        }
    }

    /// From recvmsg(2) asked without `MSG_TRUNC`: `returned` bytes were
    /// copied, and `cut` is the `MSG_TRUNC` the kernel set in `msg_flags`.
    pub(crate) const fn from_msg(returned: usize, cut: bool) -> Self {
        Self {
            filled: returned,
            message_len: returned,
            truncated: cut,
        }
    }

    /// How many bytes were written into the buffer (at most its length).
    ///
    /// ```
    /// use baresock::{Domain, RecvFlags, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::Unix, Type::Datagram)?;
    /// a.send(b"hello")?;
    /// let mut buf = [0; 16];
    /// assert_eq!(b.recv_with(&mut buf, RecvFlags::DEFAULT)?.filled(), 5);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub const fn filled(&self) -> usize {
        self.filled
    }

    /// The message's length as the kernel reported it: from
    /// [`Socket::recv_with`] or [`Socket::recv_from_with`] with
    /// [`RecvFlags::trunc`] on a datagram socket, the datagram's real
    /// length, even beyond the buffer; otherwise [`Received::filled`].
    ///
    /// ```
    /// use baresock::{Domain, RecvFlags, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::Unix, Type::Datagram)?;
    /// a.send(b"hello")?;
    /// let mut buf = [0; 2];
    /// assert_eq!(b.recv_with(&mut buf, RecvFlags::DEFAULT.trunc())?.message_len(), 5);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub const fn message_len(&self) -> usize {
        self.message_len
    }

    /// Whether the message did not fit the buffer and was cut. recv(2) and
    /// recvfrom(2) can tell only under [`RecvFlags::trunc`]; recvmsg(2)
    /// ([`Socket::recvmsg`], [`Socket::recv_vectored`]) always can, from
    /// `MSG_TRUNC` in its `msg_flags`.
    ///
    /// ```
    /// use baresock::{Domain, IoSliceMut, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::Unix, Type::Datagram)?;
    /// a.send(b"hello")?;
    /// let mut buf = [0; 2];
    /// assert!(b.recv_vectored(&mut [IoSliceMut::new(&mut buf)])?.truncated());
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub const fn truncated(&self) -> bool {
        self.truncated
    }
}

impl Socket {
    /// send(2) with `MSG_NOSIGNAL`: a write to a closed peer returns
    /// [`Error::Pipe`](crate::Error::Pipe) instead of killing the process
    /// with `SIGPIPE`. Returns how many bytes the kernel took.
    ///
    /// # Errors
    /// [`Error::Pipe`](crate::Error::Pipe),
    /// [`Error::ConnReset`](crate::Error::ConnReset),
    /// [`Error::Again`](crate::Error::Again),
    /// [`Error::NotConn`](crate::Error::NotConn),
    /// [`Error::DestAddrReq`](crate::Error::DestAddrReq) (a datagram
    /// socket with no peer), [`Error::MsgSize`](crate::Error::MsgSize),
    /// [`Error::NotSock`](crate::Error::NotSock), ...
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// let sock = Socket::new(Domain::Inet, Type::Stream)?;
    /// assert_eq!(sock.send(b"x"), Err(Error::Pipe)); // never connected
    /// # Ok::<(), Error>(())
    /// ```
    ///
    /// # References
    /// - [send(2)](https://man7.org/linux/man-pages/man2/send.2.html)
    #[inline]
    pub fn send(&self, buf: &[u8]) -> Result<usize> {
        self.send_with(buf, SendFlags::DEFAULT)
    }

    /// send(2) with `flags` (and `MSG_NOSIGNAL`, always).
    ///
    /// # Errors
    /// As [`Socket::send`]; [`Error::Again`](crate::Error::Again) under
    /// [`SendFlags::dont_wait`] when the send buffer is full;
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) for a flag the socket
    /// type does not have (such as `MSG_OOB` on UDP).
    ///
    /// ```
    /// use baresock::{Domain, SendFlags, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::Unix, Type::Stream)?;
    /// assert_eq!(a.send_with(b"hi", SendFlags::DEFAULT.dont_wait())?, 2);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [send(2)](https://man7.org/linux/man-pages/man2/send.2.html)
    #[inline]
    pub fn send_with(&self, buf: &[u8], flags: SendFlags) -> Result<usize> {
        Ok(rnet::send(self, buf, flags.raw())?)
    }

    /// sendto(2) with `MSG_NOSIGNAL`: sends a datagram to `addr`. This is how
    /// a UDP server answers whoever [`Socket::recv_from`] named.
    ///
    /// On a connection-mode socket the address is not used: TCP ignores it,
    /// a connected Unix stream socket fails with
    /// [`Error::IsConn`](crate::Error::IsConn).
    ///
    /// # Errors
    /// [`Error::AfNoSupport`](crate::Error::AfNoSupport) (an address of
    /// another family), [`Error::Inval`](crate::Error::Inval) (port 0),
    /// [`Error::MsgSize`](crate::Error::MsgSize) (over 65,507 bytes for UDP
    /// on IPv4), [`Error::ConnRefused`](crate::Error::ConnRefused) (no Unix
    /// socket by that name), [`Error::NoEnt`](crate::Error::NoEnt),
    /// [`Error::Access`](crate::Error::Access),
    /// [`Error::IsConn`](crate::Error::IsConn),
    /// [`Error::Pipe`](crate::Error::Pipe) (an unconnected TCP socket),
    /// [`Error::Again`](crate::Error::Again),
    /// [`Error::NetUnreach`](crate::Error::NetUnreach), ...
    ///
    /// ```
    /// use baresock::{Domain, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let server = Socket::new(Domain::Inet, Type::Datagram)?;
    /// server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// let client = Socket::new(Domain::Inet, Type::Datagram)?;
    /// assert_eq!(client.send_to(b"ping", &server.local_addr()?)?, 4);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [sendto(2)](https://man7.org/linux/man-pages/man2/sendto.2.html)
    #[doc(alias = "sendto")]
    #[inline]
    pub fn send_to(&self, buf: &[u8], addr: &impl Address) -> Result<usize> {
        self.send_to_with(buf, addr, SendFlags::DEFAULT)
    }

    /// sendto(2) with `flags` (and `MSG_NOSIGNAL`, always).
    ///
    /// # Errors
    /// As [`Socket::send_to`] and [`Socket::send_with`].
    ///
    /// ```
    /// use baresock::{Domain, SendFlags, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let server = Socket::new(Domain::Inet, Type::Datagram)?;
    /// server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// let to = server.local_addr()?;
    /// let client = Socket::new(Domain::Inet, Type::Datagram)?;
    /// // MSG_MORE: one datagram of both parts, sent by the second call.
    /// client.send_to_with(b"hel", &to, SendFlags::DEFAULT.more())?;
    /// client.send_to_with(b"lo", &to, SendFlags::DEFAULT)?;
    /// let mut buf = [0; 8];
    /// assert_eq!(server.recv(&mut buf)?, 5);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [sendto(2)](https://man7.org/linux/man-pages/man2/sendto.2.html)
    #[inline]
    pub fn send_to_with(&self, buf: &[u8], addr: &impl Address, flags: SendFlags) -> Result<usize> {
        Ok(rnet::sendto(self, buf, flags.raw(), addr)?)
    }

    /// recv(2) into a borrowed buffer; returns how many bytes arrived
    /// (0: the peer shut down its side, for a stream). A datagram longer
    /// than the buffer is cut; [`Socket::recv_with`] with
    /// [`RecvFlags::trunc`] tells.
    ///
    /// # Errors
    /// [`Error::Again`](crate::Error::Again) (non-blocking, nothing to
    /// read, or a receive timeout expired),
    /// [`Error::NotConn`](crate::Error::NotConn),
    /// [`Error::ConnReset`](crate::Error::ConnReset),
    /// [`Error::ConnRefused`](crate::Error::ConnRefused) (a connected UDP
    /// socket whose peer's port is closed), [`Error::Intr`](crate::Error::Intr),
    /// [`Error::NotSock`](crate::Error::NotSock).
    ///
    /// ```
    /// use baresock::{Domain, Error, Flags, Protocol, Socket, Type};
    /// let sock = Socket::with(Domain::Inet, Type::Datagram, Protocol::DEFAULT,
    ///     Flags::DEFAULT.nonblocking())?;
    /// let mut buf = [0; 16];
    /// assert_eq!(sock.recv(&mut buf), Err(Error::Again));
    /// # Ok::<(), Error>(())
    /// ```
    ///
    /// # References
    /// - [recv(2)](https://man7.org/linux/man-pages/man2/recv.2.html)
    #[inline]
    pub fn recv(&self, buf: &mut [u8]) -> Result<usize> {
        let (filled, _) = rnet::recv(self, buf, rnet::RecvFlags::empty())?;
        Ok(filled)
    }

    /// recv(2) with `flags`: the bytes written and the message's length.
    ///
    /// # Errors
    /// As [`Socket::recv`]; [`Error::Again`](crate::Error::Again) under
    /// [`RecvFlags::dont_wait`] with nothing to read;
    /// [`Error::Inval`](crate::Error::Inval) for `MSG_OOB` with no urgent
    /// data.
    ///
    /// ```
    /// use baresock::{Domain, Error, RecvFlags, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::Unix, Type::Datagram)?;
    /// let mut buf = [0; 16];
    /// assert_eq!(b.recv_with(&mut buf, RecvFlags::DEFAULT.dont_wait()), Err(Error::Again));
    /// # Ok::<(), Error>(())
    /// ```
    ///
    /// # References
    /// - [recv(2)](https://man7.org/linux/man-pages/man2/recv.2.html)
    #[inline]
    pub fn recv_with(&self, buf: &mut [u8], flags: RecvFlags) -> Result<Received> {
        let capacity = buf.len();
        let (_, returned) = rnet::recv(self, buf, flags.raw())?;
        Ok(Received::from_recv(returned, capacity))
    }

    /// recvfrom(2): receives a datagram and the address of its sender, the
    /// address [`Socket::send_to`] answers.
    ///
    /// The sender is decoded as [`Socket::accept4`]'s peer is: IPv4, IPv6,
    /// or a Unix pathname or abstract name. For a sender the kernel names by
    /// no address (an unnamed Unix socket, such as a [`Socket::pair`] end,
    /// or any TCP peer) the answer is [`SockAddrUn::UNNAMED`] on a Unix
    /// socket and `SockAddr::Other { family: 0 }` on others (one `SO_DOMAIN`
    /// query tells them apart, on that path only).
    ///
    /// # Errors
    /// As [`Socket::recv`].
    ///
    /// ```
    /// use baresock::{Domain, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let server = Socket::new(Domain::Inet, Type::Datagram)?;
    /// server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// let client = Socket::new(Domain::Inet, Type::Datagram)?;
    /// client.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?; // else its local_addr is 0.0.0.0:port
    /// client.send_to(b"ping", &server.local_addr()?)?;
    ///
    /// let mut buf = [0; 64];
    /// let (n, peer) = server.recv_from(&mut buf)?;
    /// assert_eq!((&buf[..n], peer), (&b"ping"[..], client.local_addr()?));
    /// server.send_to(b"pong", &peer)?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [recvfrom(2)](https://man7.org/linux/man-pages/man2/recvfrom.2.html)
    #[doc(alias = "recvfrom")]
    #[inline]
    pub fn recv_from(&self, buf: &mut [u8]) -> Result<(usize, SockAddr)> {
        let (filled, _, from) = rnet::recvfrom(self, buf, rnet::RecvFlags::empty())?;
        Ok((filled, self.sender(from)))
    }

    /// recvfrom(2) with `flags`.
    ///
    /// # Errors
    /// As [`Socket::recv_with`].
    ///
    /// ```
    /// use baresock::{Domain, RecvFlags, SockAddr, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::Unix, Type::Datagram)?;
    /// a.send(b"0123456789")?;
    /// let mut buf = [0; 4];
    /// let (r, from) = b.recv_from_with(&mut buf, RecvFlags::DEFAULT.trunc())?;
    /// assert_eq!((r.filled(), r.message_len()), (4, 10));
    /// assert!(matches!(from, SockAddr::Unix(_)));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [recvfrom(2)](https://man7.org/linux/man-pages/man2/recvfrom.2.html)
    #[inline]
    pub fn recv_from_with(&self, buf: &mut [u8], flags: RecvFlags) -> Result<(Received, SockAddr)> {
        let capacity = buf.len();
        let (_, returned, from) = rnet::recvfrom(self, buf, flags.raw())?;
        Ok((Received::from_recv(returned, capacity), self.sender(from)))
    }

    /// recv(2) with `MSG_PEEK`: the next bytes, left in the queue.
    ///
    /// # Errors
    /// As [`Socket::recv`].
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::Unix, Type::Datagram)?;
    /// a.send(b"once")?;
    /// let mut buf = [0; 8];
    /// assert_eq!(b.peek(&mut buf)?, 4);
    /// assert_eq!(b.recv(&mut buf)?, 4); // still there
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [recv(2)](https://man7.org/linux/man-pages/man2/recv.2.html)
    #[doc(alias = "MSG_PEEK")]
    #[inline]
    pub fn peek(&self, buf: &mut [u8]) -> Result<usize> {
        Ok(self.recv_with(buf, RecvFlags::DEFAULT.peek())?.filled())
    }

    /// recvfrom(2) with `MSG_PEEK`: the next datagram and its sender, left
    /// in the queue.
    ///
    /// # Errors
    /// As [`Socket::recv`].
    ///
    /// ```
    /// use baresock::{Domain, SockAddrIn, Socket, Type};
    /// let server = Socket::new(Domain::Inet, Type::Datagram)?;
    /// server.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// let client = Socket::new(Domain::Inet, Type::Datagram)?;
    /// client.send_to(b"hi", &server.local_addr()?)?;
    /// let mut buf = [0; 8];
    /// let (_, peeked) = server.peek_from(&mut buf)?;
    /// let (_, taken) = server.recv_from(&mut buf)?;
    /// assert_eq!(peeked, taken);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [recvfrom(2)](https://man7.org/linux/man-pages/man2/recvfrom.2.html)
    #[inline]
    pub fn peek_from(&self, buf: &mut [u8]) -> Result<(usize, SockAddr)> {
        let (r, from) = self.recv_from_with(buf, RecvFlags::DEFAULT.peek())?;
        Ok((r.filled(), from))
    }

    /// sendmsg(2) of several buffers as one write (one datagram), with
    /// `MSG_NOSIGNAL`; returns how many bytes the kernel took.
    ///
    /// # Errors
    /// As [`Socket::send`].
    ///
    /// ```
    /// use baresock::{Domain, IoSlice, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::Unix, Type::Datagram)?;
    /// a.send_vectored(&[IoSlice::new(b"head,"), IoSlice::new(b"body")])?;
    /// let mut buf = [0; 16];
    /// let n = b.recv(&mut buf)?;
    /// assert_eq!(&buf[..n], b"head,body");
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [sendmsg(2)](https://man7.org/linux/man-pages/man2/sendmsg.2.html)
    #[doc(alias = "writev")]
    #[inline]
    pub fn send_vectored(&self, bufs: &[IoSlice<'_>]) -> Result<usize> {
        let mut no_control = rnet::SendAncillaryBuffer::default();
        Ok(rnet::sendmsg(
            self,
            bufs,
            &mut no_control,
            SendFlags::DEFAULT.raw(),
        )?)
    }

    /// sendmsg(2) of several buffers as one datagram to `addr`.
    ///
    /// # Errors
    /// As [`Socket::send_to`].
    ///
    /// ```
    /// use baresock::{Domain, IoSlice, SockAddrIn, Socket, Type};
    /// let server = Socket::new(Domain::Inet, Type::Datagram)?;
    /// server.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// let client = Socket::new(Domain::Inet, Type::Datagram)?;
    /// let bufs = [IoSlice::new(b"a"), IoSlice::new(b"bc")];
    /// assert_eq!(client.send_vectored_to(&bufs, &server.local_addr()?)?, 3);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [sendmsg(2)](https://man7.org/linux/man-pages/man2/sendmsg.2.html)
    #[inline]
    pub fn send_vectored_to(&self, bufs: &[IoSlice<'_>], addr: &impl Address) -> Result<usize> {
        let mut no_control = rnet::SendAncillaryBuffer::default();
        Ok(rnet::sendmsg_addr(
            self,
            addr,
            bufs,
            &mut no_control,
            SendFlags::DEFAULT.raw(),
        )?)
    }

    /// recvmsg(2) into several buffers, filled in order. Unlike
    /// [`Socket::recv`], it always tells whether a datagram was cut.
    ///
    /// Descriptors a peer sends with `SCM_RIGHTS` are closed by the kernel
    /// here (there is no room for them); use [`Socket::recvmsg`] to take them.
    ///
    /// # Errors
    /// As [`Socket::recv`].
    ///
    /// ```
    /// use baresock::{Domain, IoSliceMut, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::Unix, Type::Datagram)?;
    /// a.send(b"headbody")?;
    /// let (mut head, mut body) = ([0; 4], [0; 8]);
    /// let r = b.recv_vectored(&mut [IoSliceMut::new(&mut head), IoSliceMut::new(&mut body)])?;
    /// assert_eq!((r.filled(), &head, &body[..4]), (8, b"head", &b"body"[..]));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [recvmsg(2)](https://man7.org/linux/man-pages/man2/recvmsg.2.html)
    #[doc(alias = "readv")]
    #[inline]
    pub fn recv_vectored(&self, bufs: &mut [IoSliceMut<'_>]) -> Result<Received> {
        Ok(self.recv_vectored_from(bufs)?.0)
    }

    /// recvmsg(2) into several buffers, with the sender's address (decoded
    /// as [`Socket::recv_from`] decodes it).
    ///
    /// # Errors
    /// As [`Socket::recv`].
    ///
    /// ```
    /// use baresock::{Domain, IoSliceMut, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let server = Socket::new(Domain::Inet, Type::Datagram)?;
    /// server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// let client = Socket::new(Domain::Inet, Type::Datagram)?;
    /// client.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// client.send_to(b"abc", &server.local_addr()?)?;
    /// let mut buf = [0; 8];
    /// let (r, from) = server.recv_vectored_from(&mut [IoSliceMut::new(&mut buf)])?;
    /// assert_eq!((r.filled(), from), (3, client.local_addr()?));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [recvmsg(2)](https://man7.org/linux/man-pages/man2/recvmsg.2.html)
    #[inline]
    pub fn recv_vectored_from(&self, bufs: &mut [IoSliceMut<'_>]) -> Result<(Received, SockAddr)> {
        let mut no_control = rnet::RecvAncillaryBuffer::default();
        let msg = rnet::recvmsg(self, bufs, &mut no_control, rnet::RecvFlags::empty())?;
        let cut = msg.flags.contains(rnet::ReturnFlags::TRUNC);
        Ok((Received::from_msg(msg.bytes, cut), self.sender(msg.address)))
    }

    /// The sender of a received message, from the address the kernel wrote.
    #[inline]
    pub(crate) fn sender(&self, from: Option<SocketAddrAny>) -> SockAddr {
        match from {
            Some(addr) => SockAddr::from_kernel(Some(addr)),
            None => self.nameless_sender(),
        }
    }

    /// The kernel writes no address for a sender without a name: on a Unix
    /// socket that is an unnamed socket (what getpeername(2) and accept4(2)
    /// call `AF_UNIX` with an empty path); elsewhere, no address at all.
    #[cold]
    #[inline(never)]
    fn nameless_sender(&self) -> SockAddr {
        match rnet::sockopt::socket_domain(self) {
            Ok(AddressFamily::UNIX) => SockAddr::Unix(SockAddrUn::UNNAMED),
            _ => SockAddr::from_kernel(None),
        }
    }
}
