//! The kernel's rule for an interface name.

/// The longest interface name: `IFNAMSIZ` (16) less the C string's NUL.
///
/// ```
/// assert_eq!(baresock::fmt::IFNAME_MAX_LEN, 15);
/// ```
#[doc(alias = "IFNAMSIZ", alias = "IF_NAMESIZE")]
pub const IFNAME_MAX_LEN: usize = 15;

static_assertions::const_assert_eq!(IFNAME_MAX_LEN + 1, linux_raw_sys::net::IFNAMSIZ as usize);

/// The kernel's `isspace` (lib/ctype.c): `\t \n \v \f \r`, space, and
/// 0xA0 (Latin-1's no-break space), which C's `isspace` in the "C" locale
/// leaves out.
const fn is_kernel_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | 0xa0)
}

/// `name` as an interface name the kernel could have, or the offset of the
/// first byte that makes it invalid.
///
/// The kernel's rule is `dev_valid_name` (net/core/dev.c): not empty, under
/// `IFNAMSIZ` (16) bytes, not `.` or `..`, and no `/`, `:` or whitespace
/// (the kernel's `isspace`, so byte 0xA0 too). A NUL, which would end the
/// kernel's C string early, is rejected as well. On top of the kernel's rule
/// the name must be UTF-8: rustix's lookups take a `&str`. The offset is that
/// of the offending byte; 0 for an empty name, `.` or `..`, and 15 (the
/// first byte too many) for a name that is too long.
pub(crate) fn valid_name(name: &[u8]) -> core::result::Result<&str, usize> {
    if name.is_empty() || name == b"." || name == b".." {
        return Err(0);
    }
    if name.len() > IFNAME_MAX_LEN {
        return Err(IFNAME_MAX_LEN);
    }
    if let Some(bad) = name
        .iter()
        .position(|&b| b == b'/' || b == b':' || b == 0 || is_kernel_space(b))
    {
        return Err(bad);
    }
    core::str::from_utf8(name).map_err(|e| e.valid_up_to())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_names_follow_dev_valid_name() {
        for ok in [
            &b"lo"[..],
            b"eth0",
            b"a",
            b"5abc",
            b"...",
            b".a",
            b"a%b",
            b"a]b",
            b"[x]",
            b"wlp0s20f3",
            b"br-0123456789ab", // 15 bytes, the longest
            "é".as_bytes(),     // 0xC3 0xA9: UTF-8, no 0xA0 byte
        ] {
            assert_eq!(valid_name(ok).map(str::as_bytes), Ok(ok), "{ok:?}");
        }
        let bad: &[(&[u8], usize)] = &[
            (b"", 0),
            (b".", 0),
            (b"..", 0),
            (b"br-0123456789abc", 15), // 16 bytes
            (b"a/b", 1),
            (b"a:b", 1),
            (b"a b", 1),
            (b"\tx", 0),
            (b"x\n", 1),
            (b"x\x0b", 1),
            (b"x\x0c", 1),
            (b"x\r", 1),
            (b"x\0", 1),
            (b"x\xa0", 1),       // the kernel's isspace(0xA0)
            ("à".as_bytes(), 1), // 0xC3 0xA0: valid UTF-8, but the kernel sees a space
            (b"x\xff", 1),       // not UTF-8
            (b"ab\xc3", 2),      // cut UTF-8
        ];
        for &(name, at) in bad {
            assert_eq!(valid_name(name), Err(at), "{name:?}");
        }
        // Every other ASCII byte is fine on its own.
        for b in 1..0x80u8 {
            let expected = !(b == b'/' || b == b':' || is_kernel_space(b) || b == b'.');
            assert_eq!(valid_name(&[b]).is_ok(), expected, "{b:#x}");
        }
    }
}
