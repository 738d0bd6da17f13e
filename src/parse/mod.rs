//! Address text to the kernel's structs: `const fn`, allocation-free, panic-free.
//!
//! Each parser takes the text as bytes (`&[u8]`, as `core`'s unstable
//! `parse_ascii` does) and has a `&str` twin ending in `_str`; [`SockAddrIn`],
//! [`SockAddrIn6`] and [`SockAddr`] also implement [`FromStr`].
//! The macros [`sockaddr_in!`](crate::sockaddr_in),
//! [`sockaddr_in6!`](crate::sockaddr_in6), [`ipv4!`](crate::ipv4) and
//! [`ipv6!`](crate::ipv6) parse a literal at compile time.
//!
//! # Grammar
//!
//! Exactly `core::net`'s `FromStr`: a string is accepted here if and only if
//! `core::net` accepts it, and it gives the same value. That is the
//! contract, checked against `core::net` by differential tests and fuzzing;
//! which [`ParseError`] a rejected string gets is not part of it. The
//! grammar it comes to:
//!
//! - IPv4: four decimal octets `0..=255` joined by `.`, each 1 to 3 digits,
//!   no leading zero unless the octet is `0` (`"01.2.3.4"` is rejected:
//!   CVE-2021-29922), no signs, no whitespace, nothing after.
//! - IPv6: up to 8 groups of 1 to 4 hex digits (either case) joined by `:`,
//!   at most one `::` that stands for one or more zero groups, optionally
//!   ending in an embedded IPv4 address that fills the last 32 bits.
//! - Port (after `:`) and scope id (after `%`, inside the brackets): decimal
//!   digits only, any number of leading zeros, at most 65535 and
//!   `u32::MAX`. Interface names as scope ids (`%eth0`) are not accepted by
//!   these `const` parsers; [`sockaddr_in6_with_zone`] reads them at run
//!   time, asking the kernel for the index (see below).
//! - Socket addresses: `a.b.c.d:port` and `[v6]:port` / `[v6%scope]:port`.
//!   The flow information of a parsed `SockAddrIn6` is 0.
//!
//! # Differences from glibc
//!
//! glibc's `inet_pton(AF_INET, ..)` and `inet_pton(AF_INET6, ..)` accept the
//! same addresses as `core::net` (checked by hand on the tricky cases: leading
//! zeros rejected in both, `"1:2:3:4:5:6:7::"` accepted, `"::1.2.3"` and an
//! embedded IPv4 address anywhere but the last 32 bits rejected), with one
//! difference: a C string ends at its first NUL, so `"::1\0junk"` is `::1`
//! to C and an error here (a Rust slice carries its length; the NUL is a
//! trailing byte). `inet_aton` and `getaddrinfo` accept far more (`"1"`,
//! `"0x7f.1"`, octal `"010.0.0.1"`) and are not models for this grammar.
//! Ports and scope ids are outside `inet_pton`'s grammar altogether; the
//! grammar for them here is `core`'s.
//!
//! # No panics
//!
//! No input makes a parser panic, read out of bounds or allocate: every read
//! is bounds-checked or proven in bounds, every offset saturates, and a bad
//! input is an `Err` with a [`ParseError`], never anything else. The parsers
//! are `const fn`, so a literal can be parsed at compile time (the macros
//! above), where a bad one fails the build rather than the program.
//!
//! # Speed
//!
//! The common shapes (an IPv4 address or socket address, the port of an
//! IPv6 socket address) take a fast path; everything else, and every
//! error, takes the exact parser. Both give the same answers, at compile
//! time and at run time. BENCHMARKS.md, "Parsing", has what they cost
//! against `core::net`.
//!
//! # Interface-name zones
//!
//! [`sockaddr_in6_with_zone`] (with [`sockaddr_in6_with_zone_str`] and
//! [`sockaddr_in6_with_zone_via`]) also takes `"[fe80::1%eth0]:80"`: it is
//! not `const`, as only the kernel knows which index a name has, and makes a
//! system call (netdevice(7)'s `SIOCGIFINDEX`) only when the zone is a name.
//! Any other text gets exactly what [`sockaddr_in6`] gives. A bad or unknown
//! name is a [`ZoneError`], which wraps [`ParseError`] for the rest. The
//! other way, [`SockAddrIn6::zone_name`] and
//! [`SockAddrIn6::display_with_zone_name`] give the name of a scope id.
//!
//! # Example
//!
//! ```
//! use baresock::{parse, SockAddrIn, SockAddrIn6};
//! use core::net::Ipv6Addr;
//!
//! let v4: SockAddrIn = "0.0.0.0:9600".parse()?;
//! assert_eq!(v4.port(), 9600);
//!
//! let v6 = parse::sockaddr_in6(b"[fe80::1%5]:80")?;
//! assert_eq!((v6.ip(), v6.scope_id()), (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1), 5));
//!
//! assert!(parse::ipv4_addr(b"1.2.3.4 ").is_err()); // trailing bytes
//! # Ok::<(), baresock::ParseError>(())
//! ```
//!
//! # References
//! - [netdevice(7)](https://man7.org/linux/man-pages/man7/netdevice.7.html) (`SIOCGIFINDEX`, for interface-name zones)
//! - [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html) (`sin6_scope_id`)

