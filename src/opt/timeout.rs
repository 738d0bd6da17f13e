//! Reading `SO_RCVTIMEO` and `SO_SNDTIMEO` without trusting the length of
//! the answer.
//!
//! rustix's `socket_timeout` asks for `SO_RCVTIMEO_NEW` (a 16-byte
//! `__kernel_sock_timeval`) and asserts that the answer is exactly that long.
//! Linux keeps to it on every architecture: it answers `_NEW` with 16 bytes,
//! and a kernel older than 5.1, which lacks `_NEW`, fails with `ENOPROTOOPT`
//! (rustix then asks for `_OLD`, whose answer is its own struct's length).
//! qemu-user (7.2, its issue 885) does not know `_NEW`: it passes it to the
//! host as an `int` option and answers 4 bytes, and rustix's assert panics.
//!
//! So baresock makes this one getsockopt(2) itself and checks the length. On
//! a short answer, or `ENOPROTOOPT`, it asks for `_OLD`, which qemu
//! translates. An answer of any other length is [`Error::NoProtoOpt`] (what
//! an emulator that knew its limits would answer) and a `timeval` out of
//! range is [`Error::Dom`]: no answer makes it panic.
//!
//! The call is made by inline assembly on the five architectures where CI
//! runs rustix's `linux_raw` backend: x86_64, aarch64, riscv64, 32-bit ARM,
//! and i686 through socketcall(2), as rustix makes every socket call there.
//! Elsewhere the getter is rustix's, which cannot panic on Linux for the
//! reason above (on s390x, the sixth target of CI, rustix takes its libc
//! backend, whose `SO_RCVTIMEO` qemu translates).

use core::time::Duration;

use rustix::fd::BorrowedFd;
use rustix::net::sockopt::Timeout;

#[cfg(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    target_arch = "riscv64",
    target_arch = "arm",
))]
use crate::Error;
use crate::Result;

/// The kernel's `SO_RCVTIMEO` (`Timeout::Recv`) or `SO_SNDTIMEO`
/// (`Timeout::Send`); `None` for no timeout.
#[cfg(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    target_arch = "riscv64",
    target_arch = "arm",
))]
pub(super) fn socket_timeout(fd: BorrowedFd<'_>, which: Timeout) -> Result<Option<Duration>> {
    use core::mem::size_of;
    use linux_raw_sys::general::{__kernel_old_timeval, __kernel_sock_timeval};
    use linux_raw_sys::net::{SO_RCVTIMEO_NEW, SO_RCVTIMEO_OLD, SO_SNDTIMEO_NEW, SO_SNDTIMEO_OLD};

    let (new, old) = match which {
        Timeout::Recv => (SO_RCVTIMEO_NEW, SO_RCVTIMEO_OLD),
        Timeout::Send => (SO_SNDTIMEO_NEW, SO_SNDTIMEO_OLD),
    };
    let mut tv = __kernel_sock_timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    match raw::getsockopt(fd, new, &mut tv) {
        Ok(len) if len == size_of::<__kernel_sock_timeval>() => {
            return decode(tv.tv_sec, tv.tv_usec);
        }
        // A short answer (qemu-user), or no `_NEW` option (Linux before 5.1).
        Ok(_) | Err(Error::NoProtoOpt) => {}
        Err(other) => return Err(other),
    }
    let mut tv = __kernel_old_timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    match raw::getsockopt(fd, old, &mut tv)? {
        // `long` is 32 bits on the 32-bit targets, where the conversion is
        // not useless.
        #[allow(clippy::useless_conversion)]
        len if len == size_of::<__kernel_old_timeval>() => {
            decode(i64::from(tv.tv_sec), i64::from(tv.tv_usec))
        }
        _ => Err(Error::NoProtoOpt),
    }
}

/// rustix's getter, on the architectures without a call of our own here:
/// on Linux it cannot panic (see the module doc).
#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    target_arch = "riscv64",
    target_arch = "arm",
)))]
pub(super) fn socket_timeout(fd: BorrowedFd<'_>, which: Timeout) -> Result<Option<Duration>> {
    Ok(rustix::net::sockopt::socket_timeout(fd, which)?)
}

