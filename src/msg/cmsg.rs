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

use core::iter::FusedIterator;
use core::mem::{align_of, offset_of, size_of};

use linux_raw_sys::net as k;
use rustix::fd::RawFd;
use static_assertions::{const_assert, const_assert_eq};

use super::Credentials;

/// `sizeof(struct cmsghdr)`: 16 bytes on 64-bit targets, 12 on 32-bit.
const HEADER_LEN: usize = size_of::<k::cmsghdr>();
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
// rustix's `cmsg_space!` is the same space plus one alignment unit of slack
// (it realigns a buffer of any alignment; `ControlBuffer` is aligned).
const_assert_eq!(space_for_fds(1) + ALIGN, rustix::cmsg_space!(ScmRights(1)));
const_assert_eq!(space_for_fds(3) + ALIGN, rustix::cmsg_space!(ScmRights(3)));
const_assert_eq!(
    SPACE_FOR_CREDENTIALS + ALIGN,
    rustix::cmsg_space!(ScmCredentials(1))
);

const SOL_SOCKET: i32 = k::SOL_SOCKET as i32;
const SCM_RIGHTS: i32 = k::SCM_RIGHTS as i32;
const SCM_CREDENTIALS: i32 = k::SCM_CREDENTIALS as i32;
/// include/linux/socket.h; not in linux-raw-sys 0.12.
const SCM_PIDFD: i32 = 4;

/// `CMSG_ALIGN(len)`, saturating (no length it saturates for fits anywhere).
const fn align(len: usize) -> usize {
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
}

impl<'a> Iterator for ControlMessages<'a> {
    type Item = ControlMessage<'a>;

    fn next(&mut self) -> Option<ControlMessage<'a>> {
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
        Some(ControlMessage::classify(
            i32::from_ne_bytes(*level),
            i32::from_ne_bytes(*kind),
            data,
        ))
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
    /// Any other message (or an `SCM_CREDENTIALS` too short to hold a
    /// `struct ucred`, an `SCM_PIDFD` too short for an `int`), with its data.
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
            _ => Self::Other { level, kind, data },
        }
    }
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
        push(&mut b, 0, 8, &[1, 2, 3, 4, 5], None); // IPPROTO_IP, IP_PKTINFO-like
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
