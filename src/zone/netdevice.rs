//! The two netdevice(7) ioctls that map an interface name to its index and
//! back, and the [`SockAddrIn6`] methods that make them.
//!
//! Both ioctls go through rustix ([`rustix::net::netdevice`]): an `ioctl` on
//! a socket, no libc, no allocation. They work on any socket, whatever its
//! family or type (netdevice(7)), and answer for the network namespace that
//! socket belongs to. The `_via` forms of the public calls take the caller's
//! socket; the others open one here per lookup ([`lookup_socket`]).

use rustix::fd::AsFd;
use rustix::io::Errno;
use rustix::net::netdevice;

use super::{WithZoneName, IFNAME_MAX_LEN};
use crate::{Domain, Error, Result, SockAddrIn6, Socket, Type};

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
/// see [`valid_name`](super::name::valid_name)), or `None` if there is none (`ENODEV`).
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
    /// one) and one `ioctl(SIOCGIFNAME)` ([netdevice(7)]) per call. A scope
    /// id of 0 makes no system call. The name is that of the calling
    /// process's network namespace, at the time of the call.
    ///
    /// # Errors
    /// The errno of socket(2) ([`Error::MFile`], [`Error::NFile`],
    /// [`Error::NoBufs`], [`Error::NoMem`], ...), or [`Error::IlSeq`] when
    /// the interface's name is not UTF-8 (the kernel allows any bytes but
    /// `/`, `:` and whitespace).
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
    /// [netdevice(7)]: https://man7.org/linux/man-pages/man7/netdevice.7.html
    #[doc(alias = "if_indextoname", alias = "SIOCGIFNAME")]
    pub fn zone_name(&self) -> Result<Option<heapless::String<IFNAME_MAX_LEN>>> {
        // One socket and one ioctl through rustix, no libc; rustix's
        // `index_to_name_inlined` refuses a name that is not UTF-8 (EILSEQ).
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
    #[must_use]
    pub fn display_with_zone_name_via(&self, socket: impl AsFd) -> WithZoneName {
        WithZoneName::new(*self, self.zone_name_via(socket).ok().flatten())
    }
}
