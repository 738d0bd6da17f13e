//! Datagrams in batches: recvmmsg(2) and sendmmsg(2) over arrays the
//! caller owns (on the stack, no allocation), each message with its buffer,
//! peer and metadata; and UDP generic segmentation offload (GSO), with the
//! fallback a device without checksum offload needs.
//!
//! # References
//! - [recvmmsg(2)](https://man7.org/linux/man-pages/man2/recvmmsg.2.html)
//! - [sendmmsg(2)](https://man7.org/linux/man-pages/man2/sendmmsg.2.html)
//! - [udp(7)](https://man7.org/linux/man-pages/man7/udp.7.html)
//!   (`UDP_SEGMENT`, `UDP_GRO`)
//
// The calls are `crate::sys`'s (rustix has no recvmmsg, #1156). Headers are
// built on the stack for each call from the slots' borrows, so a slot holds
// no pointer into itself and can move freely between calls.

use core::fmt;
use core::sync::atomic::{AtomicUsize, Ordering};
use core::time::Duration;

use rustix::fd::AsFd;

use crate::msg::{close_received_fds, MSG_CMSG_CLOEXEC, MSG_CTRUNC, MSG_TRUNC, NAME_LEN};
use crate::sys::{self, Filled, RecvPart, SendPart};
use crate::{
    ControlBuffer, ControlMessages, Error, Received, RecvFlags, RecvMeta, Result, SendFlags,
    SendMeta, SockAddr, Socket, SPACE_FOR_RECV_META, SPACE_FOR_SEND_META,
};

/// One message of a [`Socket::recvmmsg`] batch: the caller's buffer, and
/// room for the sender's address and `C` bytes of control messages (by
/// default [`SPACE_FOR_RECV_META`], every metadata message a UDP socket
/// receives).
///
/// ```
/// use baresock::{Domain, RecvFlags, RecvSlot, SockAddrIn, Socket, Type};
/// use core::net::Ipv4Addr;
/// let server = Socket::new(Domain::INET, Type::DGRAM, None)?;
/// server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
/// let client = Socket::new(Domain::INET, Type::DGRAM, None)?;
/// client.send_to(b"one", &server.local_addr()?)?;
/// client.send_to(b"two", &server.local_addr()?)?;
///
/// let mut bufs = [[0u8; 1500]; 8];
/// let mut slots = bufs.each_mut().map(|b| RecvSlot::new(b));
/// let mut got = 0;
/// while got < 2 {
///     // Blocks for the first datagram only, then takes what is queued.
///     let n = server.recvmmsg(&mut slots, RecvFlags::DEFAULT.wait_for_one(), None)?;
///     for slot in &slots[..n] {
///         assert_eq!(slot.peer().port(), client.local_addr()?.port());
///         got += 1;
///     }
/// }
/// # Ok::<(), baresock::Error>(())
/// ```
pub struct RecvSlot<'buf, const C: usize = SPACE_FOR_RECV_META> {
    buf: &'buf mut [u8],
    name: [u8; NAME_LEN],
    control: ControlBuffer<C>,
    // What the last call wrote here; all zero for a slot it did not fill.
    filled: Filled,
}

impl<'buf> RecvSlot<'buf> {
    /// A slot receiving into `buf`, with [`SPACE_FOR_RECV_META`] bytes of
    /// control space. A datagram longer than `buf` is cut
    /// ([`Received::truncated`]); a GRO one is many datagrams long.
    ///
    /// ```
    /// let mut buf = [0; 2048];
    /// let slot = baresock::RecvSlot::new(&mut buf);
    /// assert!(slot.data().is_empty());
    /// ```
    #[must_use]
    pub fn new(buf: &'buf mut [u8]) -> Self {
        Self::with_control_space(buf)
    }
}

