//! Socket activation: taking the listening sockets an activator hands over.
//!
//! An activator (systemd, `systemd-socket-activate`, or any program that
//! follows sd_listen_fds(3)) binds the sockets itself, then starts the
//! service with them open at descriptors 3, 4, ... and describes them in
//! the environment:
//!
//! | variable | meaning |
//! |----------|---------|
//! | `LISTEN_PID` | the process the descriptors are for; any other process takes nothing |
//! | `LISTEN_FDS` | how many: they are [`LISTEN_FDS_START`] (3) up to 3 + count − 1 |
//! | `LISTEN_FDNAMES` | optional, one name per descriptor, `:`-separated (`FileDescriptorName=`) |
//! | `LISTEN_PIDFDID` | optional (recent systemd), the inode id of the process's pidfd |
//!
//! This module does it in two steps, so that each can be used alone:
//!
//! 1. **Reading the environment** ([`ListenVars`], [`ListenVars::parse`]):
//!    pure, no system call, no allocation, no panic, over `KEY=VALUE` entries
//!    the caller hands in as bytes. A `no_std` program passes the `envp` it
//!    got at `_start`; a std program passes [`OwnedVars`] (feature `std`).
//!    The result, [`ListenEnv`], is at most [`MAX_FDS`] pairs of descriptor
//!    number and name, the names borrowed from the input.
//! 2. **Taking the descriptors** ([`ListenEnv::take`], an `unsafe fn`): each
//!    is verified to be a socket (`SO_TYPE`), marked close-on-exec (as
//!    sd_listen_fds does), and returned as an owned [`Socket`] in a
//!    [`Listener`] with what the kernel says of it: type, domain
//!    (`SO_DOMAIN`), whether it listens (`SO_ACCEPTCONN`) and its local
//!    address.
//!
//! [`listen_fds`] does both for the process that calls it.
//!
//! # Example
//!
//! ```
//! use baresock::activation::{self, ListenVars};
//!
//! // What systemd-socket-activate -l 127.0.0.1:9600 --fdname=web puts in
//! // the environment of process 4242 (here as envp-style byte strings):
//! let envp: [&[u8]; 4] = [b"PATH=/usr/bin", b"LISTEN_FDS=1", b"LISTEN_PID=4242", b"LISTEN_FDNAMES=web"];
//!
//! let env = ListenVars::from_entries(envp).parse(4242)?;
//! assert_eq!(env.len(), 1);
//! assert_eq!((env.fds()[0].fd(), env.fds()[0].name()), (3, &b"web"[..]));
//!
//! // Another process (a child that inherited the environment) takes nothing.
//! assert!(ListenVars::from_entries(envp).parse(4243)?.is_empty());
//! # Ok::<(), activation::ActivationError>(())
//! ```
//!
//! In a real service, step 2 runs too (see [`listen_fds`] and
//! [`OwnedVars`]):
//!
//! ```no_run
//! # #[cfg(feature = "std")] {
//! use baresock::activation::OwnedVars;
//! // SAFETY: called first thing in main, before any thread exists, and
//! // nothing else in this program uses descriptors 3 and up.
//! let vars = unsafe { OwnedVars::take_from_env() };
//! let listeners = unsafe { vars.listen() }?;
//! for l in &listeners {
//!     println!("fd {}: {:?} {} listening={}", l.fd(), l.name_str(), l.local_addr(), l.is_listener());
//! }
//! # }
//! # Ok::<(), baresock::activation::ActivationError>(())
//! ```
//!
//! # Numbers
//!
//! `LISTEN_PID`, `LISTEN_FDS` and `LISTEN_PIDFDID` are read as plain ASCII
//! decimal: one or more digits, no sign, no space, no leading zero (except
//! `0` itself). systemd's own reader (`parse_pid`, `safe_atoi` on `strtol`
//! with base 0) also takes leading white space, a `+` or `-` sign, and
//! `0x`/`0o`/`0b`/`0` prefixes, so `010` is 8 to it; what this module
//! accepts is a subset of what systemd accepts, with the same value
//! (`fuzz/fuzz_targets/activation_env.rs` checks that against libc's
//! `strtol`), and what it refuses systemd either refuses too or no activator
//! writes: systemd writes both numbers with `%i`/`%u`. A refused number is
//! [`ActivationError::Malformed`], never a guess.
//!
//! Ranges are systemd's: `LISTEN_PID` is 1 to `i32::MAX` (a `pid_t`),
//! `LISTEN_FDS` is 1 to `i32::MAX` − 3 (so the last descriptor number is an
//! `int`; systemd refuses `0` too), else [`ActivationError::OutOfRange`].
//! Past [`MAX_FDS`] it is [`ActivationError::TooMany`]: this build's fixed
//! capacity, not a protocol limit.
//!
//! # Names
//!
//! Names are split at every `:` and borrowed from the input as written: no
//! copy, no length limit, any bytes. Without `LISTEN_FDNAMES` every name is
//! `unknown`, as sd_listen_fds_with_names(3) has it. systemd's reader splits
//! with its generic word splitter, which also takes `\` as an escape; its
//! writer never escapes (it joins the names with `:` and refuses `:` in a
//! name), so the two differ only for a name with a `\` in it, which systemd's
//! reader alters or miscounts and this one returns as sent.
//!
//! # What is checked, in order
//!
//! sd_listen_fds's order, so the same environment gives the same outcome:
//! no `LISTEN_PID` is "not activated" (nothing taken, no error); a malformed
//! one is an error; another process's is nothing taken; a malformed
//! `LISTEN_PIDFDID` is an error; no `LISTEN_FDS` is nothing taken; then its
//! range; then the names' count. The first entry of each name counts, as
//! with `getenv`; entries without `=` are skipped.
//!
//! `LISTEN_PIDFDID` is read and checked for form, and kept in
//! [`ListenEnv::pidfd_id`], but not compared with this process's own pidfd
//! id: that needs pidfs and a file handle (`name_to_handle_at`), and systemd
//! itself skips the comparison when the id cannot be had. `LISTEN_PID` is
//! what decides, as it did in every systemd before `LISTEN_PIDFDID` existed
//! (systemd-socket-activate 252, which the tests run, does not set it).
//!
//! # Unsetting the variables
//!
//! sd_listen_fds(1) unsets the variables before it returns, so that a child
//! process started later does not see them. [`OwnedVars::take_from_env`]
//! does that for a std program (copying them first: the names are borrowed
//! from the copy). The `no_std` form reads the caller's entries and never
//! writes them: the caller owns `envp`, and a program that starts a child
//! builds that child's environment itself (for `execve`), so it leaves the
//! `LISTEN_*` entries out there. Either way a child's own `LISTEN_PID`
//! check protects it: the number is not its own.
//!
//! # References
//! - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
//! - [systemd-socket-activate(1)](https://man7.org/linux/man-pages/man1/systemd-socket-activate.1.html)

