//! The `unsafe` glue between the address types and the kernel.
//!
//! This is the only address code that needs `unsafe`: rustix's
//! [`SocketAddrArg`] is an unsafe trait (the kernel reads `len` bytes behind
//! the pointer), and a [`SocketAddrAny`] the kernel filled is read as bytes.
//! Each type decodes those bytes itself, with safe, checked slicing at the
//! offsets `layout.rs` proves ([`SockAddr::from_bytes`]).
#![allow(unsafe_code)]

use core::mem::size_of;

use rustix::net::addr::{SocketAddrArg, SocketAddrLen, SocketAddrOpaque, SocketAddrStorage};
use rustix::net::{AddressFamily, SocketAddrAny};

use super::{SockAddr, SockAddrIn, SockAddrIn6, SockAddrUn};

mod sealed {
    pub trait Sealed {}
}

/// An address that every call taking one ([`Socket::bind`](crate::Socket::bind),
/// [`Socket::connect`](crate::Socket::connect), [`Socket::send_to`](crate::Socket::send_to), ...)
/// takes: [`SockAddrIn`], [`SockAddrIn6`], [`SockAddrUn`], [`SockAddr`], or
/// `core::net`'s `SocketAddr`, `SocketAddrV4` and `SocketAddrV6`.
///
/// Sealed. baresock's own types are the kernel's structs and are handed to
/// it in place, without a copy; `core::net`'s are encoded on the stack.
///
/// ```
/// use baresock::{Address, SockAddrIn};
/// use core::net::{Ipv4Addr, SocketAddr};
/// fn takes(_: &impl Address) {}
/// takes(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0));
/// takes(&SocketAddr::from((Ipv4Addr::LOCALHOST, 0)));
/// ```
// rustix encodes `core::net`'s addresses through its own `SocketAddrArg`;
// ours pass a pointer to themselves (`pass_in_place!`, layouts in layout.rs).
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

/// `core::net`'s addresses, through rustix's own `SocketAddrArg` for them.
macro_rules! core_net_address {
    ($($ty:ty),*) => {$(
        impl sealed::Sealed for $ty {}
        impl Address for $ty {}
    )*};
}

core_net_address!(
    core::net::SocketAddr,
    core::net::SocketAddrV4,
    core::net::SocketAddrV6
);

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
        f(
            (&self.raw as *const super::unix::RawSockAddrUn).cast(),
            self.len as SocketAddrLen,
        )
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
            Self::Other { family } => f(
                (family as *const u16).cast(),
                size_of::<u16>() as SocketAddrLen,
            ),
        }
    }
}

impl SockAddr {
    /// The bytes handed to the kernel for this address: what
    /// [`SocketAddrArg`] passes, as a slice borrowed from `self` (the raw
    /// message calls of `crate::sys` name several at once).
    #[inline]
    pub(crate) fn kernel_bytes(&self) -> &[u8] {
        // SAFETY: `with_sockaddr` of `SockAddr` passes a pointer into `self`
        // (each family's struct in place, or the `family` field of
        // `Other`), readable and initialized for `len` bytes (the impls'
        // contracts above), so the slice lives as long as the borrow of
        // `self`.
        unsafe {
            self.with_sockaddr(|ptr, len| {
                core::slice::from_raw_parts(ptr.cast::<u8>(), len as usize)
            })
        }
    }
}

/// Calls `f` with the bytes `addr` hands to the kernel (encoded on the
/// stack for `core::net`'s addresses).
#[inline]
pub(crate) fn with_kernel_bytes<A: Address + ?Sized, R>(addr: &A, f: impl FnOnce(&[u8]) -> R) -> R {
    // SAFETY: `with_sockaddr` passes a pointer readable and initialized for
    // `len` bytes for the closure's whole run (`SocketAddrArg`'s contract),
    // and the slice does not outlive the closure: `f` gets it by reference
    // and returns an `R` that cannot borrow from it.
    unsafe {
        addr.with_sockaddr(|ptr, len| {
            f(core::slice::from_raw_parts(ptr.cast::<u8>(), len as usize))
        })
    }
}

/// The bytes the kernel wrote into a [`SocketAddrAny`].
#[inline]
fn kernel_bytes(any: &SocketAddrAny) -> &[u8] {
    let len = (any.addr_len() as usize).min(size_of::<SocketAddrStorage>());
    // SAFETY: `SocketAddrAny` owns a `SocketAddrStorage` whose first
    // `addr_len()` bytes are initialized (its constructor's contract, which
    // rustix upholds with the length the kernel returned), and `len` is also
    // capped at the storage's size, so the slice is in bounds and initialized,
    // and it borrows `any` for its lifetime.
    unsafe { core::slice::from_raw_parts(any.as_ptr().cast::<u8>(), len) }
}

