//! Taking the descriptors: the kernel step, and the one file of this module
//! that allows `unsafe`. The numbers come from the environment, so owning
//! them is a promise only the caller can make: every function here is an
//! `unsafe fn`, and every `unsafe` block inside has a `// SAFETY:` comment.
#![allow(unsafe_code)]

use rustix::fd::{BorrowedFd, FromRawFd, IntoRawFd};
use rustix::io::{fcntl_setfd, Errno, FdFlags};

use super::listener::Kernel;
use super::{ActivationError, ListenEnv, ListenFd, ListenVars, Listener, Listeners, MAX_FDS};
use crate::Socket;

impl<'a> ListenEnv<'a> {
    /// Takes the descriptors: verifies that each is a socket, sets
    /// close-on-exec on each, and returns them as owned [`Socket`]s with
    /// what the kernel says of them.
    ///
    /// **All or nothing.** Every descriptor is checked first, through a
    /// borrow; only when all are sockets are they marked close-on-exec and
    /// then made owned (which cannot fail). So on `Ok` this process owns
    /// them all and each closes when its [`Socket`] drops; on `Err` it owns
    /// none: nothing was closed, every descriptor is open as the activator
    /// left it, and the caller may still use, close or ignore them. (A
    /// close-on-exec flag set before a failing `fcntl` stays set; that
    /// `fcntl` fails only if a descriptor closed in between.)
    ///
    /// # Safety
    /// As for [`FromRawFd::from_raw_fd`], for each descriptor in
    /// [`ListenEnv::fds`]: it is open, and nothing else in the process owns
    /// it or will use it after this returns `Ok`. That holds when this
    /// process was started by the activator, nothing has closed or taken
    /// these numbers since (call it early in `main`, once), and no other
    /// thread is opening or closing descriptors meanwhile. A caller that
    /// cannot say so must not call it: the numbers come from the
    /// environment, which any code can write, so a safe function taking them
    /// could close a descriptor that a `File` elsewhere owns.
    ///
    /// # Errors
    /// [`ActivationError::NotSocket`] for the first descriptor that is not a
    /// socket; [`ActivationError::Kernel`] for one that is not open
    /// ([`Error::BadF`](crate::Error::BadF)) or another failed call.
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// // Process 1's descriptors are not ours: nothing to take.
    /// let env: [&[u8]; 2] = [b"LISTEN_PID=1", b"LISTEN_FDS=1"];
    /// let env = ListenVars::from_entries(env).parse(std::process::id())?;
    /// // SAFETY: `env` is empty, so no descriptor is touched.
    /// let listeners = unsafe { env.take() }?;
    /// assert!(listeners.is_empty());
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    pub unsafe fn take(&self) -> Result<Listeners<'a>, ActivationError> {
        // Pass 1: ask the kernel about each, through a borrow. An error here
        // returns before anything is owned.
        let mut probed = heapless::Vec::<(ListenFd<'a>, Kernel), MAX_FDS>::new();
        for &listen in &self.fds {
            // SAFETY: the caller promises the descriptor is open and not
            // closed while we run (see # Safety); the borrow ends with this
            // iteration. Had the activator lied and it is closed, each call
            // fails with EBADF (a number, not memory): an error, not UB.
            let fd = unsafe { BorrowedFd::borrow_raw(listen.fd) };
            let kernel = Kernel::probe(fd).map_err(|e| match e {
                Errno::NOTSOCK => ActivationError::NotSocket { fd: listen.fd },
                e => ActivationError::Kernel {
                    fd: listen.fd,
                    error: e.into(),
                },
            })?;
            // Cannot fail: `probed` has the capacity of `self.fds`.
            let _ = probed.push((listen, kernel));
        }
        // Pass 2: close-on-exec on each, as sd_listen_fds does, so a program
        // this one starts does not inherit them. F_SETFD writes the whole
        // flag word, and FD_CLOEXEC is its only flag.
        for (listen, _) in &probed {
            // SAFETY: as in pass 1.
            let fd = unsafe { BorrowedFd::borrow_raw(listen.fd) };
            fcntl_setfd(fd, FdFlags::CLOEXEC).map_err(|e| ActivationError::Kernel {
                fd: listen.fd,
                error: e.into(),
            })?;
        }
        // Pass 3: own them. Nothing can fail from here on.
        let mut listeners = Listeners::new();
        for (listen, kernel) in probed {
            // SAFETY: the caller promises the descriptor is open and that
            // nothing else owns it (see # Safety); each number appears once
            // in `self.fds` (3, 4, ... in order), so each gets one owner.
            let socket = unsafe { Socket::from_raw_fd(listen.fd) };
            let listener = Listener {
                socket,
                name: listen.name,
                kernel,
            };
            if let Err(unpushed) = listeners.push(listener) {
                // Unreachable: `listeners` has the capacity of `probed`.
                // Were it reached, hand the fd back rather than close it.
                let _ = unpushed.socket.into_raw_fd();
            }
        }
        Ok(listeners)
    }
}

