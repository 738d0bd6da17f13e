//! The smallest correct way for a Linux program to get a listening socket.
//!
//! A server socket on Linux is five system calls. baresock makes each one a
//! typed call that allocates nothing, cannot panic on bad input, and issues
//! the raw system call through [rustix]'s `linux_raw` backend (no libc):
//!
//! | step | system call | baresock |
//! |------|-------------|----------|
//! | create | `socket(AF_INET, SOCK_STREAM \| SOCK_CLOEXEC, 0)` | [`Socket::new`], [`Socket::with`] |
//! | reuse the port through TIME_WAIT | `setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1)` | [`Socket::set_reuse_address`] |
//! | name it | `bind(fd, &sockaddr_in{..}, 16)` | [`Socket::bind`] with [`SockAddrIn`] |
//! | make it passive | `listen(fd, backlog)` | [`Socket::listen`] with [`Backlog`] |
//! | take a connection | `accept4(fd, &peer, &len, flags)` | [`Socket::accept4`] |
//!
//! The caller never writes `htons`, never sizes a `socklen_t`, and never sees
//! a raw `-1`: addresses are the kernel's own `#[repr(C)]` structs, their
//! layouts proven at compile time against the kernel headers, and failures are
//! an [`Error`] enum of at most 4 bytes with a variant per documented errno.
//!
//! Then it serves: [`Socket::recv_from`] names each datagram's sender,
//! decoded as `accept4`'s peer is, and [`Socket::send_to`] answers it;
//! [`Socket::send_with`] and [`Socket::recv_with`] take typed
//! [`SendFlags`] and [`RecvFlags`] (every send carries `MSG_NOSIGNAL`);
//! [`Socket::sendmsg`] and [`Socket::recvmsg`] pass fds and credentials over
//! Unix sockets through a [`ControlBuffer`] on the stack, each fd received
//! an `OwnedFd`; [`Socket::pair`] makes a connected pair.
//!
//! # Example
//!
//! ```
//! use baresock::{Backlog, Domain, Flags, SockAddr, SockAddrIn, Socket, Type};
//! use core::net::Ipv4Addr;
//!
//! // socket -> SO_REUSEADDR -> bind -> listen
//! let server = Socket::new(Domain::Inet, Type::Stream)?;
//! server.set_reuse_address(true)?;
//! server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?; // port 0: the kernel picks
//! server.listen(Backlog::DEFAULT)?;
//!
//! // A client connects; accept4 hands back a new owned fd and the peer.
//! let client = Socket::new(Domain::Inet, Type::Stream)?;
//! client.connect(&server.local_addr()?)?;
//! let (conn, peer) = server.accept4(Flags::DEFAULT.nonblocking())?;
//! assert!(matches!(peer, SockAddr::Inet(p) if p.ip() == Ipv4Addr::LOCALHOST));
//! conn.send(b"hello\n")?;
//! # Ok::<(), baresock::Error>(())
//! ```
//!
//! # Socket options
//!
//! Every option is a getter and a `set_` setter on [`Socket`], named by one
//! rule (socket2's, which std follows): the level shows in the name, nothing
//! for `SOL_SOCKET` ([`Socket::set_reuse_address`],
//! [`Socket::set_read_timeout`]), a `tcp_` prefix for TCP
//! ([`Socket::set_tcp_nodelay`]), `_v4` and `_v6` suffixes for IPv4 and IPv6
//! ([`Socket::set_ttl_v4`], [`Socket::set_unicast_hops_v6`]). Each has its
//! constant as a doc alias: searching these docs for `SO_REUSEADDR` or
//! `TCP_KEEPIDLE` finds it.
//!
//! # Features
//! - `std`: `From<Error> for std::io::Error`, and `From<Socket>` for std's
//!   TCP, UDP and Unix socket types; `activation::OwnedVars`, socket
//!   activation from std's environment.
//!
//! [rustix]: https://docs.rs/rustix

#![no_std]
// docs.rs (Cargo.toml's [package.metadata.docs.rs]): each item behind a
// feature is marked with it, by rustdoc itself (doc_cfg includes what was
// doc_auto_cfg), so no item needs a doc(cfg) attribute of its own.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

#[cfg(feature = "std")]
extern crate std;

pub mod activation;
mod addr;
mod error;
pub mod fmt;
mod io;
mod msg;
mod opt;
pub mod parse;
mod socket;
mod sys;
mod zone;

pub use addr::{
    Address, SockAddr, SockAddrIn, SockAddrIn6, SockAddrUn, UnixAddrKind, WrongFamily,
    MAX_ABSTRACT_LEN, MAX_PATH_LEN,
};
pub use error::{Error, OtherErrno, Result};
pub use io::{Received, RecvFlags, SendFlags};
pub use msg::{
    space_for_fds, space_for_fds_and_credentials, ControlBuffer, ControlMessage, ControlMessages,
    Credentials, RawFds, ReceivedFds, RecvMsg, SendControl, SPACE_FOR_CREDENTIALS, SPACE_FOR_PIDFD,
};
pub use parse::ParseError;
/// The buffers of the vectored calls ([`Socket::send_vectored`],
/// [`Socket::recvmsg`], ...): rustix's, which need no `std`.
pub use rustix::io::{IoSlice, IoSliceMut};
pub use socket::{Backlog, Domain, Flags, Protocol, Shutdown, Socket, Type};

/// The rustix baresock is built on, for its fd and errno types.
pub use rustix;

// README.md's code runs as a doctest, so that the README cannot show code
// that no longer compiles.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
