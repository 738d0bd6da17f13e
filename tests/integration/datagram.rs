//! Datagrams at line rate, against the real kernel on loopback: answers from
//! the address asked (PKTINFO on 127.0.0.2, 127.0.0.3, ::1 and a dual-stack
//! socket), ECN bits set and read back, batches the kernel ends early or
//! cuts a datagram in, empty datagrams, partial sends reported exactly, and
//! GRO receiving what GSO sent, segment by segment (with the fallback when
//! the kernel refuses offload).

use std::time::Duration;

use baresock::{
    Domain, Ecn, Error, Gso, PartialSend, RecvFlags, RecvSlot, SendFlags, SendMeta, SendSlot,
    SockAddr, SockAddrIn, SockAddrIn6, Socket, Type,
};
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::common::{bounded, emulated, udp, unix_pair};

const WAIT_ONE: RecvFlags = RecvFlags::DEFAULT.wait_for_one();

/// Receives until `want` datagrams came (each call blocks for the first),
/// returning (data, peer, meta) of each.
fn receive_all(server: &Socket, want: usize) -> Vec<(Vec<u8>, SockAddr, baresock::RecvMeta)> {
    let mut bufs = [[0u8; 2048]; 8];
    let mut slots = bufs.each_mut().map(|b| RecvSlot::new(b));
    let mut got = Vec::new();
    while got.len() < want {
        let n = server.recvmmsg(&mut slots, WAIT_ONE, None).unwrap();
        assert!(n >= 1, "wait_for_one returns at least one");
        for slot in &slots[..n] {
            got.push((slot.data().to_vec(), slot.peer(), slot.meta()));
        }
    }
    assert_eq!(got.len(), want, "no more than sent");
    got
}

/// A wildcard server answers each datagram from the address it was sent
/// to: clients connected to 127.0.0.2 and 127.0.0.3 (connected UDP sockets
/// take datagrams from their peer only) each get their answer.
#[test]
fn a_wildcard_server_answers_from_the_address_asked_v4() {
    let server = bounded(Socket::new(Domain::INET, Type::DGRAM, None).unwrap());
    server.set_recv_pktinfo_v4(true).unwrap();
    server
        .bind(&SockAddrIn::new(Ipv4Addr::UNSPECIFIED, 0))
        .unwrap();
    let port = server.local_addr().unwrap().port().unwrap();
    let asked = [Ipv4Addr::new(127, 0, 0, 2), Ipv4Addr::new(127, 0, 0, 3)];
    let clients = asked.map(|ip| {
        let c = udp(Domain::INET);
        c.connect(&SockAddrIn::new(ip, port)).unwrap();
        c.send(ip.to_string().as_bytes()).unwrap();
        c
    });
    let got = receive_all(&server, 2);
    let answers: Vec<SendSlot<'_>> = got
        .iter()
        .map(|(data, peer, meta)| {
            let text = std::str::from_utf8(data).unwrap();
            assert_eq!(meta.destination, Some(IpAddr::V4(text.parse().unwrap())));
            assert!(meta.interface.is_some_and(|i| i > 0));
            SendSlot::new(data)
                .to(*peer)
                .with_meta(SendMeta::reply_to(meta))
        })
        .collect();
    server.sendmmsg(&answers, SendFlags::DEFAULT).unwrap();
    for (client, ip) in clients.iter().zip(asked) {
        let mut buf = [0; 32];
        let (r, from) = client.recv_from(&mut buf).unwrap();
        assert_eq!(&buf[..r.filled()], ip.to_string().as_bytes());
        assert_eq!(from.ip(), Some(IpAddr::V4(ip)));
    }
}

/// Without the source address, the kernel answers from 127.0.0.1 and the
/// connected client never sees it: the failure PKTINFO exists to prevent.
#[test]
fn without_pktinfo_the_answer_comes_from_elsewhere() {
    let server = bounded(Socket::new(Domain::INET, Type::DGRAM, None).unwrap());
    server
        .bind(&SockAddrIn::new(Ipv4Addr::UNSPECIFIED, 0))
        .unwrap();
    let port = server.local_addr().unwrap().port().unwrap();
    let client = udp(Domain::INET);
    client
        .connect(&SockAddrIn::new(Ipv4Addr::new(127, 0, 0, 2), port))
        .unwrap();
    client.send(b"q").unwrap();
    let mut buf = [0; 4];
    let (_, peer) = server.recv_from(&mut buf).unwrap();
    server.send_to(b"a", &peer).unwrap();
    let err = client.recv_with(&mut buf, RecvFlags::DEFAULT.dont_wait());
    assert_eq!(err.map(|r| r.filled()), Err(Error::Again));
}

