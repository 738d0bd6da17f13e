//! The system calls baresock makes itself: getsockopt(2) and setsockopt(2)
//! for the options rustix lacks or gets wrong; sendmsg(2) with any control
//! message, and recvmmsg(2) and sendmmsg(2) over arrays on the stack.
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
//!   [sendmsg(2)](https://man7.org/linux/man-pages/man2/sendmsg.2.html),
//!   [recvmmsg(2)](https://man7.org/linux/man-pages/man2/recvmmsg.2.html),
//!   [sendmmsg(2)](https://man7.org/linux/man-pages/man2/sendmmsg.2.html),
//!   [socketcall(2)](https://man7.org/linux/man-pages/man2/socketcall.2.html),
//!   [syscall(2)](https://man7.org/linux/man-pages/man2/syscall.2.html) (each
//!   architecture's calling convention)
//
// Why not rustix: its getsockopt is private and typed per option, and some
// of its types cannot hold every answer (its `UCred` pid is a `NonZeroI32`,
// the kernel's SO_PEERCRED pid is 0 for a peer outside our pid namespace);
// some of its versions the crate accepts pass the wrong level
// (`set_ipv6_multicast_hops`, IPPROTO_IP up to rustix 1.1.5). Its sendmsg
// carries only SCM_RIGHTS and SCM_CREDENTIALS (no PKTINFO, TOS, UDP_SEGMENT:
// rustix #1094), and it has no recvmmsg (rustix #1156).

#![allow(unsafe_code)]

use core::mem::size_of;

use rustix::fd::BorrowedFd;
use rustix::io::{IoSlice, IoSliceMut};

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
    let ret = unsafe {
        call(
            GET,
            fd,
            level as usize,
            name as usize,
            value as usize,
            len_ptr as usize,
        )
    };
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
    let ret = unsafe {
        call(
            SET,
            fd,
            level as usize,
            name as usize,
            ptr as usize,
            size_of::<T>(),
        )
    };
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
            SOL_SOCKET as usize,
            SO_ATTACH_REUSEPORT_CBPF as usize,
            ptr as usize,
            size_of::<sock_fprog>(),
        )
    };
    result(ret)
}

/// The data, destination and control bytes of one message to send. An
/// empty `name` sends to the connected peer.
#[derive(Clone, Copy)]
pub(crate) struct SendPart<'a> {
    pub data: &'a [u8],
    pub name: &'a [u8],
    pub control: &'a [u8],
}

/// Where one received message goes: its data, the sender's address, and
/// its control messages.
pub(crate) struct RecvPart<'a> {
    pub data: &'a mut [u8],
    pub name: &'a mut [u8],
    pub control: &'a mut [u8],
}

/// What the kernel reported for one received message: the bytes of data,
/// address and control it wrote (each at most its buffer's length: the
/// lengths are capped here, never trusted), and `msg_flags`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Filled {
    pub len: usize,
    pub name_len: usize,
    pub control_len: usize,
    pub flags: u32,
}

type MsgHdr = linux_raw_sys::net::msghdr;
type MmsgHdr = linux_raw_sys::net::mmsghdr;
// `net::iovec` is opaque in linux-raw-sys; `general::iovec` is the same
// struct with its fields.
type IoVec = linux_raw_sys::general::iovec;

/// A `msghdr` naming `iov` (`iovlen` entries), `name` and `control`. The
/// pointers are read by the kernel only, for the calls below, while the
/// borrows they come from are alive.
fn msghdr(
    iov: *mut IoVec,
    iovlen: usize,
    name: *mut u8,
    name_len: usize,
    control: *mut u8,
    control_len: usize,
) -> MsgHdr {
    MsgHdr {
        msg_name: if name_len == 0 {
            core::ptr::null_mut()
        } else {
            name.cast()
        },
        // A socket address is at most 128 bytes; a longer buffer is offered
        // as `int`'s largest, which the kernel caps at its own size.
        msg_namelen: i32::try_from(name_len).unwrap_or(i32::MAX) as _,
        msg_iov: iov.cast(),
        msg_iovlen: iovlen as _,
        msg_control: if control_len == 0 {
            core::ptr::null_mut()
        } else {
            control.cast()
        },
        msg_controllen: control_len as _,
        msg_flags: 0,
    }
}

/// The `iovec` of one buffer.
fn iovec(ptr: *mut u8, len: usize) -> IoVec {
    IoVec {
        iov_base: ptr.cast(),
        iov_len: len as _,
    }
}

