//! Errors: fixed-size enums with no heap data.
//!
//! [`Error`] names every errno that the man pages of the calls baresock
//! issues list, and keeps any other errno in [`Error::Other`]. It is at most
//! 4 bytes (asserted below), so returning it costs a register.
//!
//! # Naming
//!
//! One rule, so a variant can be guessed from the man page: a variant is
//! rustix's [`Errno`] constant for its errno (the errno's name without the
//! leading `E`), in CamelCase at its words: `EAGAIN` is [`Error::Again`],
//! `EINVAL` [`Error::Inval`], `EMFILE` [`Error::MFile`], `EADDRINUSE`
//! [`Error::AddrInUse`]. Each variant has the errno's name as a doc alias,
//! and std's `io::ErrorKind` name where that differs (search "WouldBlock").
//!
//! # References
//! - [errno(3)](https://man7.org/linux/man-pages/man3/errno.3.html)

use core::fmt;
use rustix::io::Errno;

use crate::ParseError;

/// Errno numbers on Linux run from 1 to 133 (`EHWPOISON`); the lookup table
/// of [`Error::from_errno`] has a slot for each.
const ERRNO_TABLE_LEN: usize = 134;

/// Declares [`Error`] from one table, so the variant, its errno and its text
/// can never drift apart.
macro_rules! errors {
    ($( $(#[$meta:meta])* $variant:ident = $errno:ident $name:literal, $text:literal; )*) => {
        /// A failed system call, by errno.
        ///
        /// Each errno that the man pages of the calls baresock issues list has
        /// a variant named after it; [`Error::Other`] keeps any other errno.
        /// `EAGAIN` and `EWOULDBLOCK` are one value on Linux, as are `ENOTSUP`
        /// and `EOPNOTSUPP`: each is one variant here.
        ///
        /// # Example
        ///
        /// ```
        /// use baresock::{Error, SockAddrIn, Socket, Domain, Type};
        /// use core::net::Ipv4Addr;
        ///
        /// let first = Socket::new(Domain::INET, Type::STREAM, None)?;
        /// first.bind(&SockAddrIn::new(Ipv4Addr::LOCALHOST, 0))?;
        /// let taken = first.local_addr()?;
        ///
        /// let second = Socket::new(Domain::INET, Type::STREAM, None)?;
        /// assert_eq!(second.bind(&taken), Err(Error::AddrInUse));
        /// assert_eq!(Error::AddrInUse.raw_os_error(), 98);
        /// # Ok::<(), Error>(())
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Error {
            $(
                #[doc = concat!("`", $name, "`: ", $text, ".")]
                #[doc(alias = $name)]
                $(#[$meta])*
                $variant,
            )*
            /// Any errno without a variant of its own: an [`OtherErrno`],
            /// which can hold only such an errno, so every conversion of
            /// an `Error` is exact and none can panic.
            Other(OtherErrno),
        }

        /// Every named errno's variant, indexed by the errno's number.
        // Built at compile time: the bound check's `panic!` and the index are
        // evaluated by the compiler, so a bad errno is a build error, never a
        // run-time one.
        #[allow(clippy::panic, clippy::indexing_slicing)]
        const BY_ERRNO: [Option<Error>; ERRNO_TABLE_LEN] = {
            let mut table = [None; ERRNO_TABLE_LEN];
            $(
                let at = Errno::$errno.raw_os_error() as usize;
                if at >= ERRNO_TABLE_LEN {
                    panic!("an errno beyond ERRNO_TABLE_LEN");
                }
                table[at] = Some(Error::$variant);
            )*
            table
        };

        /// Every named variant with its errno, for the tests of the table.
        #[cfg(test)]
        const NAMED: &[(Error, Errno)] = &[$( (Error::$variant, Errno::$errno), )*];

        impl Error {
            /// Classifies an errno returned by rustix.
            ///
            /// ```
            /// use baresock::Error;
            /// use rustix::io::Errno;
            /// assert_eq!(Error::from_errno(Errno::NOTSOCK), Error::NotSock);
            /// ```
            #[must_use]
            #[inline]
            pub fn from_errno(errno: Errno) -> Self {
                let raw = errno.raw_os_error();
                // A table lookup rather than a `match`: small enough to
                // inline into every wrapper without a call, so a failed
                // system call's branch clobbers no registers and the success
                // path compiles to what rustix alone compiles to
                // (BENCHMARKS.md, "Syscall path").
                match usize::try_from(raw).ok().and_then(|i| BY_ERRNO.get(i)) {
                    Some(Some(named)) => *named,
                    // rustix's `Errno` holds 1 to 4095, which fit a u16.
                    _ => Self::Other(OtherErrno(raw as u16)),
                }
            }

            /// The errno this error stands for, as rustix's type.
            ///
            /// ```
            /// use baresock::Error;
            /// assert_eq!(Error::Inval.errno(), rustix::io::Errno::INVAL);
            /// ```
            #[must_use]
            pub fn errno(self) -> Errno {
                match self {
                    $( Self::$variant => Errno::$errno, )*
                    // 1 to 4095 by `OtherErrno`'s invariant: rustix's
                    // range, so its assertion holds.
                    Self::Other(other) => Errno::from_raw_os_error(other.raw_os_error()),
                }
            }

            /// What the man pages say the errno means, in a few words.
            ///
            /// ```
            /// assert_eq!(baresock::Error::NotSock.as_str(), "not a socket");
            /// ```
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $text, )*
                    Self::Other(_) => "other errno",
                }
            }

            /// The errno's symbolic name, `"E?"` for [`Error::Other`].
            ///
            /// ```
            /// assert_eq!(baresock::Error::AddrInUse.errno_name(), "EADDRINUSE");
            /// ```
            #[must_use]
            pub const fn errno_name(self) -> &'static str {
                match self {
                    $( Self::$variant => $name, )*
                    Self::Other(_) => "E?",
                }
            }
        }
    };
}