use core::fmt;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use core::str::FromStr;

use crate::{SockAddr, SockAddrIn, SockAddrIn6};

/// `?` for `const fn`.
macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Err(e),
        }
    };
}

// The common shapes take a fast path (`fast.rs`: SWAR over a few wide
// loads, no error detail): an IPv4 address or socket address as a whole,
// and the port of an IPv6 socket address. Everything else runs the exact
// parser (`exact.rs`: the grammar, byte by byte), which gives every verdict
// a fast path declines and every error. A fast path only accepts or
// declines, and what it accepts is exactly what the exact parser returns
// (fast.rs states the contract). Property tests, tests of every octet and
// port shape with one byte changed or cut, and the `fast_path` fuzz target
// check that the two never disagree, through `paths` below. The costs:
// `benches/parse.rs` and `benches/parse-instructions.sh`.
mod exact;
mod fast;

pub(crate) use exact::port_to_end;
// The interface-name zones live in `crate::zone`; the parser and its error
// are here, where a user looks for parsers.
pub use crate::zone::{
    sockaddr_in6_with_zone, sockaddr_in6_with_zone_str, sockaddr_in6_with_zone_via, ZoneError,
};

/// Parses an IPv4 address, `"a.b.c.d"`, as `core::net::Ipv4Addr::from_str`.
///
/// ```
/// use baresock::parse;
/// use core::net::Ipv4Addr;
/// const LOCAL: Result<Ipv4Addr, baresock::ParseError> = parse::ipv4_addr(b"127.0.0.1");
/// assert_eq!(LOCAL, Ok(Ipv4Addr::LOCALHOST));
/// assert!(parse::ipv4_addr(b"256.0.0.1").is_err());
/// assert!(parse::ipv4_addr(b"1.2.3").is_err());
/// ```
#[inline]
pub const fn ipv4_addr(s: &[u8]) -> Result<Ipv4Addr, ParseError> {
    match fast::ipv4_addr(s) {
        Some(a) => Ok(a),
        None => exact::ipv4_addr(s),
    }
}

/// Parses an IPv6 address (`"::1"`, `"fe80::1"`, `"::ffff:1.2.3.4"`) as
/// `core::net::Ipv6Addr::from_str`. No scope id: that belongs to a socket
/// address.
///
/// ```
/// use baresock::parse;
/// use core::net::{Ipv4Addr, Ipv6Addr};
/// assert_eq!(parse::ipv6_addr(b"::1"), Ok(Ipv6Addr::LOCALHOST));
/// assert_eq!(parse::ipv6_addr(b"::ffff:1.2.3.4"), Ok(Ipv4Addr::new(1, 2, 3, 4).to_ipv6_mapped()));
/// assert!(parse::ipv6_addr(b"1::2::3").is_err());
/// ```
pub const fn ipv6_addr(s: &[u8]) -> Result<Ipv6Addr, ParseError> {
    exact::ipv6_addr(s)
}

