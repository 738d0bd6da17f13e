//! The system calls baresock makes itself: getsockopt(2) and setsockopt(2)
//! for the options rustix lacks or gets wrong.
//!
//! Everything else goes through rustix. This module is the only one that
//! issues a system call directly, and the only place its `unsafe` lives:
//! the call itself (inline assembly, one block per architecture) and the
//! [`Plain`] promise of each value type.
//!
//! Values are plain `#[repr(C)]` integers and structs ([`Plain`]: any bytes
//! are a valid value), so whatever the kernel writes is a valid value; and
//! the length of every answer is returned to the caller, which checks it
//! ([`get_exact`]) rather than trusting it.
//!
//! The calls are made on the six architectures CI tests: x86_64, aarch64,
//! riscv64, 32-bit ARM, s390x, and i686 through socketcall(2), as rustix
//! makes every socket call there. Elsewhere every call is
//! [`Error::OpNotSupp`](crate::Error::OpNotSupp): no answer rather than one
//! read through a type that cannot hold it.
//!
//! # References
//! - [getsockopt(2)](https://man7.org/linux/man-pages/man2/getsockopt.2.html)
//!   (setsockopt(2) too),
//!   [socketcall(2)](https://man7.org/linux/man-pages/man2/socketcall.2.html),
//!   [syscall(2)](https://man7.org/linux/man-pages/man2/syscall.2.html) (each
//!   architecture's calling convention)
//
// Why not rustix: its getsockopt is private and typed per option, and some
// of its types cannot hold every answer (its `UCred` pid is a `NonZeroI32`,
// the kernel's SO_PEERCRED pid is 0 for a peer outside our pid namespace);
// some of its versions the crate accepts pass the wrong level
// (`set_ipv6_multicast_hops`, IPPROTO_IP up to rustix 1.1.5).

#![allow(unsafe_code)]

use core::mem::size_of;

use rustix::fd::BorrowedFd;

use crate::{Error, Result};

/// A value any bytes leave valid: integers, and `#[repr(C)]` structs of
/// integers only. The kernel may write any bytes into one.
///
/// # Safety
/// Every bit pattern of `size_of::<Self>()` bytes must be a valid `Self`.
pub(crate) unsafe trait Plain: Copy {}

// SAFETY: integers: every bit pattern is a value.
unsafe impl Plain for i32 {}
// SAFETY: as for `i32`.
unsafe impl Plain for u32 {}
// SAFETY: bytes: every bit pattern is a value.
unsafe impl<const N: usize> Plain for [u8; N] {}
// SAFETY: `struct ucred`: three `u32`s (pid, uid, gid).
unsafe impl Plain for linux_raw_sys::net::ucred {}
// SAFETY: `struct __kernel_sock_timeval`: two `i64`s.
unsafe impl Plain for linux_raw_sys::general::__kernel_sock_timeval {}
// SAFETY: `struct __kernel_old_timeval`: two `long`s.
unsafe impl Plain for linux_raw_sys::general::__kernel_old_timeval {}

/// `getsockopt(fd, level, name, value, &len)` with `len` the size of `T`;
/// returns `len` as the kernel left it, which may be shorter.
// From an emulator that gets the option wrong (the CI's qemu-user targets),
// it may be anything: callers check it, as `get_exact` does.
pub(crate) fn getsockopt<T: Plain>(
    fd: BorrowedFd<'_>,
    level: u32,
    name: u32,
    value: &mut T,
) -> Result<usize> {
    // Option values are a few dozen bytes: the size fits a socklen_t.
    let mut len = size_of::<T>() as u32;
    let value: *mut T = value;
    let len_ptr: *mut u32 = &mut len;
    // SAFETY: `value` points to a live, exclusively borrowed `T` of `len`
    // bytes, and `len_ptr` to a live `u32`. getsockopt(2) writes at most
    // `len` bytes to the first and the answer's length to the second, and
    // any bytes are a valid `T` (`Plain`).
    let ret = unsafe { call(GET, fd, level, name, value as usize, len_ptr as usize) };
    result(ret).map(|()| len as usize)
}

/// `setsockopt(fd, level, name, value, sizeof(T))`.
pub(crate) fn setsockopt<T: Plain>(
    fd: BorrowedFd<'_>,
    level: u32,
    name: u32,
    value: &T,
) -> Result<()> {
    let ptr: *const T = value;
    // SAFETY: `ptr` points to a live `T` of `size_of::<T>()` bytes, which
    // setsockopt(2) only reads.
    let ret = unsafe { call(SET, fd, level, name, ptr as usize, size_of::<T>()) };
    result(ret)
}

