//! The control-message decoder: a safe, pure walk over the bytes of a
//! `msg_control` buffer, and the sizes that buffer needs.
//!
//! # References
//! - [cmsg(3)](https://man7.org/linux/man-pages/man3/cmsg.3.html)
//!
//! A control buffer is a run of messages, each a `struct cmsghdr`
//! (`cmsg_len`, `cmsg_level`, `cmsg_type`) followed by its data; the next
//! header starts at `CMSG_ALIGN(cmsg_len)`, the length rounded up to the
//! size of a `long` (include/linux/socket.h). The walk here reads every field
//! from bytes (no pointer casts, so no alignment is assumed), checks every
//! length before it slices, and so never panics and never reads out of
//! bounds, on the kernel's bytes or anyone's (`fuzz/fuzz_targets/cmsg.rs`
//! feeds it arbitrary ones).
//!
//! It only parses: `SCM_RIGHTS` and `SCM_PIDFD` give fd *numbers*
//! ([`RawFds`], [`ControlMessage::PidFd`]). Turning them into owned fds is
//! the job of [`RecvMsg`](crate::RecvMsg), for bytes the kernel wrote in that
//! very call.
//!
//! Those two are the only control messages that carry fds on Linux: the
//! kernel installs fds into the receiver only in `scm_detach_fds`
//! (`SCM_RIGHTS`) and `scm_pidfd_recv` (`SCM_PIDFD`, Linux 6.5), both in
//! net/core/scm.c and both at `SOL_SOCKET`; every other message (the IP
//! levels' packet info, timestamps, credentials, security labels) is plain
//! data copied by `put_cmsg`.
//!
//! The per-datagram messages of UDP (packet info, TOS and traffic class,
//! TTL and hop limit, receive time, drops, the GRO segment size) are
//! decoded here too, each from its kernel struct's bytes; what they mean
//! together is [`RecvMeta`](crate::RecvMeta)'s to say.

use core::iter::FusedIterator;
use core::mem::{align_of, offset_of, size_of};
use core::net::{Ipv4Addr, Ipv6Addr};

use linux_raw_sys::ctypes::c_long;
use linux_raw_sys::general as g;
use linux_raw_sys::net as k;
use rustix::fd::RawFd;
use static_assertions::{const_assert, const_assert_eq};

use super::meta::Timestamp;
use super::Credentials;

/// `sizeof(struct cmsghdr)`: 16 bytes on 64-bit targets, 12 on 32-bit.
pub(super) const HEADER_LEN: usize = size_of::<k::cmsghdr>();
/// `CMSG_ALIGN`'s unit: `sizeof(long)`, which is also the header's alignment.
const ALIGN: usize = align_of::<k::cmsghdr>();
/// One fd in `SCM_RIGHTS` data: an `int`.
const FD_LEN: usize = size_of::<RawFd>();
/// `sizeof(struct ucred)`: pid, uid, gid, 4 bytes each.
const CREDENTIALS_LEN: usize = size_of::<k::ucred>();

// The header as the decoder reads it: `cmsg_len` (a `size_t`) at 0, then
// `cmsg_level` and `cmsg_type` (`int`s), and nothing else.
const _: fn(k::cmsghdr) -> (usize, i32, i32) = |h| (h.cmsg_len, h.cmsg_level, h.cmsg_type);
const_assert_eq!(offset_of!(k::cmsghdr, cmsg_len), 0);
const_assert_eq!(offset_of!(k::cmsghdr, cmsg_level), size_of::<usize>());
const_assert_eq!(offset_of!(k::cmsghdr, cmsg_type), size_of::<usize>() + 4);
const_assert_eq!(HEADER_LEN, size_of::<usize>() + 8);
// CMSG_ALIGN rounds to sizeof(long), a power of two; the header is a multiple
// of it, so CMSG_DATA (the header rounded up) is the header's length.
const_assert_eq!(ALIGN, size_of::<linux_raw_sys::ctypes::c_long>());
const_assert!(ALIGN.is_power_of_two());
const_assert_eq!(HEADER_LEN % ALIGN, 0);
// `struct ucred`: pid, uid, gid, 4 bytes each, in that order.
const _: fn(k::ucred) -> (u32, u32, u32) = |c| (c.pid, c.uid, c.gid);
const_assert_eq!(offset_of!(k::ucred, pid), 0);
const_assert_eq!(offset_of!(k::ucred, uid), 4);
const_assert_eq!(offset_of!(k::ucred, gid), 8);
const_assert_eq!(CREDENTIALS_LEN, 12);
const_assert_eq!(FD_LEN, 4);
// `struct in_pktinfo`: the ifindex (an `int`), then `ipi_spec_dst` (the
// local address) and `ipi_addr` (the header's destination), each an
// `in_addr` of 4 bytes in network order.
const _: fn(k::in_pktinfo) -> (i32, k::in_addr, k::in_addr) =
    |p| (p.ipi_ifindex, p.ipi_spec_dst, p.ipi_addr);
const_assert_eq!(offset_of!(k::in_pktinfo, ipi_ifindex), 0);
const_assert_eq!(offset_of!(k::in_pktinfo, ipi_spec_dst), 4);
const_assert_eq!(offset_of!(k::in_pktinfo, ipi_addr), 8);
const_assert_eq!(size_of::<k::in_addr>(), 4);
const_assert_eq!(PKTINFO_V4_LEN, 12);
// `struct in6_pktinfo`: the 16 address bytes, then the ifindex (an `int`).
const _: fn(k::in6_pktinfo) -> (k::in6_addr, i32) = |p| (p.ipi6_addr, p.ipi6_ifindex);
const_assert_eq!(offset_of!(k::in6_pktinfo, ipi6_addr), 0);
const_assert_eq!(offset_of!(k::in6_pktinfo, ipi6_ifindex), 16);
const_assert_eq!(size_of::<k::in6_addr>(), 16);
const_assert_eq!(PKTINFO_V6_LEN, 20);
// `SO_TIMESTAMPNS_OLD`'s `struct __kernel_old_timespec`: the seconds (a
// `long`, except on x32) and then the nanoseconds (a `long`), no gap.
const _: fn(g::__kernel_old_timespec) -> (g::__kernel_old_time_t, c_long) =
    |t| (t.tv_sec, t.tv_nsec);
const_assert_eq!(offset_of!(g::__kernel_old_timespec, tv_sec), 0);
const_assert_eq!(
    offset_of!(g::__kernel_old_timespec, tv_nsec),
    size_of::<g::__kernel_old_time_t>()
);
// `SO_TIMESTAMPNS_NEW`'s `struct __kernel_timespec`: two 64-bit ints.
const _: fn(g::__kernel_timespec) -> (i64, i64) = |t| (t.tv_sec, t.tv_nsec);
const_assert_eq!(offset_of!(g::__kernel_timespec, tv_sec), 0);
const_assert_eq!(offset_of!(g::__kernel_timespec, tv_nsec), 8);
const_assert_eq!(size_of::<g::__kernel_timespec>(), 16);
const_assert!(size_of::<g::__kernel_old_timespec>() <= TIMESTAMP_LEN);
const_assert_eq!(size_of::<linux_raw_sys::ctypes::c_int>(), INT_LEN);
// rustix's `cmsg_space!` is the same space plus one alignment unit of slack
// (it realigns a buffer of any alignment; `ControlBuffer` is aligned).
const_assert_eq!(space_for_fds(1) + ALIGN, rustix::cmsg_space!(ScmRights(1)));
const_assert_eq!(space_for_fds(3) + ALIGN, rustix::cmsg_space!(ScmRights(3)));
const_assert_eq!(
    SPACE_FOR_CREDENTIALS + ALIGN,
    rustix::cmsg_space!(ScmCredentials(1))
);

