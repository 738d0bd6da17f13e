//! Checks for the text half of interface-name zones
//! (`parse::sockaddr_in6_with_zone` without its system call): the zone rule
//! and the kernel's name rule written again here, from the function's docs
//! and net/core/dev.c's `dev_valid_name`, without calling baresock's.

use baresock::parse::{self, paths, ZoneError};

/// The zone of the docs: from the first `%` to the `]` in front of the first
/// `:` after it, else to the first `]`, else to the end. Its start and end.
fn zone_of(text: &[u8]) -> Option<(usize, usize)> {
    let start = text.iter().position(|&b| b == b'%')? + 1;
    let rest = &text[start..];
    let colon = rest.iter().position(|&b| b == b':');
    let len = match colon {
        Some(c) if c > 0 && rest[c - 1] == b']' => c - 1,
        _ => {
            let upto = colon.unwrap_or(rest.len());
            rest[..upto].iter().position(|&b| b == b']').unwrap_or(upto)
        }
    };
    Some((start, start + len))
}

/// `dev_valid_name`, with the kernel's `isspace` (lib/ctype.c: 9 to 13, 32
/// and 160), NUL rejected, and UTF-8 required (rustix takes a `&str`).
fn valid_name(name: &[u8]) -> bool {
    let kernel_space = |b: u8| (9..=13).contains(&b) || b == 32 || b == 160;
    !name.is_empty()
        && name.len() < 16
        && name != b"."
        && name != b".."
        && !name
            .iter()
            .any(|&b| b == b'/' || b == b':' || b == 0 || kernel_space(b))
        && std::str::from_utf8(name).is_ok()
}

/// The index the stand-in lookup gives a name: never 0, and it depends on
/// the name, so a mix-up of names shows.
fn index_for(name: &str) -> u32 {
    name.bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        | 1
}

/// Without a name: exactly `parse::sockaddr_in6` (value or error) and no
/// lookup. With one: an address exactly when the name is valid and the text
/// with the index in its place is an address, and then that address; the
/// lookup sees that name, and a name no interface has is `UnknownInterface`
/// at its offset.
pub fn zone(text: &[u8]) {
    let mut asked = None;
    let got = paths::zone_resolve(text, |name| {
        asked = Some(name.to_owned());
        Ok(Some(index_for(name)))
    });
    let shown = String::from_utf8_lossy(text);
    match zone_of(text) {
        Some((a, b)) if !(a < b && text[a..b].iter().all(u8::is_ascii_digit)) => {
            let zone = &text[a..b];
            let index = std::str::from_utf8(zone).map_or(1, index_for);
            let numbered = [&text[..a], index.to_string().as_bytes(), &text[b..]].concat();
            let expected = parse::sockaddr_in6(&numbered)
                .ok()
                .filter(|_| valid_name(zone));
            assert_eq!(got.ok(), expected, "{shown:?}");
            if got.is_ok() {
                assert_eq!(asked.as_deref().map(str::as_bytes), Some(zone), "{shown:?}");
                let unknown = paths::zone_resolve(text, |_| Ok(None));
                assert_eq!(unknown, Err(ZoneError::UnknownInterface { at: a as u32 }));
            }
            // Never a lookup for a name that fails the kernel's rule.
            if !valid_name(zone) {
                assert_eq!(asked, None, "{shown:?}");
            }
        }
        _ => {
            assert_eq!(
                got,
                parse::sockaddr_in6(text).map_err(ZoneError::Parse),
                "{shown:?}"
            );
            assert_eq!(asked, None, "{shown:?}");
        }
    }
}
