//! Shared checks for the fuzz targets: each parser against `core::net`
//! (differential: same acceptance, same value) and parse -> format -> parse;
//! and the fast paths against the exact parsers.

pub mod activation;
pub mod kernel;
pub mod zone;

use baresock::fmt::ToHeapless;
use baresock::parse::{self, paths};
use baresock::SockAddr;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::str::FromStr;

/// `core`'s verdict, or `None` for input that is not UTF-8 (core only takes
/// `&str`, and its grammar is ASCII, so such input is never an address).
fn core_parse<T: FromStr>(bytes: &[u8]) -> Option<T> {
    std::str::from_utf8(bytes).ok()?.parse().ok()
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn ipv4_addr(bytes: &[u8]) {
    let ours = parse::ipv4_addr(bytes).ok();
    assert_eq!(
        ours,
        core_parse::<Ipv4Addr>(bytes),
        "ipv4_addr {:?}",
        lossy(bytes)
    );
    if let Some(a) = ours {
        assert_eq!(parse::ipv4_addr(a.to_heapless().as_bytes()), Ok(a));
    }
}

pub fn ipv6_addr(bytes: &[u8]) {
    let ours = parse::ipv6_addr(bytes).ok();
    assert_eq!(
        ours,
        core_parse::<Ipv6Addr>(bytes),
        "ipv6_addr {:?}",
        lossy(bytes)
    );
    if let Some(a) = ours {
        assert_eq!(parse::ipv6_addr(a.to_heapless().as_bytes()), Ok(a));
    }
}

pub fn ip_addr(bytes: &[u8]) {
    let ours = parse::ip_addr(bytes).ok();
    assert_eq!(
        ours,
        core_parse::<IpAddr>(bytes),
        "ip_addr {:?}",
        lossy(bytes)
    );
    if let Some(a) = ours {
        assert_eq!(parse::ip_addr(a.to_heapless().as_bytes()), Ok(a));
    }
}

pub fn sockaddr_in(bytes: &[u8]) {
    let ours = parse::sockaddr_in(bytes).ok();
    let core = core_parse::<SocketAddrV4>(bytes);
    assert_eq!(
        ours.map(|a| a.to_core()),
        core,
        "sockaddr_in {:?}",
        lossy(bytes)
    );
    if let Some(a) = ours {
        assert_eq!(parse::sockaddr_in(a.to_heapless().as_bytes()), Ok(a));
    }
}

pub fn sockaddr_in6(bytes: &[u8]) {
    let ours = parse::sockaddr_in6(bytes).ok();
    let core = core_parse::<SocketAddrV6>(bytes);
    assert_eq!(
        ours.map(|a| a.to_core()),
        core,
        "sockaddr_in6 {:?}",
        lossy(bytes)
    );
    if let Some(a) = ours {
        assert_eq!(parse::sockaddr_in6(a.to_heapless().as_bytes()), Ok(a));
    }
}

pub fn sockaddr(bytes: &[u8]) {
    let ours = parse::sockaddr(bytes).ok();
    let core = core_parse::<SocketAddr>(bytes);
    assert_eq!(
        ours.and_then(|a| a.as_ip()),
        core,
        "sockaddr {:?}",
        lossy(bytes)
    );
    assert!(ours.is_none() || matches!(ours, Some(SockAddr::Inet(_) | SockAddr::Inet6(_))));
    if let Some(a) = ours {
        let text = a.to_string();
        assert_eq!(parse::sockaddr(text.as_bytes()), Ok(a));
    }
}

/// Each fast path against its exact parser: it may decline, but what it
/// takes the exact parser takes with the same value, and the public parser
/// gives the exact verdict.
pub fn fast_path(bytes: &[u8]) {
    let exact = paths::sockaddr_in_exact(bytes);
    if let Some(fast) = paths::sockaddr_in_fast(bytes) {
        assert_eq!(Ok(fast), exact, "sockaddr_in {:?}", lossy(bytes));
    }
    assert_eq!(parse::sockaddr_in(bytes), exact);
    let exact = paths::ipv4_addr_exact(bytes);
    if let Some(fast) = paths::ipv4_addr_fast(bytes) {
        assert_eq!(Ok(fast), exact, "ipv4_addr {:?}", lossy(bytes));
    }
    assert_eq!(parse::ipv4_addr(bytes), exact);
    // The port of both socket-address parsers, from every offset.
    for i in 0..=bytes.len() {
        if let Some(port) = paths::port_tail(bytes, i) {
            assert_eq!(
                Ok(port),
                paths::port_exact(bytes, i),
                "port {:?} from {i}",
                lossy(bytes)
            );
        }
    }
}

/// The control-message decoder against a plain model of the kernel's walk
/// (`CMSG_FIRSTHDR`/`CMSG_NXTHDR` over indices): the same messages, in the
/// same order, each with the bytes the model says are its data, and each
/// per-datagram message read from them at the kernel structs' offsets
/// written out by hand. `RecvMeta` over the same bytes agrees with those
/// messages. Any bytes at all: the decoder must never panic, and only ever
/// yields fd *numbers*.
pub fn cmsg(bytes: &[u8]) {
    use baresock::{ControlMessage, ControlMessages, Credentials, RecvMeta};

    const WORD: usize = std::mem::size_of::<usize>();
    const HEADER: usize = WORD + 8; // cmsg_len (size_t), cmsg_level, cmsg_type
    let int_at = |at: usize| i32::from_ne_bytes(bytes[at..at + 4].try_into().unwrap());

    // The model: header by header, stopping at the first that does not fit.
    let mut expected = Vec::new();
    let mut at = 0;
    while bytes.len() - at >= HEADER {
        let len = usize::from_ne_bytes(bytes[at..at + WORD].try_into().unwrap());
        if len < HEADER || len > bytes.len() - at {
            break;
        }
        expected.push((
            int_at(at + WORD),
            int_at(at + WORD + 4),
            at + HEADER..at + len,
        ));
        // CMSG_ALIGN(len), the next header; past the end means no more.
        at += len.div_ceil(WORD) * WORD;
        if at > bytes.len() {
            break;
        }
    }

    let mut decoded = ControlMessages::new(bytes);
    let (_, upper) = decoded.size_hint();
    let mut count = 0;
    let mut meta = MetaModel::default();
    for (level, kind, data) in &expected {
        let data = &bytes[data.clone()];
        let message = decoded.next().expect("the decoder stopped early");
        count += 1;
        match (level, kind) {
            (1, 1) => {
                // SCM_RIGHTS: whole ints, a partial one ignored.
                let fds: Vec<i32> = data
                    .chunks_exact(4)
                    .map(|c| i32::from_ne_bytes(c.try_into().unwrap()))
                    .collect();
                let ControlMessage::Rights(got) = message else {
                    panic!("not SCM_RIGHTS: {message:?}")
                };
                assert_eq!(got.len(), fds.len());
                assert_eq!(got.collect::<Vec<_>>(), fds);
            }
            (1, 2) if data.len() >= 12 => {
                let u32_at = |i: usize| u32::from_ne_bytes(data[i..i + 4].try_into().unwrap());
                let creds = Credentials {
                    pid: u32_at(0) as i32,
                    uid: u32_at(4),
                    gid: u32_at(8),
                };
                assert_eq!(message, ControlMessage::Credentials(creds));
            }
            // SCM_PIDFD: one int.
            (1, 4) if data.len() >= 4 => {
                let fd = i32::from_ne_bytes(data[..4].try_into().unwrap());
                assert_eq!(message, ControlMessage::PidFd(fd));
            }
            _ => {
                let model = datagram_message(*level, *kind, data);
                if let Some(m) = &model {
                    meta.add(m);
                }
                let other = ControlMessage::Other {
                    level: *level,
                    kind: *kind,
                    data,
                };
                assert_eq!(message, model.unwrap_or(other));
            }
        }
    }
    assert!(
        decoded.next().is_none(),
        "the decoder went on past the model"
    );
    assert!(decoded.next().is_none(), "not fused");
    assert!(upper.is_some_and(|n| count <= n), "size_hint's bound");

    let got = RecvMeta::from_control(ControlMessages::new(bytes));
    assert_eq!(got, meta.finish(), "RecvMeta");
    assert_eq!(got.ecn(), got.tos.map(baresock::Ecn::from_tos));
    let _ = got
        .timestamp
        .map(|t| (t.to_string(), t.as_duration_since_epoch()));
}

/// The model of one per-datagram message: what `data` at (`level`, `kind`)
/// holds, read at the offsets of the kernel's structs, or `None` when it is
/// too short or out of its type's range (the decoder's `Other`). The
/// numbers are asm-generic's (x86-64, arm64, ...), as the fuzz host's.
fn datagram_message(level: i32, kind: i32, data: &[u8]) -> Option<baresock::ControlMessage<'_>> {
    use baresock::{ControlMessage as M, Timestamp};
    use std::net::{Ipv4Addr, Ipv6Addr};

    let word = std::mem::size_of::<usize>(); // a `long`
    let u32_at = |at: usize| u32::from_ne_bytes(data[at..at + 4].try_into().unwrap());
    let i64_at = |at: usize| i64::from_ne_bytes(data[at..at + 8].try_into().unwrap());
    let long_at = |at: usize| match word {
        8 => i64_at(at),
        _ => i64::from(u32_at(at) as i32),
    };
    // An `int` message: its value if the type holds it.
    let int = |max: i32| {
        let v = (data.len() >= 4).then(|| u32_at(0) as i32)?;
        (0..=max).contains(&v).then_some(v)
    };
    let time = |secs: i64, nanos: i64| {
        let nanos = u32::try_from(nanos).ok().filter(|&n| n < 1_000_000_000)?;
        Some(M::Timestamp(Timestamp { secs, nanos }))
    };
    match (level, kind) {
        // IP_PKTINFO: int ifindex at 0, spec_dst at 4, addr at 8.
        (0, 8) if data.len() >= 12 => Some(M::PacketInfoV4 {
            interface: u32_at(0),
            local: Ipv4Addr::new(data[4], data[5], data[6], data[7]),
            destination: Ipv4Addr::new(data[8], data[9], data[10], data[11]),
        }),
        // IPV6_PKTINFO: 16 address bytes at 0, int ifindex at 16.
        (41, 50) if data.len() >= 20 => Some(M::PacketInfoV6 {
            destination: Ipv6Addr::from(<[u8; 16]>::try_from(&data[..16]).unwrap()),
            interface: u32_at(16),
        }),
        (0, 1) => data.first().map(|&tos| M::Tos(tos)), // IP_TOS, one byte
        (0, 2) => int(255).map(|v| M::Ttl(v as u8)),    // IP_TTL
        (41, 67) => int(255).map(|v| M::TrafficClass(v as u8)), // IPV6_TCLASS
        (41, 52) => int(255).map(|v| M::HopLimit(v as u8)), // IPV6_HOPLIMIT
        // SO_TIMESTAMPNS_OLD: two longs.
        (1, 35) if data.len() >= 2 * word => time(long_at(0), long_at(word)),
        // SO_TIMESTAMPNS_NEW: two 64-bit ints.
        (1, 64) if data.len() >= 16 => time(i64_at(0), i64_at(8)),
        (1, 40) if data.len() >= 4 => Some(M::Dropped(u32_at(0))), // SO_RXQ_OVFL
        (17, 104) => int(0xffff).map(|v| M::SegmentSize(v as u16)), // UDP_GRO
        _ => None,
    }
}