impl<'buf, const C: usize> RecvSlot<'buf, C> {
    /// A slot receiving into `buf`, with `C` bytes of control space (the
    /// `SPACE_FOR_*` constants, summed, for what this socket receives).
    ///
    /// ```
    /// use baresock::{RecvSlot, SPACE_FOR_PKTINFO_V4};
    /// let mut buf = [0; 1500];
    /// let slot = RecvSlot::<SPACE_FOR_PKTINFO_V4>::with_control_space(&mut buf);
    /// # let _ = slot;
    /// ```
    #[must_use]
    pub fn with_control_space(buf: &'buf mut [u8]) -> Self {
        Self {
            buf,
            name: [0; NAME_LEN],
            control: ControlBuffer::new(),
            filled: Filled::default(),
        }
    }

    /// The datagram received (empty for a slot the last call did not fill).
    ///
    /// See [`RecvSlot`] for an example.
    #[must_use]
    pub fn data(&self) -> &[u8] {
        self.buf.get(..self.filled.len).unwrap_or(self.buf)
    }

    /// The datagram's length and whether it was cut.
    ///
    /// ```
    /// use baresock::{Domain, RecvFlags, RecvSlot, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// a.send(b"longer than four")?;
    /// let mut buf = [0; 4];
    /// let mut slots = [RecvSlot::new(&mut buf)];
    /// b.recvmmsg(&mut slots, RecvFlags::DEFAULT, None)?;
    /// assert_eq!(slots[0].received().truncated(), Some(true));
    /// assert_eq!(slots[0].data(), b"long");
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn received(&self) -> Received {
        Received::from_msg(self.filled.len, self.filled.flags & MSG_TRUNC != 0)
    }

    /// The sender, as [`Socket::recv_from`] reports it (an unnamed Unix
    /// sender, which writes no address, is `SockAddr::Other { family: 0 }`
    /// here).
    ///
    /// See [`RecvSlot`] for an example.
    #[must_use]
    pub fn peer(&self) -> SockAddr {
        SockAddr::from_bytes(self.name.get(..self.filled.name_len).unwrap_or_default())
    }

    /// The control messages received with the datagram. Fds passed in a
    /// batch are closed on arrival (receive fds with
    /// [`Socket::recvmsg`]): their numbers here name nothing.
    ///
    /// ```
    /// use baresock::{Domain, RecvFlags, RecvSlot, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// a.send(b"x")?;
    /// let mut buf = [0; 4];
    /// let mut slots = [RecvSlot::new(&mut buf)];
    /// b.recvmmsg(&mut slots, RecvFlags::DEFAULT, None)?;
    /// assert_eq!(slots[0].control_messages().count(), 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn control_messages(&self) -> ControlMessages<'_> {
        let len = self.filled.control_len;
        ControlMessages::new(self.control.bytes.get(..len).unwrap_or_default())
    }

    /// The datagram's metadata, decoded from its control messages: the
    /// address it was sent to, its TOS byte, its receive time, ... (each
    /// needs its option on: see [`RecvMeta`]).
    ///
    /// ```
    /// use baresock::{Domain, RecvFlags, RecvSlot, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let server = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// server.set_recv_pktinfo_v4(true)?;
    /// server.bind(&SockAddrIn::new(Ipv4Addr::UNSPECIFIED, 0))?;
    /// let port = server.local_addr()?.port().unwrap_or(0);
    /// let client = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// client.send_to(b"x", &SockAddrIn::new(Ipv4Addr::new(127, 0, 0, 3), port))?;
    /// let mut buf = [0; 4];
    /// let mut slots = [RecvSlot::new(&mut buf)];
    /// server.recvmmsg(&mut slots, RecvFlags::DEFAULT, None)?;
    /// assert_eq!(slots[0].meta().destination, Some(Ipv4Addr::new(127, 0, 0, 3).into()));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn meta(&self) -> RecvMeta {
        RecvMeta::from_control(self.control_messages())
    }

    /// `MSG_CTRUNC`: the `C` bytes of control space were too few, and some
    /// metadata was lost.
    ///
    /// ```
    /// let mut buf = [0; 4];
    /// assert!(!baresock::RecvSlot::new(&mut buf).control_truncated());
    /// ```
    #[must_use]
    pub fn control_truncated(&self) -> bool {
        self.filled.flags & MSG_CTRUNC != 0
    }

    /// The datagrams in [`RecvSlot::data`]: several of the metadata's
    /// segment size when the kernel coalesced them (`UDP_GRO`, see
    /// [`Socket::set_udp_gro`]), the last possibly shorter; else the one
    /// datagram, even an empty one.
    ///
    /// ```
    /// use baresock::{Domain, RecvFlags, RecvSlot, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// a.send(b"")?;
    /// let mut buf = [0; 4];
    /// let mut slots = [RecvSlot::new(&mut buf)];
    /// b.recvmmsg(&mut slots, RecvFlags::DEFAULT, None)?;
    /// assert_eq!(slots[0].segments().collect::<Vec<_>>(), [b""]);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "UDP_GRO")]
    pub fn segments(&self) -> Segments<'_> {
        let size = self.meta().segment_size.map_or(0, usize::from);
        Segments {
            rest: Some(self.data()),
            size,
        }
    }

    /// The buffer this slot receives into.
    ///
    /// ```
    /// let mut buf = [7; 4];
    /// let mut slot = baresock::RecvSlot::new(&mut buf);
    /// assert_eq!(slot.buf_mut(), &[7; 4]);
    /// ```
    pub fn buf_mut(&mut self) -> &mut [u8] {
        self.buf
    }
}

