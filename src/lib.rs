//! The smallest correct way for a Linux program to get a listening socket.
//!
//! A server socket on Linux is five system calls. baresock makes each one a
//! typed call that allocates nothing, cannot panic on bad input, and issues
//! the raw system call through [rustix]'s `linux_raw` backend (no libc):
//!
//! | step | system call | baresock |
//! |------|-------------|----------|
//! | create | `socket(AF_INET, SOCK_STREAM \| SOCK_CLOEXEC, 0)` | [`Socket::new`] |
//! | reuse the port through TIME_WAIT | `setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1)` | [`Socket::set_reuse_address`] |
//! | name it | `bind(fd, &sockaddr_in{..}, 16)` | [`Socket::bind`] with [`SockAddrIn`] or a `core::net` address |
//! | make it passive | `listen(fd, backlog)` | [`Socket::listen`] with [`Backlog`] |
//! | take a connection | `accept4(fd, &peer, &len, SOCK_CLOEXEC)` | [`Socket::accept`] |
//!
//! The caller never writes `htons`, never sizes a `socklen_t`, and never sees
//! a raw `-1`: addresses are the kernel's own `#[repr(C)]` structs, their
//! layouts proven at compile time against the kernel headers, and failures are
//! an [`Error`] enum of at most 4 bytes with a variant per documented errno.
//!
//! Then it serves: [`Socket::recv_from`] names each datagram's sender,
//! decoded as `accept`'s peer is, and [`Socket::send_to`] answers it (every
//! send carries `MSG_NOSIGNAL`); [`Socket::sendmsg`] and [`Socket::recvmsg`]
//! pass fds and credentials over Unix sockets through a [`ControlBuffer`] on
//! the stack, each fd received an `OwnedFd`.
//!
//! # Example
//!
//! ```
//! use baresock::{Backlog, Domain, SockAddrIn, Socket, Type};
//! use core::net::Ipv4Addr;
//!
//! // socket -> SO_REUSEADDR -> bind -> listen
//! let server = Socket::new(Domain::INET, Type::STREAM, None)?;
//! server.set_reuse_address(true)?;
//! server.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?; // port 0: the kernel picks
//! server.listen(Backlog::DEFAULT)?;
//!
//! // A client connects; accept hands back a new owned fd and the peer.
//! let client = Socket::new(Domain::INET, Type::STREAM, None)?;
//! client.connect(&server.local_addr()?)?;
//! let (conn, peer) = server.accept()?;
//! assert_eq!(peer.ip(), Some(Ipv4Addr::LOCALHOST.into()));
//! conn.send(b"hello\n")?;
//! # Ok::<(), baresock::Error>(())
//! ```
//!
//! # Naming
//!
//! One grid for every call, socket2's names where socket2 has the call
//! (what std users know), each with its system call or constant as a doc
//! alias. Three rules make the rest:
//!
//! - **`_with`** always means *the same call plus a trailing flags
//!   argument* ([`Flags`], [`SendFlags`], [`RecvFlags`]): `new`/`new_with`,
//!   `accept`/`accept_with`, `send`/`send_with`, ... (socket2 spells this
//!   `_with_flags`). What flags can say has no call of its own: peeking is
//!   [`RecvFlags::peek`], not `peek`/`peek_from`.
//! - **`_from`** returns the sender's address too, **`_to`** takes the
//!   destination; **`_vectored`** comes last (`send_to_vectored`,
//!   `recv_from_vectored`), as in socket2.
//! - Every receive returns a [`Received`], whose `truncated()` and
//!   `message_len()` are `None` where the call could not know, never a
//!   guess.
//!
//! | baresock | system call | socket2 | note |
//! |---|---|---|---|
//! | [`Socket::new`]`(domain, ty, protocol)` | `socket` | `Socket::new` | `Option<Protocol>` as socket2; close-on-exec |
//! | [`Socket::new_with`]`(.., flags)` | `socket` | `Socket::new_raw` (no flags) | `new_raw` is `new_with(.., Flags::DEFAULT.inheritable())` |
//! | [`Socket::pair`], [`Socket::pair_with`] | `socketpair` | `Socket::pair`, `pair_raw` | |
//! | [`Socket::bind`], [`Socket::connect`], [`Socket::listen`] | `bind`, `connect`, `listen` | the same | any [`Address`], `core::net`'s included |
//! | [`Socket::connect_timeout`] | `connect` + `poll` | the same | the blocking mode is left as it was |
//! | [`Socket::accept`] → `(Socket, SockAddr)` | `accept4` | `Socket::accept` | as std |
//! | [`Socket::accept_with`]`(flags)` | `accept4` | `Socket::accept_raw` (no flags) | with the peer |
//! | [`Socket::accept_bare`]`(flags)` | `accept4`, null address | (none) | no peer decoding |
//! | [`Socket::local_addr`], [`Socket::peer_addr`] | `getsockname`, `getpeername` | the same | |
//! | [`Socket::shutdown`] | `shutdown` | the same | |
//! | [`Socket::try_clone`] | `fcntl(F_DUPFD_CLOEXEC)` | the same | |
//! | [`Socket::set_nonblocking`], [`Socket::nonblocking`] | `ioctl(FIONBIO)`, `fcntl(F_GETFL)` | the same | |
//! | [`Socket::set_cloexec`], [`Socket::cloexec`] | `fcntl(F_SETFD/F_GETFD)` | `set_cloexec` | |
//! | [`Socket::send`], [`Socket::send_with`] | `send` + `MSG_NOSIGNAL` | `send`, `send_with_flags` | |
//! | [`Socket::send_to`], [`Socket::send_to_with`] | `sendto` | `send_to`, `send_to_with_flags` | |
//! | [`Socket::send_vectored`], [`Socket::send_to_vectored`] | `sendmsg` | the same | |
//! | [`Socket::recv`], [`Socket::recv_with`] → [`Received`] | `recv` | `recv`, `recv_with_flags` | `peek` is [`RecvFlags::peek`] |
//! | [`Socket::recv_from`], [`Socket::recv_from_with`] → `(Received, SockAddr)` | `recvfrom` | `recv_from`, `recv_from_with_flags` | `peek_from` likewise |
//! | [`Socket::recv_vectored`], [`Socket::recv_from_vectored`] | `recvmsg` | the same | |
//! | [`Socket::sendmsg`], [`Socket::sendmsg_to`], [`Socket::recvmsg`] | `sendmsg`, `recvmsg` | `sendmsg`, `recvmsg` | control messages |
//! | [`Socket::bind_device`], [`Socket::device`] | `SO_BINDTODEVICE` | the same | the name in a fixed-size `heapless::String`, no allocation |
//! | [`Socket::set_mark`], [`Socket::set_priority`], [`Socket::set_busy_poll`], [`Socket::set_out_of_band_inline`] and their getters | `SO_MARK`, `SO_PRIORITY`, `SO_BUSY_POLL`, `SO_OOBINLINE` | the same | |
//! | [`Socket::sendfile`]`(file, offset, count)` | `sendfile` | `sendfile` (`offset: usize`, `Option<NonZeroUsize>` length) | no `MSG_NOSIGNAL` |
//! | [`Socket::socket_type`], [`Socket::domain`], [`Socket::protocol`] | `SO_TYPE`, `SO_DOMAIN`, `SO_PROTOCOL` | `r#type`, `domain`, `protocol` | any kernel value |
//! | [`Domain::INET`], [`Domain::INET6`], [`Domain::UNIX`], ... | `AF_*` | `Domain::IPV4`, `IPV6`, `UNIX` | rustix's names, socket2's as aliases |
//! | [`Type::STREAM`], [`Type::DGRAM`], [`Type::SEQPACKET`], [`Type::RAW`] | `SOCK_*` | the same | |
//! | [`Protocol::TCP`], [`Protocol::UDP`], ... | `IPPROTO_*` | the same | |
//! | [`PathMtuDiscovery::DO`], ... | `IP_PMTUDISC_*`, `IPV6_PMTUDISC_*` | (none) | any kernel value |
//! | [`InterfaceIndexOrAddress`] | `struct ip_mreqn` | the same | |
//!
//! CHANGELOG.md gives, for each name of 0.1 that changed, the one to write
//! instead.
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
//! - `std`: `From<Error> for std::io::Error`; `From<Socket>` for std's
//!   TCP, UDP and Unix socket types and `From` them for `Socket`;
//!   `Read`/`Write` for `Socket` and `&Socket`; `activation::OwnedVars`,
//!   socket activation from std's environment.
//!
//! # References
//!
//! The man pages of the calls and options, once for the crate (each item
//! names its own in its text):
//! [socket(2)](https://man7.org/linux/man-pages/man2/socket.2.html),
//! [bind(2)](https://man7.org/linux/man-pages/man2/bind.2.html),
//! [listen(2)](https://man7.org/linux/man-pages/man2/listen.2.html),
//! [accept4(2)](https://man7.org/linux/man-pages/man2/accept4.2.html),
//! [connect(2)](https://man7.org/linux/man-pages/man2/connect.2.html),
//! [send(2)](https://man7.org/linux/man-pages/man2/send.2.html),
//! [recv(2)](https://man7.org/linux/man-pages/man2/recv.2.html),
//! [sendmsg(2)](https://man7.org/linux/man-pages/man2/sendmsg.2.html),
//! [sendfile(2)](https://man7.org/linux/man-pages/man2/sendfile.2.html),
//! [recvmsg(2)](https://man7.org/linux/man-pages/man2/recvmsg.2.html),
//! [getsockopt(2)](https://man7.org/linux/man-pages/man2/getsockopt.2.html),
//! [shutdown(2)](https://man7.org/linux/man-pages/man2/shutdown.2.html),
//! [socketpair(2)](https://man7.org/linux/man-pages/man2/socketpair.2.html),
//! [cmsg(3)](https://man7.org/linux/man-pages/man3/cmsg.3.html),
//! [errno(3)](https://man7.org/linux/man-pages/man3/errno.3.html),
//! [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html),
//! [ip(7)](https://man7.org/linux/man-pages/man7/ip.7.html),
//! [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html),
//! [tcp(7)](https://man7.org/linux/man-pages/man7/tcp.7.html),
//! [udp(7)](https://man7.org/linux/man-pages/man7/udp.7.html),
//! [unix(7)](https://man7.org/linux/man-pages/man7/unix.7.html),
//! [netdevice(7)](https://man7.org/linux/man-pages/man7/netdevice.7.html),
//! [capabilities(7)](https://man7.org/linux/man-pages/man7/capabilities.7.html),
//! [pid_namespaces(7)](https://man7.org/linux/man-pages/man7/pid_namespaces.7.html),
//! [sd_listen_fds(3)](https://man7.org/linux/man-pages/man3/sd_listen_fds.3.html).
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
pub use opt::{InterfaceIndexOrAddress, PathMtuDiscovery, ReuseportProgram, TcpInfo, TcpState};
pub mod parse;
mod sendfile;
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
