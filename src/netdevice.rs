//! Interface names and indexes: the kernel's rule for a valid name, and the
//! two netdevice(7) ioctls that map a name to its index and back.
//!
//! Both ioctls go through rustix ([`rustix::net::netdevice`]): an `ioctl` on
//! a socket, no libc, no allocation. They work on any socket, whatever its
//! family or type (netdevice(7)), and answer for the network namespace that
//! socket belongs to. The `_via` forms of the public calls take the caller's
//! socket; the others open one here per lookup ([`lookup_socket`]).
//!
//! The public surface lives elsewhere: the parser in `parse/zone.rs`, the
//! `Display` wrapper in `fmt.rs`, and the [`SockAddrIn6`] methods at the end
//! of this file, next to the lookups they make.
//!
//! # References
//! - [netdevice(7)](https://man7.org/linux/man-pages/man7/netdevice.7.html)

use rustix::fd::AsFd;
use rustix::io::Errno;
use rustix::net::netdevice;

use crate::fmt::{WithZoneName, IFNAME_MAX_LEN};
use crate::{Domain, Error, Result, SockAddrIn6, Socket, Type};

static_assertions::const_assert_eq!(IFNAME_MAX_LEN + 1, linux_raw_sys::net::IFNAMSIZ as usize);

/// The kernel's `isspace` (lib/ctype.c): `\t \n \v \f \r`, space, and
/// 0xA0 (Latin-1's no-break space), which C's `isspace` in the "C" locale
/// leaves out.
const fn is_kernel_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | 0xa0)
}

/// `name` as an interface name the kernel could have, or the offset of the
/// first byte that makes it invalid.
///
/// The kernel's rule is `dev_valid_name` (net/core/dev.c): not empty, under
/// `IFNAMSIZ` (16) bytes, not `.` or `..`, and no `/`, `:` or whitespace
/// (the kernel's `isspace`, so byte 0xA0 too). A NUL, which would end the
/// kernel's C string early, is rejected as well. On top of the kernel's rule
/// the name must be UTF-8: rustix's lookup takes a `&str`. The offset is that
/// of the offending byte; 0 for an empty name, `.` or `..`, and 15 (the
/// first byte too many) for a name that is too long.
pub(crate) fn valid_name(name: &[u8]) -> core::result::Result<&str, usize> {
    if name.is_empty() || name == b"." || name == b".." {
        return Err(0);
    }
    if name.len() > IFNAME_MAX_LEN {
        return Err(IFNAME_MAX_LEN);
    }
    if let Some(bad) = name
        .iter()
        .position(|&b| b == b'/' || b == b':' || b == 0 || is_kernel_space(b))
    {
        return Err(bad);
    }
    core::str::from_utf8(name).map_err(|e| e.valid_up_to())
}

/// A socket for the ioctls: `AF_UNIX` datagram, the cheapest to make, then
/// `AF_INET6` and `AF_INET` if that family is not allowed (a seccomp filter,
/// systemd's `RestrictAddressFamilies=`), as glibc's `__opensock` tries them.
/// Close-on-exec; closed when dropped. The first family's error is returned
/// if none can be had.
pub(crate) fn lookup_socket() -> Result<Socket> {
    let first = match Socket::new(Domain::UNIX, Type::DGRAM, None) {
        Ok(socket) => return Ok(socket),
        Err(e) => e,
    };
    for domain in [Domain::INET6, Domain::INET] {
        if let Ok(socket) = Socket::new(domain, Type::DGRAM, None) {
            return Ok(socket);
        }
    }
    Err(first)
}