/// `setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &prog, len)` with
/// `prog` a `struct sock_fprog` naming `insns`.
pub(crate) fn set_reuseport_cbpf(
    fd: BorrowedFd<'_>,
    insns: &[linux_raw_sys::if_tun::sock_filter],
) -> Result<()> {
    use linux_raw_sys::if_tun::sock_fprog;
    use linux_raw_sys::net::{SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF};
    let prog = sock_fprog {
        // BPF_MAXINSNS is 4096: a longer program is refused, not cut.
        len: u16::try_from(insns.len()).map_err(|_| Error::Inval)?,
        filter: insns.as_ptr().cast_mut(),
    };
    let ptr: *const sock_fprog = &prog;
    // SAFETY: `ptr` points to a live `sock_fprog` of the size given, whose
    // `filter` points to `len` live instructions (`insns`); setsockopt(2)
    // reads both (copying the program) and writes neither. The padding
    // after `len` is read by the kernel only, which ignores it.
    let ret = unsafe {
        call(
            SET,
            fd,
            SOL_SOCKET,
            SO_ATTACH_REUSEPORT_CBPF,
            ptr as usize,
            size_of::<sock_fprog>(),
        )
    };
    result(ret)
}

/// getsockopt(2) of a value whose answer must fill it: an answer of any
/// other length is [`Error::NoProtoOpt`], what a kernel that did not know
/// the option would say.
pub(crate) fn get_exact<T: Plain>(fd: BorrowedFd<'_>, level: u32, name: u32, zero: T) -> Result<T> {
    let mut value = zero;
    match getsockopt(fd, level, name, &mut value)? {
        len if len == size_of::<T>() => Ok(value),
        _ => Err(Error::NoProtoOpt),
    }
}

/// The kernel returns -errno in [-4095, -1]. Inlined into each caller with
/// the errno's table lookup (no call, so the failure branch clobbers no
/// register and the loop around a call stays as tight as rustix's:
/// benches/syscall.rs, "setter" path).
#[inline]
fn result(ret: isize) -> Result<()> {
    if (-4095..0).contains(&ret) {
        // 1..=4095: rustix's range, so its assertion holds.
        Err(Error::from_errno(rustix::io::Errno::from_raw_os_error(
            -ret as i32,
        )))
    } else {
        Ok(())
    }
}

/// Whether this architecture has the calls: x86_64, i686, aarch64,
/// riscv64, 32-bit ARM and s390x.
pub(crate) const SUPPORTED: bool = cfg!(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    target_arch = "riscv64",
    target_arch = "arm",
    target_arch = "s390x",
));

/// Which call: the system call's number, and socketcall(2)'s on i686.
#[derive(Clone, Copy)]
#[allow(dead_code)] // each architecture reads one of the two
struct Call {
    nr: u32,
    socketcall: u32,
}

const GET: Call = Call {
    nr: linux_raw_sys::general::__NR_getsockopt,
    socketcall: linux_raw_sys::net::SYS_GETSOCKOPT,
};
const SET: Call = Call {
    nr: linux_raw_sys::general::__NR_setsockopt,
    socketcall: linux_raw_sys::net::SYS_SETSOCKOPT,
};

