//! `sockaddr_un`: a Unix-domain address with its explicit length.
//!
//! A Unix address is not self-delimiting: the kernel learns its extent from
//! the `addrlen` passed beside it. So [`SockAddrUn`] carries that length, and
//! its three kinds (see unix(7)) differ only in the bytes and the length:
//!
//! | kind     | `sun_path`              | length                         |
//! |----------|-------------------------|--------------------------------|
//! | pathname | `b"/tmp/s\0"`           | offset + path length + 1 (NUL) |
//! | abstract | `b"\0name"` (no NUL end)| offset + 1 + name length       |
//! | unnamed  | (nothing)               | offset (2)                     |
//!
//! # References
//! - [unix(7)](https://man7.org/linux/man-pages/man7/unix.7.html)

use core::fmt;

use crate::Error;

/// Bytes in `sun_path`.
pub(crate) const SUN_PATH_LEN: usize = 108;
/// Offset of `sun_path` in `sockaddr_un`: the length of an unnamed address.
pub(crate) const SUN_PATH_OFFSET: usize = 2;
/// The longest pathname: one byte of `sun_path` is kept for the NUL.
///
/// ```
/// use baresock::{SockAddrUn, MAX_PATH_LEN};
/// assert!(SockAddrUn::new(&[b'x'; MAX_PATH_LEN]).is_ok());
/// assert!(SockAddrUn::new(&[b'x'; MAX_PATH_LEN + 1]).is_err());
/// ```
pub const MAX_PATH_LEN: usize = SUN_PATH_LEN - 1;
/// The longest abstract name: one byte of `sun_path` is the leading NUL.
///
/// ```
/// use baresock::{SockAddrUn, MAX_ABSTRACT_LEN};
/// assert_eq!(SockAddrUn::new_abstract(&[b'x'; MAX_ABSTRACT_LEN])?.len(), 110);
/// # Ok::<(), baresock::Error>(())
/// ```
pub const MAX_ABSTRACT_LEN: usize = SUN_PATH_LEN - 1;

/// Whether `bytes` holds a NUL (a `const` loop: iterators are not `const`).
const fn contains_nul(mut bytes: &[u8]) -> bool {
    while let [first, rest @ ..] = bytes {
        if *first == 0 {
            return true;
        }
        bytes = rest;
    }
    false
}

/// Copies `src` to the start of `dst`, as many bytes as both have, and
/// returns that count.
///
/// A loop over slice patterns rather than `copy_from_slice`: that one panics
/// on a length mismatch, and the optimizer cannot always prove the lengths
/// equal (at `opt-level = "z"` it kept three such panics here, found by the
/// panic audit of `examples/tiny`). This has no panic path at all.
const fn copy_prefix(mut dst: &mut [u8], mut src: &[u8]) -> usize {
    let mut copied = 0;
    loop {
        let (to, from) = (dst, src);
        match (to, from) {
            ([d, dst_rest @ ..], [s, src_rest @ ..]) => {
                *d = *s;
                copied += 1;
                dst = dst_rest;
                src = src_rest;
            }
            _ => return copied,
        }
    }
}

/// The kernel's `struct sockaddr_un` (110 bytes, alignment 2).
#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct RawSockAddrUn {
    /// `AF_UNIX`, native byte order.
    pub(crate) sun_family: u16,
    /// The path, abstract name or nothing; the rest zeroed.
    pub(crate) sun_path: [u8; SUN_PATH_LEN],
}