// Without `std`, the std helper's links point at the section that names it.
#![cfg_attr(
    not(feature = "std"),
    doc = "",
    doc = "[`OwnedVars`]: #unsetting-the-variables",
    doc = "[`OwnedVars::take_from_env`]: #unsetting-the-variables"
)]
// Taking inherited descriptors is the one thing here the compiler cannot
// check: `from_raw_fd` and `borrow_raw`, each under a `// SAFETY:` comment.
#![allow(unsafe_code)]

use core::fmt;

use rustix::fd::{BorrowedFd, FromRawFd, IntoRawFd, RawFd};
use rustix::io::{fcntl_setfd, Errno, FdFlags};
use rustix::net::{self as rnet, sockopt, AddressFamily, SocketType};

use crate::{Domain, Error, SockAddr, Socket, Type};

/// The first inherited descriptor: `SD_LISTEN_FDS_START`, 3 (after stdin,
/// stdout and stderr).
///
/// ```
/// assert_eq!(baresock::activation::LISTEN_FDS_START, 3);
/// ```
///
/// # References
/// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
#[doc(alias = "SD_LISTEN_FDS_START")]
pub const LISTEN_FDS_START: RawFd = 3;

/// The most descriptors this module takes at once: the fixed capacity of
/// [`ListenEnv`] and [`Listeners`], which keeps it allocation-free. A
/// larger `LISTEN_FDS` is [`ActivationError::TooMany`], and then nothing is
/// taken.
///
/// 16 covers any one service's sockets in practice (a unit lists each
/// `Listen*=` line it wants); [`Listeners`] of 16 is about 2 KiB of stack
/// on 64-bit targets, most of it 16 room-for-a-Unix-path [`SockAddr`]s.
///
/// ```
/// use baresock::activation::{ActivationError, ListenVars, MAX_FDS};
/// let too_many: [&[u8]; 2] = [b"LISTEN_PID=7", b"LISTEN_FDS=17"];
/// assert_eq!(MAX_FDS, 16);
/// assert_eq!(ListenVars::from_entries(too_many).parse(7), Err(ActivationError::TooMany { count: 17 }));
/// ```
///
/// # References
/// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
pub const MAX_FDS: usize = 16;

/// The variables' names, in the order of [`ListenVars`]'s fields.
const KEYS: [&[u8]; 4] = [
    Variable::Pid.name().as_bytes(),
    Variable::Fds.name().as_bytes(),
    Variable::FdNames.name().as_bytes(),
    Variable::PidFdId.name().as_bytes(),
];

/// The name every descriptor gets when `LISTEN_FDNAMES` is absent.
const UNKNOWN: &[u8] = b"unknown";

/// The largest `LISTEN_FDS` the protocol allows: 3 + count stays an `int`.
const MAX_COUNT: u64 = (i32::MAX - LISTEN_FDS_START) as u64;

/// Which variable of the protocol an [`ActivationError`] is about.
///
/// ```
/// use baresock::activation::Variable;
/// assert_eq!(Variable::Fds.name(), "LISTEN_FDS");
/// ```
///
/// # References
/// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Variable {
    /// `LISTEN_PID`.
    #[doc(alias = "LISTEN_PID")]
    Pid,
    /// `LISTEN_FDS`.
    #[doc(alias = "LISTEN_FDS")]
    Fds,
    /// `LISTEN_FDNAMES`.
    #[doc(alias = "LISTEN_FDNAMES")]
    FdNames,
    /// `LISTEN_PIDFDID`.
    #[doc(alias = "LISTEN_PIDFDID")]
    PidFdId,
}

impl Variable {
    /// The variable's name in the environment.
    ///
    /// ```
    /// use baresock::activation::Variable;
    /// assert_eq!(Variable::PidFdId.name(), "LISTEN_PIDFDID");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Pid => "LISTEN_PID",
            Self::Fds => "LISTEN_FDS",
            Self::FdNames => "LISTEN_FDNAMES",
            Self::PidFdId => "LISTEN_PIDFDID",
        }
    }
}

