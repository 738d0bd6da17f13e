//! The smallest correct way for a Linux program to get a listening socket.
//!
//! A server socket on Linux is five system calls. baresock makes each one a
//! typed call that allocates nothing, cannot panic on bad input, and issues
//! the raw system call through [rustix]'s `linux_raw` backend (no libc):
//!
//! | step | system call | baresock |
//! |------|-------------|----------|
//! | create | `socket(AF_INET, SOCK_STREAM \| SOCK_CLOEXEC, 0)` | [`Socket::new`], [`Socket::with`] |
//! | reuse the port through TIME_WAIT | `setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1)` | [`Socket::set_reuseaddr`] |
//! | name it | `bind(fd, &sockaddr_in{..}, 16)` | [`Socket::bind`] with [`SockAddrIn`] |
//! | make it passive | `listen(fd, backlog)` | [`Socket::listen`] with [`Backlog`] |
//! | take a connection | `accept4(fd, &peer, &len, flags)` | [`Socket::accept4`] |
//!
//! The caller never writes `htons`, never sizes a `socklen_t`, and never sees
//! a raw `-1`: addresses are the kernel's own `#[repr(C)]` structs, their
//! layouts proven at compile time against the kernel headers, and failures are
//! an [`Error`] enum of at most 4 bytes with a variant per documented errno.
//!
//! # Example
//!
//! ```
//! use baresock::{Backlog, Domain, Flags, SockAddr, SockAddrIn, Socket, Type};
//! use core::net::Ipv4Addr;
//!
//! // socket -> SO_REUSEADDR -> bind -> listen
//! let server = Socket::new(Domain::Inet, Type::Stream)?;
//! server.set_reuseaddr(true)?;
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
//! # Features
//! - `std`: `From<Error> for std::io::Error`, and `From<Socket>` for std's
//!   TCP, UDP and Unix socket types; `activation::OwnedVars`, socket
//!   activation from std's environment.
//!
//! [rustix]: https://docs.rs/rustix

#![no_std]
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
mod netdevice;
mod opt;
pub mod parse;
mod socket;

pub use addr::{
    Address, SockAddr, SockAddrIn, SockAddrIn6, SockAddrUn, UnixAddrKind, WrongFamily,
    MAX_ABSTRACT_LEN, MAX_PATH_LEN,
};
pub use error::{Error, Result};
pub use parse::ParseError;
pub use socket::{Backlog, Domain, Flags, Protocol, Shutdown, Socket, Type};

/// The rustix baresock is built on, for its fd and errno types.
pub use rustix;