/// The kernel's `sockaddr_un` (unix(7)) together with the length to pass
/// beside it.
///
/// Build one with [`SockAddrUn::new`] (a filesystem path),
/// [`SockAddrUn::new_abstract`] (Linux's abstract namespace) or
/// [`SockAddrUn::UNNAMED`]; read one back with [`SockAddrUn::kind`]. Bytes
/// past the length are always zero.
///
/// # Example
///
/// ```
/// use baresock::{SockAddrUn, UnixAddrKind};
///
/// let path = SockAddrUn::new(b"/run/app.sock")?;
/// assert_eq!(path.kind(), UnixAddrKind::Pathname(b"/run/app.sock"));
/// assert_eq!(path.len(), 2 + 13 + 1);
///
/// let name = SockAddrUn::new_abstract(b"app")?;
/// assert_eq!(name.kind(), UnixAddrKind::Abstract(b"app"));
/// assert_eq!(name.len(), 2 + 1 + 3);
/// assert_eq!(name.to_string(), "@app");
/// # Ok::<(), baresock::Error>(())
/// ```
// `#[repr(C)]` with the `sockaddr_un` first, so a pointer to it is a pointer
// to the kernel struct (proven in layout.rs).
#[doc(alias = "sockaddr_un")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct SockAddrUn {
    pub(crate) raw: RawSockAddrUn,
    /// `addrlen`: `SUN_PATH_OFFSET..=size_of::<RawSockAddrUn>()`.
    pub(crate) len: u8,
}

