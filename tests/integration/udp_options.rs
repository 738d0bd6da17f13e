//! The per-datagram options of issue 22 (`IP_PKTINFO`, `IPV6_RECVPKTINFO`,
//! `IP_RECVTTL`, `SO_TIMESTAMPNS`, `SO_RXQ_OVFL`) and the `SOL_UDP` ones
//! (`UDP_GRO`, `UDP_SEGMENT`), against the real kernel on loopback only:
//! each round-trips, and the control message it turns on arrives with a
//! datagram.
//!
//! The control messages are read by their level and type, whichever way
//! the decoder gives them: as `ControlMessage::Other` or as a typed
//! variant (`Cmsg::of`). Under qemu-user (`common::emulated`) an option qemu
//! does not emulate answers `ENOPROTOOPT`: those tests stop there, and only
//! there; and qemu copies the control messages it does not know without
//! converting their integers to the target's byte order.

use crate::common;
use baresock::{
    ControlBuffer, ControlMessage, Domain, Error, IoSliceMut, RecvFlags, SockAddr, SockAddrIn,
    SockAddrIn6, Socket, Type,
};
use common::{emulated, loopback_index, udp};
use core::net::{Ipv4Addr, Ipv6Addr};
use linux_raw_sys::net::{
    IPPROTO_IP, IPPROTO_IPV6, IPV6_PKTINFO, IP_PKTINFO, IP_TOS, IP_TTL, SOL_SOCKET, SOL_UDP,
    SO_RXQ_OVFL, SO_TIMESTAMPNS_NEW, SO_TIMESTAMPNS_OLD,
};

/// `UDP_GRO`, include/uapi/linux/udp.h (not in linux-raw-sys 0.12).
const UDP_GRO: u32 = 104;

/// Whether a test stops here: the option is not emulated by qemu-user.
/// Natively every error fails the test.
fn not_emulated<T: std::fmt::Debug>(result: &baresock::Result<T>) -> bool {
    if emulated() && matches!(result, Err(Error::NoProtoOpt)) {
        eprintln!("skipped: qemu-user does not emulate this option");
        return true;
    }
    false
}

/// One control message by its raw level and type. `data` is its bytes when
/// the decoder left it `Other`; a typed variant keeps only its `Debug` text.
#[derive(Debug)]
struct Cmsg {
    level: u32,
    kind: u32,
    data: Option<Vec<u8>>,
    debug: String,
}

impl Cmsg {
    fn of(m: &ControlMessage<'_>) -> Self {
        let debug = format!("{m:?}");
        if let ControlMessage::Other { level, kind, data } = m {
            return Self {
                level: *level as u32,
                kind: *kind as u32,
                data: Some(data.to_vec()),
                debug,
            };
        }
        // The typed variants of the shared spec (src/msg/cmsg.rs), by name:
        // a `Timestamp` stands for either of its two types.
        let name = debug.split(|c: char| !c.is_alphanumeric()).next();
        let (level, kind) = match name.unwrap_or_default() {
            "PacketInfoV4" => (IPPROTO_IP as u32, IP_PKTINFO),
            "PacketInfoV6" => (IPPROTO_IPV6 as u32, IPV6_PKTINFO),
            "Tos" => (IPPROTO_IP as u32, IP_TOS),
            "Ttl" => (IPPROTO_IP as u32, IP_TTL),
            "Timestamp" => (SOL_SOCKET, SO_TIMESTAMPNS_OLD),
            "Dropped" => (SOL_SOCKET, SO_RXQ_OVFL),
            "SegmentSize" => (SOL_UDP, UDP_GRO),
            other => panic!("unexpected control message {other}: {debug}"),
        };
        Self {
            level,
            kind,
            data: None,
            debug,
        }
    }

    /// An `int` or `u32` message's value: from its bytes, or from the one
    /// number a typed variant shows (`Dropped(3)`, `SegmentSize(100)`).
    fn number(&self) -> u32 {
        let n = match &self.data {
            Some(data) => u32::from_ne_bytes(data.as_slice().try_into().expect("4 bytes")),
            None => {
                let digits: String = self.debug.chars().filter(char::is_ascii_digit).collect();
                digits.parse().expect("one number")
            }
        };
        // qemu-user copies messages it does not know unconverted: a
        // swapped `u32` still decodes (`Dropped`), so both ways can be.
        if emulated() && n.swap_bytes() < n {
            n.swap_bytes()
        } else {
            n
        }
    }
}