/// `SIOCGIFINDEX`: the index of the interface called `name` (a valid name,
/// see [`valid_name`]), or `None` if there is none (`ENODEV`).
pub(crate) fn index_of(socket: impl AsFd, name: &str) -> Result<Option<u32>> {
    match netdevice::name_to_index(socket, name) {
        Ok(index) => Ok(Some(index)),
        Err(Errno::NODEV) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// `SIOCGIFNAME`: the name of the interface with this index, or `None` if
/// there is none (`ENODEV`; index 0 never names one).
pub(crate) fn name_of(
    socket: impl AsFd,
    index: u32,
) -> Result<Option<heapless::String<IFNAME_MAX_LEN>>> {
    match netdevice::index_to_name_inlined(socket, index) {
        // The kernel's names are under IFNAMSIZ bytes, so it always fits;
        // were it ever longer it would be an error, never a cut name.
        Ok(name) => heapless::String::try_from(name.as_str())
            .map(Some)
            .map_err(|()| Error::NameTooLong),
        Err(Errno::NODEV) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The interface-name methods of [`SockAddrIn6`]: they make system calls, so
/// they live here with the lookups, not with the type's plain accessors.
impl SockAddrIn6 {
    /// The name of the interface the scope id names (`"lo"`, `"eth0"`), or
    /// `None` if the scope id is 0 or no interface has that index.
    ///
    /// Not `const`: one socket (see [`SockAddrIn6::zone_name_via`] to reuse
    /// one) and one `ioctl(SIOCGIFNAME)` per call, through rustix, no libc.
    /// A scope id of 0 makes no system call. The name is that of the calling
    /// process's network namespace, at the time of the call.
    ///
    /// # Errors
    /// The errno of socket(2) ([`Error::MFile`], [`Error::NFile`],
    /// [`Error::NoBufs`], [`Error::NoMem`], ...), or [`Error::IlSeq`] when
    /// the interface's name is not UTF-8 (rustix's check; the kernel allows
    /// any bytes but `/`, `:` and whitespace).
    ///
    /// ```
    /// use baresock::SockAddrIn6;
    /// use core::net::Ipv6Addr;
    ///
    /// let lo: u32 = std::fs::read_to_string("/sys/class/net/lo/ifindex").unwrap().trim().parse().unwrap();
    /// let link_local = SockAddrIn6::new(Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1), 80, 0, lo);
    /// assert_eq!(link_local.zone_name()?.as_deref(), Some("lo"));
    /// assert_eq!(SockAddrIn6::UNSPECIFIED.zone_name()?, None); // scope id 0
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [netdevice(7)](https://man7.org/linux/man-pages/man7/netdevice.7.html) (`SIOCGIFNAME`)
    /// - [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html) (`sin6_scope_id`)
    #[doc(alias = "if_indextoname", alias = "SIOCGIFNAME")]
    pub fn zone_name(&self) -> Result<Option<heapless::String<IFNAME_MAX_LEN>>> {
        if self.scope_id() == 0 {
            return Ok(None);
        }
        self.zone_name_via(lookup_socket()?)
    }

    /// [`SockAddrIn6::zone_name`] through the caller's socket: one
    /// `ioctl(SIOCGIFNAME)`, no socket made. Any socket will do, of any
    /// family or type, a listening one included; the name is that of the
    /// socket's network namespace.
    ///
    /// # Errors
    /// [`Error::NoTty`] when the descriptor is not a socket, [`Error::IlSeq`]
    /// when the name is not UTF-8.
    ///
    /// ```
    /// use baresock::{Domain, SockAddrIn6, Socket, Type};
    /// use core::net::Ipv6Addr;
    ///
    /// let server = Socket::new(Domain::INET6, Type::STREAM, None)?;
    /// let lo: u32 = std::fs::read_to_string("/sys/class/net/lo/ifindex").unwrap().trim().parse().unwrap();
    /// let addr = SockAddrIn6::new(Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1), 80, 0, lo);
    /// assert_eq!(addr.zone_name_via(&server)?.as_deref(), Some("lo"));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [netdevice(7)](https://man7.org/linux/man-pages/man7/netdevice.7.html) (`SIOCGIFNAME`)
    /// - [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html) (`sin6_scope_id`)
    pub fn zone_name_via(
        &self,
        socket: impl AsFd,
    ) -> Result<Option<heapless::String<IFNAME_MAX_LEN>>> {
        if self.scope_id() == 0 {
            return Ok(None);
        }
        name_of(socket, self.scope_id())
    }

    /// The address as text with its zone as an interface name,
    /// `"[fe80::1%lo]:80"`, where `Display` prints the number,
    /// `"[fe80::1%1]:80"`.
    ///
    /// The name is looked up now, as [`SockAddrIn6::zone_name`] does (one
    /// socket, one ioctl; none for scope id 0), and the returned value only
    /// formats, allocating nothing. Where there is no name to print (no
    /// interface has the index, the name is not UTF-8, or the lookup
    /// failed) it prints the numeric scope id, exactly as `Display` does, so
    /// the text is always an address [`parse::sockaddr_in6_with_zone`] reads
    /// back; call [`SockAddrIn6::zone_name`] to see why there was no name.
    ///
    /// ```
    /// use baresock::SockAddrIn6;
    /// use core::net::Ipv6Addr;
    ///
    /// let lo: u32 = std::fs::read_to_string("/sys/class/net/lo/ifindex").unwrap().trim().parse().unwrap();
    /// let fe80_1 = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1);
    /// let addr = SockAddrIn6::new(fe80_1, 80, 0, lo);
    /// assert_eq!(addr.display_with_zone_name().to_string(), "[fe80::1%lo]:80");
    /// assert_eq!(addr.to_string(), format!("[fe80::1%{lo}]:80"));
    ///
    /// // No interface has this index: the number, as Display prints it.
    /// let nowhere = SockAddrIn6::new(fe80_1, 80, 0, i32::MAX as u32);
    /// assert_eq!(nowhere.display_with_zone_name().to_string(), "[fe80::1%2147483647]:80");
    /// ```
    ///
    /// # References
    /// - [netdevice(7)](https://man7.org/linux/man-pages/man7/netdevice.7.html) (`SIOCGIFNAME`)
    /// - [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html) (`sin6_scope_id`)
    ///
    /// [`parse::sockaddr_in6_with_zone`]: crate::parse::sockaddr_in6_with_zone
    #[must_use]
    pub fn display_with_zone_name(&self) -> WithZoneName {
        WithZoneName::new(*self, self.zone_name().ok().flatten())
    }

    /// [`SockAddrIn6::display_with_zone_name`] through the caller's socket
    /// (any socket, see [`SockAddrIn6::zone_name_via`]): one ioctl, no
    /// socket made.
    ///
    /// ```
    /// use baresock::{Domain, SockAddrIn6, Socket, Type};
    /// use core::net::Ipv6Addr;
    ///
    /// let server = Socket::new(Domain::INET6, Type::DGRAM, None)?;
    /// let lo: u32 = std::fs::read_to_string("/sys/class/net/lo/ifindex").unwrap().trim().parse().unwrap();
    /// let addr = SockAddrIn6::new(Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1), 80, 0, lo);
    /// assert_eq!(addr.display_with_zone_name_via(&server).to_string(), "[fe80::1%lo]:80");
    /// # Ok::<(), baresock::Error>(())
    /// ```
    ///
    /// # References
    /// - [netdevice(7)](https://man7.org/linux/man-pages/man7/netdevice.7.html) (`SIOCGIFNAME`)
    /// - [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html) (`sin6_scope_id`)
    #[must_use]
    pub fn display_with_zone_name_via(&self, socket: impl AsFd) -> WithZoneName {
        WithZoneName::new(*self, self.zone_name_via(socket).ok().flatten())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_names_follow_dev_valid_name() {
        for ok in [
            &b"lo"[..],
            b"eth0",
            b"a",
            b"5abc",
            b"...",
            b".a",
            b"a%b",
            b"a]b",
            b"[x]",
            b"wlp0s20f3",
            b"br-0123456789ab", // 15 bytes, the longest
            "é".as_bytes(),     // 0xC3 0xA9: UTF-8, no 0xA0 byte
        ] {
            assert_eq!(valid_name(ok).map(str::as_bytes), Ok(ok), "{ok:?}");
        }
        let bad: &[(&[u8], usize)] = &[
            (b"", 0),
            (b".", 0),
            (b"..", 0),
            (b"br-0123456789abc", 15), // 16 bytes
            (b"a/b", 1),
            (b"a:b", 1),
            (b"a b", 1),
            (b"\tx", 0),
            (b"x\n", 1),
            (b"x\x0b", 1),
            (b"x\x0c", 1),
            (b"x\r", 1),
            (b"x\0", 1),
            (b"x\xa0", 1),       // the kernel's isspace(0xA0)
            ("à".as_bytes(), 1), // 0xC3 0xA0: valid UTF-8, but the kernel sees a space
            (b"x\xff", 1),       // not UTF-8
            (b"ab\xc3", 2),      // cut UTF-8
        ];
        for &(name, at) in bad {
            assert_eq!(valid_name(name), Err(at), "{name:?}");
        }
        // Every other ASCII byte is fine on its own.
        for b in 1..0x80u8 {
            let expected = !(b == b'/' || b == b':' || is_kernel_space(b) || b == b'.');
            assert_eq!(valid_name(&[b]).is_ok(), expected, "{b:#x}");
        }
    }
}