/// Why the activator's sockets were not taken.
///
/// At most 12 bytes (asserted), no heap data. The first four variants come
/// from reading the environment ([`ListenVars::parse`]); the last two from
/// the kernel ([`ListenEnv::take`]), and name the descriptor.
///
/// ```
/// use baresock::activation::{ActivationError, ListenVars, Variable};
/// let env: [&[u8]; 2] = [b"LISTEN_PID=+7", b"LISTEN_FDS=1"];
/// let err = ListenVars::from_entries(env).parse(7).unwrap_err();
/// assert_eq!(err, ActivationError::Malformed(Variable::Pid));
/// assert_eq!(err.to_string(), "LISTEN_PID is not a plain decimal number");
/// ```
///
/// # References
/// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ActivationError {
    /// The variable's value is not a plain decimal number (see the module
    /// doc, "Numbers"): empty, a sign, a space, a leading zero, a non-digit.
    Malformed(Variable),
    /// The number is out of the protocol's range: `LISTEN_PID` 0 or past
    /// `i32::MAX`, `LISTEN_FDS` 0 or past `i32::MAX` − 3, `LISTEN_PIDFDID`
    /// past `u64::MAX`.
    OutOfRange(Variable),
    /// `LISTEN_FDS` is within the protocol's range but more than
    /// [`MAX_FDS`].
    TooMany {
        /// The `LISTEN_FDS` value.
        count: u32,
    },
    /// `LISTEN_FDNAMES` has a different number of names than `LISTEN_FDS`
    /// says there are descriptors.
    NamesMismatch {
        /// How many `:`-separated names there are (saturating).
        names: u32,
        /// The `LISTEN_FDS` value.
        fds: u32,
    },
    /// An inherited descriptor is not a socket (`SO_TYPE` gives
    /// `ENOTSOCK`): a FIFO or file from `ListenFIFO=` or `ListenSpecial=`,
    /// or a wrong `LISTEN_FDS`.
    NotSocket {
        /// The descriptor.
        fd: RawFd,
    },
    /// A system call on an inherited descriptor failed, typically
    /// [`Error::BadF`]: the activator said the descriptor was there, and it
    /// is not open.
    Kernel {
        /// The descriptor.
        fd: RawFd,
        /// What the kernel said.
        error: Error,
    },
}

static_assertions::const_assert!(core::mem::size_of::<ActivationError>() <= 12);

impl fmt::Display for ActivationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Malformed(var) => write!(f, "{} is not a plain decimal number", var.name()),
            Self::OutOfRange(var) => write!(f, "{} is out of range", var.name()),
            Self::TooMany { count } => {
                write!(
                    f,
                    "LISTEN_FDS is {count}, more than the {MAX_FDS} this build takes"
                )
            }
            Self::NamesMismatch { names, fds } => {
                write!(f, "LISTEN_FDNAMES has {names} names for LISTEN_FDS={fds}")
            }
            Self::NotSocket { fd } => write!(f, "inherited fd {fd} is not a socket"),
            Self::Kernel { fd, error } => write!(f, "inherited fd {fd}: {error}"),
        }
    }
}

impl core::error::Error for ActivationError {}

/// The protocol's variables as found in an environment, unparsed: each the
/// value of its first `KEY=VALUE` entry, borrowed.
///
/// ```
/// use baresock::activation::ListenVars;
/// let env: [&[u8]; 3] = [b"HOME=/", b"LISTEN_FDS=2", b"LISTEN_FDS=5"];
/// let vars = ListenVars::from_entries(env);
/// assert_eq!(vars.fds, Some(&b"2"[..])); // the first one, as getenv(3) finds
/// assert_eq!(vars.pid, None);
/// ```
///
/// # References
/// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ListenVars<'a> {
    /// `LISTEN_PID`.
    pub pid: Option<&'a [u8]>,
    /// `LISTEN_FDS`.
    pub fds: Option<&'a [u8]>,
    /// `LISTEN_FDNAMES`.
    pub fdnames: Option<&'a [u8]>,
    /// `LISTEN_PIDFDID`.
    pub pidfd_id: Option<&'a [u8]>,
}

impl<'a> ListenVars<'a> {
    /// Finds the variables in `KEY=VALUE` entries, such as the strings of
    /// `envp` (without their NUL). The first entry of each key counts;
    /// entries without `=` are skipped. Allocates nothing, cannot fail.
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// let env: [&[u8]; 2] = [b"LISTEN_PID=12=3", b"LISTEN_FDNAMES"];
    /// let vars = ListenVars::from_entries(env);
    /// assert_eq!(vars.pid, Some(&b"12=3"[..])); // split at the first '='
    /// assert_eq!(vars.fdnames, None);           // no '=': not an entry
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub fn from_entries<I>(entries: I) -> Self
    where
        I: IntoIterator<Item = &'a [u8]>,
    {
        let mut vars = Self::default();
        for entry in entries {
            let Some(eq) = entry.iter().position(|&b| b == b'=') else {
                continue;
            };
            let (key, value) = entry.split_at(eq);
            let value = value.get(1..).unwrap_or_default();
            // A loop over the names with `==` (one `bcmp` each) rather than
            // a `match` on byte-string patterns, which compiles to a compare
            // per byte: smaller code in a size-bound binary (examples/tiny,
            // BENCHMARKS.md), the same answers.
            let slot = match KEYS.iter().position(|&name| name == key) {
                Some(0) => &mut vars.pid,
                Some(1) => &mut vars.fds,
                Some(2) => &mut vars.fdnames,
                Some(3) => &mut vars.pidfd_id,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(value);
            }
        }
        vars
    }

