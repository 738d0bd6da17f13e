//! Why text with an interface-name zone gave no address.

use core::fmt;

use crate::{Error, ParseError};

/// Why text with an interface-name zone gave no address.
///
/// [`ParseError`] stays the error of the `const` parsers, `core::net`'s
/// grammar and nothing else; the three ways a name can fail, one of them a
/// system call's errno, are this enum's. It is at most 8 bytes (asserted),
/// like `ParseError`: the `Parse` variant's tag shares a byte with
/// `ParseError`'s own.
///
/// ```
/// use baresock::parse::{self, ZoneError};
/// use baresock::ParseError;
///
/// assert_eq!(parse::sockaddr_in6_with_zone(b"[fe80::1%no-such-if]:80"), Err(ZoneError::UnknownInterface { at: 9 }));
/// assert_eq!(parse::sockaddr_in6_with_zone(b"[fe80::1%a b]:80"), Err(ZoneError::InvalidName { at: 10 }));
/// assert_eq!(
///     parse::sockaddr_in6_with_zone(b"[fe80::1%lo]:65536"),
///     Err(ZoneError::Parse(ParseError::PortOverflow { at: 13 })),
/// );
/// let err = parse::sockaddr_in6_with_zone(b"[fe80::1%no-such-if]:80").unwrap_err();
/// assert_eq!(err.to_string(), "no interface has the name at byte 9");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum ZoneError {
    /// Not an IPv6 socket address: the error
    /// [`parse::sockaddr_in6`](crate::parse::sockaddr_in6) gives for the same text
    /// (for the port of a text with a name, the one it gives with a number
    /// in the name's place).
    Parse(ParseError),
    /// The zone is no name an interface can have: it is empty, longer than
    /// [`IFNAME_MAX_LEN`](crate::fmt::IFNAME_MAX_LEN) (15) bytes, `.` or
    /// `..`, or has a `/`, whitespace (the kernel's: space, `\t \n \v \f \r`
    /// and byte 0xA0) or a NUL, by the kernel's `dev_valid_name`; or it is
    /// not UTF-8. No system call was made.
    InvalidName {
        /// Offset of the offending byte: the name's first for an empty
        /// name, `.` or `..`; its 16th for one too long.
        at: u32,
    },
    /// No interface has this name (`ENODEV` from `SIOCGIFINDEX`), in the
    /// network namespace of the socket asked.
    UnknownInterface {
        /// Offset of the name's first byte.
        at: u32,
    },
    /// The lookup itself failed: the socket could not be made (socket(2)'s
    /// errno: [`Error::MFile`], [`Error::NFile`], [`Error::NoMem`], ...) or
    /// the descriptor handed in is not a socket ([`Error::NoTty`]).
    Os(Error),
}

static_assertions::const_assert!(core::mem::size_of::<ZoneError>() <= 8);

impl ZoneError {
    /// The byte offset the error points at, if it points at one.
    ///
    /// ```
    /// use baresock::parse;
    /// assert_eq!(parse::sockaddr_in6_with_zone(b"[fe80::1%lo/0]:80").unwrap_err().offset(), Some(11));
    /// assert_eq!(parse::sockaddr_in6_with_zone(b"").unwrap_err().offset(), None);
    /// ```
    #[must_use]
    pub const fn offset(&self) -> Option<usize> {
        match *self {
            Self::Parse(e) => e.offset(),
            Self::InvalidName { at } | Self::UnknownInterface { at } => Some(at as usize),
            Self::Os(_) => None,
        }
    }
}

impl fmt::Display for ZoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Parse(e) => fmt::Display::fmt(&e, f),
            Self::InvalidName { at } => write!(f, "invalid interface name at byte {at}"),
            Self::UnknownInterface { at } => write!(f, "no interface has the name at byte {at}"),
            Self::Os(e) => write!(f, "interface lookup failed: {e}"),
        }
    }
}

impl core::error::Error for ZoneError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Parse(e) => Some(e),
            Self::Os(e) => Some(e),
            Self::InvalidName { .. } | Self::UnknownInterface { .. } => None,
        }
    }
}

impl From<ParseError> for ZoneError {
    #[inline]
    fn from(e: ParseError) -> Self {
        Self::Parse(e)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn error_size_and_text() {
        assert!(core::mem::size_of::<ZoneError>() <= 8);
        let text = std::format!("{}", ZoneError::Os(Error::MFile));
        assert_eq!(
            text,
            "interface lookup failed: too many open files in this process (EMFILE)"
        );
        let text = std::format!("{}", ZoneError::InvalidName { at: 3 });
        assert_eq!(text, "invalid interface name at byte 3");
        let e = ZoneError::from(ParseError::Empty);
        assert_eq!(
            (std::format!("{e}"), e.offset()),
            ("empty input".into(), None)
        );
        use core::error::Error as _;
        assert!(ZoneError::Os(Error::MFile).source().is_some());
        assert!(ZoneError::UnknownInterface { at: 0 }.source().is_none());
    }
}