/// Parses an IPv4 or an IPv6 address, as `core::net::IpAddr::from_str`.
///
/// When both fail, the error is the one that got further into the input.
///
/// ```
/// use baresock::parse;
/// use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
/// assert_eq!(parse::ip_addr(b"127.0.0.1"), Ok(IpAddr::V4(Ipv4Addr::LOCALHOST)));
/// assert_eq!(parse::ip_addr(b"::1"), Ok(IpAddr::V6(Ipv6Addr::LOCALHOST)));
/// ```
pub const fn ip_addr(s: &[u8]) -> Result<IpAddr, ParseError> {
    let e4 = match ipv4_addr(s) {
        Ok(a) => return Ok(IpAddr::V4(a)),
        Err(e) => e,
    };
    match ipv6_addr(s) {
        Ok(a) => Ok(IpAddr::V6(a)),
        Err(e6) => Err(exact::further(e4, e6)),
    }
}

/// Parses `"a.b.c.d:port"` straight into a [`SockAddrIn`], as
/// `core::net::SocketAddrV4::from_str`.
///
/// ```
/// use baresock::parse;
/// const ANY: baresock::SockAddrIn = match parse::sockaddr_in(b"0.0.0.0:9600") {
///     Ok(a) => a,
///     Err(_) => panic!(),
/// };
/// assert_eq!(ANY.port_be_bytes(), [0x25, 0x80]);
/// assert!(parse::sockaddr_in(b"0.0.0.0:65536").is_err());
/// ```
#[inline]
pub const fn sockaddr_in(s: &[u8]) -> Result<SockAddrIn, ParseError> {
    match fast::sockaddr_in(s) {
        Some(a) => Ok(a),
        None => exact::sockaddr_in(s),
    }
}

/// Parses `"[v6]:port"` or `"[v6%scope]:port"` straight into a
/// [`SockAddrIn6`] (flow information 0), as
/// `core::net::SocketAddrV6::from_str`.
///
/// ```
/// use baresock::parse;
/// let a = parse::sockaddr_in6(b"[fe80::1%5]:80")?;
/// assert_eq!((a.port(), a.scope_id(), a.flowinfo()), (80, 5, 0));
/// assert!(parse::sockaddr_in6(b"[fe80::1%eth0]:80").is_err()); // numeric scope ids only
/// # Ok::<(), baresock::ParseError>(())
/// ```
pub const fn sockaddr_in6(s: &[u8]) -> Result<SockAddrIn6, ParseError> {
    exact::sockaddr_in6(s)
}

/// Parses an IPv4 or IPv6 socket address, as `core::net::SocketAddr::from_str`;
/// the result is [`SockAddr::Inet`] or [`SockAddr::Inet6`].
///
/// ```
/// use baresock::{parse, SockAddr};
/// assert!(matches!(parse::sockaddr(b"127.0.0.1:80"), Ok(SockAddr::Inet(_))));
/// assert!(matches!(parse::sockaddr(b"[::1]:80"), Ok(SockAddr::Inet6(_))));
/// ```
pub const fn sockaddr(s: &[u8]) -> Result<SockAddr, ParseError> {
    // An IPv6 socket address starts with `[`, an IPv4 one never does.
    if exact::at(s, 0) == b'[' {
        match sockaddr_in6(s) {
            Ok(a) => Ok(SockAddr::Inet6(a)),
            Err(e) => Err(e),
        }
    } else {
        match sockaddr_in(s) {
            Ok(a) => Ok(SockAddr::Inet(a)),
            Err(e) => Err(e),
        }
    }
}

/// [`ipv4_addr`] for a `&str`.
///
/// ```
/// assert!(baresock::parse::ipv4_addr_str("10.0.0.1").is_ok());
/// ```
#[inline]
pub const fn ipv4_addr_str(s: &str) -> Result<Ipv4Addr, ParseError> {
    ipv4_addr(s.as_bytes())
}