/// `sizeof(struct in_pktinfo)`.
const PKTINFO_V4_LEN: usize = size_of::<k::in_pktinfo>();
/// `sizeof(struct in6_pktinfo)`.
const PKTINFO_V6_LEN: usize = size_of::<k::in6_pktinfo>();
/// An `int`: IP_TTL, IPV6_TCLASS, IPV6_HOPLIMIT, SO_RXQ_OVFL, UDP_GRO.
const INT_LEN: usize = 4;
/// The larger timestamp, `struct __kernel_timespec`; the old one is as
/// long on 64-bit targets and shorter on 32-bit ones.
const TIMESTAMP_LEN: usize = size_of::<g::__kernel_timespec>();

const SOL_SOCKET: i32 = k::SOL_SOCKET as i32;
const SCM_RIGHTS: i32 = k::SCM_RIGHTS as i32;
const SCM_CREDENTIALS: i32 = k::SCM_CREDENTIALS as i32;
/// include/linux/socket.h; not in linux-raw-sys 0.12.
const SCM_PIDFD: i32 = 4;
// The socket-level numbers differ on some architectures (parisc, sparc):
// linux-raw-sys has each one's.
const SO_TIMESTAMPNS_OLD: i32 = k::SO_TIMESTAMPNS_OLD as i32;
const SO_TIMESTAMPNS_NEW: i32 = k::SO_TIMESTAMPNS_NEW as i32;
const SO_RXQ_OVFL: i32 = k::SO_RXQ_OVFL as i32;
const SOL_IP: i32 = k::SOL_IP as i32;
const IP_TOS: i32 = k::IP_TOS as i32;
const IP_TTL: i32 = k::IP_TTL as i32;
const IP_PKTINFO: i32 = k::IP_PKTINFO as i32;
const SOL_IPV6: i32 = k::SOL_IPV6 as i32;
const IPV6_PKTINFO: i32 = k::IPV6_PKTINFO as i32;
const IPV6_HOPLIMIT: i32 = k::IPV6_HOPLIMIT as i32;
const IPV6_TCLASS: i32 = k::IPV6_TCLASS as i32;
const SOL_UDP: i32 = k::SOL_UDP as i32;
/// include/uapi/linux/udp.h (Linux 5.0); not in linux-raw-sys 0.12. Both
/// the socket option and the received message (an `int`).
const UDP_GRO: i32 = 104;

/// `CMSG_ALIGN(len)`, saturating (no length it saturates for fits anywhere).
pub(super) const fn align(len: usize) -> usize {
    len.saturating_add(ALIGN - 1) & !(ALIGN - 1)
}

/// `CMSG_SPACE(n * sizeof(int))`: the control space one `SCM_RIGHTS`
/// message of `n` fds takes, usable as an array length.
///
/// Add spaces to hold several messages (each is a multiple of the
/// alignment). The kernel passes at most 253 fds in one message
/// (`SCM_MAX_FD`); past `usize::MAX` the result saturates.
///
/// ```
/// use baresock::{space_for_fds, ControlBuffer, SPACE_FOR_CREDENTIALS};
/// if cfg!(target_pointer_width = "64") {
///     // A 16-byte header, then 4 bytes of fd padded to 8.
///     assert_eq!(space_for_fds(1), 24);
/// }
/// let _both = ControlBuffer::<{ space_for_fds(2) + SPACE_FOR_CREDENTIALS }>::new();
/// ```
#[doc(alias = "CMSG_SPACE")]
#[must_use]
pub const fn space_for_fds(n: usize) -> usize {
    HEADER_LEN.saturating_add(align(n.saturating_mul(FD_LEN)))
}

/// `CMSG_SPACE(sizeof(struct ucred))`: the control space of one
/// `SCM_CREDENTIALS` message (32 bytes on 64-bit targets, 24 on 32-bit).
///
/// ```
/// use baresock::{ControlBuffer, SPACE_FOR_CREDENTIALS};
/// let expected = if cfg!(target_pointer_width = "64") { 32 } else { 24 };
/// assert_eq!(SPACE_FOR_CREDENTIALS, expected);
/// let _buffer = ControlBuffer::<SPACE_FOR_CREDENTIALS>::new();
/// ```
#[doc(alias = "CMSG_SPACE")]
pub const SPACE_FOR_CREDENTIALS: usize = HEADER_LEN + align(CREDENTIALS_LEN);

/// The control space to receive `n` fds on a socket with
/// [`Socket::set_passcred`](crate::Socket::set_passcred) on:
/// [`SPACE_FOR_CREDENTIALS`] plus [`space_for_fds`]`(n)`.
///
/// Use it for every buffer that receives fds unless you know the receiving
/// socket never has `SO_PASSCRED` on: the kernel writes the credentials
/// first, so a buffer sized by [`space_for_fds`] alone loses every fd (the
/// kernel closes them and sets
/// [`RecvMsg::control_truncated`](crate::RecvMsg::control_truncated)).
///
/// ```
/// use baresock::{space_for_fds, space_for_fds_and_credentials, ControlBuffer, SPACE_FOR_CREDENTIALS};
/// assert_eq!(space_for_fds_and_credentials(2), space_for_fds(2) + SPACE_FOR_CREDENTIALS);
/// let _buffer = ControlBuffer::<{ space_for_fds_and_credentials(2) }>::new();
/// ```
#[doc(alias = "CMSG_SPACE")]
#[must_use]
pub const fn space_for_fds_and_credentials(n: usize) -> usize {
    space_for_fds(n).saturating_add(SPACE_FOR_CREDENTIALS)
}

/// The control space of one `SCM_PIDFD` message, which a socket with
/// [`Socket::set_passpidfd`](crate::Socket::set_passpidfd) on receives
/// before any fds: add it to the buffer's size.
///
/// ```
/// use baresock::{space_for_fds, space_for_fds_and_credentials, ControlBuffer, SPACE_FOR_PIDFD};
/// assert_eq!(SPACE_FOR_PIDFD, space_for_fds(1));
/// let _buffer = ControlBuffer::<{ space_for_fds_and_credentials(1) + SPACE_FOR_PIDFD }>::new();
/// ```
#[doc(alias = "CMSG_SPACE")]
pub const SPACE_FOR_PIDFD: usize = space_for_fds(1);

