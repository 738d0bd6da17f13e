//! The control messages of one sendmsg(2), written by baresock's own
//! encoder into a [`ControlBuffer`]: fds, credentials, and the per-datagram
//! metadata of UDP (the source address, TOS/traffic class, the GSO segment
//! size).
//
// Not rustix's `SendAncillaryBuffer`: it writes only `SCM_RIGHTS`,
// `SCM_CREDENTIALS` and `SCM_TXTIME` (rustix #1094), and it keeps each fd
// slice borrowed until the send. This encoder copies every payload into the
// buffer at once, safely (bytes, `to_ne_bytes`), so a `SendControl` borrows
// only the buffer and the fds; the message is then handed to sendmsg(2)
// through `crate::sys`.

use core::fmt;
use core::marker::PhantomData;
use core::mem::size_of;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use linux_raw_sys::net as k;
use rustix::fd::{AsRawFd, BorrowedFd};

use super::cmsg::{align, HEADER_LEN};
use super::{ControlBuffer, Credentials};
use crate::{Error, Result};

/// `CMSG_SPACE(len)`, the decoder's header and alignment.
const fn space(len: usize) -> usize {
    HEADER_LEN + align(len)
}

const IPPROTO_IP: u32 = k::IPPROTO_IP as u32;
const IPPROTO_IPV6: u32 = k::IPPROTO_IPV6 as u32;
/// include/uapi/linux/udp.h; not in linux-raw-sys 0.12.
const UDP_SEGMENT: u32 = 103;

/// The metadata of one datagram to send: the source address to send from,
/// the TOS/traffic-class byte (its low two bits are the ECN codepoint), and
/// a GSO segment size. All `None`/0 by default: the kernel's choice.
///
/// [`SendMeta::reply_to`] answers a received datagram from the address it
/// was sent to, which a server bound to a wildcard address needs.
///
/// ```
/// use baresock::{Ecn, SendMeta};
/// use core::net::Ipv4Addr;
/// let meta = SendMeta {
///     source: Some(Ipv4Addr::new(127, 0, 0, 2).into()),
///     tos: Some(Ecn::Ect0.to_bits()),
///     ..SendMeta::default()
/// };
/// assert_eq!(meta.interface, 0);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SendMeta {
    /// The local address to send from (`IP_PKTINFO`'s `ipi_spec_dst`, or
    /// `IPV6_PKTINFO`'s address; an IPv4-mapped one on a dual-stack
    /// socket): it must be one of this host's.
    #[doc(alias = "IP_PKTINFO")]
    #[doc(alias = "IPV6_PKTINFO")]
    pub source: Option<IpAddr>,
    /// The interface to send on, by index (0: by the routing table). Sent
    /// with `source`, or alone.
    pub interface: u32,
    /// The TOS (IPv4) or traffic class (IPv6) byte; its low two bits are
    /// the ECN codepoint ([`Ecn`](crate::Ecn)).
    #[doc(alias = "IP_TOS")]
    #[doc(alias = "IPV6_TCLASS")]
    pub tos: Option<u8>,
    /// Generic segmentation offload: the data is sent as datagrams of this
    /// many bytes each, the last one possibly shorter (`UDP_SEGMENT`, Linux
    /// 4.18).
    #[doc(alias = "UDP_SEGMENT")]
    pub segment_size: Option<u16>,
}

impl SendMeta {
    /// The metadata that answers a datagram received with `meta`: from the
    /// address it was sent to, on the interface it came in on.
    ///
    /// ```
    /// use baresock::{RecvMeta, SendMeta};
    /// use core::net::Ipv4Addr;
    /// let asked = RecvMeta {
    ///     destination: Some(Ipv4Addr::new(127, 0, 0, 3).into()),
    ///     interface: Some(1),
    ///     ..RecvMeta::default()
    /// };
    /// let answer = SendMeta::reply_to(&asked);
    /// assert_eq!(answer.source, asked.destination);
    /// assert_eq!(answer.interface, 1);
    /// ```
    #[must_use]
    pub fn reply_to(meta: &crate::RecvMeta) -> Self {
        Self {
            source: meta.destination,
            interface: meta.interface.unwrap_or(0),
            tos: None,
            segment_size: None,
        }
    }
}