/// sd_listen_fds(3) for the calling process: reads `entries` (the process's
/// environment as `KEY=VALUE` byte strings, e.g. its `envp`), checks
/// `LISTEN_PID` against `getpid()`, and takes the sockets. Nothing is
/// unset: the caller owns `entries` (see the module doc).
///
/// [`ListenVars::from_entries`], [`ListenVars::parse`] and
/// [`ListenEnv::take`] in one call.
///
/// # Safety
/// As [`ListenEnv::take`]: the descriptors the entries name (3 up to
/// 3 + `LISTEN_FDS` − 1, when `LISTEN_PID` is this process) are open and
/// nothing else in the process owns them; call it once.
///
/// # Errors
/// Every [`ActivationError`].
///
/// ```
/// use baresock::activation;
/// // LISTEN_PID=1 is not this process: nothing is taken, nothing touched.
/// let env: [&[u8]; 2] = [b"LISTEN_PID=1", b"LISTEN_FDS=1"];
/// // SAFETY: no descriptor is taken (the pid is not ours).
/// assert!(unsafe { activation::listen_fds(env) }?.is_empty());
/// # Ok::<(), activation::ActivationError>(())
/// ```
#[doc(alias = "sd_listen_fds")]
#[doc(alias = "sd_listen_fds_with_names")]
pub unsafe fn listen_fds<'a, I>(entries: I) -> Result<Listeners<'a>, ActivationError>
where
    I: IntoIterator<Item = &'a [u8]>,
{
    let own_pid = rustix::process::getpid()
        .as_raw_nonzero()
        .get()
        .unsigned_abs();
    let env = ListenVars::from_entries(entries).parse(own_pid)?;
    // SAFETY: the caller's promise, passed on (see # Safety).
    unsafe { env.take() }
}

#[cfg(feature = "std")]
impl super::OwnedVars {
    /// Copies the variables, then unsets all four (`LISTEN_PID`,
    /// `LISTEN_FDS`, `LISTEN_FDNAMES`, `LISTEN_PIDFDID`), whatever they say,
    /// as `sd_listen_fds(1)` does: a program started later does not inherit
    /// them, and a second call finds nothing.
    ///
    /// # Safety
    /// No other thread may read or write the environment while this runs
    /// (C's `getenv` and `setenv` included): [`std::env::remove_var`]'s
    /// contract, which is an `unsafe fn` from Rust 2024 on. Call it at the
    /// start of `main`, before any thread is started.
    ///
    /// ```
    /// use baresock::activation::OwnedVars;
    /// // SAFETY: this doctest runs on one thread.
    /// let vars = unsafe { OwnedVars::take_from_env() };
    /// assert_eq!(std::env::var_os("LISTEN_FDS"), None);
    /// # let _ = vars;
    /// ```
    #[must_use]
    pub unsafe fn take_from_env() -> Self {
        let vars = Self::from_env();
        for name in Self::NAMES {
            // A safe call in this crate's edition (2021); the caller upholds
            // the contract that makes it sound (see # Safety).
            std::env::remove_var(name);
        }
        vars
    }

    /// sd_listen_fds(3) on the copied variables: checks `LISTEN_PID`
    /// against this process and takes the sockets.
    ///
    /// # Safety
    /// As [`ListenEnv::take`]: the descriptors the variables name are open
    /// and nothing else in the process owns them; call it once.
    ///
    /// # Errors
    /// Every [`ActivationError`].
    ///
    /// ```
    /// use baresock::activation::OwnedVars;
    /// let vars = OwnedVars::default(); // as if nothing were set
    /// // SAFETY: no LISTEN_PID, so no descriptor is touched.
    /// assert!(unsafe { vars.listen() }?.is_empty());
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    #[doc(alias = "sd_listen_fds")]
    pub unsafe fn listen(&self) -> Result<Listeners<'_>, ActivationError> {
        let env = self.vars().parse(std::process::id())?;
        // SAFETY: the caller's promise, passed on (see # Safety).
        unsafe { env.take() }
    }
}