    /// Reads the variables as sd_listen_fds(3) would for the process
    /// `own_pid`: which descriptors, with which names. Pure: no system call,
    /// no allocation, no panic, whatever the bytes.
    ///
    /// Returns an empty [`ListenEnv`] (nothing for this process, no error)
    /// when `LISTEN_PID` is absent or another process's, or `LISTEN_FDS` is
    /// absent, as sd_listen_fds returns 0. The module doc says what is read
    /// and in which order.
    ///
    /// # Errors
    /// [`ActivationError::Malformed`], [`ActivationError::OutOfRange`],
    /// [`ActivationError::TooMany`], [`ActivationError::NamesMismatch`].
    ///
    /// ```
    /// use baresock::activation::{ActivationError, ListenVars};
    /// let env: [&[u8]; 3] = [b"LISTEN_PID=99", b"LISTEN_FDS=2", b"LISTEN_FDNAMES=web:admin"];
    /// let env = ListenVars::from_entries(env).parse(99)?;
    /// let fds: Vec<_> = env.fds().iter().map(|f| (f.fd(), f.name_str())).collect();
    /// assert_eq!(fds, [(3, Some("web")), (4, Some("admin"))]);
    ///
    /// let short: [&[u8]; 3] = [b"LISTEN_PID=99", b"LISTEN_FDS=2", b"LISTEN_FDNAMES=web"];
    /// assert_eq!(
    ///     ListenVars::from_entries(short).parse(99),
    ///     Err(ActivationError::NamesMismatch { names: 1, fds: 2 }),
    /// );
    /// # Ok::<(), ActivationError>(())
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    pub fn parse(&self, own_pid: u32) -> Result<ListenEnv<'a>, ActivationError> {
        let mut env = ListenEnv::EMPTY;
        let Some(pid) = self.pid else {
            return Ok(env);
        };
        let pid = decimal(pid, Variable::Pid)?;
        if pid == 0 || pid > i32::MAX as u64 {
            return Err(ActivationError::OutOfRange(Variable::Pid));
        }
        if pid != u64::from(own_pid) {
            return Ok(env); // Another process's: not for us.
        }
        if let Some(id) = self.pidfd_id {
            env.pidfd_id = Some(decimal(id, Variable::PidFdId)?);
        }
        let Some(count) = self.fds else {
            return Ok(env);
        };
        let count = decimal(count, Variable::Fds)?;
        if count == 0 || count > MAX_COUNT {
            return Err(ActivationError::OutOfRange(Variable::Fds));
        }
        // `count` fits an i32 now; MAX_FDS is far below.
        let count = count as u32;
        if count as usize > MAX_FDS {
            return Err(ActivationError::TooMany { count });
        }
        if let Some(names) = self.fdnames {
            let found = names
                .iter()
                .filter(|&&b| b == b':')
                .count()
                .saturating_add(1);
            if found != count as usize {
                let names = u32::try_from(found).unwrap_or(u32::MAX);
                return Err(ActivationError::NamesMismatch { names, fds: count });
            }
        }
        let mut names = self.fdnames.map(|names| names.split(|&b| b == b':'));
        for fd in (LISTEN_FDS_START..).take(count as usize) {
            let name = match &mut names {
                Some(split) => split.next().unwrap_or(UNKNOWN),
                None => UNKNOWN,
            };
            // Cannot fail: `count` <= MAX_FDS was checked above.
            let _ = env.fds.push(ListenFd { fd, name });
        }
        Ok(env)
    }
}

/// A plain ASCII decimal number: one or more digits, no leading zero unless
/// it is `0`. Every syntax error is found before a range error.
fn decimal(text: &[u8], var: Variable) -> Result<u64, ActivationError> {
    let plain = match text {
        [] => false,
        [b'0', _, ..] => false,
        digits => digits.iter().all(u8::is_ascii_digit),
    };
    if !plain {
        return Err(ActivationError::Malformed(var));
    }
    let mut n: u64 = 0;
    for &digit in text {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(digit - b'0')))
            .ok_or(ActivationError::OutOfRange(var))?;
    }
    Ok(n)
}

/// One descriptor the environment names: its number and its name.
///
/// ```
/// use baresock::activation::ListenVars;
/// let env: [&[u8]; 2] = [b"LISTEN_PID=5", b"LISTEN_FDS=1"];
/// let env = ListenVars::from_entries(env).parse(5)?;
/// let first = env.fds()[0];
/// assert_eq!((first.fd(), first.name()), (3, &b"unknown"[..]));
/// # Ok::<(), baresock::activation::ActivationError>(())
/// ```
///
/// # References
/// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ListenFd<'a> {
    fd: RawFd,
    name: &'a [u8],
}

impl<'a> ListenFd<'a> {
    /// The descriptor number: 3, 4, ... in order.
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// let env: [&[u8]; 2] = [b"LISTEN_PID=5", b"LISTEN_FDS=2"];
    /// let env = ListenVars::from_entries(env).parse(5)?;
    /// assert_eq!(env.fds()[1].fd(), 4);
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub const fn fd(&self) -> RawFd {
        self.fd
    }

    /// The name, as written in `LISTEN_FDNAMES` (borrowed), or `unknown`.
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// let env: [&[u8]; 3] = [b"LISTEN_PID=5", b"LISTEN_FDS=2", b"LISTEN_FDNAMES=:x"];
    /// let env = ListenVars::from_entries(env).parse(5)?;
    /// assert_eq!((env.fds()[0].name(), env.fds()[1].name()), (&b""[..], &b"x"[..]));
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds_with_names(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub const fn name(&self) -> &'a [u8] {
        self.name
    }

    /// The name as text, if it is UTF-8 (systemd's own names are ASCII).
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// let env: [&[u8]; 3] = [b"LISTEN_PID=5", b"LISTEN_FDS=1", b"LISTEN_FDNAMES=\xff"];
    /// let env = ListenVars::from_entries(env).parse(5)?;
    /// assert_eq!(env.fds()[0].name_str(), None);
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds_with_names(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub fn name_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.name).ok()
    }
}

/// What the environment says this process was handed: the descriptors and
/// their names, at most [`MAX_FDS`], none when it was not activated.
///
/// Only numbers so far; [`ListenEnv::take`] turns them into sockets.
///
/// ```
/// use baresock::activation::ListenVars;
/// let env: [&[u8]; 3] = [b"LISTEN_PID=5", b"LISTEN_FDS=3", b"LISTEN_PIDFDID=81"];
/// let env = ListenVars::from_entries(env).parse(5)?;
/// assert_eq!(env.len(), 3);
/// assert_eq!(env.pidfd_id(), Some(81));
/// # Ok::<(), baresock::activation::ActivationError>(())
/// ```
///
/// # References
/// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListenEnv<'a> {
    fds: heapless::Vec<ListenFd<'a>, MAX_FDS>,
    pidfd_id: Option<u64>,
}