/// The control space [`SendControl::push_meta`] may take: a source address
/// (IPv6's, the larger), the TOS byte at both IP levels, and a segment size.
///
/// ```
/// let _ = baresock::ControlBuffer::<{ baresock::SPACE_FOR_SEND_META }>::new();
/// ```
pub const SPACE_FOR_SEND_META: usize = space(size_of::<k::in6_pktinfo>()) + 2 * space(4) + space(2);

/// The control messages of one sendmsg(2), written into a
/// [`ControlBuffer`] as they are pushed.
///
/// It borrows the buffer for `'buf` and the fds passed for `'fd`, so they
/// stay open until the message is sent. Each push copies its data, so a
/// temporary array of fds will do.
///
/// ```
/// use baresock::{space_for_fds, ControlBuffer, Domain, IoSlice, SendControl, SendFlags, Socket, Type};
/// use rustix::fd::AsFd;
/// let (a, _b) = Socket::pair(Domain::UNIX, Type::STREAM, None)?;
/// let (_r, w) = rustix::pipe::pipe()?;
/// let mut space = ControlBuffer::<{ space_for_fds(1) }>::new();
/// let mut control = SendControl::new(&mut space);
/// control.push_fds(&[w.as_fd()])?;
/// a.sendmsg(&[IoSlice::new(b"fd")], &mut control, SendFlags::DEFAULT)?;
/// # Ok::<(), baresock::Error>(())
/// ```
pub struct SendControl<'buf, 'fd> {
    // Invariant: `len <= bytes.len()`, and `bytes[..len]` is whole messages
    // as the kernel walks them (each header's `cmsg_len` within them).
    bytes: &'buf mut [u8],
    len: usize,
    fds: PhantomData<BorrowedFd<'fd>>,
}

impl<'buf, 'fd> SendControl<'buf, 'fd> {
    /// No messages yet, to be written into `buffer`.
    ///
    /// ```
    /// let mut space = baresock::ControlBuffer::<{ baresock::SPACE_FOR_CREDENTIALS }>::new();
    /// let _control = baresock::SendControl::new(&mut space);
    /// ```
    #[must_use]
    pub fn new<const N: usize>(buffer: &'buf mut ControlBuffer<N>) -> Self {
        Self {
            bytes: &mut buffer.bytes,
            len: 0,
            fds: PhantomData,
        }
    }