/// Receives one datagram into `buf` with recvmsg: its length and control
/// messages.
fn recv_with_control(sock: &Socket, buf: &mut [u8]) -> (usize, Vec<Cmsg>) {
    let mut control = ControlBuffer::<512>::new();
    let msg = sock
        .recvmsg(
            &mut [IoSliceMut::new(buf)],
            &mut control,
            RecvFlags::DEFAULT,
        )
        .unwrap();
    assert!(!msg.control_truncated);
    let len = msg.received.filled();
    (len, msg.control_messages().map(|m| Cmsg::of(&m)).collect())
}

/// The control messages of one datagram `from` sends to `to`.
fn datagram_control(from: &Socket, to: &Socket) -> Vec<Cmsg> {
    let to_addr: SockAddr = to.local_addr().unwrap();
    from.send_to(b"x", &to_addr).unwrap();
    let mut buf = [0u8; 8];
    let (len, control) = recv_with_control(to, &mut buf);
    assert_eq!(len, 1);
    control
}

/// The one message of `level` and `kind` among `control`.
fn find(control: &[Cmsg], level: u32, kind: u32) -> &Cmsg {
    let mut found = control
        .iter()
        .filter(|m| m.level == level && m.kind == kind);
    let first = found
        .next()
        .unwrap_or_else(|| panic!("no ({level}, {kind}) in {control:?}"));
    assert!(
        found.next().is_none(),
        "two ({level}, {kind}) in {control:?}"
    );
    first
}

/// A datagram socket bound to `addr`, with the tests' timeouts.
fn udp_at(domain: Domain, addr: &impl baresock::Address) -> Socket {
    let sock = common::bounded(Socket::new(domain, Type::DGRAM, None).unwrap());
    sock.bind(addr).unwrap();
    sock
}

#[test]
fn recv_pktinfo_v4() {
    let (a, b) = (udp(Domain::INET), udp(Domain::INET));
    let initial = b.recv_pktinfo_v4();
    if not_emulated(&initial) {
        return;
    }
    assert!(!initial.unwrap());
    assert_eq!(datagram_control(&a, &b).len(), 0);
    b.set_recv_pktinfo_v4(true).unwrap();
    assert!(b.recv_pktinfo_v4().unwrap());
    let control = datagram_control(&a, &b);
    assert_eq!(control.len(), 1, "{control:?}");
    let info = find(&control, IPPROTO_IP as u32, IP_PKTINFO);
    match &info.data {
        // struct in_pktinfo: ipi_ifindex, ipi_spec_dst, ipi_addr.
        Some(data) => {
            assert_eq!(data.len(), 12, "{data:?}");
            let index = u32::from_ne_bytes(data[..4].try_into().unwrap());
            let lo = loopback_index();
            assert!(
                index == lo || (emulated() && index == lo.swap_bytes()),
                "{index}"
            );
            assert_eq!(data[4..8], [127, 0, 0, 1], "ipi_spec_dst");
            assert_eq!(data[8..12], [127, 0, 0, 1], "ipi_addr");
        }
        None => assert!(info.debug.contains("127.0.0.1"), "{info:?}"),
    }
    b.set_recv_pktinfo_v4(false).unwrap();
    assert!(!b.recv_pktinfo_v4().unwrap());
    assert_eq!(datagram_control(&a, &b).len(), 0);
    // Unix sockets have no IP level.
    let (unix, _) = Socket::pair(Domain::UNIX, Type::DGRAM, None).unwrap();
    assert_eq!(unix.set_recv_pktinfo_v4(true), Err(Error::OpNotSupp));
}

#[test]
fn recv_pktinfo_v6() {
    let (a, b) = (udp(Domain::INET6), udp(Domain::INET6));
    let initial = b.recv_pktinfo_v6();
    if not_emulated(&initial) {
        return;
    }
    assert!(!initial.unwrap());
    b.set_recv_pktinfo_v6(true).unwrap();
    assert!(b.recv_pktinfo_v6().unwrap());
    let control = datagram_control(&a, &b);
    assert_eq!(control.len(), 1, "{control:?}");
    let info = find(&control, IPPROTO_IPV6 as u32, IPV6_PKTINFO);
    match &info.data {
        // struct in6_pktinfo: ipi6_addr, ipi6_ifindex.
        Some(data) => {
            assert_eq!(data.len(), 20, "{data:?}");
            assert_eq!(data[..16], Ipv6Addr::LOCALHOST.octets());
            let index = u32::from_ne_bytes(data[16..].try_into().unwrap());
            let lo = loopback_index();
            assert!(
                index == lo || (emulated() && index == lo.swap_bytes()),
                "{index}"
            );
        }
        None => assert!(info.debug.contains("::1"), "{info:?}"),
    }
    b.set_recv_pktinfo_v6(false).unwrap();
    assert!(!b.recv_pktinfo_v6().unwrap());
    assert_eq!(datagram_control(&a, &b).len(), 0);
    let v4 = Socket::new(Domain::INET, Type::DGRAM, None).unwrap();
    assert_eq!(v4.set_recv_pktinfo_v6(true), Err(Error::NoProtoOpt));
}