/// Decodes a Unix address out of line, from a `SocketAddrAny` of its own.
///
/// By value, not by reference: a pointer into the caller's `SocketAddrAny`
/// would escape into this call, and the compiler would then keep that whole
/// storage in memory on every path, copying it twice on the way from rustix
/// (BENCHMARKS.md, "accept4 path"). Moved, the IP branches read their fields as
/// values and the storage is no longer copied whole.
#[cold]
#[inline(never)]
fn decode_un(any: SocketAddrAny) -> SockAddr {
    super::decode_un(kernel_bytes(&any))
}

impl SockAddr {
    /// Decodes an address the kernel returned (`None`: it wrote none),
    /// branching on its family once, straight into that family's variant.
    ///
    /// Takes the address by value for the reason given at [`decode_un`].
    #[inline]
    pub(crate) fn from_kernel(any: Option<SocketAddrAny>) -> Self {
        let Some(any) = any else {
            return Self::Other {
                family: AddressFamily::UNSPEC.as_raw(),
            };
        };
        // rustix's invariant: `addr_len() >= 2`, so the family is there.
        let family = any.address_family();
        let decoded = match family {
            AddressFamily::UNIX => Some(decode_un(any)),
            family => Self::decode_ip(family, kernel_bytes(&any)),
        };
        decoded.unwrap_or(Self::Other {
            family: family.as_raw(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::net::{Ipv4Addr, Ipv6Addr};

    /// The bytes the kernel would read for `a`, through the same
    /// `SocketAddrArg` path `bind` and `connect` use.
    fn bytes_of<A: SocketAddrArg>(a: &A, out: &mut [u8; 128]) -> usize {
        let any = a.as_any();
        let b = kernel_bytes(&any);
        out[..b.len()].copy_from_slice(b);
        b.len()
    }

    #[test]
    fn inet_is_handed_over_in_the_kernels_byte_order() {
        let a = SockAddrIn::new(Ipv4Addr::new(192, 0, 2, 7), 0xbeef);
        let mut buf = [0; 128];
        let n = bytes_of(&a, &mut buf);
        // Family in host order (sa_family_t), port and address in network
        // order, then 8 zero bytes: the same on either byte order.
        let mut want = [0u8; 16];
        want[..2].copy_from_slice(&AddressFamily::INET.as_raw().to_ne_bytes());
        want[2..8].copy_from_slice(&[0xbe, 0xef, 192, 0, 2, 7]);
        assert_eq!(&buf[..n], &want);
        assert_eq!(SockAddr::from_bytes(&buf[..n]), SockAddr::Inet(a));
    }

    #[test]
    fn inet6_is_handed_over_in_the_kernels_byte_order() {
        let a = SockAddrIn6::new(Ipv6Addr::LOCALHOST, 443, 0x12345, 9);
        let mut buf = [0; 128];
        let n = bytes_of(&a, &mut buf);
        let mut want = [0u8; 28];
        want[..2].copy_from_slice(&AddressFamily::INET6.as_raw().to_ne_bytes());
        want[2..4].copy_from_slice(&443u16.to_be_bytes());
        want[4..8].copy_from_slice(&0x12345u32.to_be_bytes());
        want[8..24].copy_from_slice(&Ipv6Addr::LOCALHOST.octets());
        want[24..].copy_from_slice(&9u32.to_ne_bytes()); // an interface index: host order
        assert_eq!(&buf[..n], &want);
        assert_eq!(SockAddr::from_bytes(&buf[..n]), SockAddr::Inet6(a));
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
    fn an_unknown_family_is_passed_as_its_two_bytes() {
        let a = SockAddr::Other { family: 17 };
        let mut buf = [0; 128];
        let n = bytes_of(&a, &mut buf);
        assert_eq!(&buf[..n], &17u16.to_ne_bytes());
    }

    #[test]
    fn from_kernel_decodes_each_family_as_from_bytes_does() {
        let addrs = [
            SockAddr::Inet(SockAddrIn::new(Ipv4Addr::new(192, 0, 2, 7), 0xbeef)),
            SockAddr::Inet6(SockAddrIn6::new(Ipv6Addr::LOCALHOST, 443, 0x12345, 9)),
            SockAddr::Unix(SockAddrUn::UNNAMED),
            SockAddr::Unix(SockAddrUn::new(b"/tmp/x").unwrap()),
            SockAddr::Unix(SockAddrUn::new_abstract(b"a\0b").unwrap()),
            SockAddr::Other { family: 17 },
        ];
        for a in addrs {
            let any = a.as_any();
            assert_eq!(SockAddr::from_kernel(Some(any.clone())), a);
            assert_eq!(SockAddr::from_bytes(kernel_bytes(&any)), a);
        }
    }

    #[test]
    fn no_address_from_the_kernel_is_unspec() {
        assert_eq!(SockAddr::from_kernel(None), SockAddr::Other { family: 0 });
    }
}
