//! Handing addresses to the kernel and reading them back.
//!
//! This is the only address code that needs `unsafe`: rustix's
//! [`SocketAddrArg`] is an unsafe trait (the kernel reads `len` bytes behind
//! the pointer), and a [`SocketAddrAny`] the kernel filled is read as bytes.
//! Everything else decodes those bytes with safe, checked slicing.
#![allow(unsafe_code)]

use core::mem::size_of;

use rustix::net::addr::{SocketAddrArg, SocketAddrLen, SocketAddrOpaque, SocketAddrStorage};
use rustix::net::{AddressFamily, SocketAddrAny};

use super::{SockAddr, SockAddrIn, SockAddrIn6, SockAddrUn};

mod sealed {
    pub trait Sealed {}
}

/// An address that [`Socket::bind`](crate::Socket::bind) and
/// [`Socket::connect`](crate::Socket::connect) take: [`SockAddrIn`],
/// [`SockAddrIn6`], [`SockAddrUn`] or [`SockAddr`].
///
/// Sealed: only types whose bytes are proven to be the kernel's layout
/// implement it. Each is handed to the kernel in place, without a copy.
///
/// ```
/// use baresock::{Address, SockAddrIn};
/// use core::net::Ipv4Addr;
/// fn takes(_: &impl Address) {}
/// takes(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0));
/// ```
pub trait Address: sealed::Sealed + SocketAddrArg {}

/// Implements `SocketAddrArg` by pointing at the value itself, which is a
/// `#[repr(C)]` struct whose layout `layout.rs` proves equal to the kernel's.
macro_rules! pass_in_place {
    ($($ty:ty),*) => {$(
        impl sealed::Sealed for $ty {}
        impl Address for $ty {}

        // SAFETY: `self` is a live `#[repr(C)]` value of exactly
        // `size_of::<$ty>()` bytes laid out as the kernel's struct (proven in
        // layout.rs), every byte initialized (no padding: proven there too),
        // so the pointer is readable for the length for the whole call.
        unsafe impl SocketAddrArg for $ty {
            unsafe fn with_sockaddr<R>(
                &self,
                f: impl FnOnce(*const SocketAddrOpaque, SocketAddrLen) -> R,
            ) -> R {
                f((self as *const $ty).cast(), size_of::<$ty>() as SocketAddrLen)
            }
        }
    )*};
}

pass_in_place!(SockAddrIn, SockAddrIn6);

impl sealed::Sealed for SockAddrUn {}
impl Address for SockAddrUn {}

// SAFETY: `SockAddrUn` is `#[repr(C)]` with the kernel's `sockaddr_un` at
// offset 0 (proven in layout.rs), and `len` never exceeds the size of that
// struct (every constructor keeps `len <= 2 + 108`), so the pointer is
// readable for `len` bytes, all initialized, for the whole call.
unsafe impl SocketAddrArg for SockAddrUn {
    unsafe fn with_sockaddr<R>(
        &self,
        f: impl FnOnce(*const SocketAddrOpaque, SocketAddrLen) -> R,
    ) -> R {
        f((&self.raw as *const super::unix::RawSockAddrUn).cast(), self.len as SocketAddrLen)
    }
}

impl sealed::Sealed for SockAddr {}
impl Address for SockAddr {}

// SAFETY: forwards to the implementations above; for a family baresock does
// not know, passes the two-byte family alone (a readable local), which the
// kernel rejects with an errno.
unsafe impl SocketAddrArg for SockAddr {
    unsafe fn with_sockaddr<R>(
        &self,
        f: impl FnOnce(*const SocketAddrOpaque, SocketAddrLen) -> R,
    ) -> R {
        match self {
            Self::Inet(a) => a.with_sockaddr(f),
            Self::Inet6(a) => a.with_sockaddr(f),
            Self::Unix(a) => a.with_sockaddr(f),
            Self::Other { family } => {
                f((family as *const u16).cast(), size_of::<u16>() as SocketAddrLen)
            }
        }
    }
}

/// The bytes the kernel wrote into a [`SocketAddrAny`].
fn kernel_bytes(any: &SocketAddrAny) -> &[u8] {
    let len = (any.addr_len() as usize).min(size_of::<SocketAddrStorage>());
    // SAFETY: `SocketAddrAny` owns a `SocketAddrStorage` whose first
    // `addr_len()` bytes are initialized (its constructor's contract, which
    // rustix upholds with the length the kernel returned), and `len` is also
    // capped at the storage's size, so the slice is in bounds and initialized,
    // and it borrows `any` for its lifetime.
    unsafe { core::slice::from_raw_parts(any.as_ptr().cast::<u8>(), len) }
}

/// Reads `N` bytes at `at`, if the address is that long.
fn field<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}