/// The control space of one `IP_PKTINFO` message (`struct in_pktinfo`,
/// [`ControlMessage::PacketInfoV4`]): 32 bytes on 64-bit targets, 24 on
/// 32-bit.
///
/// ```
/// use baresock::{ControlBuffer, SPACE_FOR_PKTINFO_V4};
/// let expected = if cfg!(target_pointer_width = "64") { 32 } else { 24 };
/// assert_eq!(SPACE_FOR_PKTINFO_V4, expected);
/// let _buffer = ControlBuffer::<SPACE_FOR_PKTINFO_V4>::new();
/// ```
#[doc(alias = "CMSG_SPACE")]
#[doc(alias = "IP_PKTINFO")]
pub const SPACE_FOR_PKTINFO_V4: usize = HEADER_LEN + align(PKTINFO_V4_LEN);

/// The control space of one `IPV6_PKTINFO` message (`struct in6_pktinfo`,
/// [`ControlMessage::PacketInfoV6`]): 40 bytes on 64-bit targets, 32 on
/// 32-bit.
///
/// ```
/// use baresock::{ControlBuffer, SPACE_FOR_PKTINFO_V6};
/// let expected = if cfg!(target_pointer_width = "64") { 40 } else { 32 };
/// assert_eq!(SPACE_FOR_PKTINFO_V6, expected);
/// let _buffer = ControlBuffer::<SPACE_FOR_PKTINFO_V6>::new();
/// ```
#[doc(alias = "CMSG_SPACE")]
#[doc(alias = "IPV6_PKTINFO")]
pub const SPACE_FOR_PKTINFO_V6: usize = HEADER_LEN + align(PKTINFO_V6_LEN);

/// The control space of one message whose data is an `int` or less: the
/// TOS byte (`IP_TOS`), and as much for each of `IPV6_TCLASS`, `IP_TTL`
/// and `IPV6_HOPLIMIT` (24 bytes on 64-bit targets, 16 on 32-bit).
///
/// ```
/// use baresock::{ControlBuffer, SPACE_FOR_TOS};
/// let expected = if cfg!(target_pointer_width = "64") { 24 } else { 16 };
/// assert_eq!(SPACE_FOR_TOS, expected);
/// // TOS and TTL both on for an IPv4 socket:
/// let _buffer = ControlBuffer::<{ 2 * SPACE_FOR_TOS }>::new();
/// ```
#[doc(alias = "CMSG_SPACE")]
#[doc(alias = "IP_TOS")]
#[doc(alias = "IPV6_TCLASS")]
pub const SPACE_FOR_TOS: usize = HEADER_LEN + align(INT_LEN);

/// The control space of one receive-time message, `SO_TIMESTAMPNS_OLD` or
/// `SO_TIMESTAMPNS_NEW` ([`ControlMessage::Timestamp`]): room for the
/// larger, 32 bytes on 64-bit targets and 28 on 32-bit.
///
/// ```
/// use baresock::{ControlBuffer, SPACE_FOR_TIMESTAMP};
/// let expected = if cfg!(target_pointer_width = "64") { 32 } else { 28 };
/// assert_eq!(SPACE_FOR_TIMESTAMP, expected);
/// let _buffer = ControlBuffer::<SPACE_FOR_TIMESTAMP>::new();
/// ```
#[doc(alias = "CMSG_SPACE")]
#[doc(alias = "SO_TIMESTAMPNS")]
pub const SPACE_FOR_TIMESTAMP: usize = HEADER_LEN + align(TIMESTAMP_LEN);

/// The control space of one `SO_RXQ_OVFL` message
/// ([`ControlMessage::Dropped`]).
///
/// ```
/// use baresock::{SPACE_FOR_DROPPED, SPACE_FOR_TOS};
/// assert_eq!(SPACE_FOR_DROPPED, SPACE_FOR_TOS); // both an int's
/// ```
#[doc(alias = "CMSG_SPACE")]
#[doc(alias = "SO_RXQ_OVFL")]
pub const SPACE_FOR_DROPPED: usize = HEADER_LEN + align(INT_LEN);

/// The control space of one `UDP_GRO` message
/// ([`ControlMessage::SegmentSize`]).
///
/// ```
/// use baresock::{SPACE_FOR_SEGMENT_SIZE, SPACE_FOR_TOS};
/// assert_eq!(SPACE_FOR_SEGMENT_SIZE, SPACE_FOR_TOS); // both an int's
/// ```
#[doc(alias = "CMSG_SPACE")]
#[doc(alias = "UDP_GRO")]
pub const SPACE_FOR_SEGMENT_SIZE: usize = HEADER_LEN + align(INT_LEN);

/// The control space of everything a UDP socket (IPv4, or IPv6 with IPv4
/// mapped) can receive with one datagram with every per-datagram option on:
/// both packet infos, the TOS, traffic class, TTL and hop limit, the
/// receive time, the drop count and the GRO segment size. A buffer of this
/// size is never cut short by them ([`RecvMeta`](crate::RecvMeta) reads
/// them all): 248 bytes on 64-bit targets, 180 on 32-bit.
///
/// ```
/// use baresock::{ControlBuffer, SPACE_FOR_RECV_META};
/// let expected = if cfg!(target_pointer_width = "64") { 248 } else { 180 };
/// assert_eq!(SPACE_FOR_RECV_META, expected);
/// let _buffer = ControlBuffer::<SPACE_FOR_RECV_META>::new();
/// ```
#[doc(alias = "CMSG_SPACE")]
pub const SPACE_FOR_RECV_META: usize = SPACE_FOR_PKTINFO_V4
    + SPACE_FOR_PKTINFO_V6
    + 4 * SPACE_FOR_TOS // TOS, TCLASS, TTL, HOPLIMIT
    + SPACE_FOR_TIMESTAMP
    + SPACE_FOR_DROPPED
    + SPACE_FOR_SEGMENT_SIZE;

/// The messages in control bytes, in order, as recvmsg(2) lays them out.
///
/// The walk stops at the first header that does not fit: fewer bytes left
/// than a header, a `cmsg_len` shorter than the header, or one past the
/// bytes there are (Linux never writes one; it shortens `cmsg_len` when it
/// cuts a message). Nothing after such a header is read. Any bytes give a
/// finite walk that never panics.
///
/// ```
/// use baresock::{ControlMessage, ControlMessages};
/// // Bytes no kernel wrote: no header fits, so no message.
/// assert_eq!(ControlMessages::new(&[0xff; 40]).count(), 0);
///
/// // One SCM_RIGHTS message carrying fd 7, laid out as Linux does it.
/// let word = core::mem::size_of::<usize>();
/// let mut bytes = [0u8; 32];
/// bytes[..word].copy_from_slice(&(word + 8 + 4).to_ne_bytes()); // cmsg_len
/// bytes[word..word + 4].copy_from_slice(&1i32.to_ne_bytes()); // SOL_SOCKET
/// bytes[word + 4..word + 8].copy_from_slice(&1i32.to_ne_bytes()); // SCM_RIGHTS
/// bytes[word + 8..word + 12].copy_from_slice(&7i32.to_ne_bytes());
/// let mut messages = ControlMessages::new(&bytes);
/// match messages.next() {
///     Some(ControlMessage::Rights(fds)) => assert!(fds.eq([7])),
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Clone, Debug)]
pub struct ControlMessages<'a> {
    rest: &'a [u8],
}