/// What a [`SockAddrUn`] names, as unix(7) classifies it.
///
/// ```
/// use baresock::{SockAddrUn, UnixAddrKind};
/// assert_eq!(SockAddrUn::UNNAMED.kind(), UnixAddrKind::Unnamed);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnixAddrKind<'a> {
    /// A socket that was never bound (or an autobind request).
    Unnamed,
    /// A filesystem path, without its terminating NUL.
    Pathname(&'a [u8]),
    /// A name in Linux's abstract namespace, without the leading NUL.
    Abstract(&'a [u8]),
}

impl SockAddrUn {
    /// An unnamed address: only the family, length 2. Binding it asks the
    /// kernel to autobind an abstract name.
    ///
    /// ```
    /// use baresock::{Domain, SockAddr, SockAddrUn, Socket, Type};
    /// let sock = Socket::new(Domain::UNIX, Type::DGRAM, None)?;
    /// sock.bind(&SockAddrUn::UNNAMED)?; // autobind
    /// let SockAddr::Unix(name) = sock.local_addr()? else { unreachable!() };
    /// assert!(name.as_abstract().is_some());
    /// # Ok::<(), baresock::Error>(())
    /// ```
    pub const UNNAMED: Self = Self {
        raw: RawSockAddrUn {
            sun_family: rustix::net::AddressFamily::UNIX.as_raw(),
            sun_path: [0; SUN_PATH_LEN],
        },
        len: SUN_PATH_OFFSET as u8,
    };

    /// A pathname address. The length passed to the kernel includes the
    /// terminating NUL, as `SUN_LEN` computes it.
    ///
    /// # Errors
    /// [`Error::Inval`] for an empty path or one that holds a NUL byte,
    /// [`Error::NameTooLong`] for one longer than [`MAX_PATH_LEN`] bytes.
    ///
    /// ```
    /// use baresock::{Error, SockAddrUn};
    /// assert!(SockAddrUn::new(b"/tmp/s").is_ok());
    /// assert_eq!(SockAddrUn::new(b"").err(), Some(Error::Inval));
    /// assert_eq!(SockAddrUn::new(b"a\0b").err(), Some(Error::Inval));
    /// assert_eq!(SockAddrUn::new(&[b'a'; 108]).err(), Some(Error::NameTooLong));
    /// ```
    pub const fn new(path: &[u8]) -> Result<Self, Error> {
        if path.is_empty() {
            return Err(Error::Inval);
        }
        if contains_nul(path) {
            return Err(Error::Inval);
        }
        // The last byte of `sun_path` stays NUL: at most MAX_PATH_LEN fit.
        if path.len() > MAX_PATH_LEN {
            return Err(Error::NameTooLong);
        }
        let mut addr = Self::UNNAMED;
        copy_prefix(&mut addr.raw.sun_path, path);
        addr.len = (SUN_PATH_OFFSET + path.len() + 1) as u8;
        Ok(addr)
    }

    /// An abstract-namespace address (Linux only): a leading NUL, then the
    /// name, which may hold any bytes, NULs included; no terminating NUL.
    ///
    /// # Errors
    /// [`Error::NameTooLong`] for a name longer than [`MAX_ABSTRACT_LEN`].
    ///
    /// ```
    /// use baresock::{Error, SockAddrUn};
    /// assert_eq!(SockAddrUn::new_abstract(b"x\0y")?.len(), 2 + 1 + 3);
    /// assert_eq!(SockAddrUn::new_abstract(&[1; 108]).err(), Some(Error::NameTooLong));
    /// # Ok::<(), Error>(())
    /// ```
    pub const fn new_abstract(name: &[u8]) -> Result<Self, Error> {
        if name.len() > MAX_ABSTRACT_LEN {
            return Err(Error::NameTooLong);
        }
        let mut addr = Self::UNNAMED;
        // `sun_path[0]` stays NUL: it marks the abstract namespace.
        let [_, after_nul @ ..] = &mut addr.raw.sun_path;
        copy_prefix(after_nul, name);
        addr.len = (SUN_PATH_OFFSET + 1 + name.len()) as u8;
        Ok(addr)
    }

    /// Reads an address the kernel wrote: `bytes` is the `addrlen` prefix of
    /// a `sockaddr_un` (family included). Longer input is cut to the struct.
    pub(crate) fn from_kernel(bytes: &[u8]) -> Self {
        let mut addr = Self::UNNAMED;
        let path = bytes.get(SUN_PATH_OFFSET..).unwrap_or(&[]);
        let n = copy_prefix(&mut addr.raw.sun_path, path);
        addr.len = (SUN_PATH_OFFSET + n) as u8;
        addr
    }

    /// The length to pass to the kernel as `addrlen`.
    ///
    /// ```
    /// assert_eq!(baresock::SockAddrUn::UNNAMED.len(), 2);
    /// ```
    #[inline]
    #[must_use]
    #[allow(clippy::len_without_is_empty)] // "empty" is `kind() == Unnamed`
    pub const fn len(&self) -> usize {
        self.len as usize
    }

    /// The bytes of `sun_path` that the length covers.
    fn path_bytes(&self) -> &[u8] {
        let n = self.len().saturating_sub(SUN_PATH_OFFSET);
        self.raw.sun_path.get(..n).unwrap_or(&[])
    }

    /// Which kind of address this is, and its name.
    ///
    /// A pathname the kernel reports may or may not include its NUL (that
    /// depends on the length the binder passed); it is cut at the first NUL.
    ///
    /// ```
    /// use baresock::{SockAddrUn, UnixAddrKind};
    /// assert_eq!(SockAddrUn::new(b"s")?.kind(), UnixAddrKind::Pathname(b"s"));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn kind(&self) -> UnixAddrKind<'_> {
        match self.path_bytes() {
            [] => UnixAddrKind::Unnamed,
            [0, name @ ..] => UnixAddrKind::Abstract(name),
            path => {
                let end = path.iter().position(|&b| b == 0).unwrap_or(path.len());
                UnixAddrKind::Pathname(path.get(..end).unwrap_or(path))
            }
        }
    }

    /// The filesystem path, if this is a pathname address.
    ///
    /// ```
    /// use baresock::SockAddrUn;
    /// assert_eq!(SockAddrUn::new(b"/s")?.as_pathname(), Some(&b"/s"[..]));
    /// assert_eq!(SockAddrUn::UNNAMED.as_pathname(), None);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn as_pathname(&self) -> Option<&[u8]> {
        match self.kind() {
            UnixAddrKind::Pathname(path) => Some(path),
            _ => None,
        }
    }

    /// The abstract name, if this is an abstract address.
    ///
    /// ```
    /// use baresock::SockAddrUn;
    /// assert_eq!(SockAddrUn::new_abstract(b"n")?.as_abstract(), Some(&b"n"[..]));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn as_abstract(&self) -> Option<&[u8]> {
        match self.kind() {
            UnixAddrKind::Abstract(name) => Some(name),
            _ => None,
        }
    }
}

