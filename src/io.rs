//! Data calls: send(2)/recv(2), sendto(2)/recvfrom(2) with the exact peer,
//! and vectored I/O, each call without flags and `_with` flags.
//!
//! Every send carries `MSG_NOSIGNAL`, which no flag set can remove: a peer
//! that left makes a send fail with [`Error::Pipe`](crate::Error::Pipe), it
//! never kills the process with `SIGPIPE`. Every address the kernel reports
//! is decoded as `accept`'s is, into a [`SockAddr`]. Every receive returns a
//! [`Received`]. Peeking is [`RecvFlags::peek`].
//!
//! # References
//! - [send(2)](https://man7.org/linux/man-pages/man2/send.2.html),
//!   [sendto(2)](https://man7.org/linux/man-pages/man2/sendto.2.html),
//!   [sendmsg(2)](https://man7.org/linux/man-pages/man2/sendmsg.2.html),
//!   [recv(2)](https://man7.org/linux/man-pages/man2/recv.2.html),
//!   [recvfrom(2)](https://man7.org/linux/man-pages/man2/recvfrom.2.html),
//!   [recvmsg(2)](https://man7.org/linux/man-pages/man2/recvmsg.2.html)

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

    /// Adds `MSG_WAITFORONE` (for [`Socket::recvmmsg`](crate::Socket::recvmmsg)):
    /// block until the first datagram only, then take what is queued
    /// without waiting.
    ///
    /// ```
    /// assert_eq!(baresock::RecvFlags::DEFAULT.wait_for_one().as_raw(), 0x10000);
    /// ```
    #[doc(alias = "MSG_WAITFORONE")]
    #[must_use]
    pub const fn wait_for_one(self) -> Self {
        // Not among rustix's flags; the kernel's value (linux/socket.h).
        Self(self.0.union(rnet::RecvFlags::from_bits_retain(0x10000)))
    }

    /// Adds `MSG_TRUNC`: on a datagram socket, recv(2) and recvfrom(2)
    /// report the datagram's real length even when the buffer was shorter
    /// ([`Received::message_len`]), so a cut datagram is always told apart.
    /// (recvmsg(2) needs no flag to tell, and does not pass it on. On TCP
    /// it discards the bytes instead of copying them, tcp(7).)
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
            .field("wait_for_one", &(self.0.bits() & 0x10000 != 0))
            .finish()
    }
}

/// What a receive took: the bytes written into the buffer, and, where the
/// call can tell, whether the message was cut and its whole length.
///
/// Every receive returns one (recv(2), recvfrom(2), the vectored calls,
/// [`Socket::recvmsg`]), and its answers never guess:
///
/// | call | [`truncated`](Received::truncated) | [`message_len`](Received::message_len) |
/// |---|---|---|
/// | recv/recv_from with [`RecvFlags::trunc`] (datagrams) | always known | always known |
/// | recv/recv_from without it | `Some(false)` if the buffer was not filled, else `None` | the same |
/// | vectored calls, `recvmsg` (`MSG_TRUNC` of `msg_flags`) | always known | known unless cut |
///
/// A 20-byte datagram into 4 bytes: `recv` says `filled 4, truncated None`
/// (it cannot know), `recv_with(.., trunc)` says `filled 4, message_len
/// Some(20), truncated Some(true)`, `recv_vectored` says `filled 4,
/// truncated Some(true)`. `filled` never exceeds the buffer, so
/// `&buf[..r.filled()]` cannot panic.
///
/// ```
/// use baresock::{Domain, RecvFlags, SockAddrIn, Socket, Type};
/// use core::net::Ipv4Addr;
/// let server = Socket::new(Domain::INET, Type::DGRAM, None)?;
/// server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
/// let client = Socket::new(Domain::INET, Type::DGRAM, None)?;
/// client.send_to(b"a datagram of 25 bytes...", &server.local_addr()?)?;
///
/// let mut buf = [0; 8];
/// let r = server.recv_with(&mut buf, RecvFlags::DEFAULT.trunc())?;
/// assert_eq!((r.filled(), r.message_len(), r.truncated()), (8, Some(25), Some(true)));
/// assert_eq!(&buf[..r.filled()], b"a datagr");
/// # Ok::<(), baresock::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Received {
    filled: usize,
    message_len: Option<usize>,
    truncated: Option<bool>,
}

