//! Messages with ancillary data: sendmsg(2) and recvmsg(2) with a control
//! buffer the caller provides, fds passed with `SCM_RIGHTS` and received as
//! [`OwnedFd`], credentials (`SCM_CREDENTIALS`).
//!
//! # References
//! - [sendmsg(2)](https://man7.org/linux/man-pages/man2/sendmsg.2.html)
//! - [recvmsg(2)](https://man7.org/linux/man-pages/man2/recvmsg.2.html)
//! - [unix(7)](https://man7.org/linux/man-pages/man7/unix.7.html)
//
// The calls go through `crate::sys`: rustix's carry only SCM_RIGHTS and
// SCM_CREDENTIALS (rustix #1094). What is sent is written by baresock's own
// encoder (send_control.rs); what is received is walked by its own decoder
// (`ControlMessages`, cmsg.rs) rather than rustix's `AncillaryDrain`, for two
// reasons: that walk trusts its bytes (`CMSG_NXTHDR` does pointer arithmetic
// with an unchecked `cmsg_len`), so it cannot be fuzzed; and it reads
// credentials into rustix's `UCred`, whose pid may not be 0, which is the pid
// the kernel reports for a sender outside the receiver's pid namespace.

mod cmsg;
mod meta;
mod send_control;

use core::fmt;

use rustix::fd::{AsFd, FromRawFd, OwnedFd};
use rustix::io::{IoSlice, IoSliceMut};

pub use cmsg::{
    space_for_fds, space_for_fds_and_credentials, ControlMessage, ControlMessages, RawFds,
    SPACE_FOR_CREDENTIALS, SPACE_FOR_PIDFD,
};
pub use cmsg::{
    SPACE_FOR_DROPPED, SPACE_FOR_PKTINFO_V4, SPACE_FOR_PKTINFO_V6, SPACE_FOR_RECV_META,
    SPACE_FOR_SEGMENT_SIZE, SPACE_FOR_TIMESTAMP, SPACE_FOR_TOS,
};
pub use meta::{Ecn, RecvMeta, Timestamp};
pub use send_control::{SendControl, SendMeta, SPACE_FOR_SEND_META};

use crate::addr::{with_kernel_bytes, Address, SockAddr};
use crate::io::{Received, RecvFlags, SendFlags};
use crate::{sys, Result, Socket};

/// A process's credentials, as `SO_PEERCRED` and `SCM_CREDENTIALS` carry
/// them (`struct ucred`).
///
/// A pid of 0 means the kernel could not name the process in the
/// receiver's pid namespace. A uid or gid it could not map into the
/// receiver's user namespace is the overflow id, 65534 unless
/// `/proc/sys/kernel/overflowuid` (`overflowgid`) says otherwise.
///
/// A message that was sent before `SO_PASSCRED` was on at either end
/// carries no credentials, yet the receiver's `SCM_CREDENTIALS` then
/// reads pid 0 with the overflow ids: treat pid 0 as "unknown", never as a
/// process.
///
/// ```
/// use baresock::{Credentials, Domain, Socket, Type};
/// let (a, _b) = Socket::pair(Domain::UNIX, Type::STREAM, None)?;
/// assert_eq!(a.peer_credentials()?, Credentials::current());
/// # Ok::<(), baresock::Error>(())
/// ```
#[doc(alias = "ucred")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Credentials {
    /// Process id (`pid_t`).
    pub pid: i32,
    /// User id (`uid_t`).
    pub uid: u32,
    /// Group id (`gid_t`).
    pub gid: u32,
}

impl Credentials {
    /// This process's own: getpid(2), getuid(2), getgid(2). These are what
    /// an unprivileged process may send with
    /// [`SendControl::push_credentials`].
    ///
    /// ```
    /// let me = baresock::Credentials::current();
    /// assert_eq!(me.pid as u32, std::process::id());
    /// ```
    #[must_use]
    pub fn current() -> Self {
        Self {
            pid: rustix::process::getpid().as_raw_nonzero().get(),
            uid: rustix::process::getuid().as_raw(),
            gid: rustix::process::getgid().as_raw(),
        }
    }
}