    /// The messages written so far, as sendmsg(2) takes them.
    #[inline]
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }

    /// Appends one message of `payload_len` bytes, written by `fill` into
    /// the zeroed data; [`Error::NoBufs`] (and nothing written) when it
    /// does not fit.
    fn push(
        &mut self,
        level: u32,
        kind: u32,
        payload_len: usize,
        fill: impl FnOnce(&mut [u8]),
    ) -> Result<()> {
        let end = self
            .len
            .checked_add(space(payload_len))
            .ok_or(Error::NoBufs)?;
        let message = self.bytes.get_mut(self.len..end).ok_or(Error::NoBufs)?;
        message.fill(0);
        // `cmsg_len` (a `size_t`), `cmsg_level`, `cmsg_type`, then the data:
        // the header is exactly these (cmsg.rs proves it). Written through
        // fallible splits and array assignments, which have no panic path
        // (.ci/tiny.sh audits the linked code for one).
        let (len_field, rest) = message
            .split_first_chunk_mut::<{ size_of::<usize>() }>()
            .ok_or(Error::NoBufs)?;
        let (level_field, rest) = rest.split_first_chunk_mut::<4>().ok_or(Error::NoBufs)?;
        let (kind_field, data) = rest.split_first_chunk_mut::<4>().ok_or(Error::NoBufs)?;
        *len_field = (HEADER_LEN + payload_len).to_ne_bytes();
        *level_field = level.to_ne_bytes();
        *kind_field = kind.to_ne_bytes();
        if let Some(payload) = data.get_mut(..payload_len) {
            fill(payload);
        }
        self.len = end;
        Ok(())
    }

    /// Appends one message whose data is `payload`.
    fn push_bytes(&mut self, level: u32, kind: u32, payload: &[u8]) -> Result<()> {
        self.push(level, kind, payload.len(), |data| {
            for (to, from) in data.iter_mut().zip(payload) {
                *to = *from;
            }
        })
    }

    /// Adds an `SCM_RIGHTS` message passing `fds`: the receiver gets new
    /// fds for the same open files. The kernel takes at most 253 in one
    /// message (more fail the send with [`Error::Inval`]).
    ///
    /// # Errors
    /// [`Error::NoBufs`] when the buffer has no room left for the message
    /// (nothing is added, and no system call is made).
    ///
    /// ```
    /// use baresock::{space_for_fds, ControlBuffer, Error, SendControl};
    /// use rustix::fd::AsFd;
    /// let (r, w) = rustix::pipe::pipe()?;
    /// let mut small = ControlBuffer::<{ space_for_fds(2) }>::new();
    /// let mut control = SendControl::new(&mut small);
    /// assert_eq!(control.push_fds(&[r.as_fd(), w.as_fd(), w.as_fd()]), Err(Error::NoBufs));
    /// control.push_fds(&[r.as_fd(), w.as_fd()])?;
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "SCM_RIGHTS")]
    pub fn push_fds(&mut self, fds: &[BorrowedFd<'fd>]) -> Result<()> {
        let len = fds.len().checked_mul(4).ok_or(Error::NoBufs)?;
        self.push(k::SOL_SOCKET, k::SCM_RIGHTS, len, |data| {
            for (slot, fd) in data.chunks_exact_mut(4).zip(fds) {
                if let Ok(slot) = <&mut [u8; 4]>::try_from(slot) {
                    *slot = fd.as_raw_fd().to_ne_bytes();
                }
            }
        })
    }

    /// Adds an `SCM_CREDENTIALS` message. The kernel checks them: an
    /// unprivileged sender may only send its own
    /// ([`Credentials::current`]). The receiver must have
    /// [`Socket::set_passcred`](crate::Socket::set_passcred) on to see them.
    ///
    /// # Errors
    /// [`Error::NoBufs`] when the buffer has no room left;
    /// [`Error::Inval`] for a pid of 0 or less, which names no process
    /// (checked here, before the kernel). Credentials the kernel refuses
    /// fail the send: [`Error::Perm`] (not the sender's own),
    /// [`Error::Srch`] (a privileged sender naming no process),
    /// [`Error::Inval`] (an unmapped uid or gid).
    ///
    /// ```
    /// use baresock::{ControlBuffer, Credentials, Error, SendControl, SPACE_FOR_CREDENTIALS};
    /// let mut space = ControlBuffer::<SPACE_FOR_CREDENTIALS>::new();
    /// let mut control = SendControl::new(&mut space);
    /// control.push_credentials(Credentials::current())?;
    /// assert_eq!(control.push_credentials(Credentials::current()), Err(Error::NoBufs));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "SCM_CREDENTIALS")]
    pub fn push_credentials(&mut self, creds: Credentials) -> Result<()> {
        if creds.pid <= 0 {
            return Err(Error::Inval);
        }
        let mut ucred = [0u8; 12];
        ucred[..4].copy_from_slice(&creds.pid.to_ne_bytes());
        ucred[4..8].copy_from_slice(&creds.uid.to_ne_bytes());
        ucred[8..].copy_from_slice(&creds.gid.to_ne_bytes());
        self.push_bytes(k::SOL_SOCKET, k::SCM_CREDENTIALS, &ucred)
    }

    /// Adds an `IP_PKTINFO` message: send from `source` (one of this host's
    /// addresses; `UNSPECIFIED` for the routing table's choice) on the
    /// interface of index `interface` (0: any). On an IPv4 socket.
    ///
    /// # Errors
    /// [`Error::NoBufs`] when the buffer has no room left. A source that is
    /// not local fails the send ([`Error::Inval`] or
    /// [`Error::AddrNotAvail`]).
    ///
    /// ```
    /// use baresock::{ControlBuffer, Domain, IoSlice, SendControl, SendFlags, Socket, Type, SPACE_FOR_SEND_META};
    /// use core::net::{Ipv4Addr, SocketAddr};
    /// let server = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// server.bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
    /// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// let mut space = ControlBuffer::<SPACE_FOR_SEND_META>::new();
    /// let mut control = SendControl::new(&mut space);
    /// control.push_source_v4(Ipv4Addr::new(127, 0, 0, 2), 0)?;
    /// sock.sendmsg_to(&[IoSlice::new(b"hi")], &mut control, &server.local_addr()?, SendFlags::DEFAULT)?;
    /// let mut buf = [0; 2];
    /// let (_, from) = server.recv_from(&mut buf)?;
    /// assert_eq!(from.ip(), Some(Ipv4Addr::new(127, 0, 0, 2).into()));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_PKTINFO")]
    pub fn push_source_v4(&mut self, source: Ipv4Addr, interface: u32) -> Result<()> {
        // struct in_pktinfo: ipi_ifindex, ipi_spec_dst (the source), ipi_addr.
        let mut info = [0u8; 12];
        info[..4].copy_from_slice(&interface.to_ne_bytes());
        info[4..8].copy_from_slice(&source.octets());
        self.push_bytes(IPPROTO_IP, k::IP_PKTINFO, &info)
    }

    /// Adds an `IPV6_PKTINFO` message: send from `source` on the interface
    /// of index `interface` (0: any). On an IPv6 socket; an IPv4-mapped
    /// source answers an IPv4 peer of a dual-stack socket.
    ///
    /// # Errors
    /// As [`SendControl::push_source_v4`].
    ///
    /// ```
    /// use baresock::{ControlBuffer, SendControl, SPACE_FOR_SEND_META};
    /// let mut space = ControlBuffer::<SPACE_FOR_SEND_META>::new();
    /// SendControl::new(&mut space).push_source_v6(core::net::Ipv6Addr::LOCALHOST, 0)?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_PKTINFO")]
    pub fn push_source_v6(&mut self, source: Ipv6Addr, interface: u32) -> Result<()> {
        // struct in6_pktinfo: ipi6_addr, ipi6_ifindex.
        let mut info = [0u8; 20];
        info[..16].copy_from_slice(&source.octets());
        info[16..].copy_from_slice(&interface.to_ne_bytes());
        self.push_bytes(IPPROTO_IPV6, k::IPV6_PKTINFO, &info)
    }

    /// Adds an `IP_TOS` message: this datagram's TOS byte (its low two bits
    /// the ECN codepoint), on an IPv4 socket or to an IPv4 peer.
    ///
    /// # Errors
    /// [`Error::NoBufs`] when the buffer has no room left.
    ///
    /// ```
    /// use baresock::{ControlBuffer, Ecn, SendControl, SPACE_FOR_SEND_META};
    /// let mut space = ControlBuffer::<SPACE_FOR_SEND_META>::new();
    /// SendControl::new(&mut space).push_tos_v4(Ecn::Ect0.to_bits())?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IP_TOS")]
    pub fn push_tos_v4(&mut self, tos: u8) -> Result<()> {
        self.push_bytes(IPPROTO_IP, k::IP_TOS, &i32::from(tos).to_ne_bytes())
    }

    /// Adds an `IPV6_TCLASS` message: this datagram's traffic class (its
    /// low two bits the ECN codepoint), on an IPv6 socket.
    ///
    /// # Errors
    /// [`Error::NoBufs`] when the buffer has no room left.
    ///
    /// ```
    /// use baresock::{ControlBuffer, Ecn, SendControl, SPACE_FOR_SEND_META};
    /// let mut space = ControlBuffer::<SPACE_FOR_SEND_META>::new();
    /// SendControl::new(&mut space).push_tclass_v6(Ecn::Ce.to_bits())?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "IPV6_TCLASS")]
    pub fn push_tclass_v6(&mut self, tclass: u8) -> Result<()> {
        self.push_bytes(
            IPPROTO_IPV6,
            k::IPV6_TCLASS,
            &i32::from(tclass).to_ne_bytes(),
        )
    }

    /// Adds a `UDP_SEGMENT` message (Linux 4.18): the data is sent as
    /// datagrams of `size` bytes each, the last possibly shorter, in one
    /// call (generic segmentation offload). At most 64 segments; a device
    /// without checksum offload fails the send with [`Error::Io`] (see
    /// [`Socket::send_segments_to`](crate::Socket::send_segments_to), which
    /// falls back).
    ///
    /// # Errors
    /// [`Error::NoBufs`] when the buffer has no room left.
    ///
    /// ```
    /// use baresock::{ControlBuffer, SendControl, SPACE_FOR_SEND_META};
    /// let mut space = ControlBuffer::<SPACE_FOR_SEND_META>::new();
    /// SendControl::new(&mut space).push_segment_size(1200)?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "UDP_SEGMENT")]
    pub fn push_segment_size(&mut self, size: u16) -> Result<()> {
        self.push_bytes(k::SOL_UDP, UDP_SEGMENT, &size.to_ne_bytes())
    }

    /// Adds the messages `meta` asks for. The TOS byte goes at both IP
    /// levels (`IP_TOS` and `IPV6_TCLASS`): the kernel reads the one of the
    /// path the datagram takes and skips the other, so one `SendMeta`
    /// serves IPv4, IPv6 and dual-stack sockets alike.
    ///
    /// # Errors
    /// [`Error::NoBufs`] when the buffer is smaller than
    /// [`SPACE_FOR_SEND_META`] needs for them.
    ///
    /// ```
    /// use baresock::{ControlBuffer, SendControl, SendMeta, SPACE_FOR_SEND_META};
    /// let meta = SendMeta { tos: Some(2), segment_size: Some(1200), ..SendMeta::default() };
    /// let mut space = ControlBuffer::<SPACE_FOR_SEND_META>::new();
    /// SendControl::new(&mut space).push_meta(&meta)?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    pub fn push_meta(&mut self, meta: &SendMeta) -> Result<()> {
        match meta.source {
            Some(IpAddr::V4(ip)) => self.push_source_v4(ip, meta.interface)?,
            Some(IpAddr::V6(ip)) => self.push_source_v6(ip, meta.interface)?,
            None if meta.interface != 0 => {
                // An interface alone: the unspecified source, at the level
                // the kernel reads on either family.
                self.push_source_v6(Ipv6Addr::UNSPECIFIED, meta.interface)?;
            }
            None => {}
        }
        if let Some(tos) = meta.tos {
            self.push_tos_v4(tos)?;
            self.push_tclass_v6(tos)?;
        }
        if let Some(size) = meta.segment_size {
            self.push_segment_size(size)?;
        }
        Ok(())
    }
}