/// `RecvMeta`'s rules, kept apart from it: the first message of each type
/// counts, and IPv4's packet info, TOS and TTL win over IPv6's.
#[derive(Default)]
struct MetaModel {
    info_v4: Option<(std::net::Ipv4Addr, u32)>,
    info_v6: Option<(std::net::Ipv6Addr, u32)>,
    tos: [Option<u8>; 2],
    hops: [Option<u8>; 2],
    timestamp: Option<baresock::Timestamp>,
    dropped: Option<u32>,
    segment_size: Option<u16>,
}

impl MetaModel {
    fn add(&mut self, message: &baresock::ControlMessage<'_>) {
        use baresock::ControlMessage as M;
        fn first<T>(slot: &mut Option<T>, value: T) {
            if slot.is_none() {
                *slot = Some(value);
            }
        }
        match *message {
            M::PacketInfoV4 {
                interface,
                destination,
                ..
            } => first(&mut self.info_v4, (destination, interface)),
            M::PacketInfoV6 {
                destination,
                interface,
            } => first(&mut self.info_v6, (destination, interface)),
            M::Tos(v) => first(&mut self.tos[0], v),
            M::TrafficClass(v) => first(&mut self.tos[1], v),
            M::Ttl(v) => first(&mut self.hops[0], v),
            M::HopLimit(v) => first(&mut self.hops[1], v),
            M::Timestamp(t) => first(&mut self.timestamp, t),
            M::Dropped(n) => first(&mut self.dropped, n),
            M::SegmentSize(n) => first(&mut self.segment_size, n),
            _ => {}
        }
    }