errors! {
    #[doc(alias = "PermissionDenied")]
    Access = ACCESS "EACCES", "permission denied";
    AddrInUse = ADDRINUSE "EADDRINUSE", "address already in use";
    AddrNotAvail = ADDRNOTAVAIL "EADDRNOTAVAIL", "address not available";
    AfNoSupport = AFNOSUPPORT "EAFNOSUPPORT", "address family not supported";
    /// Also `EWOULDBLOCK`: the operation would block on a non-blocking
    /// socket, or a timeout set with `SO_RCVTIMEO`/`SO_SNDTIMEO` expired.
    #[doc(alias = "EWOULDBLOCK", alias = "WouldBlock")]
    Again = AGAIN "EAGAIN", "operation would block";
    Already = ALREADY "EALREADY", "connection already in progress";
    BadF = BADF "EBADF", "bad file descriptor";
    #[doc(alias = "ConnectionAborted")]
    ConnAborted = CONNABORTED "ECONNABORTED", "connection aborted";
    #[doc(alias = "ConnectionRefused")]
    ConnRefused = CONNREFUSED "ECONNREFUSED", "connection refused";
    #[doc(alias = "ConnectionReset")]
    ConnReset = CONNRESET "ECONNRESET", "connection reset by peer";
    DestAddrReq = DESTADDRREQ "EDESTADDRREQ", "destination address required";
    /// The kernel's answer to a `timeval` out of range (`SO_RCVTIMEO`,
    /// `SO_SNDTIMEO`).
    Dom = DOM "EDOM", "numerical argument out of domain";
    Fault = FAULT "EFAULT", "bad address";
    HostDown = HOSTDOWN "EHOSTDOWN", "host is down";
    HostUnreach = HOSTUNREACH "EHOSTUNREACH", "no route to host";
    /// Not from the kernel: an interface name that is not UTF-8 (the
    /// interface-name zone calls).
    // rustix returns it when it converts the name the kernel gave.
    IlSeq = ILSEQ "EILSEQ", "invalid or incomplete multibyte or wide character";
    InProgress = INPROGRESS "EINPROGRESS", "operation in progress";
    /// From a UDP send with a GSO segment size on a device that cannot
    /// offload its checksums (udp(7)): send the segments one by one
    /// ([`Socket::send_segments_to`](crate::Socket::send_segments_to) does).
    Io = IO "EIO", "input/output error";
    #[doc(alias = "Interrupted")]
    Intr = INTR "EINTR", "interrupted system call";
    #[doc(alias = "InvalidInput")]
    Inval = INVAL "EINVAL", "invalid argument";
    IsConn = ISCONN "EISCONN", "socket is already connected";
    Loop = LOOP "ELOOP", "too many levels of symbolic links";
    MsgSize = MSGSIZE "EMSGSIZE", "message too long";
    MFile = MFILE "EMFILE", "too many open files in this process";
    NameTooLong = NAMETOOLONG "ENAMETOOLONG", "file name too long";
    NetDown = NETDOWN "ENETDOWN", "network is down";
    NetUnreach = NETUNREACH "ENETUNREACH", "network is unreachable";
    NFile = NFILE "ENFILE", "too many open files in the system";
    NoBufs = NOBUFS "ENOBUFS", "no buffer space available";
    /// No interface of that index or address (multicast membership,
    /// ipv6(7)).
    NoDev = NODEV "ENODEV", "no such device";
    #[doc(alias = "NotFound")]
    NoEnt = NOENT "ENOENT", "no such file or directory";
    NoMem = NOMEM "ENOMEM", "out of memory";
    NoNet = NONET "ENONET", "machine is not on the network";
    /// ip(7): a kernel subsystem was not configured.
    NoPkg = NOPKG "ENOPKG", "kernel subsystem not configured";
    NoProtoOpt = NOPROTOOPT "ENOPROTOOPT", "protocol not available";
    #[doc(alias = "NotConnected")]
    NotConn = NOTCONN "ENOTCONN", "socket is not connected";
    NotDir = NOTDIR "ENOTDIR", "not a directory";
    NotSock = NOTSOCK "ENOTSOCK", "not a socket";
    /// ioctl(2) on a descriptor that is not a socket, for the netdevice(7)
    /// requests.
    NoTty = NOTTY "ENOTTY", "inappropriate ioctl for device";
    /// Also `ENOTSUP`.
    OpNotSupp = OPNOTSUPP "EOPNOTSUPP", "operation not supported";
    Perm = PERM "EPERM", "operation not permitted";
    #[doc(alias = "BrokenPipe")]
    Pipe = PIPE "EPIPE", "broken pipe";
    Proto = PROTO "EPROTO", "protocol error";
    ProtoNoSupport = PROTONOSUPPORT "EPROTONOSUPPORT", "protocol not supported";
    ProtoType = PROTOTYPE "EPROTOTYPE", "protocol wrong type for socket";
    #[doc(alias = "ReadOnlyFilesystem")]
    RoFs = ROFS "EROFS", "read-only file system";
    SockTNoSupport = SOCKTNOSUPPORT "ESOCKTNOSUPPORT", "socket type not supported";
    /// From sendmsg(2) with `SCM_CREDENTIALS` naming a process that does not
    /// exist, when the sender may name any (`CAP_SYS_ADMIN`); without that
    /// privilege a pid other than the sender's own is [`Error::Perm`].
    Srch = SRCH "ESRCH", "no such process";
    TimedOut = TIMEDOUT "ETIMEDOUT", "connection timed out";
    /// From sendmsg(2) with `SCM_RIGHTS`: more descriptors are in flight
    /// (sent, not yet received) than the sender's `RLIMIT_NOFILE`, without
    /// `CAP_SYS_RESOURCE` (unix(7), since Linux 4.5).
    TooManyRefs = TOOMANYREFS "ETOOMANYREFS", "too many descriptors in flight";
}