#[test]
fn recv_pktinfo_v6_of_an_ipv4_datagram() {
    // A dual-stack socket, bound to 127.0.0.1 IPv4-mapped: an IPv4
    // datagram carries IPV6_PKTINFO with the mapped address, and IP_PKTINFO
    // only if that option is on too.
    let mapped = Ipv4Addr::LOCALHOST.to_ipv6_mapped();
    let b = udp_at(Domain::INET6, &SockAddrIn6::new(mapped, 0, 0, 0));
    let a = udp(Domain::INET);
    let initial = b.set_recv_pktinfo_v6(true);
    if not_emulated(&initial) {
        return;
    }
    initial.unwrap();
    let port = b.local_addr().unwrap().port().unwrap();
    let to = SockAddrIn::new(Ipv4Addr::LOCALHOST, port);
    let round = |expected: usize| {
        a.send_to(b"x", &to).unwrap();
        let (len, control) = recv_with_control(&b, &mut [0; 8]);
        assert_eq!(len, 1);
        assert_eq!(control.len(), expected, "{control:?}");
        let info = find(&control, IPPROTO_IPV6 as u32, IPV6_PKTINFO);
        match &info.data {
            Some(data) => assert_eq!(data[..16], mapped.octets()),
            None => assert!(info.debug.contains("127.0.0.1"), "{info:?}"),
        }
        control
    };
    round(1);
    b.set_recv_pktinfo_v4(true).unwrap();
    let control = round(2);
    find(&control, IPPROTO_IP as u32, IP_PKTINFO);
}

#[test]
fn recv_ttl_v4() {
    let (a, b) = (udp(Domain::INET), udp(Domain::INET));
    let initial = b.recv_ttl_v4();
    if not_emulated(&initial) {
        return;
    }
    assert!(!initial.unwrap());
    b.set_recv_ttl_v4(true).unwrap();
    assert!(b.recv_ttl_v4().unwrap());
    a.set_ttl_v4(9).unwrap();
    let control = datagram_control(&a, &b);
    assert_eq!(control.len(), 1, "{control:?}");
    // qemu-user converts IP_TTL's int (host_to_target_cmsg knows it).
    let ttl = find(&control, IPPROTO_IP as u32, IP_TTL);
    match &ttl.data {
        Some(data) => assert_eq!(i32::from_ne_bytes(data[..].try_into().unwrap()), 9),
        None => assert!(ttl.debug.contains('9'), "{ttl:?}"),
    }
    b.set_recv_ttl_v4(false).unwrap();
    assert!(!b.recv_ttl_v4().unwrap());
    assert_eq!(datagram_control(&a, &b).len(), 0);
}

