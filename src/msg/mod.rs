//! Messages with ancillary data: sendmsg(2) and recvmsg(2) with a control
//! buffer the caller provides, fds passed with `SCM_RIGHTS` and received as
//! [`OwnedFd`], credentials (`SCM_CREDENTIALS`).
//!
//! # References
//! - [sendmsg(2)](https://man7.org/linux/man-pages/man2/sendmsg.2.html)
//! - [recvmsg(2)](https://man7.org/linux/man-pages/man2/recvmsg.2.html)
//! - [unix(7)](https://man7.org/linux/man-pages/man7/unix.7.html)
//
// rustix issues the calls and writes what is sent (its
// `SendAncillaryBuffer`). What is received is walked by baresock's own
// decoder (`ControlMessages`, cmsg.rs) rather than rustix's `AncillaryDrain`,
// for two reasons: that walk trusts its bytes (`CMSG_NXTHDR` does pointer
// arithmetic with an unchecked `cmsg_len`), so it cannot be fuzzed; and it
// reads credentials into rustix's `UCred`, whose pid may not be 0, which is
// the pid the kernel reports for a sender outside the receiver's pid
// namespace.

mod cmsg;

use core::fmt;
use core::mem::MaybeUninit;

use rustix::fd::{BorrowedFd, FromRawFd, OwnedFd};
use rustix::io::{IoSlice, IoSliceMut};
use rustix::net as rnet;
use rustix::process::{Gid, Pid, Uid};

pub use cmsg::{
    space_for_fds, space_for_fds_and_credentials, ControlMessage, ControlMessages, RawFds,
    SPACE_FOR_CREDENTIALS, SPACE_FOR_PIDFD,
};

use crate::addr::{Address, SockAddr};
use crate::io::{Received, RecvFlags, SendFlags};
use crate::{Error, Result, Socket};

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
// Aligned as `cmsghdr` at most is (8 bytes), so rustix's realignment of the
// buffer is a no-op and the kernel's first header is at byte 0.
#[repr(C, align(8))]
pub struct ControlBuffer<const N: usize> {
    // Invariant: every byte is initialized. Only `new` (zeros),
    // `recvmsg_into` (zeros), rustix's `SendAncillaryBuffer::push` (zeros,
    // then a header and data) and the kernel write here.
    bytes: [MaybeUninit<u8>; N],
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
        Self {
            bytes: [MaybeUninit::new(0); N],
        }
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

/// The control messages of one sendmsg(2), written into a
/// [`ControlBuffer`].
///
/// It holds three borrows: the buffer for `'buf`, each fd slice pushed for
/// `'slice`, and the fds themselves for `'fd`, so they stay open until the
/// message is sent. A slice must outlive the `SendControl` (see
/// [`SendControl::push_fds`]).
///
/// ```
/// use baresock::{space_for_fds, ControlBuffer, Domain, IoSlice, SendControl, SendFlags, Socket, Type};
/// use rustix::fd::AsFd;
/// let (a, _b) = Socket::pair(Domain::UNIX, Type::STREAM, None)?;
/// let (_r, w) = rustix::pipe::pipe()?;
/// let fds = [w.as_fd()];
/// let mut space = ControlBuffer::<{ space_for_fds(1) }>::new();
/// let mut control = SendControl::new(&mut space);
/// control.push_fds(&fds)?;
/// a.sendmsg(&[IoSlice::new(b"fd")], &mut control, SendFlags::DEFAULT)?;
/// # Ok::<(), baresock::Error>(())
/// ```
pub struct SendControl<'buf, 'slice, 'fd> {
    inner: rnet::SendAncillaryBuffer<'buf, 'slice, 'fd>,
}

impl<'buf, 'slice, 'fd> SendControl<'buf, 'slice, 'fd> {
    /// No messages yet, to be written into `buffer`.
    ///
    /// ```
    /// let mut space = baresock::ControlBuffer::<{ baresock::SPACE_FOR_CREDENTIALS }>::new();
    /// let _control = baresock::SendControl::new(&mut space);
    /// ```
    #[must_use]
    pub fn new<const N: usize>(buffer: &'buf mut ControlBuffer<N>) -> Self {
        Self {
            inner: rnet::SendAncillaryBuffer::new(&mut buffer.bytes),
        }
    }