/// IPv6 on ::1, and an IPv4 client of the same dual-stack socket: its
/// datagram arrives with an IPv4-mapped destination, which answers it.
#[test]
fn a_dual_stack_server_answers_v6_and_v4_clients() {
    let server = bounded(Socket::new(Domain::INET6, Type::DGRAM, None).unwrap());
    server.set_only_v6(false).unwrap();
    server.set_recv_pktinfo_v6(true).unwrap();
    server
        .bind(&SockAddrIn6::new(Ipv6Addr::UNSPECIFIED, 0, 0, 0))
        .unwrap();
    let port = server.local_addr().unwrap().port().unwrap();
    let v6 = udp(Domain::INET6);
    v6.connect(&SockAddrIn6::new(Ipv6Addr::LOCALHOST, port, 0, 0))
        .unwrap();
    v6.send(b"six").unwrap();
    let v4 = udp(Domain::INET);
    v4.connect(&SockAddrIn::new(Ipv4Addr::new(127, 0, 0, 3), port))
        .unwrap();
    v4.send(b"four").unwrap();
    let got = receive_all(&server, 2);
    for (data, _, meta) in &got {
        let expected = match &data[..] {
            b"six" => IpAddr::V6(Ipv6Addr::LOCALHOST),
            _ => IpAddr::V6(Ipv4Addr::new(127, 0, 0, 3).to_ipv6_mapped()),
        };
        assert_eq!(meta.destination, Some(expected), "{data:?}");
    }
    let answers: Vec<SendSlot<'_>> = got
        .iter()
        .map(|(d, peer, meta)| {
            SendSlot::new(d)
                .to(*peer)
                .with_meta(SendMeta::reply_to(meta))
        })
        .collect();
    server.sendmmsg(&answers, SendFlags::DEFAULT).unwrap();
    let mut buf = [0; 8];
    assert_eq!(v6.recv(&mut buf).unwrap().filled(), 3);
    assert_eq!(v4.recv(&mut buf).unwrap().filled(), 4);
}

/// ECN codepoints sent per datagram (`SendMeta::tos`) arrive as sent, on
/// IPv4 (IP_TOS) and IPv6 (IPV6_TCLASS).
#[test]
fn ecn_bits_are_set_and_read_back() {
    for domain in [Domain::INET, Domain::INET6] {
        let server = udp(domain);
        match domain {
            Domain::INET => server.set_recv_tos_v4(true).unwrap(),
            _ => server.set_recv_tclass_v6(true).unwrap(),
        }
        let to = server.local_addr().unwrap();
        let client = udp(domain);
        let codepoints = [Ecn::NotEct, Ecn::Ect1, Ecn::Ect0, Ecn::Ce];
        let payloads = [[0u8], [1], [2], [3]];
        let msgs = payloads.each_ref().map(|payload| {
            let ecn = codepoints[usize::from(payload[0])];
            SendSlot::new(payload).to(to).with_meta(SendMeta {
                tos: Some(0x20 | ecn.to_bits()),
                ..SendMeta::default()
            })
        });
        client.sendmmsg(&msgs, SendFlags::DEFAULT).unwrap();
        for (data, _, meta) in receive_all(&server, 4) {
            let sent = codepoints[usize::from(data[0])];
            assert_eq!(meta.ecn(), Some(sent), "{domain:?}");
            assert_eq!(meta.tos, Some(0x20 | sent.to_bits()), "{domain:?}");
        }
    }
}