/// `N` bytes of control space for sendmsg(2) and recvmsg(2), aligned for
/// `struct cmsghdr`. Size it with [`space_for_fds`] and
/// [`SPACE_FOR_CREDENTIALS`], summed for several messages.
///
/// One buffer serves any number of calls, one at a time: a [`SendControl`]
/// or a [`RecvMsg`] borrows it until it drops (see [`RecvMsg`] for the
/// receive loop).
///
/// ```
/// use baresock::{space_for_fds, ControlBuffer, SPACE_FOR_CREDENTIALS};
/// let mut rights = ControlBuffer::<{ space_for_fds(1) }>::new();
/// let mut both = ControlBuffer::<{ space_for_fds(4) + SPACE_FOR_CREDENTIALS }>::new();
/// # let _ = (&mut rights, &mut both);
/// ```
// Aligned as `cmsghdr` at most is (8 bytes): the kernel reads and writes
// its headers in place.
#[repr(C, align(8))]
pub struct ControlBuffer<const N: usize> {
    pub(crate) bytes: [u8; N],
}

static_assertions::const_assert!(
    core::mem::align_of::<ControlBuffer<0>>()
        >= core::mem::align_of::<linux_raw_sys::net::cmsghdr>()
);

impl<const N: usize> ControlBuffer<N> {
    /// A zeroed buffer (on the stack, wherever it is declared).
    ///
    /// ```
    /// let _ = baresock::ControlBuffer::<{ baresock::space_for_fds(2) }>::new();
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self { bytes: [0; N] }
    }
}

impl<const N: usize> Default for ControlBuffer<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> fmt::Debug for ControlBuffer<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ControlBuffer<{N}>")
    }
}

/// What [`Socket::recvmsg`] received: the data's length, the sender, and
/// the control messages, whose fds this value owns.
///
/// Every fd the kernel passed is owned from the moment the call returns:
/// [`RecvMsg::fds`] hands each `SCM_RIGHTS` fd out as an [`OwnedFd`],
/// [`RecvMsg::take_pidfd`] the `SCM_PIDFD`, and those not taken are closed
/// when this value drops. None can leak.
///
/// It borrows the [`ControlBuffer`] until it drops, since its fds and
/// messages live in that buffer. To reuse one buffer for the next
/// `recvmsg`, let the first `RecvMsg` go first: declare it inside the loop
/// body, or `drop` it (shadowing it with a second `let` does not end the
/// first).
///
/// ```
/// use baresock::{space_for_fds_and_credentials, ControlBuffer, Domain, IoSliceMut, RecvFlags, Socket, Type};
/// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
/// a.send(b"one")?;
/// a.send(b"two")?;
/// let mut buf = [0; 16];
/// let mut control = ControlBuffer::<{ space_for_fds_and_credentials(1) }>::new();
/// for expected in [&b"one"[..], b"two"] {
///     let msg = b.recvmsg(&mut [IoSliceMut::new(&mut buf)], &mut control, RecvFlags::DEFAULT)?;
///     assert_eq!(&buf[..msg.received.filled()], expected);
/// } // `msg` drops here (closing any fd not taken): `control` is free again
/// # Ok::<(), baresock::Error>(())
/// ```
///
/// While the first is alive, a second `recvmsg` into the same buffer does
/// not compile (E0499, "cannot borrow as mutable more than once"):
///
/// ```compile_fail,E0499
/// # use baresock::{space_for_fds_and_credentials, ControlBuffer, Domain, IoSliceMut, RecvFlags, Socket, Type};
/// # let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
/// # let mut buf = [0; 16];
/// let mut control = ControlBuffer::<{ space_for_fds_and_credentials(1) }>::new();
/// let first = b.recvmsg(&mut [IoSliceMut::new(&mut buf)], &mut control, RecvFlags::DEFAULT)?;
/// let second = b.recvmsg(&mut [IoSliceMut::new(&mut buf)], &mut control, RecvFlags::DEFAULT)?;
/// # drop((first, second));
/// # Ok::<(), baresock::Error>(())
/// ```
///
/// ```
/// use baresock::{space_for_fds_and_credentials, space_for_fds, ControlBuffer, Domain, IoSliceMut, RecvFlags, Socket, Type};
/// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
/// a.send(b"no fds")?;
/// let mut buf = [0; 16];
/// let mut control = ControlBuffer::<{ space_for_fds_and_credentials(1) }>::new();
/// let mut msg = b.recvmsg(&mut [IoSliceMut::new(&mut buf)], &mut control, RecvFlags::DEFAULT)?;
/// assert_eq!(msg.received.filled(), 6);
/// assert!(!msg.control_truncated);
/// assert_eq!(msg.fds().count(), 0);
/// # Ok::<(), baresock::Error>(())
/// ```
pub struct RecvMsg<'c> {
    /// The data's length; `truncated()` when a datagram did not fit.
    pub received: Received,
    /// The sender, decoded as [`Socket::recv_from`] decodes it.
    pub peer: SockAddr,
    /// `MSG_CTRUNC`: the control buffer was too small, and some control
    /// data was lost (fds that did not fit were closed by the kernel; those
    /// that did are here, owned).
    #[doc(alias = "MSG_CTRUNC")]
    pub control_truncated: bool,
    control: &'c [u8],
    fds: ReceivedFds<'c>,
    pidfd: Option<OwnedFd>,
}