/// [`ipv6_addr`] for a `&str`.
///
/// ```
/// assert!(baresock::parse::ipv6_addr_str("fe80::1").is_ok());
/// ```
#[inline]
pub const fn ipv6_addr_str(s: &str) -> Result<Ipv6Addr, ParseError> {
    ipv6_addr(s.as_bytes())
}

/// [`ip_addr`] for a `&str`.
///
/// ```
/// assert!(baresock::parse::ip_addr_str("::ffff:1.2.3.4").is_ok());
/// ```
#[inline]
pub const fn ip_addr_str(s: &str) -> Result<IpAddr, ParseError> {
    ip_addr(s.as_bytes())
}

/// [`sockaddr_in`] for a `&str`.
///
/// ```
/// assert_eq!(baresock::parse::sockaddr_in_str("1.2.3.4:5").map(|a| a.port()), Ok(5));
/// ```
#[inline]
pub const fn sockaddr_in_str(s: &str) -> Result<SockAddrIn, ParseError> {
    sockaddr_in(s.as_bytes())
}

/// [`sockaddr_in6`] for a `&str`.
///
/// ```
/// assert_eq!(baresock::parse::sockaddr_in6_str("[::1]:5").map(|a| a.port()), Ok(5));
/// ```
#[inline]
pub const fn sockaddr_in6_str(s: &str) -> Result<SockAddrIn6, ParseError> {
    sockaddr_in6(s.as_bytes())
}

/// [`sockaddr`] for a `&str`.
///
/// ```
/// assert_eq!(baresock::parse::sockaddr_str("[::1]:5").map(|a| a.family()), Ok(10));
/// ```
#[inline]
pub const fn sockaddr_str(s: &str) -> Result<SockAddr, ParseError> {
    sockaddr(s.as_bytes())
}

impl FromStr for SockAddrIn {
    type Err = ParseError;
    /// [`parse::sockaddr_in`](sockaddr_in).
    fn from_str(s: &str) -> Result<Self, ParseError> {
        sockaddr_in(s.as_bytes())
    }
}

impl FromStr for SockAddrIn6 {
    type Err = ParseError;
    /// [`parse::sockaddr_in6`](sockaddr_in6).
    fn from_str(s: &str) -> Result<Self, ParseError> {
        sockaddr_in6(s.as_bytes())
    }
}

impl FromStr for SockAddr {
    type Err = ParseError;
    /// [`parse::sockaddr`](sockaddr): `AF_INET` or `AF_INET6` only.
    fn from_str(s: &str) -> Result<Self, ParseError> {
        sockaddr(s.as_bytes())
    }
}

/// A [`SockAddrIn`] from a string literal, parsed at compile time.
///
/// ```
/// use baresock::{sockaddr_in, SockAddrIn};
/// const ANY_9600: SockAddrIn = sockaddr_in!("0.0.0.0:9600");
/// assert_eq!(ANY_9600.port(), 9600);
/// ```
///
/// A bad literal does not compile:
///
/// ```compile_fail
/// const BAD: baresock::SockAddrIn = baresock::sockaddr_in!("01.2.3.4:80");
/// ```
#[macro_export]
macro_rules! sockaddr_in {
    ($s:expr) => {{
        const __BARESOCK_ADDR: $crate::SockAddrIn = match $crate::parse::sockaddr_in_str($s) {
            ::core::result::Result::Ok(a) => a,
            ::core::result::Result::Err(e) => ::core::panic!("{}", e.as_str()),
        };
        __BARESOCK_ADDR
    }};
}

/// A [`SockAddrIn6`] from a string literal, parsed at compile time.
///
/// ```
/// use baresock::{sockaddr_in6, SockAddrIn6};
/// const LINK: SockAddrIn6 = sockaddr_in6!("[fe80::1%5]:80");
/// assert_eq!(LINK.scope_id(), 5);
/// ```
///
/// ```compile_fail
/// const BAD: baresock::SockAddrIn6 = baresock::sockaddr_in6!("[::1]:65536");
/// ```
#[macro_export]
macro_rules! sockaddr_in6 {
    ($s:expr) => {{
        const __BARESOCK_ADDR: $crate::SockAddrIn6 = match $crate::parse::sockaddr_in6_str($s) {
            ::core::result::Result::Ok(a) => a,
            ::core::result::Result::Err(e) => ::core::panic!("{}", e.as_str()),
        };
        __BARESOCK_ADDR
    }};
}

