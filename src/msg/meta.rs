//! Per-datagram metadata, as the kernel reports it in control messages:
//! where a datagram arrived (to answer from the same address), its ECN
//! bits, hop limit and receive time, the drops before it, and the GRO
//! segment size.
//!
//! # References
//! - [ip(7)](https://man7.org/linux/man-pages/man7/ip.7.html) (`IP_PKTINFO`,
//!   `IP_RECVTOS`, `IP_RECVTTL`)
//! - [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html) and
//!   [RFC 3542](https://www.rfc-editor.org/rfc/rfc3542) (`IPV6_RECVPKTINFO`,
//!   `IPV6_RECVTCLASS`, `IPV6_RECVHOPLIMIT`)
//! - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html)
//!   (`SO_TIMESTAMPNS`, `SO_RXQ_OVFL`)
//! - [udp(7)](https://man7.org/linux/man-pages/man7/udp.7.html) (`UDP_GRO`)
//! - [RFC 3168](https://www.rfc-editor.org/rfc/rfc3168) (ECN)
//
// Pure: it reads what `ControlMessages` decoded, and nothing else.

use core::fmt;
use core::net::IpAddr;
use core::time::Duration;

use super::cmsg::{ControlMessage, ControlMessages};

/// The ECN codepoint: the two low bits of an IPv4 TOS byte or an IPv6
/// traffic class (RFC 3168).
///
/// ```
/// use baresock::Ecn;
/// assert_eq!(Ecn::from_tos(0xb9), Ecn::Ect1); // DSCP 46 (EF), ECT(1)
/// assert_eq!(Ecn::Ce.to_bits(), 0b11);
/// assert_eq!(Ecn::Ect0.to_string(), "ECT(0)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Ecn {
    /// `00`: the sender does not do ECN.
    NotEct = 0b00,
    /// `01`: ECN-capable transport, ECT(1) (L4S uses it).
    Ect1 = 0b01,
    /// `10`: ECN-capable transport, ECT(0).
    Ect0 = 0b10,
    /// `11`: congestion experienced, set by a router on the way.
    Ce = 0b11,
}

impl Ecn {
    /// The codepoint in a TOS byte or traffic class (its two low bits; the
    /// DSCP above them is ignored).
    ///
    /// ```
    /// use baresock::Ecn;
    /// assert_eq!(Ecn::from_tos(0x00), Ecn::NotEct);
    /// assert_eq!(Ecn::from_tos(0x02), Ecn::Ect0);
    /// assert_eq!(Ecn::from_tos(0xff), Ecn::Ce);
    /// ```
    #[must_use]
    pub const fn from_tos(tos: u8) -> Self {
        match tos & 0b11 {
            0b00 => Self::NotEct,
            0b01 => Self::Ect1,
            0b10 => Self::Ect0,
            _ => Self::Ce,
        }
    }

    /// The two bits, to be or-ed into a TOS byte or traffic class.
    ///
    /// ```
    /// use baresock::Ecn;
    /// let dscp_ef = 46 << 2;
    /// assert_eq!(dscp_ef | Ecn::Ect0.to_bits(), 0xba);
    /// ```
    #[must_use]
    pub const fn to_bits(self) -> u8 {
        self as u8
    }
}

impl fmt::Display for Ecn {
    /// RFC 3168's name: `Not-ECT`, `ECT(1)`, `ECT(0)` or `CE`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Self::NotEct => "Not-ECT",
            Self::Ect1 => "ECT(1)",
            Self::Ect0 => "ECT(0)",
            Self::Ce => "CE",
        })
    }
}