impl<'c> RecvMsg<'c> {
    /// The fds received with `SCM_RIGHTS`, in order, each an [`OwnedFd`]
    /// (close-on-exec: recvmsg passes `MSG_CMSG_CLOEXEC`). Those not taken
    /// are closed when the `RecvMsg` drops.
    ///
    /// ```
    /// # use baresock::{space_for_fds_and_credentials, space_for_fds, ControlBuffer, Domain, IoSlice, IoSliceMut, RecvFlags, SendControl, SendFlags, Socket, Type};
    /// # use rustix::fd::AsFd;
    /// # let (a, b) = Socket::pair(Domain::UNIX, Type::STREAM, None)?;
    /// # let (r, w) = rustix::pipe::pipe()?;
    /// # let fds = [w.as_fd()];
    /// # let mut space = ControlBuffer::<{ space_for_fds(1) }>::new();
    /// # let mut out = SendControl::new(&mut space);
    /// # out.push_fds(&fds)?;
    /// # a.sendmsg(&[IoSlice::new(b"x")], &mut out, SendFlags::DEFAULT)?;
    /// let mut buf = [0; 1];
    /// let mut control = ControlBuffer::<{ space_for_fds_and_credentials(1) }>::new();
    /// let mut msg = b.recvmsg(&mut [IoSliceMut::new(&mut buf)], &mut control, RecvFlags::DEFAULT)?;
    /// let passed = msg.fds().next().expect("one fd");
    /// rustix::io::write(&passed, b"via the passed fd")?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SCM_RIGHTS")]
    pub fn fds(&mut self) -> &mut ReceivedFds<'c> {
        &mut self.fds
    }

    /// The sender's pidfd (`SCM_PIDFD`), when this socket has
    /// [`Socket::set_passpidfd`] on (Linux 6.5): owned, close-on-exec, and
    /// handed out once; closed with this value if not taken.
    ///
    /// ```
    /// use baresock::{ControlBuffer, Domain, IoSliceMut, RecvFlags, Socket, Type, SPACE_FOR_PIDFD};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// let on = b.set_passpidfd(true).is_ok(); // Linux 6.5 and later
    /// a.send(b"x")?;
    /// let mut buf = [0; 1];
    /// let mut control = ControlBuffer::<SPACE_FOR_PIDFD>::new();
    /// let mut msg = b.recvmsg(&mut [IoSliceMut::new(&mut buf)], &mut control, RecvFlags::DEFAULT)?;
    /// assert_eq!(msg.take_pidfd().is_some(), on);
    /// assert!(msg.take_pidfd().is_none(), "handed out once");
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SCM_PIDFD")]
    pub fn take_pidfd(&mut self) -> Option<OwnedFd> {
        self.pidfd.take()
    }

    /// The first `SCM_CREDENTIALS` message's credentials: the sender's,
    /// when this socket has [`Socket::set_passcred`] on.
    ///
    /// ```
    /// use baresock::{ControlBuffer, Credentials, Domain, IoSliceMut, RecvFlags, Socket, Type, SPACE_FOR_CREDENTIALS};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// b.set_passcred(true)?;
    /// a.send(b"who am i")?;
    /// let mut buf = [0; 8];
    /// let mut control = ControlBuffer::<SPACE_FOR_CREDENTIALS>::new();
    /// let msg = b.recvmsg(&mut [IoSliceMut::new(&mut buf)], &mut control, RecvFlags::DEFAULT)?;
    /// assert_eq!(msg.credentials(), Some(Credentials::current()));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SCM_CREDENTIALS")]
    #[must_use]
    pub fn credentials(&self) -> Option<Credentials> {
        self.control_messages().find_map(|m| match m {
            ControlMessage::Credentials(creds) => Some(creds),
            _ => None,
        })
    }

    /// Every control message received, decoded (fds as numbers only: they
    /// are owned by this `RecvMsg`, see [`RecvMsg::fds`]).
    ///
    /// ```
    /// use baresock::{ControlBuffer, ControlMessage, Domain, IoSliceMut, RecvFlags, Socket, Type, SPACE_FOR_CREDENTIALS};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// b.set_passcred(true)?;
    /// a.send(b"x")?;
    /// let mut buf = [0; 1];
    /// let mut control = ControlBuffer::<SPACE_FOR_CREDENTIALS>::new();
    /// let msg = b.recvmsg(&mut [IoSliceMut::new(&mut buf)], &mut control, RecvFlags::DEFAULT)?;
    /// assert!(matches!(msg.control_messages().next(), Some(ControlMessage::Credentials(_))));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn control_messages(&self) -> ControlMessages<'c> {
        ControlMessages::new(self.control)
    }
}