/// A `core::net::Ipv4Addr` from a string literal, parsed at compile time.
///
/// ```
/// const GW: core::net::Ipv4Addr = baresock::ipv4!("192.168.0.1");
/// assert_eq!(GW.octets(), [192, 168, 0, 1]);
/// ```
///
/// ```compile_fail
/// const BAD: core::net::Ipv4Addr = baresock::ipv4!("192.168.0.256");
/// ```
#[macro_export]
macro_rules! ipv4 {
    ($s:expr) => {{
        const __BARESOCK_ADDR: ::core::net::Ipv4Addr = match $crate::parse::ipv4_addr_str($s) {
            ::core::result::Result::Ok(a) => a,
            ::core::result::Result::Err(e) => ::core::panic!("{}", e.as_str()),
        };
        __BARESOCK_ADDR
    }};
}

/// A `core::net::Ipv6Addr` from a string literal, parsed at compile time.
///
/// ```
/// const LO: core::net::Ipv6Addr = baresock::ipv6!("::1");
/// assert!(LO.is_loopback());
/// ```
///
/// ```compile_fail
/// const BAD: core::net::Ipv6Addr = baresock::ipv6!("::1::");
/// ```
#[macro_export]
macro_rules! ipv6 {
    ($s:expr) => {{
        const __BARESOCK_ADDR: ::core::net::Ipv6Addr = match $crate::parse::ipv6_addr_str($s) {
            ::core::result::Result::Ok(a) => a,
            ::core::result::Result::Err(e) => ::core::panic!("{}", e.as_str()),
        };
        __BARESOCK_ADDR
    }};
}

/// Why address text was rejected, and at which byte offset.
///
/// Returned by the parsers in [`crate::parse`]. It carries no heap data and
/// is at most 8 bytes (asserted below). Offsets count bytes from the start of
/// the input and saturate at `u32::MAX` (no valid address is that long).
/// Which of several problems is named when a string has more than one is not
/// part of the API; whether a string is accepted is, and it is exactly what
/// `core::net`'s `FromStr` accepts.
///
/// # Example
///
/// ```
/// use baresock::{parse, ParseError};
///
/// // CVE-2021-29922: an octet with a leading zero is not octal, it is an error.
/// let err = parse::ipv4_addr(b"01.2.3.4").unwrap_err();
/// assert_eq!(err, ParseError::LeadingZero { at: 0 });
/// assert_eq!(err.offset(), Some(0));
/// assert_eq!(err.to_string(), "leading zero in a decimal octet at byte 0");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseError {
    /// The input is empty.
    Empty,
    /// The input is longer than any address of the kind asked for can be.
    TooLong {
        /// The longest valid length.
        max: u32,
    },
    /// A decimal digit was expected.
    ExpectedDigit {
        /// Byte offset.
        at: u32,
    },
    /// A hexadecimal digit (an IPv6 group) was expected.
    ExpectedHexDigit {
        /// Byte offset.
        at: u32,
    },
    /// A particular separator (`.`, `:`, `[`, `]`) was expected.
    ExpectedByte {
        /// Byte offset.
        at: u32,
        /// The byte that would have been valid here.
        expected: u8,
    },
    /// A decimal octet longer than one digit starts with `0` (CVE-2021-29922:
    /// such octets are rejected, never read as octal).
    LeadingZero {
        /// Offset of the octet.
        at: u32,
    },
    /// An octet has more than 3 digits, or an IPv6 group more than 4.
    TooManyDigits {
        /// Offset of the octet or group.
        at: u32,
    },
    /// A decimal octet is over 255.
    OctetOverflow {
        /// Offset of the octet.
        at: u32,
    },
    /// A port is over 65535.
    PortOverflow {
        /// Offset of the port's first digit.
        at: u32,
    },
    /// A scope id is over `u32::MAX`.
    ScopeIdOverflow {
        /// Offset of the scope id's first digit.
        at: u32,
    },
    /// An IPv6 address has fewer than 8 groups and no `::`.
    TooFewGroups {
        /// Where the address ended.
        at: u32,
    },
    /// An IPv6 address has more than 8 groups, or 8 or more with a `::`
    /// (which must stand for at least one group).
    TooManyGroups {
        /// Offset of the first group too many.
        at: u32,
    },
    /// A second `::` in one IPv6 address.
    SecondDoubleColon {
        /// Offset of the second `::`.
        at: u32,
    },
    /// An embedded IPv4 address where there is no room for its 32 bits.
    MisplacedIpv4 {
        /// Offset of the embedded IPv4 address.
        at: u32,
    },
    /// A valid address is followed by more bytes.
    TrailingBytes {
        /// Offset of the first byte after the address.
        at: u32,
    },
}

