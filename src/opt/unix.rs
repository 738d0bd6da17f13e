//! The credential options of Unix sockets, unix(7): `SO_PASSCRED`,
//! `SO_PASSPIDFD` and `SO_PEERCRED`. Names are plain (`SOL_SOCKET`); see
//! the naming rule in `opt/mod.rs`.
//!
//! # References
//! - [unix(7)](https://man7.org/linux/man-pages/man7/unix.7.html)
//! - [pid_namespaces(7)](https://man7.org/linux/man-pages/man7/pid_namespaces.7.html)

use linux_raw_sys::net::{ucred, SOL_SOCKET, SO_PASSPIDFD, SO_PEERCRED};
use rustix::net::{self as rnet, AddressFamily};

use crate::{sys, Credentials, Error, Result, Socket};

/// The credential options of Unix sockets (`SOL_SOCKET` level, plain
/// names): who sent a message, and who is at the other end.
impl Socket {
    /// `SO_PASSCRED`: every message received carries the sender's
    /// credentials as `SCM_CREDENTIALS` ([`RecvMsg::credentials`]), whether
    /// the sender sent them or not.
    ///
    /// The kernel puts the credentials *before* any fds, so a control
    /// buffer must have room for both: size it with
    /// [`space_for_fds_and_credentials`]. Sized for the fds alone, the
    /// credentials take the room, the kernel closes every fd passed, and
    /// [`RecvMsg::control_truncated`] is the only trace.
    ///
    /// # Errors
    /// [`Error::NotSock`], [`Error::BadF`].
    ///
    /// ```
    /// let (a, _b) = baresock::Socket::pair(baresock::Domain::UNIX, baresock::Type::DGRAM, None)?;
    /// a.set_passcred(true)?;
    /// assert!(a.passcred()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// [`RecvMsg::credentials`]: crate::RecvMsg::credentials
    /// [`RecvMsg::control_truncated`]: crate::RecvMsg::control_truncated
    /// [`space_for_fds_and_credentials`]: crate::space_for_fds_and_credentials
    #[doc(alias = "SO_PASSCRED")]
    #[inline]
    pub fn set_passcred(&self, on: bool) -> Result<()> {
        Ok(rnet::sockopt::set_socket_passcred(self, on)?)
    }

    /// Reads `SO_PASSCRED` ([`Socket::set_passcred`]).
    ///
    /// ```
    /// let (a, _b) = baresock::Socket::pair(baresock::Domain::UNIX, baresock::Type::STREAM, None)?;
    /// assert!(!a.passcred()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_PASSCRED")]
    #[inline]
    pub fn passcred(&self) -> Result<bool> {
        Ok(rnet::sockopt::socket_passcred(self)?)
    }

    /// `SO_PASSPIDFD` (Linux 6.5): every message received carries a pidfd
    /// of the sending process as `SCM_PIDFD`, owned by the [`RecvMsg`] and
    /// taken with [`RecvMsg::take_pidfd`] (closed on drop if not taken).
    /// Like the credentials, it comes before any fds: add
    /// [`SPACE_FOR_PIDFD`] to the control buffer's size.
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`] on a kernel before 6.5; [`Error::NotSock`].
    ///
    /// ```
    /// let (a, _b) = baresock::Socket::pair(baresock::Domain::UNIX, baresock::Type::STREAM, None)?;
    /// match a.set_passpidfd(true) {
    ///     Ok(()) => assert!(a.passpidfd()?),
    ///     Err(e) => assert_eq!(e, baresock::Error::NoProtoOpt), // before Linux 6.5
    /// }
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// [`RecvMsg`]: crate::RecvMsg
    /// [`RecvMsg::take_pidfd`]: crate::RecvMsg::take_pidfd
    /// [`SPACE_FOR_PIDFD`]: crate::SPACE_FOR_PIDFD
    #[doc(alias = "SO_PASSPIDFD")]
    pub fn set_passpidfd(&self, on: bool) -> Result<()> {
        sys::setsockopt(self.fd(), SOL_SOCKET, SO_PASSPIDFD, &i32::from(on))
    }

    /// Reads `SO_PASSPIDFD` ([`Socket::set_passpidfd`]).
    ///
    /// ```
    /// let (a, _b) = baresock::Socket::pair(baresock::Domain::UNIX, baresock::Type::STREAM, None)?;
    /// assert!(matches!(a.passpidfd(), Ok(false) | Err(baresock::Error::NoProtoOpt)));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_PASSPIDFD")]
    pub fn passpidfd(&self) -> Result<bool> {
        Ok(sys::get_exact(self.fd(), SOL_SOCKET, SO_PASSPIDFD, 0i32)? != 0)
    }

    /// `SO_PEERCRED`: the credentials of the process at the other end of a
    /// Unix socket, as they were when it called connect(2) or when
    /// [`Socket::pair`] made the pair; on a listening socket, those of the
    /// process that called listen(2).
    ///
    /// **A pid of 0 is an answer, not an error**: the peer is not visible
    /// in this process's pid namespace (a client inside a container asking
    /// a daemon outside it, or a server under systemd's `PrivatePIDs=`).
    /// A uid or gid the kernel cannot map into this user namespace is the
    /// overflow id (65534 unless `/proc/sys/kernel/overflowuid` says
    /// otherwise).
    ///
    /// # Errors
    /// Where the kernel keeps no peer credentials: [`Error::NotConn`] (an
    /// unconnected Unix socket), [`Error::OpNotSupp`] (a socket that is not
    /// Unix, or a datagram socket joined by connect(2) rather than made by
    /// [`Socket::pair`]); [`Error::NotSock`].
    ///
    /// ```
    /// use baresock::{Credentials, Domain, Error, Socket, Type};
    /// let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None)?;
    /// assert_eq!(b.peer_credentials()?, Credentials::current());
    /// let tcp = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// assert_eq!(tcp.peer_credentials(), Err(Error::OpNotSupp));
    /// # Ok::<(), Error>(())
    /// ```
    #[doc(alias = "SO_PEERCRED")]
    pub fn peer_credentials(&self) -> Result<Credentials> {
        let zero = ucred {
            pid: 0,
            uid: 0,
            gid: 0,
        };
        // Read as plain integers: rustix's `UCred` cannot hold pid 0.
        let peer = sys::get_exact(self.fd(), SOL_SOCKET, SO_PEERCRED, zero)?;
        // The kernel answers on every socket; where it keeps no credentials
        // it reports uid and gid -1, which no process has (cred_to_ucred in
        // net/core/sock.c; an unmapped id is the overflow id instead).
        if peer.uid == u32::MAX && peer.gid == u32::MAX {
            return Err(self.why_no_peer_credentials());
        }
        Ok(Credentials {
            // `pid_t` in the kernel's `u32` field: the bits are the value.
            pid: peer.pid as i32,
            uid: peer.uid,
            gid: peer.gid,
        })
    }

    /// Names the reason a socket has no peer credentials (a rare path: two
    /// more system calls).
    #[cold]
    fn why_no_peer_credentials(&self) -> Error {
        match rnet::sockopt::socket_domain(self) {
            Ok(AddressFamily::UNIX) => match self.peer_addr() {
                Err(error) => error,
                // Connected, yet no credentials: a datagram socket that
                // connect(2) joined.
                Ok(_) => Error::OpNotSupp,
            },
            Ok(_) => Error::OpNotSupp,
            Err(error) => error.into(),
        }
    }
}