impl Default for SendControl<'_, '_> {
    /// No control messages and no buffer.
    fn default() -> Self {
        Self {
            bytes: &mut [],
            len: 0,
            fds: PhantomData,
        }
    }
}

impl fmt::Debug for SendControl<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendControl")
            .field("len", &self.len)
            .field("capacity", &self.bytes.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushed_messages_are_laid_out_as_the_kernel_reads_them() {
        let mut buffer = ControlBuffer::<{ SPACE_FOR_SEND_META + 64 }>::new();
        let mut control = SendControl::new(&mut buffer);
        control
            .push_source_v4(Ipv4Addr::new(127, 0, 0, 2), 7)
            .unwrap();
        control.push_segment_size(1200).unwrap();
        let bytes = control.as_bytes();
        assert_eq!(bytes.len(), space(12) + space(2));
        let word = size_of::<usize>();
        let ne = |v: u32| v.to_ne_bytes();
        // IP_PKTINFO: cmsg_len, level, type, then ifindex, spec_dst, addr.
        assert_eq!(bytes[..word], (HEADER_LEN + 12).to_ne_bytes());
        assert_eq!(bytes[word..word + 4], ne(IPPROTO_IP));
        assert_eq!(bytes[word + 4..word + 8], ne(k::IP_PKTINFO));
        assert_eq!(bytes[HEADER_LEN..HEADER_LEN + 4], ne(7));
        assert_eq!(bytes[HEADER_LEN + 4..HEADER_LEN + 8], [127, 0, 0, 2]);
        assert_eq!(bytes[HEADER_LEN + 8..HEADER_LEN + 12], [0; 4]);
        // UDP_SEGMENT: a u16.
        let at = space(12);
        assert_eq!(bytes[at..at + word], (HEADER_LEN + 2).to_ne_bytes());
        assert_eq!(bytes[at + word..at + word + 4], ne(k::SOL_UDP));
        assert_eq!(bytes[at + word + 4..at + word + 8], ne(UDP_SEGMENT));
        assert_eq!(
            bytes[at + HEADER_LEN..at + HEADER_LEN + 2],
            1200u16.to_ne_bytes()
        );
    }

    #[test]
    fn the_decoder_reads_back_what_was_pushed() {
        use crate::{ControlMessage, ControlMessages};
        let mut buffer = ControlBuffer::<{ 2 * SPACE_FOR_SEND_META }>::new();
        let mut control = SendControl::new(&mut buffer);
        control
            .push_source_v4(Ipv4Addr::new(127, 0, 0, 2), 7)
            .unwrap();
        control.push_source_v6(Ipv6Addr::LOCALHOST, 3).unwrap();
        control.push_tclass_v6(0x22).unwrap();
        let decoded: [Option<ControlMessage<'_>>; 4] = {
            let mut walk = ControlMessages::new(control.as_bytes());
            core::array::from_fn(|_| walk.next())
        };
        assert_eq!(
            decoded,
            [
                Some(ControlMessage::PacketInfoV4 {
                    interface: 7,
                    local: Ipv4Addr::new(127, 0, 0, 2),
                    destination: Ipv4Addr::UNSPECIFIED,
                }),
                Some(ControlMessage::PacketInfoV6 {
                    destination: Ipv6Addr::LOCALHOST,
                    interface: 3,
                }),
                Some(ControlMessage::TrafficClass(0x22)),
                None,
            ]
        );
    }

    #[test]
    fn a_full_buffer_refuses_and_keeps_what_it_has() {
        let mut buffer = ControlBuffer::<{ space(4) }>::new();
        let mut control = SendControl::new(&mut buffer);
        control.push_tos_v4(2).unwrap();
        assert_eq!(control.push_tos_v4(2), Err(Error::NoBufs));
        assert_eq!(control.as_bytes().len(), space(4));
        assert_eq!(
            SendControl::default().push_segment_size(1),
            Err(Error::NoBufs)
        );
    }

    #[test]
    fn send_meta_space_holds_every_message() {
        let meta = SendMeta {
            source: Some(Ipv6Addr::LOCALHOST.into()),
            interface: 1,
            tos: Some(3),
            segment_size: Some(1200),
        };
        let mut buffer = ControlBuffer::<SPACE_FOR_SEND_META>::new();
        let mut control = SendControl::new(&mut buffer);
        control.push_meta(&meta).unwrap();
        assert_eq!(control.as_bytes().len(), SPACE_FOR_SEND_META);
    }
}