/// With `MSG_WAITFORONE` the call ends when the queue is empty: three
/// datagrams into eight slots give three, the rest read as empty. A zero
/// timeout ends it after the first (the kernel checks it after each).
#[test]
fn a_batch_the_kernel_ends_early() {
    let server = udp(Domain::INET);
    let to = server.local_addr().unwrap();
    let client = udp(Domain::INET);
    let mut bufs = [[0u8; 64]; 8];
    let mut slots = bufs.each_mut().map(|b| RecvSlot::new(b));

    let msgs = [b"1", b"2", b"3"].map(|d| SendSlot::new(d).to(to));
    client.sendmmsg(&msgs, SendFlags::DEFAULT).unwrap();
    // Loopback delivers at send time: all three are queued now.
    assert_eq!(server.recvmmsg(&mut slots, WAIT_ONE, None).unwrap(), 3);
    let data: Vec<&[u8]> = slots.iter().map(|s| s.data()).collect();
    assert_eq!(data, [&b"1"[..], b"2", b"3", b"", b"", b"", b"", b""]);

    client.sendmmsg(&msgs, SendFlags::DEFAULT).unwrap();
    let n = server.recvmmsg(&mut slots, RecvFlags::DEFAULT, Some(Duration::ZERO));
    assert_eq!(n, Ok(1), "a zero timeout, checked after the first");
    assert_eq!(slots[0].data(), b"1");
    assert_eq!(
        server.recvmmsg(&mut slots, WAIT_ONE, Some(Duration::from_secs(1))),
        Ok(2)
    );

    let empty = server.recvmmsg(&mut slots, RecvFlags::DEFAULT.dont_wait(), None);
    assert_eq!(empty, Err(Error::Again));
}

/// A datagram longer than its slot is cut and said so; its neighbours in
/// the batch are whole, and empty datagrams arrive as empty.
#[test]
fn a_datagram_cut_inside_a_batch_and_empty_ones() {
    let server = udp(Domain::INET6);
    let to = server.local_addr().unwrap();
    let client = udp(Domain::INET6);
    let msgs = [&b"short"[..], b"", b"longer than eight", b""].map(|d| SendSlot::new(d).to(to));
    client.sendmmsg(&msgs, SendFlags::DEFAULT).unwrap();
    let mut bufs = [[0u8; 8]; 4];
    let mut slots = bufs.each_mut().map(|b| RecvSlot::new(b));
    // Loopback delivers at send time: all four are queued, one call.
    assert_eq!(server.recvmmsg(&mut slots, WAIT_ONE, None), Ok(4));
    let seen: Vec<(&[u8], Option<bool>, usize)> = slots
        .iter()
        .map(|s| (s.data(), s.received().truncated(), s.segments().count()))
        .collect();
    assert_eq!(
        seen,
        [
            (&b"short"[..], Some(false), 1),
            (b"", Some(false), 1),
            (b"longer t", Some(true), 1),
            (b"", Some(false), 1),
        ]
    );
    assert_eq!(
        slots[1].segments().next(),
        Some(&b""[..]),
        "one empty datagram"
    );
}

