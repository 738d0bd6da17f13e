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
//! | `SOL_SOCKET`, `SO_REUSEPORT` groups | `reuseport.rs` | plain: `attach_reuseport_cbpf` | socket(7) |
//! | `IPPROTO_TCP`, `TCP_INFO` | `tcp_info.rs` | `tcp_` prefix: `tcp_info` | tcp(7) |
//!
//! These modules are private, so their `//!` docs (each listing its man
//! pages once) are for the source's readers; the crate docs list every man
//! page once for users. What a user reads about a level, such as the
//! errors all its options share, is the doc of the file's `impl Socket`
//! block, which rustdoc shows on `Socket`'s page above the level's methods.
//! Each method's doc says what is its own, and a getter that mirrors a
//! setter is one line pointing at it.
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
//! | `SO_BINDTODEVICE` | `device` | `bind_device` |
//! | `SO_MARK` | `mark` | `set_mark` |
//! | `SO_PRIORITY` | `priority` | `set_priority` |
//! | `SO_BUSY_POLL` | `busy_poll` | `set_busy_poll` |
//! | `SO_OOBINLINE` | `out_of_band_inline` | `set_out_of_band_inline` |
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
//! | `IPV6_MULTICAST_ALL` | `multicast_all_v6` | `set_multicast_all_v6` |
//!
//! Each setter has a getter that reads the kernel's value back where one
//! can be had without allocating, so the tests check every option against
//! the kernel rather than against itself.

// Some options go through baresock's own getsockopt(2) and setsockopt(2)
// (`src/sys.rs`, which checks the length of the kernel's answer): where
// rustix's getter can panic or misreads (`SO_RCVTIMEO`/`SO_SNDTIMEO` in
// `timeout.rs`, `SO_PEERCRED` in `unix.rs`, `IPV6_MULTICAST_HOPS` in
// `ipv6.rs`, each file saying why), and where rustix has no call
// (`SO_PASSPIDFD`, `TCP_INFO`, the reuseport programs, `SO_BINDTODEVICE`,
// `SO_MARK`, `SO_PRIORITY`, `SO_BUSY_POLL`, in `tcp.rs` `TCP_MAXSEG`,
// `TCP_NOTSENT_LOWAT`, `TCP_DEFER_ACCEPT`, `TCP_FASTOPEN`,
// `TCP_FASTOPEN_CONNECT` and the `TCP_CONGESTION` getter, and in `ip.rs`
// and `ipv6.rs` `IP_TRANSPARENT`, `IP_BIND_ADDRESS_NO_PORT`,
// `IP_MULTICAST_ALL` and their IPv6 twins, and `IPV6_RECVHOPLIMIT`).

mod ip;
mod ipv6;
mod reuseport;
mod socket;
mod tcp;
mod tcp_info;
pub use ip::{InterfaceIndexOrAddress, PathMtuDiscovery};
pub use reuseport::ReuseportProgram;
pub use tcp_info::{TcpInfo, TcpState};
mod timeout;
mod unix;