impl fmt::Debug for RecvMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecvMsg")
            .field("received", &self.received)
            .field("peer", &self.peer)
            .field("control_truncated", &self.control_truncated)
            .field("fds", &self.fds)
            .field("pidfd", &self.pidfd)
            .finish()
    }
}

/// The fds of a [`RecvMsg`] not yet taken: an iterator of [`OwnedFd`] that
/// closes the rest when it drops.
///
/// ```
/// use baresock::{space_for_fds_and_credentials, space_for_fds, ControlBuffer, Domain, IoSliceMut, RecvFlags, Socket, Type};
/// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
/// a.send(b"x")?;
/// let mut buf = [0; 1];
/// let mut control = ControlBuffer::<{ space_for_fds_and_credentials(2) }>::new();
/// let mut msg = b.recvmsg(&mut [IoSliceMut::new(&mut buf)], &mut control, RecvFlags::DEFAULT)?;
/// assert_eq!(msg.fds().len(), 0);
/// # Ok::<(), baresock::Error>(())
/// ```
pub struct ReceivedFds<'c> {
    // Invariant: every fd number these yield was installed in this process
    // by the recvmsg call that wrote the bytes, and is yielded once.
    messages: ControlMessages<'c>,
    current: RawFds<'c>,
}

impl ReceivedFds<'_> {
    /// Takes ownership of the next fd number.
    #[allow(unsafe_code)]
    fn take(raw: rustix::fd::RawFd) -> OwnedFd {
        // SAFETY: by the type's invariant, `raw` was installed in this
        // process by the recvmsg(2) call that wrote these bytes (nothing
        // else knows its number yet), and the iterator has moved past it, so
        // this is its only owner. The kernel installs only fds >= 0, and
        // `next` passes no other.
        unsafe { OwnedFd::from_raw_fd(raw) }
    }

    /// Owns the `SCM_PIDFD` fds of `control`, bytes the recvmsg(2) call
    /// that wrote them has just returned: the first is kept, any other (the
    /// kernel sends one) closed at once.
    fn take_pidfds(control: &[u8]) -> Option<OwnedFd> {
        let mut first = None;
        for message in ControlMessages::new(control) {
            if let ControlMessage::PidFd(raw) = message {
                if raw >= 0 {
                    // By the invariant above: installed by that call, and
                    // each `SCM_PIDFD` message is visited once, here.
                    let fd = Self::take(raw);
                    if first.is_none() {
                        first = Some(fd);
                    }
                }
            }
        }
        first
    }
}