/// A point in time on `CLOCK_REALTIME`, as a `struct timespec` holds it:
/// whole seconds since 1970-01-01 UTC (negative before it), and the
/// nanoseconds after them (below a second in every value the kernel sends).
///
/// Values compare in time order.
///
/// ```
/// use baresock::Timestamp;
/// use core::time::Duration;
/// let t = Timestamp { secs: 1_700_000_000, nanos: 5 };
/// assert_eq!(t.to_string(), "1700000000.000000005");
/// assert_eq!(t.as_duration_since_epoch(), Some(Duration::new(1_700_000_000, 5)));
/// assert!(t < Timestamp { secs: 1_700_000_000, nanos: 6 });
/// ```
#[doc(alias = "timespec")]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Seconds since the epoch (`tv_sec`).
    pub secs: i64,
    /// Nanoseconds after `secs` (`tv_nsec`).
    pub nanos: u32,
}

impl Timestamp {
    /// The time since the epoch, or `None` for a time before it (or one too
    /// large for a [`Duration`]).
    ///
    /// ```
    /// use baresock::Timestamp;
    /// use core::time::Duration;
    /// let t = Timestamp { secs: 2, nanos: 500_000_000 };
    /// assert_eq!(t.as_duration_since_epoch(), Some(Duration::from_millis(2500)));
    /// assert_eq!(Timestamp { secs: -1, nanos: 0 }.as_duration_since_epoch(), None);
    /// ```
    #[must_use]
    pub const fn as_duration_since_epoch(self) -> Option<Duration> {
        if self.secs < 0 {
            return None;
        }
        let secs = Duration::from_secs(self.secs.unsigned_abs());
        secs.checked_add(Duration::from_nanos(self.nanos as u64))
    }
}

impl fmt::Display for Timestamp {
    /// Seconds since the epoch with nine decimals, `1700000000.000000005`;
    /// exact before the epoch too (`-0.500000000` for `secs: -1,
    /// nanos: 500_000_000`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // In nanoseconds the value always fits an i128, whatever the fields.
        let total = i128::from(self.secs) * 1_000_000_000 + i128::from(self.nanos);
        let sign = if total < 0 { "-" } else { "" };
        let total = total.unsigned_abs();
        let (secs, nanos) = (total / 1_000_000_000, total % 1_000_000_000);
        write!(f, "{sign}{secs}.{nanos:09}")
    }
}

/// What the kernel said about one received datagram, from its control
/// messages; a field is `None` when its message did not come (its option is
/// off, or the control buffer was too small: size it with
/// [`SPACE_FOR_RECV_META`](crate::SPACE_FOR_RECV_META)).
///
/// ```
/// use baresock::{ControlMessages, Ecn, RecvMeta};
/// use core::net::{IpAddr, Ipv4Addr};
/// # fn push(out: &mut Vec<u8>, level: i32, kind: i32, data: &[u8]) {
/// #     let word = core::mem::size_of::<usize>();
/// #     out.extend_from_slice(&(word + 8 + data.len()).to_ne_bytes());
/// #     out.extend_from_slice(&level.to_ne_bytes());
/// #     out.extend_from_slice(&kind.to_ne_bytes());
/// #     out.extend_from_slice(data);
/// #     out.resize(out.len().next_multiple_of(word), 0);
/// # }
/// // What a socket with IP_PKTINFO and IP_RECVTOS on receives: a
/// // struct in_pktinfo (ifindex, local address, destination), then the
/// // TOS byte.
/// let mut control = Vec::new();
/// let pktinfo = [&1i32.to_ne_bytes()[..], &[127, 0, 0, 2], &[127, 0, 0, 2]].concat();
/// push(&mut control, 0, 8, &pktinfo); // IPPROTO_IP, IP_PKTINFO
/// push(&mut control, 0, 1, &[0x02]); // IPPROTO_IP, IP_TOS
/// let meta = RecvMeta::from_control(ControlMessages::new(&control));
/// assert_eq!(meta.destination, Some(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2))));
/// assert_eq!(meta.interface, Some(1));
/// assert_eq!(meta.ecn(), Some(Ecn::Ect0));
/// assert_eq!(meta.timestamp, None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RecvMeta {
    /// The address the datagram was sent to (`IP_PKTINFO`'s `ipi_addr`,
    /// `IPV6_PKTINFO`'s `ipi6_addr`): the one to answer from. When both
    /// came (an IPv4 datagram on a dual-stack socket with both options on),
    /// the IPv4 one; from `IPV6_PKTINFO` alone, such a datagram's is an
    /// IPv4-mapped IPv6 address.
    pub destination: Option<IpAddr>,
    /// The index of the interface it arrived on, from the same packet info
    /// as `destination`.
    pub interface: Option<u32>,
    /// The whole TOS byte (`IP_TOS`) or traffic class (`IPV6_TCLASS`),
    /// IPv4's when both came: DSCP and ECN, see [`RecvMeta::ecn`].
    pub tos: Option<u8>,
    /// The TTL (`IP_TTL`) or hop limit (`IPV6_HOPLIMIT`), IPv4's when both
    /// came.
    pub hop_limit: Option<u8>,
    /// When the kernel received it (`SO_TIMESTAMPNS`).
    pub timestamp: Option<Timestamp>,
    /// The socket's count of dropped datagrams when this one was queued
    /// (`SO_RXQ_OVFL`, sent once the count is not 0): the difference from
    /// the last one seen is what was lost between them.
    pub dropped: Option<u32>,
    /// `UDP_GRO`: the datagram is several coalesced, each this long except
    /// the last (which may be shorter).
    pub segment_size: Option<u16>,
}