impl<'a> ListenEnv<'a> {
    const EMPTY: Self = Self {
        fds: heapless::Vec::new(),
        pidfd_id: None,
    };

    /// The descriptors, in order (3, 4, ...).
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// let env: [&[u8]; 2] = [b"LISTEN_PID=5", b"LISTEN_FDS=2"];
    /// let fds: Vec<i32> = ListenVars::from_entries(env).parse(5)?.fds().iter().map(|f| f.fd()).collect();
    /// assert_eq!(fds, [3, 4]);
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub fn fds(&self) -> &[ListenFd<'a>] {
        &self.fds
    }

    /// How many descriptors: `LISTEN_FDS`, or 0 when not activated.
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// assert_eq!(ListenVars::default().parse(5)?.len(), 0);
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub fn len(&self) -> usize {
        self.fds.len()
    }

    /// Whether there is nothing to take.
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// let env: [&[u8]; 1] = [b"LISTEN_FDS=1"]; // no LISTEN_PID: not activated
    /// assert!(ListenVars::from_entries(env).parse(5)?.is_empty());
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fds.is_empty()
    }

    /// `LISTEN_PIDFDID`, when it was set for this process: read and checked
    /// for form, not compared (see the module doc).
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// let env: [&[u8]; 2] = [b"LISTEN_PID=5", b"LISTEN_FDS=1"];
    /// assert_eq!(ListenVars::from_entries(env).parse(5)?.pidfd_id(), None);
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub const fn pidfd_id(&self) -> Option<u64> {
        self.pidfd_id
    }

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
    /// ([`Error::BadF`]) or another failed call.
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
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    /// - [fcntl(2)](https://man7.org/linux/man-pages/man2/fcntl.2.html) (`F_SETFD`)
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

/// The activator's sockets, in order, at most [`MAX_FDS`]: a
/// `heapless::Vec`, so it indexes, iterates and moves its [`Listener`]s out
/// like a slice and a `Vec` do.
///
/// ```
/// use baresock::activation::{Listener, Listeners};
/// fn web(listeners: Listeners<'_>) -> Option<Listener<'_>> {
///     listeners.into_iter().find(|l| l.name() == b"web")
/// }
/// assert!(web(Listeners::new()).is_none());
/// ```
///
/// # References
/// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
pub type Listeners<'a> = heapless::Vec<Listener<'a>, MAX_FDS>;

/// What the kernel says of a socket, asked once.
#[derive(Clone, Copy, Debug)]
struct Kernel {
    ty: SocketType,
    domain: AddressFamily,
    listening: bool,
    local: SockAddr,
}

impl Kernel {
    /// `SO_TYPE` first: on a descriptor that is not a socket it is the call
    /// that says `ENOTSOCK`.
    fn probe(fd: BorrowedFd<'_>) -> Result<Self, Errno> {
        Ok(Self {
            ty: sockopt::socket_type(fd)?,
            domain: sockopt::socket_domain(fd)?,
            listening: sockopt::socket_acceptconn(fd)?,
            local: SockAddr::from_kernel(Some(rnet::getsockname(fd)?)),
        })
    }
}

/// One socket the activator handed over: owned, with its name and what the
/// kernel said of it when it was taken.
///
/// ```
/// use baresock::activation::Listener;
/// use baresock::{Backlog, Domain, SockAddrIn, Socket, Type};
///
/// // A socket of one's own, described the way inherited ones are:
/// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
/// sock.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
/// sock.listen(Backlog::DEFAULT)?;
/// let l = Listener::from_socket(sock, b"web")?;
/// assert_eq!((l.socket_type(), l.domain(), l.is_listener()), (Type::STREAM, Domain::INET, true));
/// assert_eq!(l.name_str(), Some("web"));
/// # Ok::<(), baresock::Error>(())
/// ```
///
/// # References
/// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
/// - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html) (`SO_TYPE`, `SO_DOMAIN`, `SO_ACCEPTCONN`)
pub struct Listener<'a> {
    socket: Socket,
    name: &'a [u8],
    kernel: Kernel,
}

impl<'a> Listener<'a> {
    /// Describes a socket one owns already, as [`ListenEnv::take`] describes
    /// inherited ones: `SO_TYPE`, `SO_DOMAIN`, `SO_ACCEPTCONN`,
    /// `getsockname`. Changes nothing on the socket (its close-on-exec flag
    /// included).
    ///
    /// # Errors
    /// [`Error::NotSock`] when `socket` holds a descriptor that is not a
    /// socket (it is closed: `socket` was moved in).
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let a = Socket::new(Domain::UNIX, Type::DGRAM, None)?;
    /// let l = Listener::from_socket(a, b"peer")?;
    /// assert_eq!((l.socket_type(), l.domain(), l.is_listener()), (Type::DGRAM, Domain::UNIX, false));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html)
    /// - [getsockname(2)](https://man7.org/linux/man-pages/man2/getsockname.2.html)
    pub fn from_socket(socket: Socket, name: &'a [u8]) -> Result<Self, Error> {
        let kernel = Kernel::probe(socket.fd())?;
        Ok(Self {
            socket,
            name,
            kernel,
        })
    }

