//! Compile-time proofs that each address type is the kernel's struct.
//!
//! Every struct baresock hands the kernel is checked here against the same
//! struct in `linux-raw-sys` (generated from the kernel's UAPI headers, the
//! definitions rustix itself uses): size, alignment and the offset of every
//! field. A mismatch on any target is a build error, not a runtime bug.
//! The sums at the end prove there is no padding, so every byte passed to the
//! kernel is initialized.

use core::mem::{align_of, offset_of, size_of};

use linux_raw_sys::net as k;
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

use super::inet::SockAddrIn;
use super::inet6::SockAddrIn6;
use super::unix::{RawSockAddrUn, SockAddrUn, SUN_PATH_LEN, SUN_PATH_OFFSET};

// sockaddr_in: 16 bytes, fields at 0/2/4/8.
assert_eq_size!(SockAddrIn, k::sockaddr_in);
assert_eq_align!(SockAddrIn, k::sockaddr_in);
const_assert_eq!(size_of::<SockAddrIn>(), 16);
const_assert_eq!(offset_of!(SockAddrIn, sin_family), offset_of!(k::sockaddr_in, sin_family));
const_assert_eq!(offset_of!(SockAddrIn, sin_port), offset_of!(k::sockaddr_in, sin_port));
const_assert_eq!(offset_of!(SockAddrIn, sin_addr), offset_of!(k::sockaddr_in, sin_addr));
const_assert_eq!(offset_of!(SockAddrIn, sin_zero), offset_of!(k::sockaddr_in, __pad));
const_assert_eq!(offset_of!(SockAddrIn, sin_family), 0);
const_assert_eq!(offset_of!(SockAddrIn, sin_port), 2);
const_assert_eq!(offset_of!(SockAddrIn, sin_addr), 4);
const_assert_eq!(offset_of!(SockAddrIn, sin_zero), 8);
assert_eq_size!(u16, k::__kernel_sa_family_t);
assert_eq_size!(u16, k::__be16);
assert_eq_size!(u32, k::in_addr);
// No padding: the fields fill the struct.
const_assert_eq!(2 + 2 + 4 + 8, size_of::<SockAddrIn>());

// sockaddr_in6: 28 bytes, fields at 0/2/4/8/24.
assert_eq_size!(SockAddrIn6, k::sockaddr_in6);
assert_eq_align!(SockAddrIn6, k::sockaddr_in6);
const_assert_eq!(size_of::<SockAddrIn6>(), 28);
const_assert_eq!(offset_of!(SockAddrIn6, sin6_family), offset_of!(k::sockaddr_in6, sin6_family));
const_assert_eq!(offset_of!(SockAddrIn6, sin6_port), offset_of!(k::sockaddr_in6, sin6_port));
const_assert_eq!(
    offset_of!(SockAddrIn6, sin6_flowinfo),
    offset_of!(k::sockaddr_in6, sin6_flowinfo)
);
const_assert_eq!(offset_of!(SockAddrIn6, sin6_addr), offset_of!(k::sockaddr_in6, sin6_addr));
const_assert_eq!(
    offset_of!(SockAddrIn6, sin6_scope_id),
    offset_of!(k::sockaddr_in6, sin6_scope_id)
);
assert_eq_size!([u8; 16], k::in6_addr);
const_assert_eq!(2 + 2 + 4 + 16 + 4, size_of::<SockAddrIn6>());

// sockaddr_un: 110 bytes, alignment 2, sun_path at 2.
assert_eq_size!(RawSockAddrUn, k::sockaddr_un);
assert_eq_align!(RawSockAddrUn, k::sockaddr_un);
const_assert_eq!(size_of::<RawSockAddrUn>(), 110);
const_assert_eq!(offset_of!(RawSockAddrUn, sun_family), offset_of!(k::sockaddr_un, sun_family));
const_assert_eq!(offset_of!(RawSockAddrUn, sun_path), offset_of!(k::sockaddr_un, sun_path));
const_assert_eq!(offset_of!(RawSockAddrUn, sun_path), SUN_PATH_OFFSET);
const_assert_eq!(size_of::<RawSockAddrUn>(), SUN_PATH_OFFSET + SUN_PATH_LEN);
// The kernel struct sits at the start of SockAddrUn, so a pointer to one is a
// pointer to the other; the explicit length fits in the byte that holds it.
const_assert_eq!(offset_of!(SockAddrUn, raw), 0);
static_assertions::const_assert!(size_of::<RawSockAddrUn>() <= u8::MAX as usize);

// Every family we write matches the kernel's constant.
const_assert_eq!(rustix::net::AddressFamily::INET.as_raw() as u32, k::AF_INET);
const_assert_eq!(rustix::net::AddressFamily::INET6.as_raw() as u32, k::AF_INET6);
const_assert_eq!(rustix::net::AddressFamily::UNIX.as_raw() as u32, k::AF_UNIX);

// Nothing here may be over-aligned relative to the kernel's view.
const_assert_eq!(align_of::<SockAddrIn>(), 4);
const_assert_eq!(align_of::<SockAddrIn6>(), 4);
const_assert_eq!(align_of::<RawSockAddrUn>(), 2);