static_assertions::const_assert!(core::mem::size_of::<Error>() <= 4);
static_assertions::const_assert!(core::mem::size_of::<Option<Error>>() <= 4);

/// Linux's errnos are 1 to 4095: the kernel returns -4095 to -1.
const MAX_ERRNO: i32 = 4095;

/// An errno that has no variant of its own in [`Error`]: a number from 1
/// to 4095 (Linux's range) that is none of the named ones.
///
/// It can hold nothing else, so [`Error::Other`] is always an errno a
/// system call could have returned and the conversions of an `Error`
/// (to rustix's `Errno`, to `std::io::Error`, to a number) are exact.
///
/// ```
/// use baresock::{Error, OtherErrno};
/// let e = Error::from_raw_os_error(200);
/// assert_eq!(e, Error::Other(OtherErrno::new(200).unwrap()));
/// assert_eq!(e.raw_os_error(), 200);
/// assert_eq!(OtherErrno::new(98), None, "EADDRINUSE is Error::AddrInUse");
/// assert_eq!(OtherErrno::new(0), None, "not an errno");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct OtherErrno(
    // Invariant: 1..=4095 and no named errno.
    u16,
);

impl OtherErrno {
    /// `raw` if it is an errno (1 to 4095) without a variant of its own.
    ///
    /// ```
    /// assert!(baresock::OtherErrno::new(200).is_some());
    /// assert!(baresock::OtherErrno::new(11).is_none()); // EAGAIN: Error::Again
    /// ```
    #[must_use]
    pub const fn new(raw: i32) -> Option<Self> {
        if raw < 1 || raw > MAX_ERRNO {
            return None;
        }
        // Indexed only below the table's length, checked first.
        #[allow(clippy::indexing_slicing)]
        let named = (raw as usize) < ERRNO_TABLE_LEN && BY_ERRNO[raw as usize].is_some();
        if named {
            None
        } else {
            Some(Self(raw as u16))
        }
    }

