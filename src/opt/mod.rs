//! Socket options: typed setters and getters over setsockopt(2) and
//! getsockopt(2), one module per option level.
//!
//! | level | module | names | man page |
//! |---|---|---|---|
//! | `SOL_SOCKET` | `socket.rs` | plain: `reuse_address`, `read_timeout` | socket(7) |
//! | `IPPROTO_TCP` | `tcp.rs` | `tcp_` prefix: `tcp_nodelay` | tcp(7) |
//! | `IPPROTO_IP` | `ip.rs` | `_v4` suffix: `ttl_v4` | ip(7) |
//! | `IPPROTO_IPV6` | `ipv6.rs` | `_v6` suffix: `unicast_hops_v6` | ipv6(7) |
//! | `SOL_UDP` | `udp.rs` | `udp_` prefix: `udp_gro` | udp(7) |
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
//! The naming rule and the table of every option are in the crate docs
//! (src/lib.rs, "Socket options"), where docs.rs shows them.
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
// `SO_MARK`, `SO_PRIORITY`, `SO_BUSY_POLL`, `SO_TIMESTAMPNS`,
// `SO_RXQ_OVFL`, in `tcp.rs` `TCP_MAXSEG`, `TCP_NOTSENT_LOWAT`,
// `TCP_DEFER_ACCEPT`, `TCP_FASTOPEN`, `TCP_FASTOPEN_CONNECT` and the
// `TCP_CONGESTION` getter, in `ip.rs` and `ipv6.rs` `IP_TRANSPARENT`,
// `IP_BIND_ADDRESS_NO_PORT`, `IP_MULTICAST_ALL` and their IPv6 twins,
// `IP_PKTINFO`, `IPV6_RECVPKTINFO`, `IP_RECVTTL` and `IPV6_RECVHOPLIMIT`,
// and all of `udp.rs`).

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
mod udp;
mod unix;