#[test]
fn timestamp_ns() {
    let (a, b) = (udp(Domain::INET), udp(Domain::INET));
    let initial = b.timestamp_ns();
    if not_emulated(&initial) {
        return;
    }
    assert!(!initial.unwrap());
    b.set_timestamp_ns(true).unwrap();
    assert!(b.timestamp_ns().unwrap());
    let before = std::time::SystemTime::now();
    let control = datagram_control(&a, &b);
    let after = std::time::SystemTime::now();
    assert_eq!(control.len(), 1, "{control:?}");
    let stamp = &control[0];
    assert_eq!(stamp.level, SOL_SOCKET, "{stamp:?}");
    if let Some(data) = &stamp.data {
        // 64-bit targets ask for OLD, whose `long`s are 64 bits; 32-bit ones
        // for NEW (Linux 5.1), unless the kernel (or qemu) does not know it.
        let secs = match stamp.kind {
            SO_TIMESTAMPNS_OLD if cfg!(target_pointer_width = "64") || emulated() => {
                let half = data.len() / 2;
                assert_eq!(half, core::mem::size_of::<usize>(), "{stamp:?}");
                let mut secs = [0u8; 8];
                if cfg!(target_endian = "little") {
                    secs[..half].copy_from_slice(&data[..half]);
                } else {
                    secs[8 - half..].copy_from_slice(&data[..half]);
                }
                i64::from_ne_bytes(secs)
            }
            SO_TIMESTAMPNS_NEW => {
                assert_eq!(data.len(), 16, "{stamp:?}");
                i64::from_ne_bytes(data[..8].try_into().unwrap())
            }
            other => panic!("timestamp of type {other}: {stamp:?}"),
        };
        // Whole seconds of the clock the kernel reads, CLOCK_REALTIME.
        let epoch = |t: std::time::SystemTime| {
            t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
        };
        assert!(
            (epoch(before)..=epoch(after)).contains(&secs),
            "{secs} outside {before:?}..{after:?}"
        );
    }
    b.set_timestamp_ns(false).unwrap();
    assert!(!b.timestamp_ns().unwrap());
    assert_eq!(datagram_control(&a, &b).len(), 0);
}

#[test]
fn recv_drop_count() {
    const SENT: usize = 64;
    let (a, b) = (udp(Domain::INET), udp(Domain::INET));
    let initial = b.recv_drop_count();
    if not_emulated(&initial) {
        return;
    }
    assert!(!initial.unwrap());
    b.set_recv_drop_count(true).unwrap();
    assert!(b.recv_drop_count().unwrap());
    // The smallest receive buffer the kernel grants holds a few datagrams
    // of this size: most of the rest are dropped.
    b.set_recv_buffer_size(1).unwrap();
    let to: SockAddr = b.local_addr().unwrap();
    let datagram = [0u8; 1024];
    for _ in 0..SENT {
        a.send_to(&datagram, &to).unwrap();
    }
    // A datagram queued before any drop carries no count.
    let mut buf = [0u8; 2048];
    let (len, control) = recv_with_control(&b, &mut buf);
    assert_eq!(len, datagram.len());
    assert_eq!(control.len(), 0, "queued before any drop: {control:?}");
    // One more, now that there is room: it carries the count of the drops
    // before it, and is read after every datagram queued before it.
    a.send_to(b"last", &to).unwrap();
    let mut received = 1;
    let dropped = loop {
        let (len, control) = recv_with_control(&b, &mut buf);
        if len == datagram.len() {
            received += 1;
            assert!(received <= SENT);
            continue;
        }
        assert_eq!(buf[..len], *b"last");
        assert_eq!(control.len(), 1, "{control:?}");
        break find(&control, SOL_SOCKET, SO_RXQ_OVFL).number() as usize;
    };
    assert!(dropped > 0, "nothing dropped: {received} of {SENT} read");
    assert_eq!(dropped + received, SENT, "each datagram read or counted");
    b.set_recv_drop_count(false).unwrap();
    assert!(!b.recv_drop_count().unwrap());
    // Off: the counter goes on, but no message reports it.
    assert_eq!(datagram_control(&a, &b).len(), 0);
}

#[test]
fn every_receive_option_at_once() {
    // TOS, TTL, PKTINFO, a timestamp and no drop yet: one message each but
    // the drop count.
    let (a, b) = (udp(Domain::INET), udp(Domain::INET));
    if not_emulated(&b.recv_pktinfo_v4()) || not_emulated(&b.recv_drop_count()) {
        return;
    }
    b.set_recv_tos_v4(true).unwrap();
    b.set_recv_ttl_v4(true).unwrap();
    b.set_recv_pktinfo_v4(true).unwrap();
    b.set_timestamp_ns(true).unwrap();
    b.set_recv_drop_count(true).unwrap();
    a.set_tos_v4(0x20).unwrap();
    let control = datagram_control(&a, &b);
    assert_eq!(control.len(), 4, "{control:?}");
    find(&control, IPPROTO_IP as u32, IP_PKTINFO);
    find(&control, IPPROTO_IP as u32, IP_TTL);
    let tos = find(&control, IPPROTO_IP as u32, IP_TOS);
    match &tos.data {
        // One byte (ip_cmsg_recv_tos).
        Some(data) => assert_eq!(data[..], [0x20]),
        None => assert!(tos.debug.contains("32"), "{tos:?}"),
    }
    assert!(control
        .iter()
        .any(|m| m.level == SOL_SOCKET
            && (m.kind == SO_TIMESTAMPNS_OLD || m.kind == SO_TIMESTAMPNS_NEW)));
}