impl<'a> ControlMessages<'a> {
    /// The messages in `bytes` (the `msg_controllen` bytes recvmsg(2)
    /// filled, or any bytes at all).
    ///
    /// ```
    /// assert_eq!(baresock::ControlMessages::new(&[]).count(), 0);
    /// ```
    #[must_use]
    pub const fn new(bytes: &'a [u8]) -> Self {
        Self { rest: bytes }
    }

    /// The next message's level, type and data, undecoded: the walk
    /// itself, which [`RecvMeta::from_control`](crate::RecvMeta::from_control)
    /// takes directly so that it decodes only the messages it reads.
    #[inline]
    pub(crate) fn next_raw(&mut self) -> Option<(i32, i32, &'a [u8])> {
        let rest = self.rest;
        let (len, after) = rest.split_first_chunk::<{ size_of::<usize>() }>()?;
        let (level, after) = after.split_first_chunk::<4>()?;
        let (kind, _) = after.split_first_chunk::<4>()?;
        let len = usize::from_ne_bytes(*len);
        // None when `len` is shorter than the header or runs past the bytes.
        let Some(data) = rest.get(HEADER_LEN..len) else {
            self.rest = &[];
            return None;
        };
        // `len >= HEADER_LEN > 0`: every step moves on, so the walk ends.
        self.rest = rest.get(align(len)..).unwrap_or_default();
        Some((i32::from_ne_bytes(*level), i32::from_ne_bytes(*kind), data))
    }
}

impl<'a> Iterator for ControlMessages<'a> {
    type Item = ControlMessage<'a>;

    fn next(&mut self) -> Option<ControlMessage<'a>> {
        let (level, kind, data) = self.next_raw()?;
        Some(ControlMessage::classify(level, kind, data))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.rest.len() / HEADER_LEN))
    }
}

impl FusedIterator for ControlMessages<'_> {}

/// One control message, decoded by its level and type.
///
/// New kinds of message may be decoded in later versions: match with a
/// `_` arm.
///
/// ```
/// use baresock::{ControlMessage, ControlMessages, Credentials};
/// let word = core::mem::size_of::<usize>();
/// let mut bytes = [0u8; 32];
/// bytes[..word].copy_from_slice(&(word + 8 + 12).to_ne_bytes());
/// bytes[word..word + 4].copy_from_slice(&1i32.to_ne_bytes()); // SOL_SOCKET
/// bytes[word + 4..word + 8].copy_from_slice(&2i32.to_ne_bytes()); // SCM_CREDENTIALS
/// bytes[word + 8..word + 12].copy_from_slice(&42i32.to_ne_bytes());
/// bytes[word + 12..word + 16].copy_from_slice(&1000u32.to_ne_bytes());
/// bytes[word + 16..word + 20].copy_from_slice(&100u32.to_ne_bytes());
/// let first = ControlMessages::new(&bytes).next();
/// let expected = Credentials { pid: 42, uid: 1000, gid: 100 };
/// assert_eq!(first, Some(ControlMessage::Credentials(expected)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ControlMessage<'a> {
    /// `SCM_RIGHTS`: the numbers of the fds passed (whole ones; a partial
    /// one at the end is ignored). Numbers only: see [`RawFds`].
    #[doc(alias = "SCM_RIGHTS")]
    Rights(RawFds<'a>),
    /// `SCM_CREDENTIALS`: the sender's pid, uid and gid.
    #[doc(alias = "SCM_CREDENTIALS")]
    Credentials(Credentials),
    /// `SCM_PIDFD` (Linux 6.5): the number of a pidfd of the sending
    /// process, which [`RecvMsg::take_pidfd`](crate::RecvMsg::take_pidfd)
    /// hands out owned. A number only, as for [`RawFds`].
    #[doc(alias = "SCM_PIDFD")]
    PidFd(RawFd),
    /// `IP_PKTINFO` (`struct in_pktinfo`): where an IPv4 datagram arrived,
    /// on a socket with `IP_PKTINFO` on.
    #[doc(alias = "IP_PKTINFO")]
    #[doc(alias = "in_pktinfo")]
    PacketInfoV4 {
        /// `ipi_ifindex`: the index of the interface it arrived on.
        interface: u32,
        /// `ipi_spec_dst`: the local address the kernel would answer from
        /// (the routing table's choice; differs from `destination` for a
        /// broadcast or multicast datagram).
        local: Ipv4Addr,
        /// `ipi_addr`: the destination in the datagram's header, the address
        /// the sender sent to.
        destination: Ipv4Addr,
    },
    /// `IPV6_PKTINFO` (`struct in6_pktinfo`): where an IPv6 datagram (or
    /// an IPv4 one, as a mapped address, on a dual-stack socket) arrived, on
    /// a socket with `IPV6_RECVPKTINFO` on.
    #[doc(alias = "IPV6_PKTINFO")]
    #[doc(alias = "IPV6_RECVPKTINFO")]
    #[doc(alias = "in6_pktinfo")]
    PacketInfoV6 {
        /// `ipi6_addr`: the destination in the datagram's header.
        destination: Ipv6Addr,
        /// `ipi6_ifindex`: the index of the interface it arrived on.
        interface: u32,
    },
    /// `IP_TOS`: the IPv4 header's TOS byte (DSCP and ECN bits), on a
    /// socket with [`Socket::set_recv_tos_v4`](crate::Socket::set_recv_tos_v4)
    /// on. The kernel sends it as one byte.
    #[doc(alias = "IP_TOS")]
    #[doc(alias = "IP_RECVTOS")]
    Tos(u8),
    /// `IPV6_TCLASS`: the IPv6 header's traffic class (DSCP and ECN bits),
    /// on a socket with
    /// [`Socket::set_recv_tclass_v6`](crate::Socket::set_recv_tclass_v6)
    /// on.
    #[doc(alias = "IPV6_TCLASS")]
    #[doc(alias = "IPV6_RECVTCLASS")]
    TrafficClass(u8),
    /// `IP_TTL`: the IPv4 header's time to live, on a socket with
    /// `IP_RECVTTL` on.
    #[doc(alias = "IP_TTL")]
    #[doc(alias = "IP_RECVTTL")]
    Ttl(u8),
    /// `IPV6_HOPLIMIT`: the IPv6 header's hop limit, on a socket with
    /// [`Socket::set_recv_hoplimit_v6`](crate::Socket::set_recv_hoplimit_v6)
    /// on.
    #[doc(alias = "IPV6_HOPLIMIT")]
    #[doc(alias = "IPV6_RECVHOPLIMIT")]
    HopLimit(u8),
    /// `SO_TIMESTAMPNS` (`SCM_TIMESTAMPNS`): when the kernel received the
    /// datagram, on a socket with `SO_TIMESTAMPNS` on. Both forms: the old
    /// one (`SO_TIMESTAMPNS_OLD`, two `long`s) and the 64-bit one
    /// (`SO_TIMESTAMPNS_NEW`).
    #[doc(alias = "SO_TIMESTAMPNS")]
    #[doc(alias = "SCM_TIMESTAMPNS")]
    #[doc(alias = "SO_TIMESTAMPNS_OLD")]
    #[doc(alias = "SO_TIMESTAMPNS_NEW")]
    Timestamp(Timestamp),
    /// `SO_RXQ_OVFL`: how many datagrams the socket has dropped since it
    /// was opened (a counter that wraps), on a socket with `SO_RXQ_OVFL`
    /// on. The kernel sends it once the count is not 0.
    #[doc(alias = "SO_RXQ_OVFL")]
    Dropped(u32),
    /// `UDP_GRO`: the datagram is several, coalesced by the kernel (on a
    /// socket with `UDP_GRO` on), each this many bytes long except the
    /// last, which may be shorter.
    #[doc(alias = "UDP_GRO")]
    SegmentSize(u16),
    /// Any other message, or one too short for its type (an
    /// `SCM_CREDENTIALS` shorter than a `struct ucred`, an `SCM_PIDFD`
    /// shorter than an `int`, ...), or holding a value its type cannot (a
    /// hop limit over 255, nanoseconds past a second), with its data.
    Other {
        /// `cmsg_level`: `SOL_SOCKET` (1), `IPPROTO_IP` (0), ...
        level: i32,
        /// `cmsg_type`.
        kind: i32,
        /// The bytes after the header, `cmsg_len` minus the header long.
        data: &'a [u8],
    },
}