impl fmt::Debug for ParseError {
    /// As derived, but the expected byte of [`ParseError::ExpectedByte`] is
    /// shown as the character, as `Display` shows it: `expected: ':'`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("Empty"),
            Self::TooLong { max } => f.debug_struct("TooLong").field("max", max).finish(),
            Self::ExpectedDigit { at } => f.debug_struct("ExpectedDigit").field("at", at).finish(),
            Self::ExpectedHexDigit { at } => {
                f.debug_struct("ExpectedHexDigit").field("at", at).finish()
            }
            Self::ExpectedByte { at, expected } => f
                .debug_struct("ExpectedByte")
                .field("at", at)
                .field("expected", &char::from(*expected))
                .finish(),
            Self::LeadingZero { at } => f.debug_struct("LeadingZero").field("at", at).finish(),
            Self::TooManyDigits { at } => f.debug_struct("TooManyDigits").field("at", at).finish(),
            Self::OctetOverflow { at } => f.debug_struct("OctetOverflow").field("at", at).finish(),
            Self::PortOverflow { at } => f.debug_struct("PortOverflow").field("at", at).finish(),
            Self::ScopeIdOverflow { at } => {
                f.debug_struct("ScopeIdOverflow").field("at", at).finish()
            }
            Self::TooFewGroups { at } => f.debug_struct("TooFewGroups").field("at", at).finish(),
            Self::TooManyGroups { at } => f.debug_struct("TooManyGroups").field("at", at).finish(),
            Self::SecondDoubleColon { at } => {
                f.debug_struct("SecondDoubleColon").field("at", at).finish()
            }
            Self::MisplacedIpv4 { at } => f.debug_struct("MisplacedIpv4").field("at", at).finish(),
            Self::TrailingBytes { at } => f.debug_struct("TrailingBytes").field("at", at).finish(),
        }
    }
}

static_assertions::const_assert!(core::mem::size_of::<ParseError>() <= 8);
static_assertions::const_assert!(core::mem::size_of::<core::result::Result<(), ParseError>>() <= 8);

impl ParseError {
    /// The byte offset the error points at, if it points at one.
    ///
    /// ```
    /// use baresock::parse;
    /// assert_eq!(parse::sockaddr_in(b"1.2.3.4:65536").unwrap_err().offset(), Some(8));
    /// assert_eq!(parse::sockaddr_in(b"").unwrap_err().offset(), None);
    /// ```
    #[must_use]
    pub const fn offset(&self) -> Option<usize> {
        match *self {
            Self::Empty | Self::TooLong { .. } => None,
            Self::ExpectedDigit { at }
            | Self::ExpectedHexDigit { at }
            | Self::ExpectedByte { at, .. }
            | Self::LeadingZero { at }
            | Self::TooManyDigits { at }
            | Self::OctetOverflow { at }
            | Self::PortOverflow { at }
            | Self::ScopeIdOverflow { at }
            | Self::TooFewGroups { at }
            | Self::TooManyGroups { at }
            | Self::SecondDoubleColon { at }
            | Self::MisplacedIpv4 { at }
            | Self::TrailingBytes { at } => Some(at as usize),
        }
    }

