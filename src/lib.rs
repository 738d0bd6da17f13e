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
//! rule, socket2's, which std follows for the options it has. The level
//! shows in the name, as in the table below: nothing for
//! `SOL_SOCKET`, `tcp_` before a TCP option, `_v4` after an IPv4 one and
//! `_v6` after an IPv6 one. The option itself is spelled in the words
//! socket2 uses, not the constant's abbreviation. The getter is the bare
//! name, and the setter is `set_` followed by that name. A getter that clears
//! what it reads starts with `take_`, a yes/no state with `is_`, and the
//! multicast memberships, which have no getter, are `join_`/`leave_`.
//! `SO_TYPE`'s getter is [`Socket::socket_type`](crate::Socket::socket_type) because `type` is a keyword.
//! Every method carries its constant as a `#[doc(alias)]`, so a search of
//! the docs for `SO_REUSEADDR` finds [`Socket::set_reuse_address`](crate::Socket::set_reuse_address).
//!
//! | constant | getter | setter |
//! |---|---|---|
//! | `SO_REUSEADDR` | `reuse_address` | `set_reuse_address` |
//! | `SO_REUSEPORT` | `reuse_port` | `set_reuse_port` |
//! | `SO_KEEPALIVE` | `keepalive` | `set_keepalive` |
//! | `SO_RCVBUF` / `SO_SNDBUF` | `recv_buffer_size` / `send_buffer_size` | `set_` + the same |
//! | `SO_LINGER` | `linger` | `set_linger` |
//! | `SO_RCVTIMEO` / `SO_SNDTIMEO` | `read_timeout` / `write_timeout` | `set_` + the same |
//! | `SO_BROADCAST` | `broadcast` | `set_broadcast` |
//! | `SO_INCOMING_CPU` | `cpu_affinity` | `set_cpu_affinity` |
//! | `SO_BINDTODEVICE` | `device` | `bind_device` |
//! | `SO_MARK` | `mark` | `set_mark` |
//! | `SO_PRIORITY` | `priority` | `set_priority` |
//! | `SO_BUSY_POLL` | `busy_poll` | `set_busy_poll` |
//! | `SO_OOBINLINE` | `out_of_band_inline` | `set_out_of_band_inline` |
//! | `SO_TIMESTAMPNS` | `timestamp_ns` | `set_timestamp_ns` |
//! | `SO_RXQ_OVFL` | `recv_drop_count` | `set_recv_drop_count` |
//! | `SO_COOKIE`, `SO_DOMAIN`, `SO_PROTOCOL` | `cookie`, `domain`, `protocol` | (read only) |
//! | `SO_ERROR`, `SO_ACCEPTCONN`, `SO_TYPE` | `take_error`, `is_listener`, `socket_type` | (read only) |
//! | `SO_PASSCRED` / `SO_PASSPIDFD` | `passcred` / `passpidfd` | `set_` + the same |
//! | `SO_PEERCRED` | `peer_credentials` | (read only) |
//! | `SO_ATTACH_REUSEPORT_CBPF` / `SO_DETACH_REUSEPORT_BPF` | (none in the kernel) | `attach_reuseport_cbpf` / `detach_reuseport_bpf` |
//! | `TCP_NODELAY` | `tcp_nodelay` | `set_tcp_nodelay` |
//! | `TCP_KEEPIDLE` / `TCP_KEEPINTVL` / `TCP_KEEPCNT` | `tcp_keepalive_time` / `_interval` / `_retries` | `set_` + the same |
//! | `TCP_USER_TIMEOUT` | `tcp_user_timeout` | `set_tcp_user_timeout` |
//! | `TCP_QUICKACK` | `tcp_quickack` | `set_tcp_quickack` |
//! | `TCP_CORK` | `tcp_cork` | `set_tcp_cork` |
//! | `TCP_CONGESTION` | `tcp_congestion` (a `heapless::String<16>`) | `set_tcp_congestion` |
//! | `TCP_MAXSEG` | `tcp_mss` | `set_tcp_mss` |
//! | `TCP_NOTSENT_LOWAT` | `tcp_notsent_lowat` | `set_tcp_notsent_lowat` |
//! | `TCP_THIN_LINEAR_TIMEOUTS` | `tcp_thin_linear_timeouts` | `set_tcp_thin_linear_timeouts` |
//! | `TCP_DEFER_ACCEPT` | `tcp_defer_accept` | `set_tcp_defer_accept` |
//! | `TCP_FASTOPEN` / `TCP_FASTOPEN_CONNECT` | `tcp_fastopen` / `tcp_fastopen_connect` | `set_` + the same |
//! | `TCP_INFO` | `tcp_info` | (read only) |
//! | `IP_TTL` | `ttl_v4` | `set_ttl_v4` |
//! | `IP_TOS` | `tos_v4` | `set_tos_v4` |
//! | `IP_FREEBIND` | `freebind_v4` | `set_freebind_v4` |
//! | `IP_MULTICAST_LOOP` / `_TTL` / `_IF` | `multicast_loop_v4` / `multicast_ttl_v4` / `multicast_if_v4` | `set_` + the same |
//! | `IP_ADD_MEMBERSHIP` / `IP_DROP_MEMBERSHIP` | (none in the kernel) | `join_multicast_v4` / `leave_multicast_v4` |
//! | the same with `ip_mreqn` (by index) | (none in the kernel) | `join_multicast_v4_n` / `leave_multicast_v4_n` |
//! | `IP_ADD_SOURCE_MEMBERSHIP` / `IP_DROP_SOURCE_MEMBERSHIP` | (none in the kernel) | `join_ssm_v4` / `leave_ssm_v4` |
//! | `IP_TRANSPARENT` | `ip_transparent_v4` | `set_ip_transparent_v4` |
//! | `IP_BIND_ADDRESS_NO_PORT` | `bind_address_no_port_v4` | `set_bind_address_no_port_v4` |
//! | `SO_ORIGINAL_DST` (`SOL_IP`) | `original_dst_v4` | (read only) |
//! | `IP_MTU_DISCOVER` | `mtu_discover_v4` | `set_mtu_discover_v4` |
//! | `IP_MTU` | `mtu_v4` | (read only) |
//! | `IP_RECVTOS` | `recv_tos_v4` | `set_recv_tos_v4` |
//! | `IP_PKTINFO` | `recv_pktinfo_v4` | `set_recv_pktinfo_v4` |
//! | `IP_RECVTTL` | `recv_ttl_v4` | `set_recv_ttl_v4` |
//! | `IP_MULTICAST_ALL` | `multicast_all_v4` | `set_multicast_all_v4` |
//! | `IPV6_V6ONLY` | `only_v6` | `set_only_v6` |
//! | `IPV6_UNICAST_HOPS` | `unicast_hops_v6` | `set_unicast_hops_v6` |
//! | `IPV6_TCLASS` | `tclass_v6` | `set_tclass_v6` |
//! | `IPV6_FREEBIND` | `freebind_v6` | `set_freebind_v6` |
//! | `IPV6_MULTICAST_LOOP` / `_HOPS` / `_IF` | `multicast_loop_v6` / `multicast_hops_v6` / `multicast_if_v6` | `set_` + the same |
//! | `IPV6_ADD_MEMBERSHIP` / `IPV6_DROP_MEMBERSHIP` | (none in the kernel) | `join_multicast_v6` / `leave_multicast_v6` |
//! | `IPV6_TRANSPARENT` | `ip_transparent_v6` | `set_ip_transparent_v6` |
//! | `IP6T_SO_ORIGINAL_DST` | `original_dst_v6` | (read only) |
//! | `IPV6_MTU_DISCOVER` | `mtu_discover_v6` | `set_mtu_discover_v6` |
//! | `IPV6_MTU` | `mtu_v6` | (read only) |
//! | `IPV6_RECVTCLASS` | `recv_tclass_v6` | `set_recv_tclass_v6` |
//! | `IPV6_RECVHOPLIMIT` | `recv_hoplimit_v6` | `set_recv_hoplimit_v6` |
//! | `IPV6_RECVPKTINFO` | `recv_pktinfo_v6` | `set_recv_pktinfo_v6` |
//! | `UDP_GRO` | `udp_gro` | `set_udp_gro` |
//! | `UDP_SEGMENT` | `udp_segment` (and `udp_gso_supported`) | `set_udp_segment` |
//! | `IPV6_MULTICAST_ALL` | `multicast_all_v6` | `set_multicast_all_v6` |
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
mod mmsg;
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
pub use mmsg::{Gso, PartialSend, RecvSlot, Segments, SendSlot};
pub use msg::{
    space_for_fds, space_for_fds_and_credentials, ControlBuffer, ControlMessage, ControlMessages,
    Credentials, RawFds, ReceivedFds, RecvMsg, SendControl, SendMeta, SPACE_FOR_CREDENTIALS,
    SPACE_FOR_PIDFD, SPACE_FOR_SEND_META,
};
pub use msg::{
    Ecn, RecvMeta, Timestamp, SPACE_FOR_DROPPED, SPACE_FOR_PKTINFO_V4, SPACE_FOR_PKTINFO_V6,
    SPACE_FOR_RECV_META, SPACE_FOR_SEGMENT_SIZE, SPACE_FOR_TIMESTAMP, SPACE_FOR_TOS,
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
