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
//!    sd_listen_fds does), and returned as an owned [`Socket`](crate::Socket) in a
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
//! accepts is a subset of what systemd accepts, with the same value, and
//! what it refuses systemd either refuses too or no activator writes: systemd writes both numbers with `%i`/`%u`. A refused number is
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
//!   (and sd_listen_fds_with_names, on the same page)
//! - [systemd-socket-activate(1)](https://man7.org/linux/man-pages/man1/systemd-socket-activate.1.html)
//! - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html) (`SO_TYPE`, `SO_DOMAIN`, `SO_ACCEPTCONN`)
//! - [getsockname(2)](https://man7.org/linux/man-pages/man2/getsockname.2.html)
//! - [fcntl(2)](https://man7.org/linux/man-pages/man2/fcntl.2.html) (`F_SETFD`)

// Without `std`, the std helper's links point at the section that names it.
#![cfg_attr(
    not(feature = "std"),
    doc = "",
    doc = "[`OwnedVars`]: #unsetting-the-variables",
    doc = "[`OwnedVars::take_from_env`]: #unsetting-the-variables"
)]

// One file per job: `env` reads the environment (pure, fuzzed), `error` is
// what can go wrong, `listener` describes a socket through the kernel,
// `take` turns descriptor numbers into owned sockets (the one file that
// allows `unsafe`), `std` copies and unsets std's environment.
mod env;
mod error;
mod listener;
#[cfg(feature = "std")]
mod std;
mod take;

#[cfg(feature = "std")]
pub use self::std::OwnedVars;
pub use env::{ListenEnv, ListenFd, ListenVars, Variable, LISTEN_FDS_START, MAX_FDS};
pub use error::ActivationError;
pub use listener::{Listener, Listeners};
pub use take::listen_fds;
