//! An IPv6 socket address printed with its zone as an interface name.

use core::fmt::{Display, Write};

use super::IFNAME_MAX_LEN;
use crate::fmt::{IPV6_ADDR_MAX_LEN, SOCKADDR_IN6_MAX_LEN};
use crate::SockAddrIn6;

/// [`WithZoneName`]'s longest text: [`SOCKADDR_IN6_MAX_LEN`] with the
/// longest interface name where the longest scope id was,
/// `"[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%123456789abcdef]:65535"`.
pub const SOCKADDR_IN6_ZONE_NAME_MAX_LEN: usize =
    "[".len() + IPV6_ADDR_MAX_LEN + "%".len() + IFNAME_MAX_LEN + "]".len() + ":65535".len();

static_assertions::const_assert_eq!(SOCKADDR_IN6_ZONE_NAME_MAX_LEN, 63);
// Without a name, WithZoneName prints the numeric text: that fits too.
static_assertions::const_assert!(SOCKADDR_IN6_ZONE_NAME_MAX_LEN >= SOCKADDR_IN6_MAX_LEN);

/// A [`SockAddrIn6`] whose `Display` prints its zone as an interface name,
/// `"[fe80::1%eth0]:80"`, made by [`SockAddrIn6::display_with_zone_name`].
///
/// The name was looked up when this was made; formatting makes no system
/// call and allocates nothing. Without a name (scope id 0, an index no
/// interface has, a failed lookup) it prints what the address's own
/// `Display` prints. Width, fill and alignment apply to the whole text, as
/// they do for `core::net`'s addresses.
///
/// ```
/// use baresock::fmt::ToHeapless;
/// use baresock::SockAddrIn6;
/// use core::net::Ipv6Addr;
///
/// let lo: u32 = std::fs::read_to_string("/sys/class/net/lo/ifindex").unwrap().trim().parse().unwrap();
/// let addr = SockAddrIn6::new(Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1), 80, 0, lo);
/// let named = addr.display_with_zone_name();
/// assert_eq!(format!("{named:>18}"), "   [fe80::1%lo]:80");
/// assert_eq!(named.name(), Some("lo"));
/// assert_eq!(named.to_heapless().as_str(), "[fe80::1%lo]:80");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct WithZoneName {
    addr: SockAddrIn6,
    name: Option<heapless::String<IFNAME_MAX_LEN>>,
}

impl WithZoneName {
    /// `addr`, to print with `name` for its scope id. The name is printed
    /// only for a scope id other than 0, as `Display` prints no `%0`.
    pub(crate) fn new(addr: SockAddrIn6, name: Option<heapless::String<IFNAME_MAX_LEN>>) -> Self {
        let name = name.filter(|_| addr.scope_id() != 0);
        Self { addr, name }
    }

    /// The address.
    ///
    /// ```
    /// let addr = baresock::sockaddr_in6!("[::1]:80");
    /// assert_eq!(addr.display_with_zone_name().addr(), addr);
    /// ```
    #[must_use]
    pub fn addr(&self) -> SockAddrIn6 {
        self.addr
    }

    /// The interface name printed for the scope id, if there is one.
    ///
    /// ```
    /// let addr = baresock::sockaddr_in6!("[::1]:80"); // scope id 0: no name
    /// assert_eq!(addr.display_with_zone_name().name(), None);
    /// ```
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}

impl Display for WithZoneName {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let Some(name) = &self.name else {
            return Display::fmt(&self.addr, f);
        };
        // Into a buffer first so that `pad` can apply width and alignment to
        // the whole text; it holds the longest text (tested), so the write
        // cannot fail, and if it ever did the text would be cut, not panic.
        let mut text = heapless::String::<SOCKADDR_IN6_ZONE_NAME_MAX_LEN>::new();
        let _ = write!(text, "[{}%{name}]:{}", self.addr.ip(), self.addr.port());
        f.pad(&text)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::fmt::ToHeapless;
    use core::net::Ipv6Addr;
    use std::string::ToString;

    #[test]
    fn zone_name_text_at_the_maximum() {
        let v6 = Ipv6Addr::from_bits(u128::MAX);
        let longest = heapless::String::try_from("123456789abcdef").unwrap();
        let addr = SockAddrIn6::new(v6, u16::MAX, u32::MAX, u32::MAX);
        let named = WithZoneName::new(addr, Some(longest));
        let text = named.to_heapless();
        assert_eq!(text.len(), SOCKADDR_IN6_ZONE_NAME_MAX_LEN);
        assert_eq!(text.as_str(), named.to_string());
        assert_eq!(
            text.as_str(),
            "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%123456789abcdef]:65535"
        );
        // The flow information is not printed, as Display leaves it out.
        assert!(!text.contains("4294967295"));
    }

    #[test]
    fn without_a_name_it_is_display() {
        let a = SockAddrIn6::new(Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1), 80, 0, 7);
        let plain = WithZoneName::new(a, None);
        assert_eq!(plain.to_string(), "[fe80::1%7]:80");
        assert_eq!(std::format!("{plain:<16}|"), std::format!("{a:<16}|"));
        // Scope id 0: no `%`, whatever name was found.
        let zero = SockAddrIn6::new(Ipv6Addr::LOCALHOST, 80, 0, 0);
        let named = WithZoneName::new(zero, Some(heapless::String::try_from("lo").unwrap()));
        assert_eq!(
            (named.to_string().as_str(), named.name()),
            ("[::1]:80", None)
        );
    }

    #[test]
    fn named_text_pads_as_a_whole() {
        let a = SockAddrIn6::new(Ipv6Addr::LOCALHOST, 80, 0, 1);
        let named = WithZoneName::new(a, Some(heapless::String::try_from("lo").unwrap()));
        assert_eq!(std::format!("{named}"), "[::1%lo]:80");
        assert_eq!(std::format!("{named:*^15}"), "**[::1%lo]:80**");
        assert_eq!(std::format!("{named:.4}"), "[::1");
    }
}
