//! `SO_RCVTIMEO` and `SO_SNDTIMEO`: read without trusting the length of the
//! answer, and set with the fraction rounded up and carried.
//
// The setter: rustix up to 1.1.4 (which programs started by origin 0.26
// must use) rounds a `Duration` up to whole microseconds without carrying
// into the seconds, so a fraction over 0.999999 s becomes `tv_usec =
// 1_000_000`, which the kernel refuses with `EDOM`. baresock encodes the
// `timeval` itself and sets it through `crate::sys`, as rustix 1.1.5 does:
// `_NEW` first, `_OLD` where the kernel lacks `_NEW` (`ENOPROTOOPT`).
//
// rustix's `socket_timeout` asks for `SO_RCVTIMEO_NEW` (a 16-byte
// `__kernel_sock_timeval`) and asserts that the answer is exactly that long.
// Linux keeps to it on every architecture: it answers `_NEW` with 16 bytes,
// and a kernel older than 5.1, which lacks `_NEW`, fails with `ENOPROTOOPT`
// (rustix then asks for `_OLD`, whose answer is its own struct's length).
// qemu-user (7.2; https://gitlab.com/qemu-project/qemu/-/issues/885) does
// not know `_NEW`: it passes it to the host as an `int` option and answers
// 4 bytes, and rustix's assert panics.
//
// So baresock makes this getsockopt(2) itself (`crate::sys`) and checks the
// length. On a short answer, or `ENOPROTOOPT`, it asks for `_OLD`, which
// qemu translates. An answer of any other length is `ENOPROTOOPT` (what an
// emulator that knew its limits would answer) and a `timeval` out of range
// is `EDOM`: no answer makes it panic. On an architecture without the raw
// call (`sys::SUPPORTED`) the getter is rustix's, which cannot panic on
// Linux for the reason above.

use core::time::Duration;

use linux_raw_sys::general::{__kernel_old_timeval, __kernel_sock_timeval};
use linux_raw_sys::net::{
    SOL_SOCKET, SO_RCVTIMEO_NEW, SO_RCVTIMEO_OLD, SO_SNDTIMEO_NEW, SO_SNDTIMEO_OLD,
};
use rustix::fd::BorrowedFd;
use rustix::net::sockopt::Timeout;

use crate::{sys, Error, Result};

/// The kernel's `SO_RCVTIMEO` (`Timeout::Recv`) or `SO_SNDTIMEO`
/// (`Timeout::Send`); `None` for no timeout.
pub(super) fn socket_timeout(fd: BorrowedFd<'_>, which: Timeout) -> Result<Option<Duration>> {
    if !sys::SUPPORTED {
        return Ok(rustix::net::sockopt::socket_timeout(fd, which)?);
    }
    let (new, old) = match which {
        Timeout::Recv => (SO_RCVTIMEO_NEW, SO_RCVTIMEO_OLD),
        Timeout::Send => (SO_SNDTIMEO_NEW, SO_SNDTIMEO_OLD),
    };
    let zero = __kernel_sock_timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    match sys::get_exact(fd, SOL_SOCKET, new, zero) {
        Ok(tv) => return decode(tv.tv_sec, tv.tv_usec),
        // A short answer (qemu-user), or no `_NEW` option (Linux before 5.1).
        Err(Error::NoProtoOpt) => {}
        Err(other) => return Err(other),
    }
    let zero = __kernel_old_timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    let tv = sys::get_exact(fd, SOL_SOCKET, old, zero)?;
    // `long` is 32 bits on the 32-bit targets, where the conversion is not
    // useless.
    #[allow(clippy::useless_conversion)]
    decode(i64::from(tv.tv_sec), i64::from(tv.tv_usec))
}

