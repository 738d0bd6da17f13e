//! Socket options: typed setters and getters over setsockopt(2) and
//! getsockopt(2), one module per option level.
//!
//! | level | module | names | man page |
//! |---|---|---|---|
//! | `SOL_SOCKET` | `socket.rs` | plain: `reuse_address`, `read_timeout` | socket(7) |
//! | `IPPROTO_TCP` | `tcp.rs` | `tcp_` prefix: `tcp_nodelay` | tcp(7) |
//! | `IPPROTO_IP` | `ip.rs` | `_v4` suffix: `ttl_v4` | ip(7) |
//! | `IPPROTO_IPV6` | `ipv6.rs` | `_v6` suffix: `unicast_hops_v6` | ipv6(7) |
//! | `SOL_SOCKET`, Unix sockets only | `unix.rs` | plain: `peer_credentials` | unix(7) |
//!
//! `timeout.rs` reads `SO_RCVTIMEO`/`SO_SNDTIMEO` and `unix.rs` reads
//! `SO_PEERCRED` through baresock's own getsockopt(2) (`src/sys.rs`), which
//! checks the length of the kernel's answer (see each file for why rustix's
//! getter is not used).
//!
//! # Naming
//!
//! One rule for every option: socket2's, which std follows for the options
//! it has. The level shows in the name, as in the table above: nothing for
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
//! | `SO_COOKIE`, `SO_DOMAIN`, `SO_PROTOCOL` | `cookie`, `domain`, `protocol` | (read only) |
//! | `SO_ERROR`, `SO_ACCEPTCONN`, `SO_TYPE` | `take_error`, `is_listener`, `socket_type` | (read only) |
//! | `SO_PASSCRED` / `SO_PASSPIDFD` | `passcred` / `passpidfd` | `set_` + the same |
//! | `SO_PEERCRED` | `peer_credentials` | (read only) |
//! | `TCP_NODELAY` | `tcp_nodelay` | `set_tcp_nodelay` |
//! | `TCP_KEEPIDLE` / `TCP_KEEPINTVL` / `TCP_KEEPCNT` | `tcp_keepalive_time` / `_interval` / `_retries` | `set_` + the same |
//! | `TCP_USER_TIMEOUT` | `tcp_user_timeout` | `set_tcp_user_timeout` |
//! | `TCP_QUICKACK` | `tcp_quickack` | `set_tcp_quickack` |
//! | `TCP_CORK` | `tcp_cork` | `set_tcp_cork` |
//! | `TCP_CONGESTION` | (none: rustix's needs an allocator) | `set_tcp_congestion` |
//! | `IP_TTL` | `ttl_v4` | `set_ttl_v4` |
//! | `IP_TOS` | `tos_v4` | `set_tos_v4` |
//! | `IP_FREEBIND` | `freebind_v4` | `set_freebind_v4` |
//! | `IP_MULTICAST_LOOP` / `_TTL` / `_IF` | `multicast_loop_v4` / `multicast_ttl_v4` / `multicast_if_v4` | `set_` + the same |
//! | `IP_ADD_MEMBERSHIP` / `IP_DROP_MEMBERSHIP` | (none in the kernel) | `join_multicast_v4` / `leave_multicast_v4` |
//! | `IPV6_V6ONLY` | `only_v6` | `set_only_v6` |
//! | `IPV6_UNICAST_HOPS` | `unicast_hops_v6` | `set_unicast_hops_v6` |
//! | `IPV6_TCLASS` | `tclass_v6` | `set_tclass_v6` |
//! | `IPV6_FREEBIND` | `freebind_v6` | `set_freebind_v6` |
//! | `IPV6_MULTICAST_LOOP` / `_HOPS` / `_IF` | `multicast_loop_v6` / `multicast_hops_v6` / `multicast_if_v6` | `set_` + the same |
//! | `IPV6_ADD_MEMBERSHIP` / `IPV6_DROP_MEMBERSHIP` | (none in the kernel) | `join_multicast_v6` / `leave_multicast_v6` |
//!
//! Each setter has a getter that reads the kernel's value back where one
//! can be had without allocating, so the tests check every option against
//! the kernel rather than against itself.

mod ip;
mod ipv6;
mod reuseport;
mod socket;
mod tcp;
mod tcp_info;
pub use reuseport::ReuseportProgram;
pub use tcp_info::{TcpInfo, TcpState};
mod timeout;
mod unix;