    /// The socket, to serve on.
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Flags, Socket};
    /// fn serve(l: &Listener<'_>) -> baresock::Result<()> {
    ///     let (conn, _peer) = l.socket().accept()?;
    ///     conn.send(b"hello\n")?;
    ///     Ok(())
    /// }
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub fn socket(&self) -> &Socket {
        &self.socket
    }

    /// The socket, owned: the name and the kernel's answers are dropped.
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let a = Socket::new(Domain::UNIX, Type::STREAM, None)?;
    /// let sock: Socket = Listener::from_socket(a, b"x")?.into_socket();
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub fn into_socket(self) -> Socket {
        self.socket
    }

    /// The descriptor number (3, 4, ... when inherited).
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// fn show(l: &Listener<'_>) {
    ///     println!("fd {} is {:?}", l.fd(), l.name_str());
    /// }
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub fn fd(&self) -> RawFd {
        rustix::fd::AsRawFd::as_raw_fd(&self.socket)
    }

    /// The name from `LISTEN_FDNAMES` (borrowed from the environment), or
    /// `unknown`.
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// fn is_admin(l: &Listener<'_>) -> bool {
    ///     l.name() == b"admin"
    /// }
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds_with_names(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub fn name(&self) -> &'a [u8] {
        self.name
    }

    /// The name as text, if it is UTF-8.
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let a = Socket::new(Domain::UNIX, Type::STREAM, None)?;
    /// assert_eq!(Listener::from_socket(a, b"web")?.name_str(), Some("web"));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds_with_names(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub fn name_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.name).ok()
    }

    /// `SO_TYPE`, any type (`SOCK_SEQPACKET` included).
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let a = Socket::new(Domain::UNIX, Type::STREAM, None)?;
    /// assert_eq!(Listener::from_socket(a, b"")?.socket_type(), Type::STREAM);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_TYPE")]
    #[must_use]
    pub fn socket_type(&self) -> Type {
        Type::from(self.kernel.ty)
    }

    /// `SO_DOMAIN`, any family.
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let sock = Socket::new(Domain::INET6, Type::DGRAM, None)?;
    /// assert_eq!(Listener::from_socket(sock, b"")?.domain(), Domain::INET6);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_DOMAIN")]
    #[must_use]
    pub fn domain(&self) -> Domain {
        Domain::from(self.kernel.domain)
    }

    /// `SO_ACCEPTCONN`: whether the socket is listening (an activator's
    /// stream sockets are, unless `Accept=yes` handed over a connection).
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, Socket, Type};
    /// let sock = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// assert!(!Listener::from_socket(sock, b"")?.is_listener());
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html) (`SO_ACCEPTCONN`)
    #[doc(alias = "SO_ACCEPTCONN")]
    #[must_use]
    pub fn is_listener(&self) -> bool {
        self.kernel.listening
    }

    /// The local address (`getsockname`) when it was taken.
    ///
    /// ```
    /// use baresock::activation::Listener;
    /// use baresock::{Domain, SockAddr, SockAddrIn, Socket, Type};
    /// use core::net::Ipv4Addr;
    /// let sock = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// sock.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
    /// let l = Listener::from_socket(sock, b"")?;
    /// assert!(matches!(l.local_addr(), SockAddr::Inet(a) if a.ip() == Ipv4Addr::LOCALHOST));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [getsockname(2)](https://man7.org/linux/man-pages/man2/getsockname.2.html)
    #[must_use]
    pub fn local_addr(&self) -> SockAddr {
        self.kernel.local
    }
}

impl fmt::Debug for Listener<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Listener");
        d.field("fd", &self.fd());
        match self.name_str() {
            Some(name) => d.field("name", &name),
            None => d.field("name", &self.name),
        };
        d.field("type", &self.socket_type())
            .field("domain", &self.domain())
            .field("listening", &self.is_listener())
            .field("local", &self.local_addr())
            .finish()
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
///
/// # References
/// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
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

/// The protocol's variables copied out of std's environment (feature
/// `std`), optionally unsetting them as sd_listen_fds(1) does.
///
/// The copy is what the names of the [`Listeners`] borrow from, so it must
/// outlive them; it is four small strings.
///
/// ```
/// use baresock::activation::OwnedVars;
/// let vars = OwnedVars::from_env();
/// // This test process was not socket-activated.
/// assert!(vars.vars().parse(std::process::id())?.is_empty());
/// # Ok::<(), baresock::activation::ActivationError>(())
/// ```
///
/// # References
/// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
#[cfg(feature = "std")]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnedVars {
    pid: Option<std::ffi::OsString>,
    fds: Option<std::ffi::OsString>,
    fdnames: Option<std::ffi::OsString>,
    pidfd_id: Option<std::ffi::OsString>,
}

#[cfg(feature = "std")]
impl OwnedVars {
    const NAMES: [&'static str; 4] = [
        Variable::Pid.name(),
        Variable::Fds.name(),
        Variable::FdNames.name(),
        Variable::PidFdId.name(),
    ];

    /// Copies the variables, leaving the environment as it is
    /// (`sd_listen_fds(0)`).
    ///
    /// ```
    /// let vars = baresock::activation::OwnedVars::from_env();
    /// assert!(vars.vars().pid.is_none() || std::env::var_os("LISTEN_PID").is_some());
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub fn from_env() -> Self {
        let [pid, fds, fdnames, pidfd_id] = Self::NAMES.map(std::env::var_os);
        Self {
            pid,
            fds,
            fdnames,
            pidfd_id,
        }
    }

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
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
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