    fn finish(self) -> baresock::RecvMeta {
        use std::net::IpAddr;
        let info = match (self.info_v4, self.info_v6) {
            (Some((a, i)), _) => Some((IpAddr::V4(a), i)),
            (None, Some((a, i))) => Some((IpAddr::V6(a), i)),
            (None, None) => None,
        };
        baresock::RecvMeta {
            destination: info.map(|(a, _)| a),
            interface: info.map(|(_, i)| i),
            tos: self.tos[0].or(self.tos[1]),
            hop_limit: self.hops[0].or(self.hops[1]),
            timestamp: self.timestamp,
            dropped: self.dropped,
            segment_size: self.segment_size,
        }
    }
}

/// `TcpInfo::from_bytes` on arbitrary bytes, against the kernel header's
/// offsets written out by hand (include/uapi/linux/tcp.h, the same on every
/// architecture): a field is `Some` exactly when the bytes hold it whole,
/// and then its value is those bytes. Never a panic.
pub fn tcp_info(bytes: &[u8]) {
    use baresock::{TcpInfo, TcpState};
    use std::time::Duration;

    let info = TcpInfo::from_bytes(bytes);
    let _ = format!("{info:?}");
    let len = info.len();
    assert!(len <= bytes.len());
    let u32_at = |at: usize| {
        (at + 4 <= len).then(|| u32::from_ne_bytes(bytes[at..at + 4].try_into().unwrap()))
    };
    let u64_at = |at: usize| {
        (at + 8 <= len).then(|| u64::from_ne_bytes(bytes[at..at + 8].try_into().unwrap()))
    };
    let micros = |v: Option<u32>| v.map(|v| Duration::from_micros(u64::from(v)));
    assert_eq!(
        info.state(),
        TcpState::from_raw(if len > 0 { bytes[0] } else { 0 })
    );
    assert_eq!(info.retransmits(), (len > 2).then(|| bytes[2]));
    assert_eq!(info.options(), (len > 5).then(|| bytes[5]));
    assert_eq!(info.rto(), micros(u32_at(8)));
    assert_eq!(info.lost(), u32_at(32));
    assert_eq!(info.rtt(), micros(u32_at(68)));
    assert_eq!(info.rttvar(), micros(u32_at(72)));
    assert_eq!(info.snd_cwnd(), u32_at(80));
    assert_eq!(info.total_retrans(), u32_at(100));
    assert_eq!(info.pacing_rate(), u64_at(104));
    assert_eq!(info.bytes_acked(), u64_at(120));
    assert_eq!(info.bytes_received(), u64_at(128));
    assert_eq!(info.min_rtt(), micros(u32_at(148)));
    assert_eq!(info.delivery_rate(), u64_at(160));
    assert_eq!(info.bytes_sent(), u64_at(200));
    assert_eq!(info.bytes_retrans(), u64_at(208));
}