impl<const C: usize> fmt::Debug for RecvSlot<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecvSlot")
            .field("len", &self.filled.len)
            .field("capacity", &self.buf.len())
            .field("peer", &self.peer())
            .field("meta", &self.meta())
            .finish()
    }
}

/// The datagrams of one [`RecvSlot`], split by the GRO segment size.
///
/// ```
/// let mut buf = [0; 4];
/// let slot = baresock::RecvSlot::new(&mut buf);
/// assert_eq!(slot.segments().count(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct Segments<'a> {
    // `None` once every segment was yielded.
    rest: Option<&'a [u8]>,
    // 0: the whole as one.
    size: usize,
}

impl<'a> Iterator for Segments<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let rest = self.rest?;
        if self.size == 0 || rest.len() <= self.size {
            self.rest = None;
            return Some(rest);
        }
        let (first, after) = rest.split_at(self.size);
        self.rest = Some(after);
        Some(first)
    }
}

impl core::iter::FusedIterator for Segments<'_> {}

/// One message of a [`Socket::sendmmsg`] batch: its data, its destination
/// (`None`: the connected peer) and its metadata.
///
/// ```
/// use baresock::{SendMeta, SendSlot};
/// use core::net::{Ipv4Addr, SocketAddr};
/// let slot = SendSlot::new(b"hi").to(SocketAddr::from((Ipv4Addr::LOCALHOST, 9600)));
/// assert_eq!(slot.meta, SendMeta::default());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SendSlot<'a> {
    /// The datagram (with [`SendMeta::segment_size`], several).
    pub data: &'a [u8],
    /// Where to: `None` on a connected socket.
    pub to: Option<SockAddr>,
    /// Source address, TOS, segment size.
    pub meta: SendMeta,
}

impl<'a> SendSlot<'a> {
    /// `data`, to the connected peer, with no metadata.
    ///
    /// ```
    /// assert!(baresock::SendSlot::new(b"x").to.is_none());
    /// ```
    #[must_use]
    pub const fn new(data: &'a [u8]) -> Self {
        Self {
            data,
            to: None,
            meta: SendMeta {
                source: None,
                interface: 0,
                tos: None,
                segment_size: None,
            },
        }
    }