    /// The errno's number, 1 to 4095.
    ///
    /// ```
    /// assert_eq!(baresock::OtherErrno::new(200).map(|e| e.raw_os_error()), Some(200));
    /// ```
    #[must_use]
    pub const fn raw_os_error(self) -> i32 {
        self.0 as i32
    }
}

impl fmt::Debug for OtherErrno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OtherErrno({})", self.0)
    }
}

impl fmt::Display for OtherErrno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "errno {}", self.0)
    }
}

impl Error {
    /// Classifies a raw errno value as the kernel returns it (positive).
    ///
    /// A value that is no errno, outside Linux's 1 to 4095 (0, a negative
    /// number, a large one), has nothing to keep and is [`Error::Inval`]:
    /// an invalid argument to this call.
    ///
    /// ```
    /// use baresock::{Error, OtherErrno};
    /// assert_eq!(Error::from_raw_os_error(111), Error::ConnRefused);
    /// assert_eq!(Error::from_raw_os_error(4095), Error::Other(OtherErrno::new(4095).unwrap()));
    /// assert_eq!(Error::from_raw_os_error(0), Error::Inval);
    /// assert_eq!(Error::from_raw_os_error(-1), Error::Inval);
    /// ```
    #[must_use]
    pub fn from_raw_os_error(raw: i32) -> Self {
        if (1..=MAX_ERRNO).contains(&raw) {
            Self::from_errno(Errno::from_raw_os_error(raw))
        } else {
            Self::Inval
        }
    }

    /// The errno as a positive number, as `errno` would hold it.
    ///
    /// ```
    /// assert_eq!(baresock::Error::Again.raw_os_error(), 11);
    /// ```
    #[must_use]
    pub fn raw_os_error(self) -> i32 {
        match self {
            Self::Other(other) => other.raw_os_error(),
            named => named.errno().raw_os_error(),
        }
    }
}

impl From<Errno> for Error {
    #[inline]
    fn from(errno: Errno) -> Self {
        Self::from_errno(errno)
    }
}

impl From<Error> for Errno {
    #[inline]
    fn from(error: Error) -> Self {
        error.errno()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Other(other) => fmt::Display::fmt(other, f),
            named => write!(f, "{} ({})", named.as_str(), named.errno_name()),
        }
    }
}

impl core::error::Error for Error {}

#[cfg(feature = "std")]
impl From<Error> for std::io::Error {
    /// Keeps the errno, so `raw_os_error()` and `kind()` are those of std.
    fn from(error: Error) -> Self {
        std::io::Error::from_raw_os_error(error.raw_os_error())
    }
}

/// A text that is no address, as an [`Error`]: [`Error::Inval`], the
/// errno the kernel gives an invalid address, so that one `?` serves the
/// parse and the socket calls of a function returning [`Result`]. The
/// parse error's detail (its kind and offset) is dropped: keep the
/// [`ParseError`] where it matters, or convert to `std::io::Error`, which
/// keeps it.
///
/// ```
/// use baresock::{Error, SockAddrIn};
/// fn addr(text: &str) -> baresock::Result<SockAddrIn> {
///     Ok(text.parse()?)
/// }
/// assert_eq!(addr("127.0.0.1:9600")?.port(), 9600);
/// assert_eq!(addr("127.0.0.01:9600"), Err(Error::Inval));
/// # Ok::<(), Error>(())
/// ```
impl From<ParseError> for Error {
    fn from(_: ParseError) -> Self {
        Self::Inval
    }
}