    /// Adds an `SCM_RIGHTS` message passing `fds`: the receiver gets new
    /// fds for the same open files. The kernel takes at most 253 in one
    /// message (more fail the send with [`Error::Inval`]).
    ///
    /// The slice must outlive the `SendControl`, so name it with `let`
    /// before pushing it:
    ///
    /// ```
    /// use baresock::{space_for_fds, ControlBuffer, Domain, IoSlice, SendControl, SendFlags, Socket, Type};
    /// use rustix::fd::AsFd;
    /// let (a, _b) = Socket::pair(Domain::UNIX, Type::STREAM, None)?;
    /// let (_r, w) = rustix::pipe::pipe()?;
    /// let mut space = ControlBuffer::<{ space_for_fds(1) }>::new();
    /// let mut control = SendControl::new(&mut space);
    /// let fds = [w.as_fd()];
    /// control.push_fds(&fds)?;
    /// a.sendmsg(&[IoSlice::new(b"fd")], &mut control, SendFlags::DEFAULT)?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// A temporary array is dropped at the end of its statement while the
    /// `SendControl` still holds it, and does not compile (E0716,
    /// "temporary value dropped while borrowed"):
    ///
    /// ```compile_fail,E0716
    /// # use baresock::{space_for_fds, ControlBuffer, Domain, IoSlice, SendControl, SendFlags, Socket, Type};
    /// # use rustix::fd::AsFd;
    /// # let (a, _b) = Socket::pair(Domain::UNIX, Type::STREAM, None)?;
    /// # let (_r, w) = rustix::pipe::pipe()?;
    /// let mut space = ControlBuffer::<{ space_for_fds(1) }>::new();
    /// let mut control = SendControl::new(&mut space);
    /// control.push_fds(&[w.as_fd()])?;
    /// a.sendmsg(&[IoSlice::new(b"fd")], &mut control, SendFlags::DEFAULT)?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::NoBufs`] when the buffer has no room left for the message
    /// (nothing is added, and no system call is made).
    ///
    /// ```
    /// use baresock::{space_for_fds, ControlBuffer, Error, SendControl};
    /// use rustix::fd::AsFd;
    /// let (r, w) = rustix::pipe::pipe()?;
    /// let fds = [r.as_fd(), w.as_fd(), w.as_fd()];
    /// let mut small = ControlBuffer::<{ space_for_fds(2) }>::new();
    /// assert_eq!(SendControl::new(&mut small).push_fds(&fds), Err(Error::NoBufs));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "SCM_RIGHTS")]
    pub fn push_fds(&mut self, fds: &'slice [BorrowedFd<'fd>]) -> Result<()> {
        // rustix copies the fd numbers into the buffer here, yet its type
        // keeps the slice borrowed for 'slice. No safe code can end that
        // borrow sooner: the buffer's length is private to rustix, and
        // building the message again at send time needs the fds as
        // `BorrowedFd`s, which only the slice holds. An encoder of our own
        // (safe) over a raw sendmsg(2) in `crate::sys` would drop 'slice.
        let message = rnet::SendAncillaryMessage::ScmRights(fds);
        self.inner.push(message).then_some(()).ok_or(Error::NoBufs)
    }

    /// Adds an `SCM_CREDENTIALS` message. The kernel checks them: an
    /// unprivileged sender may only send its own
    /// ([`Credentials::current`]). The receiver must have
    /// [`Socket::set_passcred`] on to see them.
    ///
    /// # Errors
    /// [`Error::NoBufs`] when the buffer has no room left;
    /// [`Error::Inval`] for a pid of 0 or less, which names no process
    /// (checked here, in every build, before the kernel). Credentials the
    /// kernel refuses fail the send: [`Error::Perm`] (not the sender's own),
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
        // rustix's `Pid::from_raw` debug-asserts a non-negative pid: refuse
        // every pid that names no process before it.
        if creds.pid <= 0 {
            return Err(Error::Inval);
        }
        let ucred = rnet::UCred {
            pid: Pid::from_raw(creds.pid).ok_or(Error::Inval)?,
            // Unchecked: any value goes to the kernel, which judges it.
            uid: Uid::from_raw_unchecked(creds.uid),
            gid: Gid::from_raw_unchecked(creds.gid),
        };
        let message = rnet::SendAncillaryMessage::ScmCredentials(ucred);
        self.inner.push(message).then_some(()).ok_or(Error::NoBufs)
    }
}