/// A timeout as the kernel states it (seconds and microseconds; both zero
/// for none), or [`Error::Dom`](crate::Error::Dom) for a `timeval` no
/// kernel writes.
#[cfg_attr(
    not(any(
        test,
        target_arch = "x86_64",
        target_arch = "x86",
        target_arch = "aarch64",
        target_arch = "riscv64",
        target_arch = "arm",
    )),
    allow(dead_code)
)]
fn decode(sec: i64, usec: i64) -> Result<Option<Duration>> {
    if sec == 0 && usec == 0 {
        return Ok(None);
    }
    match (u64::try_from(sec), u64::try_from(usec)) {
        (Ok(sec), Ok(usec)) if usec < 1_000_000 => Ok(Some(
            Duration::from_secs(sec).saturating_add(Duration::from_micros(usec)),
        )),
        _ => Err(crate::Error::Dom),
    }
}

/// The getsockopt(2) system call at `SOL_SOCKET`, for the two `timeval`
/// structs only.
#[cfg(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    target_arch = "riscv64",
    target_arch = "arm",
))]
#[allow(unsafe_code)]
mod raw {
    use core::arch::asm;
    use core::mem::size_of;

    use linux_raw_sys::general::{__kernel_old_timeval, __kernel_sock_timeval};
    use linux_raw_sys::net::SOL_SOCKET;
    use rustix::fd::{AsRawFd, BorrowedFd};

    use crate::{Error, Result};

    /// A struct of integer fields only, which any bytes leave valid.
    pub(super) trait Plain: Copy {}
    impl Plain for __kernel_sock_timeval {}
    impl Plain for __kernel_old_timeval {}