    /// The same, to `addr`.
    ///
    /// ```
    /// use core::net::{Ipv6Addr, SocketAddr};
    /// let slot = baresock::SendSlot::new(b"x").to(SocketAddr::from((Ipv6Addr::LOCALHOST, 53)));
    /// assert_eq!(slot.to.and_then(|a| a.port()), Some(53));
    /// ```
    #[must_use]
    pub fn to(self, addr: impl Into<SockAddr>) -> Self {
        Self {
            to: Some(addr.into()),
            ..self
        }
    }

    /// The same, with `meta`.
    ///
    /// ```
    /// use baresock::{SendMeta, SendSlot};
    /// let meta = SendMeta { tos: Some(2), ..SendMeta::default() };
    /// assert_eq!(SendSlot::new(b"x").with_meta(meta).meta.tos, Some(2));
    /// ```
    #[must_use]
    pub const fn with_meta(self, meta: SendMeta) -> Self {
        Self { meta, ..self }
    }
}

/// A batch that did not go whole: how many messages the kernel sent
/// (in order, from the first), and the error of the first it did not.
///
/// ```
/// use baresock::{Domain, Error, PartialSend, SendFlags, SendSlot, Socket, Type};
/// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
/// let msgs = [SendSlot::new(b"no peer")];
/// assert_eq!(
///     sock.sendmmsg(&msgs, SendFlags::DEFAULT),
///     Err(PartialSend { sent: 0, error: Error::DestAddrReq })
/// );
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartialSend {
    /// Messages sent, all before the one that failed.
    pub sent: usize,
    /// Why the next one was not.
    pub error: Error,
}

impl fmt::Display for PartialSend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} sent, then: {}", self.sent, self.error)
    }
}

impl core::error::Error for PartialSend {}

impl From<PartialSend> for Error {
    /// The error, dropping the count.
    fn from(partial: PartialSend) -> Self {
        partial.error
    }
}

#[cfg(feature = "std")]
impl From<PartialSend> for std::io::Error {
    fn from(partial: PartialSend) -> Self {
        partial.error.into()
    }
}

/// Messages per sendmmsg(2) call: the headers, iovecs and control space
/// of a call live on the stack (the kernel takes up to 1024).
const SEND_BATCH: usize = 64;

/// The most segments one GSO send carries (`UDP_MAX_SEGMENTS`, 64 before
/// Linux 6.9).
const GSO_MAX_SEGMENTS: usize = 64;

/// The largest UDP payload over IPv4: one GSO send's whole length.
const MAX_UDP_PAYLOAD: usize = 65_507;

/// Whether UDP generic segmentation offload works for a socket's sends, as
/// found at run time: the kernel must know `UDP_SEGMENT` (Linux 4.18), and
/// the device must offload checksums, which only a send can tell (it fails
/// with `EIO`). [`Socket::send_segments_to`] turns it off on that failure
/// and sends segment by segment from then on, so no datagram is lost.
///
/// ```
/// use baresock::{Domain, Gso, Socket, Type};
/// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
/// let gso = Gso::detect(&sock);
/// assert!(gso.max_segments() >= 1);
/// # Ok::<(), baresock::Error>(())
/// ```
#[derive(Debug)]
pub struct Gso {
    max_segments: AtomicUsize,
}

impl Gso {
    /// Asks the kernel whether it has `UDP_SEGMENT` (a getsockopt(2) on
    /// `sock`, as quinn-udp does).
    ///
    /// See [`Gso`] for an example.
    #[must_use]
    pub fn detect(sock: &Socket) -> Self {
        let segments = if sock.udp_gso_supported() {
            GSO_MAX_SEGMENTS
        } else {
            1
        };
        Self {
            max_segments: AtomicUsize::new(segments),
        }
    }

    /// Never offloads: every segment its own datagram.
    ///
    /// ```
    /// assert!(!baresock::Gso::off().enabled());
    /// ```
    #[must_use]
    pub const fn off() -> Self {
        Self {
            max_segments: AtomicUsize::new(1),
        }
    }