/// sendmsg(2) of `bufs` to `name` (empty: the connected peer) with the
/// control messages in `control`; the number of data bytes sent.
pub(crate) fn sendmsg(
    fd: BorrowedFd<'_>,
    bufs: &[IoSlice<'_>],
    name: &[u8],
    control: &[u8],
    flags: u32,
) -> Result<usize> {
    // `IoSlice` is ABI-compatible with `struct iovec` (std's promise on
    // Unix, and rustix's own no_std type is `#[repr(transparent)]` over it).
    let msg = msghdr(
        bufs.as_ptr().cast_mut().cast(),
        bufs.len(),
        name.as_ptr().cast_mut(),
        name.len(),
        control.as_ptr().cast_mut(),
        control.len(),
    );
    let ptr: *const MsgHdr = &msg;
    // SAFETY: `msg` names `bufs` (each an iovec of live, readable memory),
    // `name` and `control`, all borrowed for this call; sendmsg(2) only
    // reads them (the `cast_mut`s are the C type's, nothing is written).
    let ret = unsafe { call(SENDMSG, fd, ptr as usize, flags as usize, 0, 0) };
    result(ret).map(|()| ret as usize)
}

/// recvmsg(2) into `bufs`, the sender's address into `name` and control
/// messages into `control`.
pub(crate) fn recvmsg(
    fd: BorrowedFd<'_>,
    bufs: &mut [IoSliceMut<'_>],
    name: &mut [u8],
    control: &mut [u8],
    flags: u32,
) -> Result<Filled> {
    // One message of a batch: recvmmsg(2) with a single header is recvmsg(2)
    // plus its `msg_len`, and keeps one path to audit.
    let mut msgs = [MmsgHdr {
        msg_hdr: msghdr(
            bufs.as_mut_ptr().cast(),
            bufs.len(),
            name.as_mut_ptr(),
            name.len(),
            control.as_mut_ptr(),
            control.len(),
        ),
        msg_len: 0,
    }];
    let n = recvmmsg_raw(fd, &mut msgs, flags, None)?;
    let [msg] = msgs;
    Ok(if n == 1 {
        filled(&msg, name.len(), control.len())
    } else {
        Filled::default()
    })
}

/// recvmmsg(2) into `parts`, each its own message; `out` gets what the
/// kernel reported for the first ones, and the count is returned.
pub(crate) fn recvmmsg<const N: usize>(
    fd: BorrowedFd<'_>,
    parts: &mut [RecvPart<'_>; N],
    out: &mut [Filled; N],
    flags: u32,
    timeout: Option<core::time::Duration>,
) -> Result<usize> {
    let mut iovs: [IoVec; N] = core::array::from_fn(|_| iovec(core::ptr::null_mut(), 0));
    for (iov, part) in iovs.iter_mut().zip(parts.iter_mut()) {
        *iov = iovec(part.data.as_mut_ptr(), part.data.len());
    }
    let mut msgs: [MmsgHdr; N] = core::array::from_fn(|_| MmsgHdr {
        msg_hdr: msghdr(
            core::ptr::null_mut(),
            0,
            core::ptr::null_mut(),
            0,
            core::ptr::null_mut(),
            0,
        ),
        msg_len: 0,
    });
    for ((msg, iov), part) in msgs.iter_mut().zip(iovs.iter_mut()).zip(parts.iter_mut()) {
        msg.msg_hdr = msghdr(
            iov,
            1,
            part.name.as_mut_ptr(),
            part.name.len(),
            part.control.as_mut_ptr(),
            part.control.len(),
        );
    }
    let n = recvmmsg_raw(fd, &mut msgs, flags, timeout)?;
    for ((o, msg), part) in out.iter_mut().zip(msgs.iter()).zip(parts.iter()).take(n) {
        *o = filled(msg, part.name.len(), part.control.len());
    }
    Ok(n)
}

/// The lengths of one message the kernel filled, each capped at its
/// buffer's (the name's may exceed it: the kernel reports the address's
/// whole length).
fn filled(msg: &MmsgHdr, name_cap: usize, control_cap: usize) -> Filled {
    Filled {
        len: msg.msg_len as usize,
        name_len: (msg.msg_hdr.msg_namelen as u32 as usize).min(name_cap),
        control_len: msg.msg_hdr.msg_controllen.min(control_cap),
        flags: msg.msg_hdr.msg_flags,
    }
}

/// The call itself, on headers built above from live borrows.
fn recvmmsg_raw(
    fd: BorrowedFd<'_>,
    msgs: &mut [MmsgHdr],
    flags: u32,
    timeout: Option<core::time::Duration>,
) -> Result<usize> {
    // The kernel's `struct timespec` of recvmmsg(2): two `long`s on every
    // architecture here (the 32-bit ones take the old 32-bit time, ample
    // for a relative timeout: seconds past `long`'s range are clamped).
    let mut ts: [isize; 2] = match timeout {
        Some(t) => [
            isize::try_from(t.as_secs()).unwrap_or(isize::MAX),
            t.subsec_nanos() as isize,
        ],
        None => [0, 0],
    };
    let ts_ptr = match timeout {
        Some(_) => (&mut ts as *mut [isize; 2]) as usize,
        None => 0,
    };
    // SAFETY: each header in `msgs` names an iovec array, an address buffer
    // and a control buffer that are live and exclusively borrowed by the
    // caller for this call, with their lengths (`msghdr`); recvmmsg(2)
    // writes at most those lengths into them, and writes the headers'
    // length fields and `msg_len`, all plain integers. `ts_ptr` is null or
    // points to a live timespec the kernel reads (and may update).
    let ret = unsafe {
        call(
            RECVMMSG,
            fd,
            msgs.as_mut_ptr() as usize,
            msgs.len(),
            flags as usize,
            ts_ptr,
        )
    };
    result(ret).map(|()| (ret as usize).min(msgs.len()))
}

/// sendmmsg(2) of `parts`, one message each; how many the kernel sent
/// (at least one, or an error).
pub(crate) fn sendmmsg<const N: usize>(
    fd: BorrowedFd<'_>,
    parts: &[SendPart<'_>],
    flags: u32,
) -> Result<usize> {
    let mut iovs: [IoVec; N] = core::array::from_fn(|_| iovec(core::ptr::null_mut(), 0));
    for (iov, part) in iovs.iter_mut().zip(parts) {
        *iov = iovec(part.data.as_ptr().cast_mut(), part.data.len());
    }
    let mut msgs: [MmsgHdr; N] = core::array::from_fn(|_| MmsgHdr {
        msg_hdr: msghdr(
            core::ptr::null_mut(),
            0,
            core::ptr::null_mut(),
            0,
            core::ptr::null_mut(),
            0,
        ),
        msg_len: 0,
    });
    for ((msg, iov), part) in msgs.iter_mut().zip(iovs.iter_mut()).zip(parts) {
        msg.msg_hdr = msghdr(
            iov,
            1,
            part.name.as_ptr().cast_mut(),
            part.name.len(),
            part.control.as_ptr().cast_mut(),
            part.control.len(),
        );
    }
    let count = parts.len().min(N);
    // SAFETY: the first `count` headers name live iovecs, addresses and
    // control bytes borrowed from `parts` for this call; sendmmsg(2) reads
    // those and writes only each header's `msg_len`.
    let ret = unsafe {
        call(
            SENDMMSG,
            fd,
            msgs.as_mut_ptr() as usize,
            count,
            flags as usize,
            0,
        )
    };
    result(ret).map(|()| (ret as usize).min(count))
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
const SENDMSG: Call = Call {
    nr: linux_raw_sys::general::__NR_sendmsg,
    socketcall: linux_raw_sys::net::SYS_SENDMSG,
};
const RECVMMSG: Call = Call {
    nr: linux_raw_sys::general::__NR_recvmmsg,
    socketcall: linux_raw_sys::net::SYS_RECVMMSG,
};
const SENDMMSG: Call = Call {
    nr: linux_raw_sys::general::__NR_sendmmsg,
    socketcall: linux_raw_sys::net::SYS_SENDMMSG,
};

/// `call(fd, a1, a2, a3, a4)` as a system call; the raw return value.
/// Calls of fewer arguments pass zeros for the rest, which the kernel does
/// not read.
///
/// # Safety
/// `a1` to `a4` must be what the call expects (see each caller): pointers
/// to live memory of the lengths stated.
#[inline]
unsafe fn call(
    which: Call,
    fd: BorrowedFd<'_>,
    a1: usize,
    a2: usize,
    a3: usize,
    a4: usize,
) -> isize {
    use rustix::fd::AsRawFd;
    // Registers are `usize`: a non-negative fd widens.
    let fd = fd.as_raw_fd() as usize;
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
            in("rsi") a1,
            in("rdx") a2,
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
        let args: [usize; 5] = [fd, a1, a2, a3, a4];
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
            in("x1") a1,
            in("x2") a2,
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
            in("a1") a1,
            in("a2") a2,
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
            in("r1") a1,
            in("r2") a2,
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
            in("r3") a1,
            in("r4") a2,
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
        let _ = (which, fd, a1, a2, a3, a4);
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