    /// `getsockopt(fd, SOL_SOCKET, name, value, &len)` with `len` the size of
    /// `T`; returns `len` as the kernel (or an emulator) left it.
    pub(super) fn getsockopt<T: Plain>(
        fd: BorrowedFd<'_>,
        name: u32,
        value: &mut T,
    ) -> Result<usize> {
        // 16 or 8 bytes: no truncation.
        let mut len = size_of::<T>() as u32;
        let fd = fd.as_raw_fd() as usize;
        let (level, name) = (SOL_SOCKET as usize, name as usize);
        let value: *mut T = value;
        let len_ptr: *mut u32 = &mut len;
        let ret: isize;

        // SAFETY (this block and each one below): `value` points to a live,
        // exclusively borrowed `T` of `len` bytes and `len_ptr` to a live
        // `u32`. The kernel writes at most `len` bytes to the first
        // (getsockopt(2)) and the answer's length to the second, and any
        // bytes are a valid `T` (`Plain`). The asm touches no other memory
        // (but the socketcall argument array on i686, which it only reads),
        // and clobbers only the registers named: the system-call ABI of each
        // architecture.
        #[cfg(target_arch = "x86_64")]
        unsafe {
            asm!(
                "syscall",
                inlateout("rax") linux_raw_sys::general::__NR_getsockopt as isize => ret,
                in("rdi") fd,
                in("rsi") level,
                in("rdx") name,
                in("r10") value,
                in("r8") len_ptr,
                lateout("rcx") _,
                lateout("r11") _,
                options(nostack, preserves_flags),
            );
        }
        // On i686 every socket call goes through socketcall(2), with its
        // arguments in memory, as rustix makes them.
        #[cfg(target_arch = "x86")]
        // SAFETY: as for x86_64 above.
        unsafe {
            let args: [usize; 5] = [fd, level, name, value as usize, len_ptr as usize];
            asm!(
                "int $$0x80",
                inlateout("eax") linux_raw_sys::general::__NR_socketcall as isize => ret,
                in("ebx") linux_raw_sys::net::SYS_GETSOCKOPT as usize,
                in("ecx") args.as_ptr(),
                options(nostack, preserves_flags),
            );
        }
        #[cfg(target_arch = "aarch64")]
        // SAFETY: as for x86_64 above.
        unsafe {
            asm!(
                "svc 0",
                in("x8") linux_raw_sys::general::__NR_getsockopt as usize,
                inlateout("x0") fd as isize => ret,
                in("x1") level,
                in("x2") name,
                in("x3") value,
                in("x4") len_ptr,
                options(nostack, preserves_flags),
            );
        }
        // The kernel may clobber the vector registers across a system call.
        #[cfg(target_arch = "riscv64")]
        // SAFETY: as for x86_64 above.
        unsafe {
            asm!(
                "ecall",
                in("a7") linux_raw_sys::general::__NR_getsockopt as usize,
                inlateout("a0") fd as isize => ret,
                in("a1") level,
                in("a2") name,
                in("a3") value,
                in("a4") len_ptr,
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
        // SAFETY: as for x86_64 above.
        unsafe {
            asm!(
                "mov {saved}, r7",
                "mov r7, {nr}",
                "svc 0",
                "mov r7, {saved}",
                nr = in(reg) linux_raw_sys::general::__NR_getsockopt as usize,
                saved = out(reg) _,
                inlateout("r0") fd as isize => ret,
                in("r1") level,
                in("r2") name,
                in("r3") value,
                in("r4") len_ptr,
                options(nostack, preserves_flags),
            );
        }

        // The kernel returns -errno in [-4095, -1].
        if (-4095..0).contains(&ret) {
            Err(Error::from_raw_os_error(-ret as i32))
        } else {
            Ok(len as usize)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn zero_is_no_timeout() {
        assert_eq!(decode(0, 0), Ok(None));
    }

    #[test]
    fn seconds_and_microseconds_make_the_duration() {
        assert_eq!(decode(1, 500_000), Ok(Some(Duration::from_millis(1500))));
        assert_eq!(decode(0, 1), Ok(Some(Duration::from_micros(1))));
        assert_eq!(
            decode(i64::MAX, 999_999),
            Ok(Some(Duration::new(i64::MAX as u64, 999_999_000)))
        );
    }

    #[test]
    fn a_timeval_no_kernel_writes_is_dom_not_a_panic() {
        for (sec, usec) in [
            (-1, 0),
            (0, -1),
            (0, 1_000_000),
            (1, i64::MAX),
            (i64::MIN, i64::MIN),
        ] {
            assert_eq!(decode(sec, usec), Err(Error::Dom), "{sec} s {usec} us");
        }
    }

    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn reads_back_what_rustix_set() {
        use rustix::fd::AsFd;
        use rustix::net::sockopt::set_socket_timeout;
        let sock = crate::Socket::new(crate::Domain::INET, crate::Type::DGRAM, None).unwrap();
        let fd = sock.as_fd();
        assert_eq!(socket_timeout(fd, Timeout::Recv), Ok(None));
        set_socket_timeout(fd, Timeout::Recv, Some(Duration::from_millis(1500))).unwrap();
        set_socket_timeout(fd, Timeout::Send, Some(Duration::from_secs(3))).unwrap();
        assert_eq!(
            socket_timeout(fd, Timeout::Recv),
            Ok(Some(Duration::from_millis(1500)))
        );
        assert_eq!(
            socket_timeout(fd, Timeout::Send),
            Ok(Some(Duration::from_secs(3)))
        );
    }

    /// The `_OLD` option, which the getter falls back to, answers with its
    /// full struct and the same value (natively the `_NEW` answer is used,
    /// so this is the only native test of the fallback's decoding).
    #[cfg(any(
        target_arch = "x86_64",
        target_arch = "x86",
        target_arch = "aarch64",
        target_arch = "riscv64",
        target_arch = "arm",
    ))]
    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn the_old_option_answers_the_same() {
        use core::mem::size_of;
        use linux_raw_sys::general::__kernel_old_timeval;
        use rustix::fd::AsFd;
        use rustix::net::sockopt::set_socket_timeout;
        let sock = crate::Socket::new(crate::Domain::INET, crate::Type::STREAM, None).unwrap();
        let fd = sock.as_fd();
        set_socket_timeout(fd, Timeout::Recv, Some(Duration::from_millis(2500))).unwrap();
        let mut tv = __kernel_old_timeval {
            tv_sec: 0,
            tv_usec: 0,
        };
        let len = raw::getsockopt(fd, linux_raw_sys::net::SO_RCVTIMEO_OLD, &mut tv).unwrap();
        assert_eq!(len, size_of::<__kernel_old_timeval>());
        assert_eq!((tv.tv_sec, tv.tv_usec), (2, 500_000));
    }
}