    /// The copied variables, for [`ListenVars::parse`].
    ///
    /// ```
    /// let vars = baresock::activation::OwnedVars::default();
    /// assert_eq!(vars.vars(), baresock::activation::ListenVars::default());
    /// ```
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[must_use]
    pub fn vars(&self) -> ListenVars<'_> {
        fn bytes(value: &Option<std::ffi::OsString>) -> Option<&[u8]> {
            use std::os::unix::ffi::OsStrExt;
            value.as_deref().map(OsStrExt::as_bytes)
        }
        ListenVars {
            pid: bytes(&self.pid),
            fds: bytes(&self.fds),
            fdnames: bytes(&self.fdnames),
            pidfd_id: bytes(&self.pidfd_id),
        }
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
    ///
    /// # References
    /// - [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html)
    #[doc(alias = "sd_listen_fds")]
    pub unsafe fn listen(&self) -> Result<Listeners<'_>, ActivationError> {
        let env = self.vars().parse(std::process::id())?;
        // SAFETY: the caller's promise, passed on (see # Safety).
        unsafe { env.take() }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use std::string::{String, ToString};
    use std::vec::Vec;
    use std::{format, vec};

    use ActivationError::{Malformed, NamesMismatch, OutOfRange, TooMany};
    use Variable::{Fds, Pid, PidFdId};

    const PID: u32 = 4242;