    /// Whether sends still offload segmentation.
    ///
    /// ```
    /// assert_eq!(baresock::Gso::off().enabled(), false);
    /// ```
    #[must_use]
    pub fn enabled(&self) -> bool {
        self.max_segments() > 1
    }

    /// The most segments one send carries (1: no offload).
    ///
    /// ```
    /// assert_eq!(baresock::Gso::off().max_segments(), 1);
    /// ```
    #[must_use]
    pub fn max_segments(&self) -> usize {
        self.max_segments.load(Ordering::Relaxed)
    }

    fn disable(&self) {
        self.max_segments.store(1, Ordering::Relaxed);
    }
}

/// Batches of datagrams: [`Socket::recvmmsg`] into [`RecvSlot`]s,
/// [`Socket::sendmmsg`] of [`SendSlot`]s, and GSO sends
/// ([`Socket::send_segments_to`]).
impl Socket {
    /// recvmmsg(2): up to `N` datagrams in one call, each into its slot
    /// with its sender and metadata; returns how many slots were filled
    /// (from the first; the others read as empty).
    ///
    /// `flags` as for [`Socket::recv_with`], plus
    /// [`RecvFlags::wait_for_one`]: block for the first datagram only, then
    /// take what is queued. Without it a blocking socket waits until all
    /// `N` came. `timeout` bounds the whole call, but the kernel checks it
    /// only after each datagram (recvmmsg(2), BUGS): it never ends a wait
    /// for the first one (use [`Socket::set_read_timeout`] or
    /// `wait_for_one`). A datagram longer than its slot's buffer is cut
    /// ([`Received::truncated`]); fds passed over a Unix socket are closed.
    ///
    /// # Errors
    /// As [`Socket::recv_with`]: [`Error::Again`] when non-blocking and
    /// nothing is queued. An error after some datagrams were received is
    /// kept by the kernel for the next call (and `SO_ERROR`).
    ///
    /// See [`RecvSlot`] for an example.
    pub fn recvmmsg<const N: usize, const C: usize>(
        &self,
        slots: &mut [RecvSlot<'_, C>; N],
        flags: RecvFlags,
        timeout: Option<Duration>,
    ) -> Result<usize> {
        let mut out = [Filled::default(); N];
        let mut parts = slots.each_mut().map(|slot| RecvPart {
            data: &mut *slot.buf,
            name: &mut slot.name,
            control: &mut slot.control.bytes,
        });
        // As recvmsg: CLOEXEC for any fd, and never TRUNC (msg_flags says).
        let flags = (flags.as_raw() & !MSG_TRUNC) | MSG_CMSG_CLOEXEC;
        let n = sys::recvmmsg(self.as_fd(), &mut parts, &mut out, flags, timeout)?;
        for (slot, filled) in slots.iter_mut().zip(out) {
            slot.filled = filled;
        }
        for slot in slots.iter().take(n) {
            if slot.filled.control_len > 0 {
                close_received_fds(
                    slot.control
                        .bytes
                        .get(..slot.filled.control_len)
                        .unwrap_or_default(),
                );
            }
        }
        Ok(n)
    }

    /// sendmmsg(2): every message of `msgs`, in order, in calls of up to 64
    /// (`MSG_NOSIGNAL` and `flags`).
    ///
    /// The kernel stops a batch at the first message that fails and reports
    /// only how many went; that one is then sent alone once, which either
    /// sends it (and the batch goes on) or gives its error: so the result
    /// is exact, never a count with the error lost.
    ///
    /// # Errors
    /// [`PartialSend`]: how many were sent, and the first error, as
    /// [`Socket::send_to`] and [`Socket::sendmsg`] give them.
    ///
    /// ```
    /// use baresock::{Domain, RecvFlags, RecvSlot, SendFlags, SendSlot, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let server = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// let to = server.local_addr()?;
    /// let client = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// let msgs = [b"a", b"b", b"c"].map(|d| SendSlot::new(d).to(to));
    /// client.sendmmsg(&msgs, SendFlags::DEFAULT)?;
    ///
    /// let mut bufs = [[0u8; 8]; 4];
    /// let mut slots = bufs.each_mut().map(|b| RecvSlot::new(b));
    /// let n = server.recvmmsg(&mut slots, RecvFlags::DEFAULT.wait_for_one(), None)?;
    /// assert!(n >= 1 && slots[0].data() == b"a");
    /// # Ok::<(), baresock::Error>(())
    /// ```
    pub fn sendmmsg(
        &self,
        msgs: &[SendSlot<'_>],
        flags: SendFlags,
    ) -> core::result::Result<(), PartialSend> {
        let mut sent = 0;
        while let Some(rest) = msgs.get(sent..).filter(|rest| !rest.is_empty()) {
            let chunk = rest.get(..SEND_BATCH).unwrap_or(rest);
            let went = match self.sendmmsg_chunk(chunk, flags) {
                Ok(went) => went,
                Err(error) => return Err(PartialSend { sent, error }),
            };
            sent += went;
            if went < chunk.len() {
                // The kernel dropped this one's errno: ask again, alone.
                if let Some(next) = msgs.get(sent) {
                    match self.sendmsg_slot(next, flags) {
                        Ok(()) => sent += 1,
                        Err(error) => return Err(PartialSend { sent, error }),
                    }
                }
            }
        }
        Ok(())
    }

    /// One sendmmsg(2) of up to [`SEND_BATCH`] messages; how many went.
    fn sendmmsg_chunk(&self, chunk: &[SendSlot<'_>], flags: SendFlags) -> Result<usize> {
        if chunk.iter().all(|slot| slot.meta == SendMeta::default()) {
            // No metadata: no control space to clear.
            let parts = core::array::from_fn::<_, SEND_BATCH, _>(|i| part(chunk.get(i), &[]));
            return sys::sendmmsg::<SEND_BATCH>(
                self.as_fd(),
                parts.get(..chunk.len()).unwrap_or_default(),
                flags.as_raw(),
            );
        }
        let mut controls = [const { ControlBuffer::<SPACE_FOR_SEND_META>::new() }; SEND_BATCH];
        let mut lens = [0usize; SEND_BATCH];
        for ((slot, control), len) in chunk.iter().zip(controls.iter_mut()).zip(lens.iter_mut()) {
            let mut encoder = crate::SendControl::new(control);
            encoder.push_meta(&slot.meta)?;
            *len = encoder.as_bytes().len();
        }
        let parts = core::array::from_fn::<_, SEND_BATCH, _>(|i| {
            let control = controls.get(i).map_or(&[][..], |c| &c.bytes[..]);
            part(
                chunk.get(i),
                control
                    .get(..lens.get(i).copied().unwrap_or(0))
                    .unwrap_or_default(),
            )
        });
        sys::sendmmsg::<SEND_BATCH>(
            self.as_fd(),
            parts.get(..chunk.len()).unwrap_or_default(),
            flags.as_raw(),
        )
    }

    /// One message alone, through sendmsg(2).
    fn sendmsg_slot(&self, slot: &SendSlot<'_>, flags: SendFlags) -> Result<()> {
        let mut control = ControlBuffer::<SPACE_FOR_SEND_META>::new();
        let mut encoder = crate::SendControl::new(&mut control);
        encoder.push_meta(&slot.meta)?;
        let name = slot.to.as_ref().map_or(&[][..], SockAddr::kernel_bytes);
        let data = [rustix::io::IoSlice::new(slot.data)];
        sys::sendmsg(
            self.as_fd(),
            &data,
            name,
            encoder.as_bytes(),
            flags.as_raw(),
        )
        .map(drop)
    }

    /// Sends `buf` as datagrams of `segment_size` bytes each (the last
    /// possibly shorter) to `to` (`None`: the connected peer), with `meta`:
    /// many segments per sendmsg(2) with `UDP_SEGMENT` while `gso` is
    /// enabled, else a sendmmsg(2) batch of them.
    ///
    /// A send the device refuses for offload (`EIO`; or `EINVAL`, as
    /// quinn-udp also takes it) turns `gso` off and is sent again segment
    /// by segment, so nothing is lost; later calls with the same `gso`
    /// send that way from the start.
    ///
    /// # Errors
    /// [`PartialSend`] with the segments sent: [`Error::Inval`] for a
    /// segment size of 0; otherwise as [`Socket::sendmmsg`].
    ///
    /// ```
    /// use baresock::{Domain, Gso, RecvFlags, RecvSlot, SendFlags, SendMeta, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let server = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// let client = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// let gso = Gso::detect(&client);
    /// client.send_segments_to(&[7; 250], 100, Some(&server.local_addr()?), &SendMeta::default(), &gso, SendFlags::DEFAULT)?;
    ///
    /// let mut bufs = [[0u8; 100]; 3];
    /// let mut slots = bufs.each_mut().map(|b| RecvSlot::new(b));
    /// let mut lens = Vec::new();
    /// while lens.len() < 3 {
    ///     let n = server.recvmmsg(&mut slots, RecvFlags::DEFAULT.wait_for_one(), None)?;
    ///     lens.extend(slots[..n].iter().map(|s| s.data().len()));
    /// }
    /// assert_eq!(lens, [100, 100, 50]);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "UDP_SEGMENT")]
    pub fn send_segments_to(
        &self,
        buf: &[u8],
        segment_size: u16,
        to: Option<&SockAddr>,
        meta: &SendMeta,
        gso: &Gso,
        flags: SendFlags,
    ) -> core::result::Result<(), PartialSend> {
        let size = usize::from(segment_size);
        if size == 0 {
            return Err(PartialSend {
                sent: 0,
                error: Error::Inval,
            });
        }
        let per_send = (MAX_UDP_PAYLOAD / size).clamp(1, GSO_MAX_SEGMENTS);
        let mut sent = 0;
        for chunk in buf.chunks(per_send * size) {
            let segments = chunk.len().div_ceil(size);
            if gso.enabled() && segments > 1 {
                let slot = SendSlot {
                    data: chunk,
                    to: to.copied(),
                    meta: SendMeta {
                        segment_size: Some(segment_size),
                        ..*meta
                    },
                };
                match self.sendmsg_slot(&slot, flags) {
                    Ok(()) => {
                        sent += segments;
                        continue;
                    }
                    Err(Error::Io | Error::Inval) => gso.disable(),
                    Err(error) => return Err(PartialSend { sent, error }),
                }
            }
            // One by one, in batches.
            let plain = SendMeta {
                segment_size: None,
                ..*meta
            };
            let mut slots = [SendSlot::default(); GSO_MAX_SEGMENTS];
            for (slot, data) in slots.iter_mut().zip(chunk.chunks(size)) {
                *slot = SendSlot {
                    data,
                    to: to.copied(),
                    meta: plain,
                };
            }
            let batch = slots.get(..segments).unwrap_or_default();
            self.sendmmsg(batch, flags).map_err(|p| PartialSend {
                sent: sent + p.sent,
                error: p.error,
            })?;
            sent += segments;
        }
        Ok(())
    }
}

/// The `SendPart` of a slot (none: an empty one, never sent).
fn part<'a>(slot: Option<&'a SendSlot<'_>>, control: &'a [u8]) -> SendPart<'a> {
    match slot {
        Some(slot) => SendPart {
            data: slot.data,
            name: slot.to.as_ref().map_or(&[][..], SockAddr::kernel_bytes),
            control,
        },
        None => SendPart {
            data: &[],
            name: &[],
            control: &[],
        },
    }
}
