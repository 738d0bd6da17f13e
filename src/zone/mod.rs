//! Interface-name zones, in one place: an IPv6 scope id written as the name
//! of an interface (`fe80::1%eth0`) rather than its index (`fe80::1%2`).
//! Only the kernel knows which index a name has, so everything here but
//! the text checks makes a system call.
//!
//! - `name.rs`: the kernel's rule for a valid name, and its longest length.
//! - `netdevice.rs`: the two netdevice(7) ioctls that map a name to its
//!   index and back, and the [`SockAddrIn6`](crate::SockAddrIn6) methods
//!   that make them.
//! - `parse.rs`: text with a name for its zone to an address.
//! - `fmt.rs`: an address printed with its zone's name.
//! - `error.rs`: [`ZoneError`], why such text gave no address.
//!
//! The module is private; its public items are re-exported where a user
//! looks for them: the parser and its error from `parse`, the text type and
//! the lengths from `fmt`.
//!
//! # References
//! - [netdevice(7)](https://man7.org/linux/man-pages/man7/netdevice.7.html)
//! - [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html) (`sin6_scope_id`)

mod error;
mod fmt;
mod name;
mod netdevice;
mod parse;

pub use error::ZoneError;
pub use fmt::{WithZoneName, SOCKADDR_IN6_ZONE_NAME_MAX_LEN};
pub(crate) use name::valid_name;
pub use name::IFNAME_MAX_LEN;
pub(crate) use parse::{resolve, split, Split};
pub use parse::{sockaddr_in6_with_zone, sockaddr_in6_with_zone_str, sockaddr_in6_with_zone_via};