    fn parse<'a>(entries: &[&'a [u8]]) -> Result<ListenEnv<'a>, ActivationError> {
        ListenVars::from_entries(entries.iter().copied()).parse(PID)
    }

    fn fds_and_names(env: &ListenEnv<'_>) -> Vec<(RawFd, String)> {
        env.fds()
            .iter()
            .map(|f| (f.fd(), String::from_utf8_lossy(f.name()).into_owned()))
            .collect()
    }

    /// `KEY=` followed by `value`.
    fn entry(key: &str, value: &[u8]) -> Vec<u8> {
        let mut e = format!("{key}=").into_bytes();
        e.extend_from_slice(value);
        e
    }

    #[test]
    fn not_activated_is_nothing_and_no_error() {
        assert!(parse(&[]).unwrap().is_empty());
        assert!(parse(&[b"PATH=/bin"]).unwrap().is_empty());
        // LISTEN_FDS alone (no LISTEN_PID): nothing, as sd_listen_fds.
        assert!(parse(&[b"LISTEN_FDS=1"]).unwrap().is_empty());
        // LISTEN_PID alone: nothing.
        assert!(parse(&[b"LISTEN_PID=4242"]).unwrap().is_empty());
    }

    #[test]
    fn another_process_takes_nothing_whatever_else_is_wrong() {
        for fds in [
            &b"LISTEN_FDS=1"[..],
            b"LISTEN_FDS=x",
            b"LISTEN_FDS=0",
            b"LISTEN_FDS=99",
        ] {
            let env = parse(&[
                b"LISTEN_PID=4243",
                fds,
                b"LISTEN_FDNAMES=a:b:c",
                b"LISTEN_PIDFDID=z",
            ]);
            assert_eq!(
                env,
                Ok(ListenEnv::EMPTY),
                "{}",
                String::from_utf8_lossy(fds)
            );
        }
    }

    #[test]
    fn one_unnamed_descriptor_is_fd_3_unknown() {
        let env = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=1"]).unwrap();
        assert_eq!(fds_and_names(&env), [(3, "unknown".to_string())]);
        assert_eq!(env.pidfd_id(), None);
    }

    #[test]
    fn names_are_split_at_every_colon_and_borrowed() {
        let names: &[u8] = b"LISTEN_FDNAMES=web:admin::x\\";
        let env = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=4", names]).unwrap();
        let got: Vec<&[u8]> = env.fds().iter().map(|f| f.name()).collect();
        assert_eq!(got, [&b"web"[..], b"admin", b"", b"x\\"]);
        let fds: Vec<RawFd> = env.fds().iter().map(|f| f.fd()).collect();
        assert_eq!(fds, [3, 4, 5, 6]);
        // Borrowed: each name points into the entry.
        for f in env.fds() {
            assert!(names.as_ptr_range().contains(&f.name().as_ptr()) || f.name().is_empty());
        }
    }

    #[test]
    fn empty_fdnames_is_one_empty_name() {
        let env = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=1", b"LISTEN_FDNAMES="]).unwrap();
        assert_eq!(fds_and_names(&env), [(3, String::new())]);
        assert_eq!(
            parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=2", b"LISTEN_FDNAMES="]),
            Err(NamesMismatch { names: 1, fds: 2 })
        );
    }

    #[test]
    fn names_that_do_not_match_the_count() {
        let with = |names: &'static [u8]| parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=2", names]);
        assert_eq!(
            with(b"LISTEN_FDNAMES=a"),
            Err(NamesMismatch { names: 1, fds: 2 })
        );
        assert_eq!(
            with(b"LISTEN_FDNAMES=a:b:c"),
            Err(NamesMismatch { names: 3, fds: 2 })
        );
        assert_eq!(
            with(b"LISTEN_FDNAMES=::"),
            Err(NamesMismatch { names: 3, fds: 2 })
        );
        let env = with(b"LISTEN_FDNAMES=:").unwrap();
        assert_eq!(
            fds_and_names(&env),
            [(3, String::new()), (4, String::new())]
        );
    }

    #[test]
    fn numbers_systemd_writes_are_read() {
        let env = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=16"]).unwrap();
        assert_eq!(env.len(), MAX_FDS);
        assert_eq!(env.fds().last().map(ListenFd::fd), Some(18));
        let max_pid = entry("LISTEN_PID", i32::MAX.to_string().as_bytes());
        let vars = ListenVars::from_entries([&max_pid[..], b"LISTEN_FDS=1"]);
        assert_eq!(vars.parse(i32::MAX as u32).unwrap().len(), 1);
        let one = ListenVars::from_entries([&b"LISTEN_PID=1"[..], b"LISTEN_FDS=1"]);
        assert_eq!(one.parse(1).unwrap().len(), 1);
    }

    #[test]
    fn malformed_numbers_are_refused() {
        let bad: [&[u8]; 19] = [
            b"",
            b"+1",
            b"-1",
            b"-0",
            b" 1",
            b"1 ",
            b"\t1",
            b"01",
            b"00",
            b"0x10",
            b"0o7",
            b"0b1",
            b"1a",
            b"1.0",
            b"\xd9\xa1",
            b"1\0",
            b"\x001",
            b"1_0",
            b"\xff",
        ];
        for text in bad {
            let show = String::from_utf8_lossy(text);
            let pid = entry("LISTEN_PID", text);
            assert_eq!(
                parse(&[&pid, b"LISTEN_FDS=1"]),
                Err(Malformed(Pid)),
                "pid {show:?}"
            );
            let fds = entry("LISTEN_FDS", text);
            assert_eq!(
                parse(&[b"LISTEN_PID=4242", &fds]),
                Err(Malformed(Fds)),
                "fds {show:?}"
            );
            let id = entry("LISTEN_PIDFDID", text);
            let got = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=1", &id]);
            assert_eq!(got, Err(Malformed(PidFdId)), "pidfdid {show:?}");
        }
    }

    #[test]
    fn syntax_errors_win_over_range_errors() {
        let long = b"LISTEN_FDS=99999999999999999999999999x";
        assert_eq!(parse(&[b"LISTEN_PID=4242", long]), Err(Malformed(Fds)));
    }

    #[test]
    fn out_of_range_numbers() {
        assert_eq!(
            parse(&[b"LISTEN_PID=0", b"LISTEN_FDS=1"]),
            Err(OutOfRange(Pid))
        );
        let past_pid_t = b"LISTEN_PID=2147483648";
        assert_eq!(parse(&[past_pid_t, b"LISTEN_FDS=1"]), Err(OutOfRange(Pid)));
        let huge = b"LISTEN_PID=99999999999999999999999999";
        assert_eq!(parse(&[huge, b"LISTEN_FDS=1"]), Err(OutOfRange(Pid)));
        assert_eq!(
            parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=0"]),
            Err(OutOfRange(Fds))
        );
        // 3 + count must stay an int: 2147483644 is the last count allowed.
        let last = b"LISTEN_FDS=2147483644";
        assert_eq!(
            parse(&[b"LISTEN_PID=4242", last]),
            Err(TooMany {
                count: 2_147_483_644
            })
        );
        let past = b"LISTEN_FDS=2147483645";
        assert_eq!(parse(&[b"LISTEN_PID=4242", past]), Err(OutOfRange(Fds)));
        let past_u64 = b"LISTEN_FDS=18446744073709551616";
        assert_eq!(parse(&[b"LISTEN_PID=4242", past_u64]), Err(OutOfRange(Fds)));
        let id = b"LISTEN_PIDFDID=18446744073709551616";
        let got = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=1", id]);
        assert_eq!(got, Err(OutOfRange(PidFdId)));
        let id = b"LISTEN_PIDFDID=18446744073709551615";
        let env = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=1", id]).unwrap();
        assert_eq!(env.pidfd_id(), Some(u64::MAX));
    }

    #[test]
    fn more_than_max_fds_is_too_many_and_checked_before_names() {
        let names = b"LISTEN_FDNAMES=a";
        assert_eq!(
            parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=17", names]),
            Err(TooMany { count: 17 })
        );
    }

    #[test]
    fn the_first_entry_of_a_key_counts_and_keys_are_exact() {
        let env = parse(&[
            b"LISTEN_FDS=2",
            b"LISTEN_PID=4242",
            b"LISTEN_FDS=1",
            b"LISTEN_PID=1",
            b"listen_fds=9",
            b"LISTEN_FDS_=9",
            b" LISTEN_FDS=9",
            b"LISTEN_FDS",
        ])
        .unwrap();
        assert_eq!(env.len(), 2);
    }

    #[test]
    fn pidfd_id_is_read_only_for_this_process() {
        let id = b"LISTEN_PIDFDID=81";
        let env = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=1", id]).unwrap();
        assert_eq!(env.pidfd_id(), Some(81));
        // Read before LISTEN_FDS, as systemd does: its error wins.
        let bad = b"LISTEN_PIDFDID=x";
        let got = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=x", bad]);
        assert_eq!(got, Err(Malformed(PidFdId)));
        // Set, but no LISTEN_FDS: nothing to take, and the id is kept.
        assert_eq!(
            parse(&[b"LISTEN_PID=4242", id]).unwrap().pidfd_id(),
            Some(81)
        );
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let texts = [
            (Malformed(Fds), "LISTEN_FDS is not a plain decimal number"),
            (OutOfRange(Pid), "LISTEN_PID is out of range"),
            (
                TooMany { count: 20 },
                "LISTEN_FDS is 20, more than the 16 this build takes",
            ),
            (
                NamesMismatch { names: 3, fds: 2 },
                "LISTEN_FDNAMES has 3 names for LISTEN_FDS=2",
            ),
            (
                ActivationError::NotSocket { fd: 3 },
                "inherited fd 3 is not a socket",
            ),
            (
                ActivationError::Kernel {
                    fd: 4,
                    error: Error::BadF,
                },
                "inherited fd 4: bad file descriptor (EBADF)",
            ),
        ];
        for (error, text) in texts {
            assert_eq!(error.to_string(), text);
        }
    }

    #[test]
    fn entries_may_be_any_bytes() {
        let odd: [&[u8]; 5] = [b"", b"=", b"==", b"\xff=\xff", b"LISTEN_PID"];
        assert_eq!(ListenVars::from_entries(odd), ListenVars::default());
        let vars = ListenVars::from_entries([&b"LISTEN_FDNAMES="[..]]);
        assert_eq!(vars.fdnames, Some(&b""[..]));
        let many = vec![&b"LISTEN_PID=4242"[..]; 10_000];
        assert!(ListenVars::from_entries(many)
            .parse(PID)
            .unwrap()
            .is_empty());
    }
}