impl<'a> ControlMessage<'a> {
    fn classify(level: i32, kind: i32, data: &'a [u8]) -> Self {
        match (level, kind) {
            (SOL_SOCKET, SCM_RIGHTS) => Self::Rights(RawFds { bytes: data }),
            (SOL_SOCKET, SCM_CREDENTIALS) => match Credentials::from_ucred(data) {
                Some(creds) => Self::Credentials(creds),
                None => Self::Other { level, kind, data },
            },
            (SOL_SOCKET, SCM_PIDFD) => match data.first_chunk::<FD_LEN>() {
                Some(fd) => Self::PidFd(RawFd::from_ne_bytes(*fd)),
                None => Self::Other { level, kind, data },
            },
            _ => Self::classify_datagram(level, kind, data).unwrap_or(Self::Other {
                level,
                kind,
                data,
            }),
        }
    }

    /// The per-datagram messages; `None` for any other, or for one whose
    /// data is too short or holds a value out of its type's range.
    #[inline]
    pub(crate) fn classify_datagram(level: i32, kind: i32, data: &[u8]) -> Option<Self> {
        Some(match (level, kind) {
            (SOL_IP, IP_PKTINFO) => {
                let (interface, after) = data.split_first_chunk::<4>()?;
                let (local, after) = after.split_first_chunk::<4>()?;
                let (destination, _) = after.split_first_chunk::<4>()?;
                Self::PacketInfoV4 {
                    interface: u32::from_ne_bytes(*interface),
                    local: Ipv4Addr::from(*local),
                    destination: Ipv4Addr::from(*destination),
                }
            }
            (SOL_IPV6, IPV6_PKTINFO) => {
                let (destination, after) = data.split_first_chunk::<16>()?;
                let (interface, _) = after.split_first_chunk::<4>()?;
                Self::PacketInfoV6 {
                    destination: Ipv6Addr::from(*destination),
                    interface: u32::from_ne_bytes(*interface),
                }
            }
            // One byte (ip_cmsg_recv_tos), where the other IP values are ints.
            (SOL_IP, IP_TOS) => Self::Tos(*data.first()?),
            (SOL_IP, IP_TTL) => Self::Ttl(int(data)?),
            (SOL_IPV6, IPV6_TCLASS) => Self::TrafficClass(int(data)?),
            (SOL_IPV6, IPV6_HOPLIMIT) => Self::HopLimit(int(data)?),
            (SOL_SOCKET, SO_TIMESTAMPNS_OLD) => {
                const SECS: usize = size_of::<g::__kernel_old_time_t>();
                let (secs, after) = data.split_first_chunk::<SECS>()?;
                let (nanos, _) = after.split_first_chunk::<{ size_of::<c_long>() }>()?;
                // Already i64 on 64-bit targets (and x32's seconds).
                #[allow(clippy::useless_conversion)]
                let (secs, nanos) = (
                    i64::from(g::__kernel_old_time_t::from_ne_bytes(*secs)),
                    i64::from(c_long::from_ne_bytes(*nanos)),
                );
                Self::Timestamp(timestamp(secs, nanos)?)
            }
            (SOL_SOCKET, SO_TIMESTAMPNS_NEW) => {
                let (secs, after) = data.split_first_chunk::<8>()?;
                let (nanos, _) = after.split_first_chunk::<8>()?;
                Self::Timestamp(timestamp(
                    i64::from_ne_bytes(*secs),
                    i64::from_ne_bytes(*nanos),
                )?)
            }
            (SOL_SOCKET, SO_RXQ_OVFL) => {
                Self::Dropped(u32::from_ne_bytes(*data.first_chunk::<4>()?))
            }
            (SOL_UDP, UDP_GRO) => Self::SegmentSize(int(data)?),
            _ => return None,
        })
    }
}

/// An `int` message's value, if `T` holds it.
fn int<T: TryFrom<i32>>(data: &[u8]) -> Option<T> {
    let value = i32::from_ne_bytes(*data.first_chunk::<INT_LEN>()?);
    T::try_from(value).ok()
}

/// A timespec's fields as a [`Timestamp`], if normalized as the kernel
/// writes them (nanoseconds below a second).
fn timestamp(secs: i64, nanos: i64) -> Option<Timestamp> {
    let nanos = u32::try_from(nanos).ok().filter(|&n| n < 1_000_000_000)?;
    Some(Timestamp { secs, nanos })
}

impl Credentials {
    /// Reads a `struct ucred` from the first 12 bytes of `data`.
    fn from_ucred(data: &[u8]) -> Option<Self> {
        let (pid, after) = data.split_first_chunk::<4>()?;
        let (uid, after) = after.split_first_chunk::<4>()?;
        let (gid, _) = after.split_first_chunk::<4>()?;
        Some(Self {
            pid: i32::from_ne_bytes(*pid),
            uid: u32::from_ne_bytes(*uid),
            gid: u32::from_ne_bytes(*gid),
        })
    }
}

/// The fd numbers of one `SCM_RIGHTS` message, in order.
///
/// Numbers only, never owned: bytes alone cannot prove an fd is open and
/// unowned. The fds recvmsg(2) installs are owned by
/// [`RecvMsg`](crate::RecvMsg), which hands each out as an `OwnedFd`.
///
/// ```
/// use baresock::{ControlMessage, ControlMessages};
/// let word = core::mem::size_of::<usize>();
/// let mut bytes = [0u8; 32];
/// bytes[..word].copy_from_slice(&(word + 8 + 8).to_ne_bytes());
/// bytes[word..word + 4].copy_from_slice(&1i32.to_ne_bytes());
/// bytes[word + 4..word + 8].copy_from_slice(&1i32.to_ne_bytes());
/// bytes[word + 8..word + 12].copy_from_slice(&5i32.to_ne_bytes());
/// bytes[word + 12..word + 16].copy_from_slice(&6i32.to_ne_bytes());
/// let Some(ControlMessage::Rights(fds)) = ControlMessages::new(&bytes).next() else { panic!() };
/// assert_eq!(fds.len(), 2);
/// assert!(fds.eq([5, 6]));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct RawFds<'a> {
    bytes: &'a [u8],
}