/// Sets the kernel's `SO_RCVTIMEO` (`Timeout::Recv`) or `SO_SNDTIMEO`
/// (`Timeout::Send`); `None` for no timeout, `Some(Duration::ZERO)`
/// refused with `EINVAL` (the kernel would read it as "no timeout").
pub(super) fn set_socket_timeout(
    fd: BorrowedFd<'_>,
    which: Timeout,
    timeout: Option<Duration>,
) -> Result<()> {
    if !sys::SUPPORTED {
        return Ok(rustix::net::sockopt::set_socket_timeout(
            fd, which, timeout,
        )?);
    }
    let (sec, usec) = match timeout {
        None => (0, 0),
        Some(t) if t.is_zero() => return Err(Error::Inval),
        Some(t) => encode(t),
    };
    let (new, old) = match which {
        Timeout::Recv => (SO_RCVTIMEO_NEW, SO_RCVTIMEO_OLD),
        Timeout::Send => (SO_SNDTIMEO_NEW, SO_SNDTIMEO_OLD),
    };
    let tv = __kernel_sock_timeval {
        tv_sec: sec,
        tv_usec: usec,
    };
    match sys::setsockopt(fd, SOL_SOCKET, new, &tv) {
        // No `_NEW` option: Linux before 5.1. (`_NEW` and `_OLD` are one
        // option on 64-bit targets, but only on some.)
        Err(Error::NoProtoOpt) if new != old => {}
        otherwise => return otherwise,
    }
    // `long` is 32 bits on the 32-bit targets: saturate the seconds there
    // (68 years), as rustix does.
    #[allow(clippy::useless_conversion, clippy::unnecessary_fallible_conversions)]
    let tv = __kernel_old_timeval {
        tv_sec: sec.try_into().unwrap_or(linux_raw_sys::ctypes::c_long::MAX),
        // Below 1,000,000: fits any `long`.
        tv_usec: usec as linux_raw_sys::ctypes::c_long,
    };
    sys::setsockopt(fd, SOL_SOCKET, old, &tv)
}

/// A non-zero `Duration` as a `timeval`: whole microseconds, rounded up
/// (a timeout never shortens, and never becomes zero, "no timeout"), a
/// fraction that rounds to a whole second carried into the seconds, and
/// seconds past `i64::MAX` saturated.
fn encode(t: Duration) -> (i64, i64) {
    let usec = t.subsec_nanos().div_ceil(1000);
    let (sec, usec) = if usec == 1_000_000 {
        (t.as_secs().saturating_add(1), 0)
    } else {
        (t.as_secs(), usec)
    };
    (i64::try_from(sec).unwrap_or(i64::MAX), i64::from(usec))
}

/// A timeout as the kernel states it (seconds and microseconds; both zero
/// for none), or [`Error::Dom`](crate::Error::Dom) for a `timeval` no
/// kernel writes.
fn decode(sec: i64, usec: i64) -> Result<Option<Duration>> {
    if sec == 0 && usec == 0 {
        return Ok(None);
    }
    match (u64::try_from(sec), u64::try_from(usec)) {
        (Ok(sec), Ok(usec)) if usec < 1_000_000 => Ok(Some(
            Duration::from_secs(sec).saturating_add(Duration::from_micros(usec)),
        )),
        _ => Err(Error::Dom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_rounds_up_and_carries() {
        assert_eq!(encode(Duration::from_nanos(1)), (0, 1));
        assert_eq!(encode(Duration::from_millis(1500)), (1, 500_000));
        assert_eq!(encode(Duration::new(4, 999_999_001)), (5, 0));
        assert_eq!(encode(Duration::new(4, 999_999_000)), (4, 999_999));
        assert_eq!(encode(Duration::MAX), (i64::MAX, 0));
        assert_eq!(
            encode(Duration::new(i64::MAX as u64, 999_999_999)),
            (i64::MAX, 0)
        );
    }

    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn a_fraction_that_rounds_to_a_second_is_carried() {
        use rustix::fd::AsFd;
        let sock = crate::Socket::new(crate::Domain::INET, crate::Type::DGRAM, None).unwrap();
        let fd = sock.as_fd();
        // rustix up to 1.1.4 sent tv_usec 1,000,000 here, and got EDOM.
        set_socket_timeout(fd, Timeout::Recv, Some(Duration::from_nanos(4_999_999_500))).unwrap();
        assert_eq!(
            socket_timeout(fd, Timeout::Recv),
            Ok(Some(Duration::from_secs(5)))
        );
        assert_eq!(
            set_socket_timeout(fd, Timeout::Send, Some(Duration::ZERO)),
            Err(Error::Inval)
        );
        set_socket_timeout(fd, Timeout::Recv, None).unwrap();
        assert_eq!(socket_timeout(fd, Timeout::Recv), Ok(None));
    }

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
    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn the_old_option_answers_the_same() {
        use rustix::fd::AsFd;
        use rustix::net::sockopt::set_socket_timeout;
        let sock = crate::Socket::new(crate::Domain::INET, crate::Type::STREAM, None).unwrap();
        let fd = sock.as_fd();
        set_socket_timeout(fd, Timeout::Recv, Some(Duration::from_millis(2500))).unwrap();
        let zero = __kernel_old_timeval {
            tv_sec: 0,
            tv_usec: 0,
        };
        let tv = sys::get_exact(fd, SOL_SOCKET, SO_RCVTIMEO_OLD, zero).unwrap();
        assert_eq!((tv.tv_sec, tv.tv_usec), (2, 500_000));
    }
}