/// A batch that does not fit the socket's send queue: the count that went
/// and the error of the first that did not, exactly — the receiver finds
/// that many.
#[test]
fn a_partial_send_is_reported_exactly() {
    let (a, b) = unix_pair(Type::DGRAM);
    let payload = [7u8; 1024];
    let msgs = [SendSlot::new(&payload); 200];
    let result = a.sendmmsg(&msgs, SendFlags::DEFAULT.dont_wait());
    let PartialSend { sent, error } = result.expect_err("200 KiB do not fit a Unix datagram queue");
    assert_eq!(error, Error::Again);
    assert!(sent > 0 && sent < 200, "sent {sent}");
    let mut bufs = [[0u8; 1024]; 16];
    let mut slots = bufs.each_mut().map(|b| RecvSlot::new(b));
    let mut received = 0;
    loop {
        match b.recvmmsg(&mut slots, RecvFlags::DEFAULT.dont_wait(), None) {
            Ok(n) => received += n,
            Err(Error::Again) => break,
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(received, sent);
}

/// GSO sends one buffer of many segments in one call; with GRO on, the
/// receiver gets them coalesced and `segments()` splits them back, each
/// segment's bytes intact.
#[test]
fn gro_receives_what_gso_sent_segment_by_segment() {
    let server = udp(Domain::INET);
    server.set_udp_gro(true).unwrap();
    let to = server.local_addr().unwrap();
    let client = udp(Domain::INET);
    let gso = Gso::detect(&client);
    assert!(gso.enabled(), "Linux 4.18 and later have UDP_SEGMENT");
    // 10 segments of 100 bytes and one of 30, each filled with its number.
    let buf: Vec<u8> = (0..1030).map(|i| (i / 100) as u8).collect();
    client
        .send_segments_to(
            &buf,
            100,
            Some(&to),
            &SendMeta::default(),
            &gso,
            SendFlags::DEFAULT,
        )
        .unwrap();
    assert!(gso.enabled(), "loopback offloads");
    let mut big = [0u8; 65536];
    let mut slots = [RecvSlot::new(&mut big)];
    let mut segments = Vec::new();
    let mut sizes = Vec::new();
    while segments.len() < 11 {
        let n = server.recvmmsg(&mut slots, WAIT_ONE, None).unwrap();
        assert_eq!(n, 1);
        sizes.push(slots[0].meta().segment_size);
        segments.extend(slots[0].segments().map(<[u8]>::to_vec));
    }
    assert_eq!(segments.len(), 11);
    for (i, segment) in segments.iter().enumerate() {
        let len = if i == 10 { 30 } else { 100 };
        assert_eq!(segment, &vec![i as u8; len], "segment {i}");
    }
    if !emulated() {
        assert_eq!(sizes, [Some(100)], "coalesced in one read on loopback");
    }
}

/// When the kernel refuses offload for a send (here `SO_NO_CHECK`, which
/// GSO cannot honour: EINVAL; a device without checksum offload gives EIO
/// the same way), the segments go one by one and GSO stays off after.
#[test]
fn a_refused_gso_send_falls_back_and_loses_nothing() {
    let server = udp(Domain::INET);
    let to = server.local_addr().unwrap();
    let client = udp(Domain::INET);
    let one: libc::c_int = 1;
    // SAFETY: a live int of the size given, on an open socket.
    let rc = unsafe {
        libc::setsockopt(
            rustix::fd::AsRawFd::as_raw_fd(&client),
            libc::SOL_SOCKET,
            libc::SO_NO_CHECK,
            (&one as *const libc::c_int).cast(),
            4,
        )
    };
    assert_eq!(rc, 0);
    let gso = Gso::detect(&client);
    assert!(gso.enabled());
    let buf: Vec<u8> = (0..250).map(|i| (i / 100) as u8).collect();
    client
        .send_segments_to(
            &buf,
            100,
            Some(&to),
            &SendMeta::default(),
            &gso,
            SendFlags::DEFAULT,
        )
        .unwrap();
    assert!(!gso.enabled(), "turned off by the refusal");
    let got = receive_all(&server, 3);
    let lens: Vec<usize> = got.iter().map(|(d, _, _)| d.len()).collect();
    assert_eq!(lens, [100, 100, 50]);
    for (i, (data, _, _)) in got.iter().enumerate() {
        assert!(data.iter().all(|&b| usize::from(b) == i));
    }
}

/// A GSO send larger than one call may carry (64 segments, 65,507 bytes)
/// is split into several, in order.
#[test]
fn a_long_gso_buffer_is_sent_in_several_calls() {
    let server = udp(Domain::INET);
    server.set_recv_buffer_size(4 << 20).unwrap();
    let to = server.local_addr().unwrap();
    let client = udp(Domain::INET);
    let gso = Gso::detect(&client);
    // 150 segments of 1,200 bytes: 54 per call by the payload limit.
    let buf: Vec<u8> = (0..150 * 1200).map(|i| (i / 1200) as u8).collect();
    client
        .send_segments_to(
            &buf,
            1200,
            Some(&to),
            &SendMeta::default(),
            &gso,
            SendFlags::DEFAULT,
        )
        .unwrap();
    let got = receive_all(&server, 150);
    for (i, (data, _, _)) in got.iter().enumerate() {
        assert_eq!(data.len(), 1200);
        assert!(
            data.iter().all(|&b| usize::from(b) == i),
            "datagram {i} in order"
        );
    }
}