impl core::fmt::Debug for RawFds<'_> {
    /// The fd numbers: `[5, 6]`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

impl RawFds<'_> {
    /// No fds.
    pub(crate) const EMPTY: RawFds<'static> = RawFds { bytes: &[] };
}

impl Iterator for RawFds<'_> {
    type Item = RawFd;

    fn next(&mut self) -> Option<RawFd> {
        let (fd, rest) = self.bytes.split_first_chunk::<FD_LEN>()?;
        self.bytes = rest;
        Some(RawFd::from_ne_bytes(*fd))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.bytes.len() / FD_LEN;
        (n, Some(n))
    }
}

impl ExactSizeIterator for RawFds<'_> {}
impl FusedIterator for RawFds<'_> {}

#[cfg(test)]
mod tests {
    //! Hand-built control bytes, written with `to_ne_bytes` so that every
    //! test holds on big- and little-endian targets alike.

    extern crate std;

    use super::*;
    use std::vec::Vec;

    /// Appends one message as Linux lays it out: header, data, padding to
    /// `CMSG_ALIGN`. `len` overrides `cmsg_len` (for malformed headers).
    fn push(out: &mut Vec<u8>, level: i32, kind: i32, data: &[u8], len: Option<usize>) {
        let len = len.unwrap_or(HEADER_LEN + data.len());
        out.extend_from_slice(&len.to_ne_bytes());
        out.extend_from_slice(&level.to_ne_bytes());
        out.extend_from_slice(&kind.to_ne_bytes());
        out.extend_from_slice(data);
        while !out.len().is_multiple_of(ALIGN) {
            out.push(0);
        }
    }

    fn fds(fds: &[i32]) -> Vec<u8> {
        fds.iter().flat_map(|fd| fd.to_ne_bytes()).collect()
    }

    fn ucred(pid: i32, uid: u32, gid: u32) -> Vec<u8> {
        [pid.to_ne_bytes(), uid.to_ne_bytes(), gid.to_ne_bytes()].concat()
    }

    fn rights(m: Option<ControlMessage<'_>>) -> Vec<i32> {
        match m {
            Some(ControlMessage::Rights(fds)) => fds.collect(),
            other => panic!("not SCM_RIGHTS: {other:?}"),
        }
    }

    #[test]
    fn one_rights_message() {
        let mut b = Vec::new();
        push(&mut b, SOL_SOCKET, SCM_RIGHTS, &fds(&[3, 4, 5]), None);
        assert_eq!(b.len(), space_for_fds(3));
        let mut m = ControlMessages::new(&b);
        assert_eq!(rights(m.next()), [3, 4, 5]);
        assert_eq!(m.next(), None);
        assert_eq!(m.next(), None, "fused");
    }

    #[test]
    fn several_messages_in_order() {
        let mut b = Vec::new();
        push(&mut b, SOL_SOCKET, SCM_RIGHTS, &fds(&[9]), None);
        push(&mut b, SOL_SOCKET, SCM_CREDENTIALS, &ucred(-1, 2, 3), None);
        push(&mut b, 0, 8, &[1, 2, 3, 4, 5], None); // IP_PKTINFO, too short
        push(&mut b, SOL_SOCKET, SCM_RIGHTS, &fds(&[10, 11]), None);
        assert_eq!(
            b.len(),
            space_for_fds(1) + SPACE_FOR_CREDENTIALS + align(HEADER_LEN + 5) + space_for_fds(2)
        );
        let mut m = ControlMessages::new(&b);
        assert_eq!(rights(m.next()), [9]);
        assert_eq!(
            m.next(),
            Some(ControlMessage::Credentials(Credentials {
                pid: -1,
                uid: 2,
                gid: 3
            }))
        );
        assert_eq!(
            m.next(),
            Some(ControlMessage::Other {
                level: 0,
                kind: 8,
                data: &[1, 2, 3, 4, 5]
            })
        );
        assert_eq!(rights(m.next()), [10, 11]);
        assert_eq!(m.next(), None);
    }

    #[test]
    fn unknown_level_and_type_are_other_with_their_data() {
        let mut b = Vec::new();
        push(&mut b, SOL_SOCKET, 99, &[7; 3], None);
        push(&mut b, i32::MIN, SCM_RIGHTS, &fds(&[1]), None); // right type, wrong level
        let mut m = ControlMessages::new(&b);
        assert_eq!(
            m.next(),
            Some(ControlMessage::Other {
                level: SOL_SOCKET,
                kind: 99,
                data: &[7; 3]
            })
        );
        assert_eq!(
            m.next(),
            Some(ControlMessage::Other {
                level: i32::MIN,
                kind: SCM_RIGHTS,
                data: &fds(&[1])
            })
        );
        assert_eq!(m.next(), None);
    }

    #[test]
    fn a_truncated_header_ends_the_walk() {
        let mut b = Vec::new();
        push(&mut b, SOL_SOCKET, SCM_RIGHTS, &fds(&[1]), None);
        let whole = b.len();
        push(&mut b, SOL_SOCKET, SCM_RIGHTS, &fds(&[2]), None);
        for cut in whole..whole + HEADER_LEN {
            let mut m = ControlMessages::new(&b[..cut]);
            assert_eq!(rights(m.next()), [1], "cut at {cut}");
            assert_eq!(m.next(), None, "cut at {cut}");
        }
        for cut in 0..HEADER_LEN {
            assert_eq!(ControlMessages::new(&b[..cut]).count(), 0);
        }
    }

    #[test]
    fn cmsg_len_shorter_than_the_header_ends_the_walk() {
        for len in [0, 1, HEADER_LEN - 1] {
            let mut b = Vec::new();
            push(&mut b, SOL_SOCKET, SCM_RIGHTS, &fds(&[1]), Some(len));
            push(&mut b, SOL_SOCKET, SCM_RIGHTS, &fds(&[2]), None);
            assert_eq!(ControlMessages::new(&b).count(), 0, "cmsg_len {len}");
        }
        // Exactly a header: a message with no data.
        let mut b = Vec::new();
        push(&mut b, SOL_SOCKET, SCM_RIGHTS, &[], None);
        assert_eq!(rights(ControlMessages::new(&b).next()), []);
    }

    #[test]
    fn cmsg_len_past_the_bytes_ends_the_walk() {
        for extra in [1, 4, 1 << 20] {
            let mut b = Vec::new();
            push(&mut b, SOL_SOCKET, SCM_RIGHTS, &fds(&[1]), None);
            // One byte or more past the second message's (padded) end.
            let len = space_for_fds(1) + extra;
            push(&mut b, SOL_SOCKET, SCM_RIGHTS, &fds(&[2]), Some(len));
            assert_eq!(b.len(), 2 * space_for_fds(1));
            let mut m = ControlMessages::new(&b);
            assert_eq!(rights(m.next()), [1]);
            assert_eq!(m.next(), None, "cmsg_len {len} of {} bytes", b.len());
            assert_eq!(m.next(), None);
        }
        let mut b = Vec::new();
        push(&mut b, SOL_SOCKET, SCM_RIGHTS, &fds(&[1]), Some(usize::MAX));
        assert_eq!(ControlMessages::new(&b).count(), 0);
    }

