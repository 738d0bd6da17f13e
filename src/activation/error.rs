//! Why the activator's sockets were not taken.

use core::fmt;

use rustix::fd::RawFd;

use super::{Variable, MAX_FDS};
use crate::Error;

/// Why the activator's sockets were not taken.
///
/// At most 12 bytes (asserted), no heap data. The first four variants come
/// from reading the environment ([`ListenVars::parse`](super::ListenVars::parse)); the last two from
/// the kernel ([`ListenEnv::take`](super::ListenEnv::take)), and name the descriptor.
///
/// ```
/// use baresock::activation::{ActivationError, ListenVars, Variable};
/// let env: [&[u8]; 2] = [b"LISTEN_PID=+7", b"LISTEN_FDS=1"];
/// let err = ListenVars::from_entries(env).parse(7).unwrap_err();
/// assert_eq!(err, ActivationError::Malformed(Variable::Pid));
/// assert_eq!(err.to_string(), "LISTEN_PID is not a plain decimal number");
/// ```
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

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use std::string::ToString;

    use ActivationError::{Malformed, NamesMismatch, OutOfRange, TooMany};
    use Variable::{Fds, Pid};

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
}