#[test]
fn udp_gro() {
    for domain in [Domain::INET, Domain::INET6] {
        let sock = udp(domain);
        let initial = sock.udp_gro();
        if not_emulated(&initial) {
            return;
        }
        assert!(!initial.unwrap());
        sock.set_udp_gro(true).unwrap();
        assert!(sock.udp_gro().unwrap());
        sock.set_udp_gro(false).unwrap();
        assert!(!sock.udp_gro().unwrap());
    }
    // Not UDP.
    let tcp = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    // ip_setsockopt and ip_getsockopt answer differently for a level
    // that is not theirs.
    assert_eq!(tcp.set_udp_gro(true), Err(Error::NoProtoOpt));
    assert_eq!(tcp.udp_gro(), Err(Error::OpNotSupp));
    let (unix, _) = Socket::pair(Domain::UNIX, Type::DGRAM, None).unwrap();
    assert_eq!(unix.set_udp_gro(true), Err(Error::OpNotSupp));
}

#[test]
fn udp_segment() {
    for domain in [Domain::INET, Domain::INET6] {
        let sock = udp(domain);
        let initial = sock.udp_segment();
        if not_emulated(&initial) {
            return;
        }
        assert_eq!(initial, Ok(0));
        assert!(sock.udp_gso_supported());
        sock.set_udp_segment(1200).unwrap();
        assert_eq!(sock.udp_segment(), Ok(1200));
        sock.set_udp_segment(u16::MAX).unwrap();
        assert_eq!(sock.udp_segment(), Ok(u16::MAX));
        sock.set_udp_segment(0).unwrap();
        assert_eq!(sock.udp_segment(), Ok(0));
    }
    let tcp = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    assert_eq!(tcp.set_udp_segment(1200), Err(Error::NoProtoOpt));
    assert_eq!(tcp.udp_segment(), Err(Error::OpNotSupp));
    assert!(!tcp.udp_gso_supported());
    let (unix, _) = Socket::pair(Domain::UNIX, Type::DGRAM, None).unwrap();
    assert!(!unix.udp_gso_supported());
}

/// A 300-byte buffer sent with `UDP_SEGMENT` 100 to a receiver on `domain`'s
/// loopback: what each recvmsg reads, and its `UDP_GRO` segment size.
fn gso_send(domain: Domain, gro: bool) -> Option<Vec<(usize, Option<u32>)>> {
    let (a, b) = (udp(domain), udp(domain));
    if not_emulated(&a.udp_segment()) || not_emulated(&b.udp_gro()) {
        return None;
    }
    b.set_udp_gro(gro).unwrap();
    a.set_udp_segment(100).unwrap();
    let data: Vec<u8> = (0..300u32).map(|i| i as u8).collect();
    let to: SockAddr = b.local_addr().unwrap();
    assert_eq!(a.send_to(&data, &to).unwrap(), 300);
    let mut got = Vec::new();
    let mut reads = Vec::new();
    while got.len() < data.len() {
        let mut buf = [0u8; 1024];
        let (len, control) = recv_with_control(&b, &mut buf);
        got.extend_from_slice(&buf[..len]);
        let size = control
            .iter()
            .find(|m| m.level == SOL_UDP && m.kind == UDP_GRO)
            .map(Cmsg::number);
        reads.push((len, size));
    }
    assert_eq!(got, data, "the bytes, in order");
    Some(reads)
}

#[test]
fn gso_send_is_coalesced_by_gro() {
    // Loopback hands the GSO packet to the receiver whole: with UDP_GRO on,
    // one read of all of it and its segment size.
    for domain in [Domain::INET, Domain::INET6] {
        let Some(reads) = gso_send(domain, true) else {
            return;
        };
        assert_eq!(reads, vec![(300, Some(100))], "{domain:?}");
    }
}

#[test]
fn gso_send_without_gro_is_segmented() {
    // Without UDP_GRO the kernel cuts it into datagrams of the segment size
    // before the receiver's queue.
    for domain in [Domain::INET, Domain::INET6] {
        let Some(reads) = gso_send(domain, false) else {
            return;
        };
        assert_eq!(reads, vec![(100, None); 3], "{domain:?}");
    }
}