impl Received {
    /// From recv(2) or recvfrom(2): `returned` is the kernel's return value
    /// (the whole length under `MSG_TRUNC`, `asked_trunc`), `capacity` the
    /// buffer's length.
    #[inline]
    pub(crate) const fn from_recv(returned: usize, capacity: usize, asked_trunc: bool) -> Self {
        let filled = if returned < capacity {
            returned
        } else {
            capacity
        };
        // Without MSG_TRUNC a full buffer may hold a whole datagram or a
        // cut one: only a buffer left with room says "whole".
        let (message_len, truncated) = if asked_trunc {
            (Some(returned), Some(returned > capacity))
        } else if returned < capacity {
            (Some(returned), Some(false))
        } else {
            (None, None)
        };
        Self {
            filled,
            message_len,
            truncated,
        }
    }

    /// From recvmsg(2) asked without `MSG_TRUNC`: `returned` bytes were
    /// copied, and `cut` is the `MSG_TRUNC` the kernel set in `msg_flags`.
    #[inline]
    pub(crate) const fn from_msg(returned: usize, cut: bool) -> Self {
        Self {
            filled: returned,
            message_len: if cut { None } else { Some(returned) },
            truncated: Some(cut),
        }
    }

    /// How many bytes were written into the buffer (at most its length; 0
    /// on a stream: the peer shut down its side).
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// a.send(b"hello")?;
    /// let mut buf = [0; 16];
    /// assert_eq!(b.recv(&mut buf)?.filled(), 5);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    #[inline]
    pub const fn filled(&self) -> usize {
        self.filled
    }

    /// The whole message's length, beyond the buffer if it was cut; `None`
    /// where the call could not tell (see the table at [`Received`]).
    ///
    /// ```
    /// use baresock::{Domain, RecvFlags, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// a.send(b"hello")?;
    /// let mut buf = [0; 2];
    /// assert_eq!(b.recv_with(&mut buf, RecvFlags::DEFAULT.trunc())?.message_len(), Some(5));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    #[inline]
    pub const fn message_len(&self) -> Option<usize> {
        self.message_len
    }

    /// Whether the message did not fit the buffer and was cut (the rest is
    /// lost); `None` where the call could not tell (see the table at
    /// [`Received`]).
    ///
    /// ```
    /// use baresock::{Domain, IoSliceMut, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// a.send(b"hello")?;
    /// a.send(b"hello")?;
    /// let mut buf = [0; 2];
    /// assert_eq!(b.recv_vectored(&mut [IoSliceMut::new(&mut buf)])?.truncated(), Some(true));
    /// assert_eq!(b.recv(&mut buf)?.truncated(), None); // full buffer: cannot know
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    #[inline]
    pub const fn truncated(&self) -> Option<bool> {
        self.truncated
    }
}