/// Keeps the parse error whole, as `ErrorKind::InvalidInput` with the
/// [`ParseError`] as its source.
///
/// ```
/// use baresock::SockAddrIn;
/// fn addr(text: &str) -> std::io::Result<SockAddrIn> {
///     Ok(text.parse()?)
/// }
/// let err = addr("127.0.0.01:80").unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
/// assert_eq!(err.to_string(), "leading zero in a decimal octet at byte 8");
/// ```
#[cfg(feature = "std")]
impl From<ParseError> for std::io::Error {
    fn from(error: ParseError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, error)
    }
}

/// The result of a baresock call.
///
/// ```
/// fn open() -> baresock::Result<baresock::Socket> {
///     baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)
/// }
/// assert!(open().is_ok());
/// ```
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_gives_every_named_errno_its_variant() {
        for &(variant, errno) in NAMED {
            assert_eq!(Error::from_errno(errno), variant, "{errno:?}");
        }
    }

    #[test]
    fn the_serving_calls_errnos_are_named() {
        // sendmsg(2) with SCM_RIGHTS over the in-flight limit (unix(7)).
        assert_eq!(Error::from_errno(Errno::TOOMANYREFS), Error::TooManyRefs);
        assert_eq!(Error::TooManyRefs.errno(), Errno::TOOMANYREFS);
        assert_eq!(Error::TooManyRefs.errno_name(), "ETOOMANYREFS");
        // sendmsg(2) with SCM_CREDENTIALS naming no process.
        assert_eq!(Error::from_errno(Errno::SRCH), Error::Srch);
        assert_eq!(Error::Srch.errno(), Errno::SRCH);
        assert_eq!(Error::Srch.errno_name(), "ESRCH");
    }

    /// Every `i32` a caller may hand in and every `Error` value there is,
    /// through every conversion: none panics (rustix's `Errno` asserts its
    /// range), and each keeps the errno.
    #[test]
    fn no_value_makes_a_conversion_panic() {
        extern crate std;
        let step = if cfg!(miri) { 37 } else { 1 };
        let raws = (-1..=4200).step_by(step).chain([
            i32::MIN,
            i32::MIN + 1,
            -4095,
            -4096,
            4095,
            4096,
            65535,
            65536,
            i32::MAX,
        ]);
        for raw in raws {
            let error = Error::from_raw_os_error(raw);
            let errno = (1..=MAX_ERRNO).contains(&raw);
            let expected = if errno {
                raw
            } else {
                Error::Inval.raw_os_error()
            };
            assert_eq!(error.raw_os_error(), expected, "{raw}");
            assert_eq!(error.errno().raw_os_error(), expected, "{raw}");
            assert_eq!(Errno::from(error).raw_os_error(), expected, "{raw}");
            assert_eq!(Error::from(error.errno()), error, "{raw}");
            assert_eq!(
                OtherErrno::new(raw).is_some(),
                matches!(error, Error::Other(_)) && errno,
                "{raw}"
            );
            let _ = (
                error.as_str(),
                error.errno_name(),
                std::format!("{error} {error:?}"),
            );
            #[cfg(feature = "std")]
            {
                let io = std::io::Error::from(error);
                assert_eq!(io.raw_os_error(), Some(expected), "{raw}");
            }
        }
        for &(variant, errno) in NAMED {
            assert_eq!(variant.errno(), errno);
            assert_eq!(variant.raw_os_error(), errno.raw_os_error());
            assert_eq!(Errno::from(variant), errno);
            assert_eq!(
                OtherErrno::new(errno.raw_os_error()),
                None,
                "{variant:?} is named"
            );
            #[cfg(feature = "std")]
            assert_eq!(
                std::io::Error::from(variant).raw_os_error(),
                Some(errno.raw_os_error())
            );
        }
    }

    #[test]
    fn every_other_errno_is_kept_raw() {
        for raw in 1..4096 {
            let error = Error::from_errno(Errno::from_raw_os_error(raw));
            assert_eq!(error.raw_os_error(), raw);
            let named = NAMED.iter().any(|&(_, errno)| errno.raw_os_error() == raw);
            assert_eq!(matches!(error, Error::Other(_)), !named, "errno {raw}");
        }
    }
}