impl Iterator for ReceivedFds<'_> {
    type Item = OwnedFd;

    fn next(&mut self) -> Option<OwnedFd> {
        loop {
            if let Some(raw) = self.current.next() {
                if raw >= 0 {
                    return Some(Self::take(raw));
                }
                continue;
            }
            if let ControlMessage::Rights(fds) = self.messages.next()? {
                self.current = fds;
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.len();
        (n, Some(n))
    }
}

impl ExactSizeIterator for ReceivedFds<'_> {
    fn len(&self) -> usize {
        let later = self.messages.clone().map(|m| match m {
            ControlMessage::Rights(fds) => fds.filter(|&fd| fd >= 0).count(),
            _ => 0,
        });
        later.fold(
            self.current.clone().filter(|&fd| fd >= 0).count(),
            usize::saturating_add,
        )
    }
}

impl Drop for ReceivedFds<'_> {
    fn drop(&mut self) {
        self.for_each(drop);
    }
}

impl fmt::Debug for ReceivedFds<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceivedFds")
            .field("left", &self.len())
            .finish()
    }
}

/// recvmsg(2) into `control`, which the decoder then walks.
fn recvmsg_into<'c>(
    sock: &Socket,
    bufs: &mut [IoSliceMut<'_>],
    control: &'c mut [u8],
    flags: RecvFlags,
) -> Result<RecvMsg<'c>> {
    let mut name = [0u8; NAME_LEN];
    // CMSG_CLOEXEC: a received fd must not leak into a child program either.
    // Never TRUNC: the kernel would then return more than it copied, and the
    // buffers' total length cannot be read from rustix's `IoSliceMut` in
    // both its std and no_std forms; msg_flags tells of a cut datagram.
    let flags = (flags.as_raw() & !MSG_TRUNC) | MSG_CMSG_CLOEXEC;
    let filled = sys::recvmsg(sock.as_fd(), bufs, &mut name, control, flags)?;
    // Only the bytes the kernel wrote: `control_len` is capped at the
    // buffer's length in `sys`.
    let control: &'c [u8] = control.get(..filled.control_len).unwrap_or_default();
    Ok(RecvMsg {
        received: Received::from_msg(filled.len, filled.flags & MSG_TRUNC != 0),
        peer: sock.sender_bytes(name.get(..filled.name_len).unwrap_or_default()),
        control_truncated: filled.flags & MSG_CTRUNC != 0,
        control,
        fds: ReceivedFds {
            messages: ControlMessages::new(control),
            current: RawFds::EMPTY,
        },
        pidfd: ReceivedFds::take_pidfds(control),
    })
}

/// Closes every fd in `control`, bytes a recvmmsg(2) call has just
/// written for one message: a batch receives datagrams, not fds.
pub(crate) fn close_received_fds(control: &[u8]) {
    // By `ReceivedFds`'s invariant: installed by that call, and visited once,
    // here (the slot's control bytes are not walked for fds again).
    drop(ReceivedFds {
        messages: ControlMessages::new(control),
        current: RawFds::EMPTY,
    });
    drop(ReceivedFds::take_pidfds(control));
}

/// The largest socket address the kernel writes (`sockaddr_storage`).
pub(crate) const NAME_LEN: usize = 128;
pub(crate) const MSG_TRUNC: u32 = linux_raw_sys::net::MSG_TRUNC;
pub(crate) const MSG_CTRUNC: u32 = linux_raw_sys::net::MSG_CTRUNC;
pub(crate) const MSG_CMSG_CLOEXEC: u32 = linux_raw_sys::net::MSG_CMSG_CLOEXEC;