    /// What was wrong, in a few words (no offset); usable in `const` panics.
    ///
    /// ```
    /// use baresock::ParseError;
    /// assert_eq!(ParseError::PortOverflow { at: 8 }.as_str(), "port over 65535");
    /// ```
    #[must_use]
    pub const fn as_str(&self) -> &'static str {
        match self {
            Self::Empty => "empty input",
            Self::TooLong { .. } => "input too long",
            Self::ExpectedDigit { .. } => "expected a decimal digit",
            Self::ExpectedHexDigit { .. } => "expected a hexadecimal digit",
            Self::ExpectedByte { .. } => "expected a separator",
            Self::LeadingZero { .. } => "leading zero in a decimal octet",
            Self::TooManyDigits { .. } => "too many digits",
            Self::OctetOverflow { .. } => "octet over 255",
            Self::PortOverflow { .. } => "port over 65535",
            Self::ScopeIdOverflow { .. } => "scope id over 4294967295",
            Self::TooFewGroups { .. } => "fewer than 8 IPv6 groups and no `::`",
            Self::TooManyGroups { .. } => "too many IPv6 groups",
            Self::SecondDoubleColon { .. } => "second `::`",
            Self::MisplacedIpv4 { .. } => "no room for an embedded IPv4 address",
            Self::TrailingBytes { .. } => "unexpected bytes after the address",
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::TooLong { max } => write!(f, "input too long (at most {max} bytes)"),
            Self::ExpectedByte { at, expected } => {
                write!(f, "expected `{}` at byte {at}", char::from(expected))
            }
            other => match other.offset() {
                Some(at) => write!(f, "{} at byte {at}", other.as_str()),
                None => f.write_str(other.as_str()),
            },
        }
    }
}

impl core::error::Error for ParseError {}

/// The fast paths and the exact parsers, side by side, for the tests and
/// fuzz targets that prove them equal. Not part of the API.
#[doc(hidden)]
pub mod paths {
    use super::*;

    /// [`super::ipv4_addr`]'s fast path alone.
    pub const fn ipv4_addr_fast(s: &[u8]) -> Option<Ipv4Addr> {
        fast::ipv4_addr(s)
    }
    /// [`super::ipv4_addr`]'s exact path alone.
    pub const fn ipv4_addr_exact(s: &[u8]) -> Result<Ipv4Addr, ParseError> {
        exact::ipv4_addr(s)
    }
    /// [`super::sockaddr_in`]'s fast path alone.
    pub const fn sockaddr_in_fast(s: &[u8]) -> Option<SockAddrIn> {
        fast::sockaddr_in(s)
    }
    /// [`super::sockaddr_in`]'s exact path alone.
    pub const fn sockaddr_in_exact(s: &[u8]) -> Result<SockAddrIn, ParseError> {
        exact::sockaddr_in(s)
    }
    /// The port from `i` to the end, fast path alone (both socket-address
    /// parsers read their port with it).
    pub const fn port_tail(s: &[u8], i: usize) -> Option<u16> {
        fast::port_tail(s, i)
    }
    /// The port from `i` to the end, exact.
    pub const fn port_exact(s: &[u8], i: usize) -> Result<u16, ParseError> {
        exact::port_to_end(s, i)
    }
    /// [`super::sockaddr_in6_with_zone`]'s text checks alone, no system
    /// call: the address (scope id 0 if the zone is a name) and the name
    /// with its offset, if the zone is one.
    pub fn zone_split(s: &[u8]) -> Result<crate::zone::Split<'_>, ZoneError> {
        crate::zone::split(s)
    }
    /// [`super::sockaddr_in6_with_zone`] with `lookup` in place of the
    /// kernel (`Ok(None)`: no such interface).
    pub fn zone_resolve(
        s: &[u8],
        lookup: impl FnOnce(&str) -> crate::Result<Option<u32>>,
    ) -> Result<SockAddrIn6, ZoneError> {
        crate::zone::resolve(s, lookup)
    }
}