    #[test]
    fn the_last_message_needs_no_padding() {
        // Linux may end the buffer right after the data, before CMSG_ALIGN.
        let mut b = Vec::new();
        push(&mut b, SOL_SOCKET, SCM_RIGHTS, &fds(&[1]), None);
        push(&mut b, SOL_SOCKET, SCM_RIGHTS, &fds(&[2]), None);
        let unpadded = space_for_fds(1) + HEADER_LEN + FD_LEN;
        let mut m = ControlMessages::new(&b[..unpadded]);
        assert_eq!(rights(m.next()), [1]);
        assert_eq!(rights(m.next()), [2]);
        assert_eq!(m.next(), None);
    }

    #[test]
    fn a_pidfd_is_its_number_and_a_short_one_is_other() {
        let mut b = Vec::new();
        push(&mut b, SOL_SOCKET, SCM_PIDFD, &fds(&[12]), None);
        push(&mut b, SOL_SOCKET, SCM_PIDFD, &[1, 2, 3], None);
        assert_eq!(b.len(), 2 * SPACE_FOR_PIDFD);
        let mut m = ControlMessages::new(&b);
        assert_eq!(m.next(), Some(ControlMessage::PidFd(12)));
        assert_eq!(
            m.next(),
            Some(ControlMessage::Other {
                level: SOL_SOCKET,
                kind: SCM_PIDFD,
                data: &[1, 2, 3]
            })
        );
        assert_eq!(m.next(), None);
    }

    #[test]
    fn raw_fds_debug_shows_the_numbers() {
        let bytes = fds(&[5, 6]);
        let raw = RawFds { bytes: &bytes };
        assert_eq!(std::format!("{raw:?}"), "[5, 6]");
    }

    #[test]
    fn partial_fds_and_short_credentials() {
        let mut b = Vec::new();
        push(&mut b, SOL_SOCKET, SCM_RIGHTS, &[1, 0, 0, 0, 2, 0], None);
        push(&mut b, SOL_SOCKET, SCM_CREDENTIALS, &[0; 11], None);
        let mut m = ControlMessages::new(&b);
        let Some(ControlMessage::Rights(f)) = m.next() else {
            panic!("not SCM_RIGHTS")
        };
        assert_eq!(f.len(), 1, "the partial second fd is ignored");
        assert_eq!(
            m.next(),
            Some(ControlMessage::Other {
                level: SOL_SOCKET,
                kind: SCM_CREDENTIALS,
                data: &[0; 11]
            })
        );
    }

    #[test]
    fn zeroed_bytes_hold_no_message() {
        // recvmsg's buffer is zeroed first, so the kernel's messages end at
        // the first zero header.
        let mut b = Vec::new();
        push(&mut b, SOL_SOCKET, SCM_RIGHTS, &fds(&[4]), None);
        b.resize(b.len() + 64, 0);
        let mut m = ControlMessages::new(&b);
        assert_eq!(rights(m.next()), [4]);
        assert_eq!(m.next(), None);
        assert_eq!(ControlMessages::new(&[0; 64]).count(), 0);
    }

    /// Asserts that `data` at (`level`, `kind`), alone in the buffer,
    /// decodes as `expected`; `None` for `Other` with the same bytes.
    #[track_caller]
    fn decodes_as(level: i32, kind: i32, data: &[u8], expected: Option<ControlMessage<'_>>) {
        let mut b = Vec::new();
        push(&mut b, level, kind, data, None);
        let mut m = ControlMessages::new(&b);
        let expected = expected.unwrap_or(ControlMessage::Other { level, kind, data });
        assert_eq!(m.next(), Some(expected), "({level}, {kind}) {data:?}");
        assert_eq!(m.next(), None);
    }

    /// Every prefix of `data` shorter than `whole` stays `Other`.
    #[track_caller]
    fn short_ones_are_other(level: i32, kind: i32, data: &[u8], whole: usize) {
        for cut in 0..whole {
            decodes_as(level, kind, &data[..cut], None);
        }
    }

    fn in_pktinfo(interface: i32, local: [u8; 4], destination: [u8; 4]) -> Vec<u8> {
        [&interface.to_ne_bytes()[..], &local, &destination].concat()
    }

    #[test]
    fn packet_info_v4() {
        let data = in_pktinfo(3, [10, 0, 0, 1], [10, 0, 0, 255]);
        let info = ControlMessage::PacketInfoV4 {
            interface: 3,
            local: Ipv4Addr::new(10, 0, 0, 1),
            destination: Ipv4Addr::new(10, 0, 0, 255),
        };
        decodes_as(SOL_IP, IP_PKTINFO, &data, Some(info.clone()));
        short_ones_are_other(SOL_IP, IP_PKTINFO, &data, PKTINFO_V4_LEN);
        // Longer than the struct: the struct is read, the rest ignored.
        let longer = [&data[..], &[9; 5]].concat();
        decodes_as(SOL_IP, IP_PKTINFO, &longer, Some(info));
    }