/// `call(fd, level, name, a3, a4)` as a system call; the raw return value.
///
/// # Safety
/// `a3` and `a4` must be what the call expects (see [`getsockopt`] and
/// [`setsockopt`]): pointers to live memory of the lengths stated.
#[inline]
unsafe fn call(
    which: Call,
    fd: BorrowedFd<'_>,
    level: u32,
    name: u32,
    a3: usize,
    a4: usize,
) -> isize {
    use rustix::fd::AsRawFd;
    // Registers are `usize`: a non-negative fd, a level and a name widen.
    let (fd, level, name) = (fd.as_raw_fd() as usize, level as usize, name as usize);
    let ret: isize;

    // SAFETY (each block below): the system-call ABI of the architecture;
    // the asm reads and writes no memory but what the kernel does through
    // `a3` and `a4` (the caller's contract) and, on i686, the argument
    // array it only reads; it clobbers only the registers named.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        core::arch::asm!(
            "syscall",
            inlateout("rax") which.nr as isize => ret,
            in("rdi") fd,
            in("rsi") level,
            in("rdx") name,
            in("r10") a3,
            in("r8") a4,
            lateout("rcx") _,
            lateout("r11") _,
            options(nostack, preserves_flags),
        );
    }
    // On i686 every socket call goes through socketcall(2), with its
    // arguments in memory, as rustix makes them.
    #[cfg(target_arch = "x86")]
    // SAFETY: as above.
    unsafe {
        let args: [usize; 5] = [fd, level, name, a3, a4];
        core::arch::asm!(
            "int $$0x80",
            inlateout("eax") linux_raw_sys::general::__NR_socketcall as isize => ret,
            in("ebx") which.socketcall as usize,
            in("ecx") args.as_ptr(),
            options(nostack, preserves_flags),
        );
    }
    #[cfg(target_arch = "aarch64")]
    // SAFETY: as above.
    unsafe {
        core::arch::asm!(
            "svc 0",
            in("x8") which.nr as usize,
            inlateout("x0") fd as isize => ret,
            in("x1") level,
            in("x2") name,
            in("x3") a3,
            in("x4") a4,
            options(nostack, preserves_flags),
        );
    }
    // The kernel may clobber the vector registers across a system call.
    #[cfg(target_arch = "riscv64")]
    // SAFETY: as above.
    unsafe {
        core::arch::asm!(
            "ecall",
            in("a7") which.nr as usize,
            inlateout("a0") fd as isize => ret,
            in("a1") level,
            in("a2") name,
            in("a3") a3,
            in("a4") a4,
            lateout("v0") _, lateout("v1") _, lateout("v2") _, lateout("v3") _,
            lateout("v4") _, lateout("v5") _, lateout("v6") _, lateout("v7") _,
            lateout("v8") _, lateout("v9") _, lateout("v10") _, lateout("v11") _,
            lateout("v12") _, lateout("v13") _, lateout("v14") _, lateout("v15") _,
            lateout("v16") _, lateout("v17") _, lateout("v18") _, lateout("v19") _,
            lateout("v20") _, lateout("v21") _, lateout("v22") _, lateout("v23") _,
            lateout("v24") _, lateout("v25") _, lateout("v26") _, lateout("v27") _,
            lateout("v28") _, lateout("v29") _, lateout("v30") _, lateout("v31") _,
            options(nostack),
        );
    }
    // r7 carries the call number, but it is the frame pointer in Thumb
    // mode and cannot be named as an operand: swap it in and out.
    #[cfg(target_arch = "arm")]
    // SAFETY: as above.
    unsafe {
        core::arch::asm!(
            "mov {saved}, r7",
            "mov r7, {nr}",
            "svc 0",
            "mov r7, {saved}",
            nr = in(reg) which.nr as usize,
            saved = out(reg) _,
            inlateout("r0") fd as isize => ret,
            in("r1") level,
            in("r2") name,
            in("r3") a3,
            in("r4") a4,
            options(nostack, preserves_flags),
        );
    }
    // As rustix's s390x backend: the number in r1, arguments from r2.
    #[cfg(target_arch = "s390x")]
    // SAFETY: as above.
    unsafe {
        core::arch::asm!(
            "svc 0",
            in("r1") which.nr as usize,
            inlateout("r2") fd as isize => ret,
            in("r3") level,
            in("r4") name,
            in("r5") a3,
            in("r6") a4,
            options(nostack, preserves_flags),
        );
    }
    #[cfg(not(any(
        target_arch = "x86_64",
        target_arch = "x86",
        target_arch = "aarch64",
        target_arch = "riscv64",
        target_arch = "arm",
        target_arch = "s390x",
    )))]
    {
        let _ = (which, fd, level, name, a3, a4);
        ret = -(rustix::io::Errno::OPNOTSUPP.raw_os_error() as isize);
    }
    ret
}

#[cfg(test)]
mod tests {
    use super::*;
    use linux_raw_sys::net::{SOL_SOCKET, SO_RCVBUF, SO_TYPE};
    use rustix::fd::AsFd;

    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn an_int_option_round_trips() {
        let sock = crate::Socket::new(crate::Domain::INET, crate::Type::DGRAM, None).unwrap();
        let fd = sock.as_fd();
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &4096i32).unwrap();
        // The kernel doubles SO_RCVBUF for its bookkeeping (socket(7)).
        assert_eq!(get_exact(fd, SOL_SOCKET, SO_RCVBUF, 0i32), Ok(8192));
        assert_eq!(
            get_exact(fd, SOL_SOCKET, SO_TYPE, 0u32),
            Ok(linux_raw_sys::net::SOCK_DGRAM)
        );
    }

    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn a_short_answer_is_not_trusted() {
        let sock = crate::Socket::new(crate::Domain::INET, crate::Type::DGRAM, None).unwrap();
        // SO_TYPE answers 4 bytes: an 8-byte value is not filled.
        let mut wide = [0u32; 2];
        let len = getsockopt(sock.as_fd(), SOL_SOCKET, SO_TYPE, &mut wide[0]).unwrap();
        assert_eq!(len, 4);
        #[derive(Clone, Copy)]
        #[repr(C)]
        struct Two(u32, u32);
        // SAFETY: two `u32`s.
        unsafe impl Plain for Two {}
        assert_eq!(
            get_exact(sock.as_fd(), SOL_SOCKET, SO_TYPE, Two(0, 0)).map(|t| t.0),
            Err(Error::NoProtoOpt)
        );
    }

    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn errors_are_the_kernels() {
        let sock = crate::Socket::new(crate::Domain::INET, crate::Type::DGRAM, None).unwrap();
        // No such option at SOL_SOCKET.
        assert_eq!(
            setsockopt(sock.as_fd(), SOL_SOCKET, 0xffff, &1i32),
            Err(Error::NoProtoOpt)
        );
        let (r, _w) = rustix::pipe::pipe().unwrap();
        assert_eq!(
            get_exact(r.as_fd(), SOL_SOCKET, SO_TYPE, 0u32),
            Err(Error::NotSock)
        );
    }
}