/// Messages with control data: fds ([`SendControl::push_fds`],
/// [`RecvMsg::fds`]) and credentials ([`SendControl::push_credentials`],
/// [`RecvMsg::credentials`]) over Unix sockets, in a [`ControlBuffer`] on
/// the stack.
impl Socket {
    /// sendmsg(2) with control messages (fds, credentials), `MSG_NOSIGNAL`
    /// and `flags`; returns how many bytes of data the kernel took.
    ///
    /// # Errors
    /// As [`Socket::send`], and for the control messages:
    /// [`Error::TooManyRefs`](crate::Error::TooManyRefs) (more fds in flight than `RLIMIT_NOFILE`),
    /// [`Error::Inval`](crate::Error::Inval) (over 253 fds in one message, or credentials with
    /// an unmapped id), [`Error::Perm`](crate::Error::Perm) (credentials not the sender's own),
    /// [`Error::Srch`](crate::Error::Srch), [`Error::BadF`](crate::Error::BadF) (an fd that is not open),
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) (a socket that is not Unix cannot pass fds).
    ///
    /// ```
    /// use baresock::{ControlBuffer, Credentials, Domain, IoSlice, SendControl, SendFlags, Socket, Type, SPACE_FOR_CREDENTIALS};
    /// let (a, _b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// let mut space = ControlBuffer::<SPACE_FOR_CREDENTIALS>::new();
    /// let mut control = SendControl::new(&mut space);
    /// control.push_credentials(Credentials::current())?;
    /// assert_eq!(a.sendmsg(&[IoSlice::new(b"signed")], &mut control, SendFlags::DEFAULT)?, 6);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn sendmsg(
        &self,
        bufs: &[IoSlice<'_>],
        control: &mut SendControl<'_, '_>,
        flags: SendFlags,
    ) -> Result<usize> {
        sys::sendmsg(self.as_fd(), bufs, &[], control.as_bytes(), flags.as_raw())
    }

    /// sendmsg(2) to `addr`, with control messages.
    ///
    /// # Errors
    /// As [`Socket::sendmsg`] and [`Socket::send_to`].
    ///
    /// ```
    /// use baresock::{Domain, IoSlice, SendControl, SendFlags, SockAddrIn, Socket, Type};
    /// let server = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// server.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// let client = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// let sent = client.sendmsg_to(
    ///     &[IoSlice::new(b"hi")], &mut SendControl::default(), &server.local_addr()?, SendFlags::DEFAULT)?;
    /// assert_eq!(sent, 2);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn sendmsg_to(
        &self,
        bufs: &[IoSlice<'_>],
        control: &mut SendControl<'_, '_>,
        addr: &impl Address,
        flags: SendFlags,
    ) -> Result<usize> {
        with_kernel_bytes(addr, |name| {
            sys::sendmsg(self.as_fd(), bufs, name, control.as_bytes(), flags.as_raw())
        })
    }

    /// recvmsg(2): data into `bufs`, control messages into `control`, and
    /// the sender. Received fds are owned by the result (close-on-exec,
    /// closed on drop unless taken: [`RecvMsg::fds`]).
    ///
    /// A control buffer too small for what came sets
    /// [`RecvMsg::control_truncated`]; the fds that fit are still received
    /// and owned, the kernel closes the others. With
    /// [`Socket::set_passcred`] on, the credentials come first and take
    /// their room from the fds: size a buffer that receives fds with
    /// [`space_for_fds_and_credentials`]. A datagram longer than the
    /// buffers is cut and reported as [`Received::truncated`];
    /// [`RecvFlags::trunc`] is not passed on (the full length is
    /// [`Socket::recv_with`]'s to tell).
    ///
    /// # Errors
    /// As [`Socket::recv_with`].
    ///
    /// ```
    /// use baresock::{space_for_fds_and_credentials, space_for_fds, ControlBuffer, Domain, IoSlice, IoSliceMut, RecvFlags, SendControl, SendFlags, Socket, Type};
    /// use rustix::fd::AsFd;
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::STREAM, None)?;
    /// let (read_end, write_end) = rustix::pipe::pipe()?;
    /// let fds = [write_end.as_fd()];
    /// let mut space = ControlBuffer::<{ space_for_fds(1) }>::new();
    /// let mut out = SendControl::new(&mut space);
    /// out.push_fds(&fds)?;
    /// a.sendmsg(&[IoSlice::new(b"take this")], &mut out, SendFlags::DEFAULT)?;
    ///
    /// let mut buf = [0; 16];
    /// let mut control = ControlBuffer::<{ space_for_fds_and_credentials(1) }>::new();
    /// let mut msg = b.recvmsg(&mut [IoSliceMut::new(&mut buf)], &mut control, RecvFlags::DEFAULT)?;
    /// let passed = msg.fds().next().expect("the pipe's write end");
    /// rustix::io::write(&passed, b"!")?;
    /// let mut got = [0; 1];
    /// assert_eq!(rustix::io::read(&read_end, &mut got)?, 1);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[inline]
    pub fn recvmsg<'c, const N: usize>(
        &self,
        bufs: &mut [IoSliceMut<'_>],
        control: &'c mut ControlBuffer<N>,
        flags: RecvFlags,
    ) -> Result<RecvMsg<'c>> {
        recvmsg_into(self, bufs, &mut control.bytes, flags)
    }
}