impl Socket {
    /// send(2) with `MSG_NOSIGNAL`: a write to a closed peer returns
    /// [`Error::Pipe`](crate::Error::Pipe) instead of killing the process with `SIGPIPE`.
    /// Returns how many bytes the kernel took.
    ///
    /// # Errors
    /// [`Error::Pipe`](crate::Error::Pipe), [`Error::ConnReset`](crate::Error::ConnReset), [`Error::Again`](crate::Error::Again) (non-blocking
    /// and the send buffer full), [`Error::NotConn`](crate::Error::NotConn), [`Error::DestAddrReq`](crate::Error::DestAddrReq)
    /// (a datagram socket with no peer), [`Error::MsgSize`](crate::Error::MsgSize),
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) (a flag the socket type does not have, such as
    /// `MSG_OOB` on UDP), [`Error::NotSock`](crate::Error::NotSock), ...
    ///
    /// ```
    /// use baresock::{Domain, Error, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// assert_eq!(sock.send(b"x"), Err(Error::Pipe)); // never connected
    /// # Ok::<(), Error>(())
    /// ```
    #[inline]
    pub fn send(&self, buf: &[u8]) -> Result<usize> {
        self.send_with(buf, SendFlags::DEFAULT)
    }

    /// [`Socket::send`] with `flags` (and `MSG_NOSIGNAL`, always).
    ///
    /// # Errors
    /// As [`Socket::send`].
    ///
    /// ```
    /// use baresock::{Domain, SendFlags, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::STREAM, None)?;
    /// assert_eq!(a.send_with(b"hi", SendFlags::DEFAULT.dont_wait())?, 2);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn send_with(&self, buf: &[u8], flags: SendFlags) -> Result<usize> {
        Ok(rnet::send(self, buf, flags.raw())?)
    }

    /// sendto(2) with `MSG_NOSIGNAL`: sends a datagram to `addr`, any
    /// [`Address`] (baresock's or `core::net`'s). This is how a UDP server
    /// answers whoever [`Socket::recv_from`] named.
    ///
    /// On a connection-mode socket the address is not used: TCP ignores it,
    /// a connected Unix stream socket fails with [`Error::IsConn`](crate::Error::IsConn).
    ///
    /// # Errors
    /// As [`Socket::send`]; [`Error::AfNoSupport`](crate::Error::AfNoSupport) (an address of another
    /// family), [`Error::Inval`](crate::Error::Inval) (port 0), [`Error::MsgSize`](crate::Error::MsgSize) (over 65,507
    /// bytes for UDP on IPv4), [`Error::ConnRefused`](crate::Error::ConnRefused) (no Unix socket by that
    /// name), [`Error::NoEnt`](crate::Error::NoEnt), [`Error::Access`](crate::Error::Access), [`Error::NetUnreach`](crate::Error::NetUnreach), ...
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// use core::net::{Ipv4Addr, SocketAddr};
    /// let server = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// server.bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
    /// let client = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// assert_eq!(client.send_to(b"ping", &server.local_addr()?)?, 4);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "sendto")]
    #[inline]
    pub fn send_to(&self, buf: &[u8], addr: &impl Address) -> Result<usize> {
        self.send_to_with(buf, addr, SendFlags::DEFAULT)
    }

    /// [`Socket::send_to`] with `flags` (and `MSG_NOSIGNAL`, always).
    ///
    /// # Errors
    /// As [`Socket::send_to`].
    ///
    /// ```
    /// use baresock::{Domain, SendFlags, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let server = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// let to = server.local_addr()?;
    /// let client = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// // MSG_MORE: one datagram of both parts, sent by the second call.
    /// client.send_to_with(b"hel", &to, SendFlags::DEFAULT.more())?;
    /// client.send_to_with(b"lo", &to, SendFlags::DEFAULT)?;
    /// let mut buf = [0; 8];
    /// assert_eq!(server.recv(&mut buf)?.filled(), 5);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn send_to_with(&self, buf: &[u8], addr: &impl Address, flags: SendFlags) -> Result<usize> {
        Ok(rnet::sendto(self, buf, flags.raw(), addr)?)
    }

    /// recv(2) into a borrowed buffer. A datagram longer than the buffer is
    /// cut; [`Received`] says what can be known of that.
    ///
    /// # Errors
    /// [`Error::Again`](crate::Error::Again) (non-blocking, nothing to read, or a receive timeout
    /// expired), [`Error::NotConn`](crate::Error::NotConn), [`Error::ConnReset`](crate::Error::ConnReset),
    /// [`Error::ConnRefused`](crate::Error::ConnRefused) (a connected UDP socket whose peer's port is
    /// closed), [`Error::Intr`](crate::Error::Intr), [`Error::Inval`](crate::Error::Inval) (`MSG_OOB` with no urgent
    /// data), [`Error::NotSock`](crate::Error::NotSock).
    ///
    /// ```
    /// use baresock::{Domain, Error, Flags, Socket, Type};
    /// let sock = Socket::new_with(Domain::INET, Type::DGRAM, None, Flags::DEFAULT.nonblocking())?;
    /// let mut buf = [0; 16];
    /// assert_eq!(sock.recv(&mut buf), Err(Error::Again));
    /// # Ok::<(), Error>(())
    /// ```
    #[inline]
    pub fn recv(&self, buf: &mut [u8]) -> Result<Received> {
        self.recv_with(buf, RecvFlags::DEFAULT)
    }

    /// [`Socket::recv`] with `flags`: [`RecvFlags::peek`] leaves the data
    /// queued, [`RecvFlags::trunc`] tells a datagram's whole length.
    ///
    /// # Errors
    /// As [`Socket::recv`].
    ///
    /// ```
    /// use baresock::{Domain, RecvFlags, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// a.send(b"once")?;
    /// let mut buf = [0; 8];
    /// assert_eq!(b.recv_with(&mut buf, RecvFlags::DEFAULT.peek())?.filled(), 4);
    /// assert_eq!(b.recv(&mut buf)?.filled(), 4); // still there
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn recv_with(&self, buf: &mut [u8], flags: RecvFlags) -> Result<Received> {
        let capacity = buf.len();
        let (_, returned) = rnet::recv(self, buf, flags.raw())?;
        let asked_trunc = flags.raw().contains(rnet::RecvFlags::TRUNC);
        Ok(Received::from_recv(returned, capacity, asked_trunc))
    }

    /// recvfrom(2): receives a datagram and the address of its sender, the
    /// address [`Socket::send_to`] answers.
    ///
    /// The sender is decoded as [`Socket::accept`]'s peer is: IPv4, IPv6,
    /// or a Unix pathname or abstract name. For a sender the kernel names by
    /// no address (an unnamed Unix socket, such as a [`Socket::pair`] end,
    /// or any TCP peer) the answer is [`SockAddrUn::UNNAMED`] on a Unix
    /// socket and `SockAddr::Other { family: 0 }` on others.
    ///
    /// # Errors
    /// As [`Socket::recv`].
    ///
    /// ```
    /// use baresock::{Domain, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let server = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// let client = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// client.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?; // else its local_addr is 0.0.0.0:port
    /// client.send_to(b"ping", &server.local_addr()?)?;
    ///
    /// let mut buf = [0; 64];
    /// let (r, peer) = server.recv_from(&mut buf)?;
    /// assert_eq!((&buf[..r.filled()], peer), (&b"ping"[..], client.local_addr()?));
    /// server.send_to(b"pong", &peer)?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "recvfrom")]
    #[inline]
    pub fn recv_from(&self, buf: &mut [u8]) -> Result<(Received, SockAddr)> {
        self.recv_from_with(buf, RecvFlags::DEFAULT)
    }

    /// [`Socket::recv_from`] with `flags`.
    ///
    /// # Errors
    /// As [`Socket::recv`].
    ///
    /// ```
    /// use baresock::{Domain, RecvFlags, SockAddr, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// a.send(b"0123456789")?;
    /// let mut buf = [0; 4];
    /// let (r, from) = b.recv_from_with(&mut buf, RecvFlags::DEFAULT.trunc())?;
    /// assert_eq!((r.filled(), r.message_len()), (4, Some(10)));
    /// assert!(matches!(from, SockAddr::Unix(_)));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn recv_from_with(&self, buf: &mut [u8], flags: RecvFlags) -> Result<(Received, SockAddr)> {
        let capacity = buf.len();
        let (_, returned, from) = rnet::recvfrom(self, buf, flags.raw())?;
        let asked_trunc = flags.raw().contains(rnet::RecvFlags::TRUNC);
        let received = Received::from_recv(returned, capacity, asked_trunc);
        Ok((received, self.sender(from)))
    }

    /// sendmsg(2) of several buffers as one write (one datagram), with
    /// `MSG_NOSIGNAL`; returns how many bytes the kernel took.
    ///
    /// # Errors
    /// As [`Socket::send`].
    ///
    /// ```
    /// use baresock::{Domain, IoSlice, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// a.send_vectored(&[IoSlice::new(b"head,"), IoSlice::new(b"body")])?;
    /// let mut buf = [0; 16];
    /// let n = b.recv(&mut buf)?.filled();
    /// assert_eq!(&buf[..n], b"head,body");
    /// # Ok::<(), baresock::Error>(())
    /// ```
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
    /// let server = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// server.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// let client = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// let bufs = [IoSlice::new(b"a"), IoSlice::new(b"bc")];
    /// assert_eq!(client.send_to_vectored(&bufs, &server.local_addr()?)?, 3);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn send_to_vectored(&self, bufs: &[IoSlice<'_>], addr: &impl Address) -> Result<usize> {
        let mut no_control = rnet::SendAncillaryBuffer::default();
        Ok(rnet::sendmsg_addr(
            self,
            addr,
            bufs,
            &mut no_control,
            SendFlags::DEFAULT.raw(),
        )?)
    }

    /// recvmsg(2) into several buffers, filled in order; it always tells
    /// whether a datagram was cut.
    ///
    /// Descriptors a peer sends with `SCM_RIGHTS` are closed by the kernel
    /// here (there is no room for them); use [`Socket::recvmsg`] to take them.
    ///
    /// # Errors
    /// As [`Socket::recv`].
    ///
    /// ```
    /// use baresock::{Domain, IoSliceMut, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// a.send(b"headbody")?;
    /// let (mut head, mut body) = ([0; 4], [0; 8]);
    /// let r = b.recv_vectored(&mut [IoSliceMut::new(&mut head), IoSliceMut::new(&mut body)])?;
    /// assert_eq!((r.filled(), r.truncated()), (8, Some(false)));
    /// assert_eq!((&head, &body[..4]), (b"head", &b"body"[..]));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "readv")]
    #[inline]
    pub fn recv_vectored(&self, bufs: &mut [IoSliceMut<'_>]) -> Result<Received> {
        Ok(self.recv_from_vectored(bufs)?.0)
    }

    /// [`Socket::recv_vectored`] with the sender's address (decoded as
    /// [`Socket::recv_from`] decodes it).
    ///
    /// # Errors
    /// As [`Socket::recv`].
    ///
    /// ```
    /// use baresock::{Domain, IoSliceMut, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let server = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// let client = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// client.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// client.send_to(b"abc", &server.local_addr()?)?;
    /// let mut buf = [0; 8];
    /// let (r, from) = server.recv_from_vectored(&mut [IoSliceMut::new(&mut buf)])?;
    /// assert_eq!((r.filled(), from), (3, client.local_addr()?));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn recv_from_vectored(&self, bufs: &mut [IoSliceMut<'_>]) -> Result<(Received, SockAddr)> {
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

    /// The sender from the address bytes the kernel wrote (none: see
    /// `nameless_sender`).
    #[inline]
    pub(crate) fn sender_bytes(&self, name: &[u8]) -> SockAddr {
        if name.is_empty() {
            self.nameless_sender()
        } else {
            SockAddr::from_bytes(name)
        }
    }

    /// The kernel writes no address for a sender without a name: on a Unix
    /// socket that is an unnamed socket (what getpeername(2) and accept4(2)
    /// call `AF_UNIX` with an empty path); elsewhere, no address at all.
    /// One `SO_DOMAIN` query tells them apart, made on this cold path only.
    #[cold]
    #[inline(never)]
    fn nameless_sender(&self) -> SockAddr {
        match rnet::sockopt::socket_domain(self) {
            Ok(AddressFamily::UNIX) => SockAddr::Unix(SockAddrUn::UNNAMED),
            _ => SockAddr::from_kernel(None),
        }
    }
}