impl Default for SendControl<'_, '_, '_> {
    /// No control messages and no buffer.
    fn default() -> Self {
        Self {
            inner: rnet::SendAncillaryBuffer::default(),
        }
    }
}

impl fmt::Debug for SendControl<'_, '_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendControl").finish_non_exhaustive()
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

/// recvmsg(2) into `control`, which the decoder then walks. `control` is a
/// `ControlBuffer`'s bytes, so aligned for `cmsghdr`.
#[allow(unsafe_code)]
fn recvmsg_into<'c>(
    sock: &Socket,
    bufs: &mut [IoSliceMut<'_>],
    control: &'c mut [MaybeUninit<u8>],
    flags: RecvFlags,
) -> Result<RecvMsg<'c>> {
    // The decoder finds the kernel's messages by walking until a header
    // does not fit: zeroing first ends the walk right after them.
    control.fill(MaybeUninit::new(0));
    let mut ancillary = rnet::RecvAncillaryBuffer::new(control);
    // CMSG_CLOEXEC: a received fd must not leak into a child program either.
    // Never TRUNC: the kernel would then return more than it copied, and the
    // buffers' total length cannot be read from rustix's `IoSliceMut` in
    // both its std and no_std forms; msg_flags tells of a cut datagram.
    let flags = flags
        .raw()
        .difference(rnet::RecvFlags::TRUNC)
        .union(rnet::RecvFlags::CMSG_CLOEXEC);
    let msg = rnet::recvmsg(sock, bufs, &mut ancillary, flags)?;
    // Its drop would close the fds through rustix's own walk; they are
    // owned by the `ReceivedFds` below instead. It holds no other resource.
    core::mem::forget(ancillary);
    // SAFETY: every byte of `control` was initialized by the `fill` above;
    // since then only the kernel wrote into it (rustix hands the buffer to
    // recvmsg(2) and writes nothing itself), and the kernel writes bytes.
    // `MaybeUninit<u8>` has the layout of `u8`, and the shared borrow is
    // `control`'s own for 'c (the `&mut` is not used again).
    let control: &'c [MaybeUninit<u8>] = control;
    let control: &'c [u8] =
        unsafe { core::slice::from_raw_parts(control.as_ptr().cast::<u8>(), control.len()) };
    Ok(RecvMsg {
        received: Received::from_msg(msg.bytes, msg.flags.contains(rnet::ReturnFlags::TRUNC)),
        peer: sock.sender(msg.address),
        control_truncated: msg.flags.contains(rnet::ReturnFlags::CTRUNC),
        control,
        fds: ReceivedFds {
            messages: ControlMessages::new(control),
            current: RawFds::EMPTY,
        },
        pidfd: ReceivedFds::take_pidfds(control),
    })
}

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
    /// [`Error::TooManyRefs`] (more fds in flight than `RLIMIT_NOFILE`),
    /// [`Error::Inval`] (over 253 fds in one message, or credentials with
    /// an unmapped id), [`Error::Perm`] (credentials not the sender's own),
    /// [`Error::Srch`], [`Error::BadF`] (an fd that is not open),
    /// [`Error::OpNotSupp`] (a socket that is not Unix cannot pass fds).
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
        control: &mut SendControl<'_, '_, '_>,
        flags: SendFlags,
    ) -> Result<usize> {
        Ok(rnet::sendmsg(self, bufs, &mut control.inner, flags.raw())?)
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
        control: &mut SendControl<'_, '_, '_>,
        addr: &impl Address,
        flags: SendFlags,
    ) -> Result<usize> {
        Ok(rnet::sendmsg_addr(
            self,
            addr,
            bufs,
            &mut control.inner,
            flags.raw(),
        )?)
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