impl SockAddr {
    /// Decodes an address the kernel returned, by its family. A family
    /// baresock does not know, or one too short for its family, is reported
    /// as [`SockAddr::Other`].
    pub(crate) fn from_kernel(any: Option<&SocketAddrAny>) -> Self {
        let Some(any) = any else {
            return Self::Other { family: AddressFamily::UNSPEC.as_raw() };
        };
        Self::from_bytes(kernel_bytes(any))
    }

    /// Decodes the `addrlen` bytes of a `struct sockaddr`.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Self {
        let Some(family) = field::<2>(bytes, 0).map(u16::from_ne_bytes) else {
            return Self::Other { family: AddressFamily::UNSPEC.as_raw() };
        };
        let decoded = match AddressFamily::from_raw(family) {
            AddressFamily::INET => decode_in(bytes).map(Self::Inet),
            AddressFamily::INET6 => decode_in6(bytes).map(Self::Inet6),
            AddressFamily::UNIX => Some(Self::Unix(SockAddrUn::from_kernel(bytes))),
            _ => None,
        };
        decoded.unwrap_or(Self::Other { family })
    }
}

fn decode_in(bytes: &[u8]) -> Option<SockAddrIn> {
    let mut addr = SockAddrIn::UNSPECIFIED;
    addr.sin_port = u16::from_ne_bytes(field(bytes, 2)?);
    addr.sin_addr = u32::from_ne_bytes(field(bytes, 4)?);
    Some(addr)
}

/// Reads a `sockaddr_in6`; the 24-byte RFC 2133 form without a scope id is
/// accepted with scope 0.
fn decode_in6(bytes: &[u8]) -> Option<SockAddrIn6> {
    let mut addr = SockAddrIn6::UNSPECIFIED;
    addr.sin6_port = u16::from_ne_bytes(field(bytes, 2)?);
    addr.sin6_flowinfo = u32::from_ne_bytes(field(bytes, 4)?);
    addr.sin6_addr = field(bytes, 8)?;
    addr.sin6_scope_id = field(bytes, 24).map_or(0, u32::from_ne_bytes);
    Some(addr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::net::{Ipv4Addr, Ipv6Addr};

    fn bytes_of<A: SocketAddrArg>(a: &A, out: &mut [u8; 128]) -> usize {
        let any = a.as_any();
        let b = kernel_bytes(&any);
        out[..b.len()].copy_from_slice(b);
        b.len()
    }

    #[test]
    fn inet_round_trips_through_kernel_bytes() {
        let a = SockAddrIn::new(Ipv4Addr::new(192, 0, 2, 7), 0xbeef);
        let mut buf = [0; 128];
        let n = bytes_of(&a, &mut buf);
        assert_eq!(&buf[..n], &[2, 0, 0xbe, 0xef, 192, 0, 2, 7, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(SockAddr::from_bytes(&buf[..n]), SockAddr::Inet(a));
    }

    #[test]
    fn inet6_round_trips_and_short_forms() {
        let a = SockAddrIn6::new(Ipv6Addr::LOCALHOST, 443, 0x12345, 9);
        let mut buf = [0; 128];
        let n = bytes_of(&a, &mut buf);
        assert_eq!(n, 28);
        assert_eq!(SockAddr::from_bytes(&buf[..n]), SockAddr::Inet6(a));
        // RFC 2133's 24-byte form: scope id 0.
        let short = SockAddr::from_bytes(&buf[..24]);
        assert_eq!(short, SockAddr::Inet6(SockAddrIn6::new(Ipv6Addr::LOCALHOST, 443, 0x12345, 0)));
        // Too short for the address: reported, not guessed.
        assert_eq!(SockAddr::from_bytes(&buf[..20]), SockAddr::Other { family: 10 });
    }

    #[test]
    fn unix_kinds_round_trip() {
        for a in [
            SockAddrUn::UNNAMED,
            SockAddrUn::new(b"/tmp/x").unwrap(),
            SockAddrUn::new_abstract(b"a\0b").unwrap(),
            SockAddrUn::new_abstract(b"").unwrap(),
        ] {
            let mut buf = [0; 128];
            let n = bytes_of(&a, &mut buf);
            assert_eq!(n, a.len());
            assert_eq!(SockAddr::from_bytes(&buf[..n]), SockAddr::Unix(a));
        }
    }

    #[test]
    fn unknown_and_empty_families_are_reported() {
        assert_eq!(SockAddr::from_bytes(&[]), SockAddr::Other { family: 0 });
        assert_eq!(SockAddr::from_bytes(&[17, 0, 1, 2]), SockAddr::Other { family: 17 });
        assert_eq!(SockAddr::from_bytes(&[2, 0, 1]), SockAddr::Other { family: 2 });
        assert_eq!(SockAddr::from_kernel(None), SockAddr::Other { family: 0 });
    }
}