impl RecvMeta {
    /// Reads the metadata from `messages`, in one walk; any other message
    /// is skipped. Of two messages of one type (the kernel sends one), the
    /// first counts. Never panics, on any bytes.
    ///
    /// ```
    /// use baresock::{ControlMessages, RecvMeta, Timestamp};
    /// # fn push(out: &mut Vec<u8>, level: i32, kind: i32, data: &[u8]) {
    /// #     let word = core::mem::size_of::<usize>();
    /// #     out.extend_from_slice(&(word + 8 + data.len()).to_ne_bytes());
    /// #     out.extend_from_slice(&level.to_ne_bytes());
    /// #     out.extend_from_slice(&kind.to_ne_bytes());
    /// #     out.extend_from_slice(data);
    /// #     out.resize(out.len().next_multiple_of(word), 0);
    /// # }
    /// let mut control = Vec::new();
    /// // SOL_SOCKET, SO_TIMESTAMPNS_NEW: two 64-bit ints.
    /// let time = [1_700_000_000i64.to_ne_bytes(), 250i64.to_ne_bytes()].concat();
    /// push(&mut control, 1, 64, &time);
    /// push(&mut control, 17, 104, &1200i32.to_ne_bytes()); // SOL_UDP, UDP_GRO
    /// let meta = RecvMeta::from_control(ControlMessages::new(&control));
    /// assert_eq!(meta.timestamp, Some(Timestamp { secs: 1_700_000_000, nanos: 250 }));
    /// assert_eq!(meta.segment_size, Some(1200));
    /// assert_eq!(meta.destination, None);
    ///
    /// assert_eq!(RecvMeta::from_control(ControlMessages::new(&[])), RecvMeta::default());
    /// ```
    #[must_use]
    pub fn from_control(messages: ControlMessages<'_>) -> Self {
        let mut meta = Self::default();
        // Each family's apart, so that IPv4's wins whatever the order.
        let (mut info_v4, mut info_v6) = (None, None);
        let (mut tos_v4, mut tos_v6) = (None, None);
        let (mut hops_v4, mut hops_v6) = (None, None);
        for message in messages {
            match message {
                ControlMessage::PacketInfoV4 {
                    interface,
                    destination,
                    ..
                } => info_v4 = info_v4.or(Some((IpAddr::V4(destination), interface))),
                ControlMessage::PacketInfoV6 {
                    destination,
                    interface,
                } => info_v6 = info_v6.or(Some((IpAddr::V6(destination), interface))),
                ControlMessage::Tos(tos) => tos_v4 = tos_v4.or(Some(tos)),
                ControlMessage::TrafficClass(tos) => tos_v6 = tos_v6.or(Some(tos)),
                ControlMessage::Ttl(hops) => hops_v4 = hops_v4.or(Some(hops)),
                ControlMessage::HopLimit(hops) => hops_v6 = hops_v6.or(Some(hops)),
                ControlMessage::Timestamp(t) => meta.timestamp = meta.timestamp.or(Some(t)),
                ControlMessage::Dropped(n) => meta.dropped = meta.dropped.or(Some(n)),
                ControlMessage::SegmentSize(n) => {
                    meta.segment_size = meta.segment_size.or(Some(n));
                }
                _ => {}
            }
        }
        let info = info_v4.or(info_v6);
        meta.destination = info.map(|(address, _)| address);
        meta.interface = info.map(|(_, interface)| interface);
        meta.tos = tos_v4.or(tos_v6);
        meta.hop_limit = hops_v4.or(hops_v6);
        meta
    }