    #[test]
    fn packet_info_v6() {
        let address = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1);
        let data = [&address.octets()[..], &7i32.to_ne_bytes()].concat();
        let info = ControlMessage::PacketInfoV6 {
            destination: address,
            interface: 7,
        };
        decodes_as(SOL_IPV6, IPV6_PKTINFO, &data, Some(info));
        short_ones_are_other(SOL_IPV6, IPV6_PKTINFO, &data, PKTINFO_V6_LEN);
        // The same type at the other IP level is not packet info.
        decodes_as(SOL_IP, IPV6_PKTINFO, &data, None);
    }

    #[test]
    fn tos_is_one_byte_and_the_ints_are_ints() {
        decodes_as(SOL_IP, IP_TOS, &[0xb9], Some(ControlMessage::Tos(0xb9)));
        // Longer (no kernel sends it so): the first byte.
        decodes_as(SOL_IP, IP_TOS, &[1, 2, 3, 4], Some(ControlMessage::Tos(1)));
        short_ones_are_other(SOL_IP, IP_TOS, &[0], 1);
        type Variant = fn(u8) -> ControlMessage<'static>;
        let cases: [(i32, i32, Variant); 3] = [
            (SOL_IP, IP_TTL, ControlMessage::Ttl),
            (SOL_IPV6, IPV6_TCLASS, ControlMessage::TrafficClass),
            (SOL_IPV6, IPV6_HOPLIMIT, ControlMessage::HopLimit),
        ];
        for (level, kind, variant) in cases {
            for value in [0, 1, 64, 255] {
                let data = i32::from(value).to_ne_bytes();
                decodes_as(level, kind, &data, Some(variant(value)));
            }
            short_ones_are_other(level, kind, &255i32.to_ne_bytes(), INT_LEN);
            // Values a u8 cannot hold keep their bytes.
            for value in [256, -1, i32::MIN, 0x2000_0000] {
                decodes_as(level, kind, &value.to_ne_bytes(), None);
            }
        }
    }

    #[test]
    fn timestamps_old_and_new() {
        let long = size_of::<c_long>();
        let (secs, nanos): (c_long, c_long) = (1_700_000_000, 999_999_999);
        let old = [secs.to_ne_bytes(), nanos.to_ne_bytes()].concat();
        assert_eq!(old.len(), 2 * long);
        let time = Timestamp {
            secs: 1_700_000_000,
            nanos: 999_999_999,
        };
        decodes_as(
            SOL_SOCKET,
            SO_TIMESTAMPNS_OLD,
            &old,
            Some(ControlMessage::Timestamp(time)),
        );
        short_ones_are_other(SOL_SOCKET, SO_TIMESTAMPNS_OLD, &old, 2 * long);
        let new = [i64::MIN.to_ne_bytes(), 0i64.to_ne_bytes()].concat();
        let time = Timestamp {
            secs: i64::MIN,
            nanos: 0,
        };
        decodes_as(
            SOL_SOCKET,
            SO_TIMESTAMPNS_NEW,
            &new,
            Some(ControlMessage::Timestamp(time)),
        );
        short_ones_are_other(SOL_SOCKET, SO_TIMESTAMPNS_NEW, &new, 16);
        // Nanoseconds a timespec never holds: a second or more, negative.
        for nanos in [1_000_000_000, -1, i64::MAX] {
            let data = [5i64.to_ne_bytes(), nanos.to_ne_bytes()].concat();
            decodes_as(SOL_SOCKET, SO_TIMESTAMPNS_NEW, &data, None);
        }
        let data = [
            c_long::from(5i8).to_ne_bytes(),
            c_long::from(-1i8).to_ne_bytes(),
        ]
        .concat();
        decodes_as(SOL_SOCKET, SO_TIMESTAMPNS_OLD, &data, None);
    }

    #[test]
    fn dropped_and_segment_size() {
        let data = u32::MAX.to_ne_bytes();
        decodes_as(
            SOL_SOCKET,
            SO_RXQ_OVFL,
            &data,
            Some(ControlMessage::Dropped(u32::MAX)),
        );
        short_ones_are_other(SOL_SOCKET, SO_RXQ_OVFL, &[0; 4], 4);
        for size in [0, 1200, u16::MAX] {
            let data = i32::from(size).to_ne_bytes();
            decodes_as(
                SOL_UDP,
                UDP_GRO,
                &data,
                Some(ControlMessage::SegmentSize(size)),
            );
        }
        short_ones_are_other(SOL_UDP, UDP_GRO, &[0; 4], INT_LEN);
        for value in [65536, -1] {
            decodes_as(SOL_UDP, UDP_GRO, &i32::to_ne_bytes(value), None);
        }
        // UDP_SEGMENT (103) is sent, never received: not decoded.
        decodes_as(SOL_UDP, 103, &1200u16.to_ne_bytes(), None);
    }

    #[test]
    fn a_datagram_with_every_message_fits_space_for_recv_meta() {
        let mut b = Vec::new();
        let data = in_pktinfo(1, [127, 0, 0, 1], [127, 0, 0, 2]);
        push(&mut b, SOL_IP, IP_PKTINFO, &data, None);
        let data = [&Ipv6Addr::LOCALHOST.octets()[..], &1i32.to_ne_bytes()].concat();
        push(&mut b, SOL_IPV6, IPV6_PKTINFO, &data, None);
        push(&mut b, SOL_IP, IP_TOS, &[2], None);
        push(&mut b, SOL_IPV6, IPV6_TCLASS, &2i32.to_ne_bytes(), None);
        push(&mut b, SOL_IP, IP_TTL, &64i32.to_ne_bytes(), None);
        push(&mut b, SOL_IPV6, IPV6_HOPLIMIT, &64i32.to_ne_bytes(), None);
        let data = [1i64.to_ne_bytes(), 2i64.to_ne_bytes()].concat();
        push(&mut b, SOL_SOCKET, SO_TIMESTAMPNS_NEW, &data, None);
        push(&mut b, SOL_SOCKET, SO_RXQ_OVFL, &3u32.to_ne_bytes(), None);
        push(&mut b, SOL_UDP, UDP_GRO, &1200i32.to_ne_bytes(), None);
        assert_eq!(b.len(), SPACE_FOR_RECV_META);
        let decoded: Vec<_> = ControlMessages::new(&b).collect();
        assert_eq!(decoded.len(), 9);
        assert!(
            !decoded
                .iter()
                .any(|m| matches!(m, ControlMessage::Other { .. })),
            "{decoded:?}"
        );
    }

    #[test]
    fn receive_spaces_are_cmsg_space() {
        // CMSG_SPACE(payload): the header, then the payload padded to a word.
        let space = |payload: usize| HEADER_LEN + payload.div_ceil(ALIGN) * ALIGN;
        assert_eq!(SPACE_FOR_PKTINFO_V4, space(12));
        assert_eq!(SPACE_FOR_PKTINFO_V6, space(20));
        assert_eq!(SPACE_FOR_TOS, space(1));
        assert_eq!(SPACE_FOR_TOS, space(4));
        assert_eq!(SPACE_FOR_TIMESTAMP, space(16));
        assert!(SPACE_FOR_TIMESTAMP >= space(2 * size_of::<c_long>()));
        assert_eq!(SPACE_FOR_DROPPED, space(4));
        assert_eq!(SPACE_FOR_SEGMENT_SIZE, space(4));
        assert_eq!(
            SPACE_FOR_RECV_META,
            space(12) + space(20) + 4 * space(4) + space(16) + space(4) + space(4)
        );
        let word = size_of::<usize>();
        let expected = if word == 8 {
            [32, 40, 24, 32, 248]
        } else {
            [24, 32, 16, 28, 180]
        };
        assert_eq!(
            [
                SPACE_FOR_PKTINFO_V4,
                SPACE_FOR_PKTINFO_V6,
                SPACE_FOR_TOS,
                SPACE_FOR_TIMESTAMP,
                SPACE_FOR_RECV_META
            ],
            expected
        );
    }

    #[test]
    fn spaces_are_cmsg_space() {
        let word = size_of::<usize>();
        assert_eq!(HEADER_LEN, word + 8);
        assert_eq!(space_for_fds(0), HEADER_LEN);
        assert_eq!(space_for_fds(1), HEADER_LEN + word);
        assert_eq!(space_for_fds(2), HEADER_LEN + 8);
        assert_eq!(
            space_for_fds(3),
            HEADER_LEN + if word == 8 { 16 } else { 12 }
        );
        assert_eq!(
            SPACE_FOR_CREDENTIALS,
            HEADER_LEN + if word == 8 { 16 } else { 12 }
        );
        assert_eq!(space_for_fds(usize::MAX), usize::MAX, "saturates");
        assert_eq!(
            space_for_fds_and_credentials(1),
            space_for_fds(1) + SPACE_FOR_CREDENTIALS
        );
        assert_eq!(space_for_fds_and_credentials(usize::MAX), usize::MAX);
    }
}