impl PartialEq for SockAddrUn {
    /// Equal when they name the same thing: a pathname with and without its
    /// terminating NUL in the length is the same path.
    fn eq(&self, other: &Self) -> bool {
        self.kind() == other.kind()
    }
}

impl Eq for SockAddrUn {}

impl core::hash::Hash for SockAddrUn {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.kind().hash(state);
    }
}

impl TryFrom<&str> for SockAddrUn {
    type Error = Error;

    /// A pathname address; `@name` is not special (use
    /// [`SockAddrUn::new_abstract`]).
    fn try_from(path: &str) -> Result<Self, Error> {
        Self::new(path.as_bytes())
    }
}

/// Writes bytes as text: UTF-8 as it is, anything else as `\xNN`.
fn write_escaped(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\0' {
                f.write_str("\\0")?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        for b in chunk.invalid() {
            write!(f, "\\x{b:02x}")?;
        }
    }
    Ok(())
}

impl fmt::Display for SockAddrUn {
    /// A pathname as it is, an abstract name as `@name` (as ss(8) shows it),
    /// an unnamed address as `(unnamed)`. Bytes that are not UTF-8 and NULs
    /// are escaped. Allocates nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            UnixAddrKind::Unnamed => f.write_str("(unnamed)"),
            UnixAddrKind::Pathname(path) => write_escaped(f, path),
            UnixAddrKind::Abstract(name) => {
                f.write_str("@")?;
                write_escaped(f, name)
            }
        }
    }
}

impl fmt::Debug for SockAddrUn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SockAddrUn({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_prefix_copies_as_far_as_both_go() {
        let mut dst = [0u8; 4];
        assert_eq!(copy_prefix(&mut dst, b"ab"), 2);
        assert_eq!(dst, *b"ab\0\0");
        assert_eq!(copy_prefix(&mut dst, b"wxyz+"), 4);
        assert_eq!(dst, *b"wxyz");
        assert_eq!(copy_prefix(&mut dst, b""), 0);
        assert_eq!(copy_prefix(&mut [], b"a"), 0);
    }

    #[test]
    fn longest_names_fit_and_one_more_does_not() {
        let path = [b'p'; MAX_PATH_LEN];
        let a = SockAddrUn::new(&path).unwrap();
        assert_eq!(a.len(), SUN_PATH_OFFSET + MAX_PATH_LEN + 1);
        assert_eq!(a.as_pathname(), Some(&path[..]));
        assert_eq!(
            SockAddrUn::new(&[b'p'; MAX_PATH_LEN + 1]).err(),
            Some(Error::NameTooLong)
        );

        let name = [0u8; MAX_ABSTRACT_LEN];
        let a = SockAddrUn::new_abstract(&name).unwrap();
        assert_eq!(a.len(), SUN_PATH_OFFSET + 1 + MAX_ABSTRACT_LEN);
        assert_eq!(a.as_abstract(), Some(&name[..]));
        assert_eq!(
            SockAddrUn::new_abstract(&[0; MAX_ABSTRACT_LEN + 1]).err(),
            Some(Error::NameTooLong)
        );
    }

    #[test]
    fn from_kernel_cuts_at_the_struct() {
        let mut bytes = [b'k'; 2 + SUN_PATH_LEN + 5];
        bytes[..2].copy_from_slice(&1u16.to_ne_bytes());
        let a = SockAddrUn::from_kernel(&bytes);
        assert_eq!(a.len(), SUN_PATH_OFFSET + SUN_PATH_LEN);
        assert_eq!(
            SockAddrUn::from_kernel(&bytes[..1]).kind(),
            UnixAddrKind::Unnamed
        );
    }
}