    /// The ECN bits of [`RecvMeta::tos`].
    ///
    /// ```
    /// use baresock::{Ecn, RecvMeta};
    /// let meta = RecvMeta { tos: Some(0xbb), ..RecvMeta::default() };
    /// assert_eq!(meta.ecn(), Some(Ecn::Ce));
    /// assert_eq!(RecvMeta::default().ecn(), None);
    /// ```
    #[must_use]
    pub fn ecn(&self) -> Option<Ecn> {
        self.tos.map(Ecn::from_tos)
    }
}

#[cfg(test)]
mod tests {
    //! Hand-built control bytes (native byte order, so they hold on every
    //! target), read back as `RecvMeta`.

    extern crate std;

    use super::*;
    use core::mem::size_of;
    use core::net::{Ipv4Addr, Ipv6Addr};
    use std::string::ToString;
    use std::vec::Vec;

    const WORD: usize = size_of::<usize>();

    /// One message as Linux lays it out: header, data, padding to a word.
    fn push(out: &mut Vec<u8>, level: i32, kind: i32, data: &[u8]) {
        out.extend_from_slice(&(WORD + 8 + data.len()).to_ne_bytes());
        out.extend_from_slice(&level.to_ne_bytes());
        out.extend_from_slice(&kind.to_ne_bytes());
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(WORD), 0);
    }

    fn meta(bytes: &[u8]) -> RecvMeta {
        RecvMeta::from_control(ControlMessages::new(bytes))
    }

    fn pktinfo_v4(out: &mut Vec<u8>, interface: i32, local: [u8; 4], destination: [u8; 4]) {
        let data = [&interface.to_ne_bytes()[..], &local, &destination].concat();
        push(out, 0, 8, &data);
    }

    fn pktinfo_v6(out: &mut Vec<u8>, destination: Ipv6Addr, interface: i32) {
        let data = [&destination.octets()[..], &interface.to_ne_bytes()].concat();
        push(out, 41, 50, &data);
    }

    fn int(out: &mut Vec<u8>, level: i32, kind: i32, value: i32) {
        push(out, level, kind, &value.to_ne_bytes());
    }

    #[test]
    fn every_field_from_its_message() {
        let mut b = Vec::new();
        pktinfo_v4(&mut b, 2, [127, 0, 0, 1], [127, 0, 0, 3]);
        push(&mut b, 0, 1, &[0xb8 | 0b10]); // IP_TOS: DSCP EF, ECT(0)
        int(&mut b, 0, 2, 63); // IP_TTL
        let time = [1_700_000_000i64.to_ne_bytes(), 42i64.to_ne_bytes()].concat();
        push(&mut b, 1, 64, &time); // SO_TIMESTAMPNS_NEW
        push(&mut b, 1, 40, &7u32.to_ne_bytes()); // SO_RXQ_OVFL
        int(&mut b, 17, 104, 1200); // UDP_GRO
        assert_eq!(
            meta(&b),
            RecvMeta {
                destination: Some(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 3))),
                interface: Some(2),
                tos: Some(0xba),
                hop_limit: Some(63),
                timestamp: Some(Timestamp {
                    secs: 1_700_000_000,
                    nanos: 42
                }),
                dropped: Some(7),
                segment_size: Some(1200),
            }
        );
        assert_eq!(meta(&b).ecn(), Some(Ecn::Ect0));
    }

    #[test]
    fn ipv6_fields() {
        let mut b = Vec::new();
        pktinfo_v6(&mut b, Ipv6Addr::LOCALHOST, 1);
        int(&mut b, 41, 67, 0x03); // IPV6_TCLASS: CE
        int(&mut b, 41, 52, 255); // IPV6_HOPLIMIT
        let m = meta(&b);
        assert_eq!(m.destination, Some(IpAddr::V6(Ipv6Addr::LOCALHOST)));
        assert_eq!(m.interface, Some(1));
        assert_eq!(m.tos, Some(3));
        assert_eq!(m.ecn(), Some(Ecn::Ce));
        assert_eq!(m.hop_limit, Some(255));
        assert_eq!((m.timestamp, m.dropped, m.segment_size), (None, None, None));
    }

    #[test]
    fn ipv4_wins_over_ipv6_in_either_order() {
        let mapped = Ipv4Addr::new(127, 0, 0, 2).to_ipv6_mapped();
        let mut v6_first = Vec::new();
        pktinfo_v6(&mut v6_first, mapped, 9);
        int(&mut v6_first, 41, 67, 0x01);
        int(&mut v6_first, 41, 52, 10);
        let mut v4_first = Vec::new();
        pktinfo_v4(&mut v4_first, 1, [127, 0, 0, 1], [127, 0, 0, 2]);
        push(&mut v4_first, 0, 1, &[0x02]);
        int(&mut v4_first, 0, 2, 20);
        let (v6_part, v4_part) = (v6_first.clone(), v4_first.clone());
        v6_first.extend_from_slice(&v4_part);
        v4_first.extend_from_slice(&v6_part);
        for b in [v6_first, v4_first] {
            let m = meta(&b);
            assert_eq!(m.destination, Some(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2))));
            assert_eq!(m.interface, Some(1), "the interface of the same message");
            assert_eq!(m.tos, Some(0x02));
            assert_eq!(m.hop_limit, Some(20));
        }
        // IPV6_PKTINFO alone: the mapped address as it came.
        let mut b = Vec::new();
        pktinfo_v6(&mut b, mapped, 9);
        assert_eq!(meta(&b).destination, Some(IpAddr::V6(mapped)));
        assert_eq!(meta(&b).interface, Some(9));
    }

    #[test]
    fn the_first_of_a_kind_counts() {
        let mut b = Vec::new();
        push(&mut b, 1, 40, &1u32.to_ne_bytes());
        push(&mut b, 1, 40, &2u32.to_ne_bytes());
        int(&mut b, 17, 104, 100);
        int(&mut b, 17, 104, 200);
        pktinfo_v4(&mut b, 1, [0; 4], [10, 0, 0, 1]);
        pktinfo_v4(&mut b, 2, [0; 4], [10, 0, 0, 2]);
        let m = meta(&b);
        assert_eq!(m.dropped, Some(1));
        assert_eq!(m.segment_size, Some(100));
        assert_eq!(m.destination, Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1))));
        assert_eq!(m.interface, Some(1));
    }

    #[test]
    fn short_and_other_messages_are_skipped() {
        let mut b = Vec::new();
        push(&mut b, 0, 8, &[0; 11]); // IP_PKTINFO one byte short
        push(&mut b, 41, 50, &[0; 19]); // IPV6_PKTINFO one byte short
        push(&mut b, 0, 1, &[]); // IP_TOS without its byte
        push(&mut b, 41, 67, &[0; 3]); // IPV6_TCLASS short of an int
        int(&mut b, 41, 52, 256); // a hop limit no header holds
        push(&mut b, 1, 64, &[0; 15]); // SO_TIMESTAMPNS_NEW short
        push(&mut b, 1, 40, &[0; 3]); // SO_RXQ_OVFL short
        int(&mut b, 17, 104, -1); // UDP_GRO out of range
        push(&mut b, 1, 1, &3i32.to_ne_bytes()); // SCM_RIGHTS: not metadata
        int(&mut b, 17, 103, 1200); // UDP_SEGMENT: sent, not received
        assert_eq!(meta(&b), RecvMeta::default());
        assert_eq!(meta(&[]), RecvMeta::default());
        assert_eq!(meta(&[0xff; 64]), RecvMeta::default());
    }

    #[test]
    fn the_old_timestamp_is_two_longs() {
        use linux_raw_sys::ctypes::c_long;
        let mut b = Vec::new();
        let data = [
            c_long::from(1_000i16).to_ne_bytes(),
            c_long::from(1i8).to_ne_bytes(),
        ]
        .concat();
        push(&mut b, 1, 35, &data); // SO_TIMESTAMPNS_OLD
        assert_eq!(
            meta(&b).timestamp,
            Some(Timestamp {
                secs: 1_000,
                nanos: 1
            })
        );
    }

    #[test]
    fn ecn_codepoints() {
        for (tos, ecn, name) in [
            (0x00, Ecn::NotEct, "Not-ECT"),
            (0x01, Ecn::Ect1, "ECT(1)"),
            (0x02, Ecn::Ect0, "ECT(0)"),
            (0x03, Ecn::Ce, "CE"),
        ] {
            for dscp in [0, 0x04, 0xb8, 0xfc] {
                assert_eq!(Ecn::from_tos(dscp | tos), ecn);
            }
            assert_eq!(ecn.to_bits(), tos);
            assert_eq!(ecn as u8, tos);
            assert_eq!(ecn.to_string(), name);
        }
        assert_eq!(std::format!("{:>8}", Ecn::Ce), "      CE");
    }

    #[test]
    fn timestamp_display_and_duration() {
        let cases = [
            (0, 0, "0.000000000"),
            (1_700_000_000, 5, "1700000000.000000005"),
            (-1, 500_000_000, "-0.500000000"),
            (-2, 0, "-2.000000000"),
            (i64::MAX, 999_999_999, "9223372036854775807.999999999"),
            (i64::MIN, 0, "-9223372036854775808.000000000"),
            (0, u32::MAX, "4.294967295"),
        ];
        for (secs, nanos, text) in cases {
            assert_eq!(Timestamp { secs, nanos }.to_string(), text);
        }
        let t = |secs, nanos| Timestamp { secs, nanos };
        assert_eq!(t(3, 4).as_duration_since_epoch(), Some(Duration::new(3, 4)));
        assert_eq!(t(0, 0).as_duration_since_epoch(), Some(Duration::ZERO));
        assert_eq!(t(-1, 999_999_999).as_duration_since_epoch(), None);
        assert_eq!(
            t(i64::MAX, 999_999_999).as_duration_since_epoch(),
            Some(Duration::new(i64::MAX.unsigned_abs(), 999_999_999))
        );
        // Fields no kernel writes: no panic either way.
        assert_eq!(
            t(i64::MAX, u32::MAX).as_duration_since_epoch(),
            Some(Duration::new(i64::MAX.unsigned_abs(), 0) + Duration::from_nanos(u32::MAX.into()))
        );
        assert!(t(1, 0) < t(1, 1));
        assert!(t(-1, 999_999_999) < t(0, 0));
    }
}
