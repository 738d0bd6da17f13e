//! Checks for the decoders of what the kernel hands back: `SockAddr` from the
//! bytes and length of a `struct sockaddr`, and the Unix address
//! constructors with their `Display`. Each is compared with an independent
//! reading of the same bytes, written here from the man pages' layouts
//! (ip(7), ipv6(7), unix(7)) without calling baresock's decoder.

use baresock::{SockAddr, SockAddrUn, UnixAddrKind, MAX_ABSTRACT_LEN, MAX_PATH_LEN};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};

/// rustix's `SocketAddrStorage`: the most the kernel writes.
const STORAGE: usize = 128;
/// `sizeof(struct sockaddr_un)`.
const SOCKADDR_UN: usize = 110;

/// What `kind()` must say of the `sun_path` bytes a length covers.
fn unix_kind(path: &[u8]) -> UnixAddrKind<'_> {
    match path {
        [] => UnixAddrKind::Unnamed,
        [0, name @ ..] => UnixAddrKind::Abstract(name),
        _ => UnixAddrKind::Pathname(path.split(|&b| b == 0).next().unwrap_or(path)),
    }
}

/// `Display` of a Unix name that is UTF-8 without NUL is the name itself.
fn check_unix_text(addr: &SockAddrUn) {
    let text = addr.to_string();
    match addr.kind() {
        UnixAddrKind::Unnamed => assert_eq!(text, "(unnamed)"),
        UnixAddrKind::Pathname(p) => {
            if let Ok(s) = std::str::from_utf8(p) {
                assert_eq!(text, s);
            }
        }
        UnixAddrKind::Abstract(n) => match std::str::from_utf8(n) {
            Ok(s) if !s.contains('\0') => assert_eq!(text, format!("@{s}")),
            _ => assert!(text.starts_with('@')),
        },
    }
}

/// Decodes every prefix of `bytes` up to the storage size, as if the kernel
/// had returned that `addrlen`, and checks each against the layout.
pub fn kernel_addr(bytes: &[u8]) {
    let bytes = &bytes[..bytes.len().min(STORAGE)];
    for n in 0..=bytes.len() {
        let b = &bytes[..n];
        let got = SockAddr::from_bytes(b);
        // Text for the whole input only: formatting every prefix would make
        // the target a formatter benchmark. It never panics, whatever it is.
        let text = if n == bytes.len() {
            Some(got.to_string())
        } else {
            None
        };
        if n < 2 {
            assert_eq!(got, SockAddr::Other { family: 0 }, "len {n}");
            continue;
        }
        let family = u16::from_ne_bytes([b[0], b[1]]);
        match family {
            2 if n >= 8 => {
                let want = SocketAddrV4::new(
                    Ipv4Addr::new(b[4], b[5], b[6], b[7]),
                    u16::from_be_bytes([b[2], b[3]]),
                );
                assert_eq!(got.as_ip(), Some(want.into()), "len {n}");
                if let Some(text) = text {
                    assert_eq!(text, want.to_string());
                }
            }
            10 if n >= 24 => {
                let octets: [u8; 16] = b[8..24].try_into().unwrap();
                let scope = if n >= 28 {
                    u32::from_ne_bytes(b[24..28].try_into().unwrap())
                } else {
                    0
                };
                // std reads sin6_flowinfo's bytes as they are (not from
                // network order), and baresock's conversion matches it.
                let want = SocketAddrV6::new(
                    Ipv6Addr::from(octets),
                    u16::from_be_bytes([b[2], b[3]]),
                    u32::from_ne_bytes(b[4..8].try_into().unwrap()),
                    scope,
                );
                assert_eq!(got.as_ip(), Some(want.into()), "len {n}");
                let SockAddr::Inet6(ours) = got else {
                    panic!("AF_INET6 decoded as {got:?}")
                };
                assert_eq!(
                    ours.flowinfo(),
                    u32::from_be_bytes(b[4..8].try_into().unwrap()),
                    "host order"
                );
                if let Some(text) = text {
                    assert_eq!(text, want.to_string());
                }
            }
            1 => {
                let SockAddr::Unix(a) = got else {
                    panic!("AF_UNIX decoded as {got:?}")
                };
                let len = n.min(SOCKADDR_UN);
                assert_eq!(a.len(), len);
                assert_eq!(a.kind(), unix_kind(&b[2..len]));
                if text.is_some() {
                    check_unix_text(&a);
                }
            }
            _ => assert_eq!(got, SockAddr::Other { family }, "len {n}"),
        }
    }
}

/// The Unix constructors on arbitrary names: the first byte picks pathname
/// (even) or abstract (odd). Accepted exactly when unix(7) allows; the
/// address names what was given; its kernel bytes decode back to it.
pub fn unix_addr(bytes: &[u8]) {
    let Some((&pick, name)) = bytes.split_first() else {
        return;
    };
    let (made, kernel_path) = if pick % 2 == 0 {
        let ok = !name.is_empty() && !name.contains(&0) && name.len() <= MAX_PATH_LEN;
        let made = SockAddrUn::new(name);
        assert_eq!(made.is_ok(), ok, "pathname {name:?}");
        let Ok(a) = made else { return };
        assert_eq!(a.kind(), UnixAddrKind::Pathname(name));
        assert_eq!(a.len(), 2 + name.len() + 1);
        (a, [name, &[0]].concat())
    } else {
        let made = SockAddrUn::new_abstract(name);
        assert_eq!(
            made.is_ok(),
            name.len() <= MAX_ABSTRACT_LEN,
            "abstract {name:?}"
        );
        let Ok(a) = made else { return };
        assert_eq!(a.kind(), UnixAddrKind::Abstract(name));
        assert_eq!(a.len(), 2 + 1 + name.len());
        (a, [&[0], name].concat())
    };
    check_unix_text(&made);
    // The bytes the kernel would report for it decode to an equal address.
    let raw = [&1u16.to_ne_bytes()[..], &kernel_path].concat();
    assert_eq!(SockAddr::from_bytes(&raw), SockAddr::Unix(made));
}
