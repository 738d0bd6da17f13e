//! socket2's Linux tests of the `SOL_SOCKET` options it has and baresock
//! lacked (`tests/socket.rs` of socket2 0.6: `device`, `set_priority`,
//! `set_busy_poll`, `out_of_band_inline`, `mark`), each under socket2's
//! name, with what socket2 leaves out: the errno when the kernel refuses
//! (checked on a thread without `CAP_NET_ADMIN` and `CAP_NET_RAW`, as the
//! capabilities are per thread), and real data where the option acts on it.
//!
//! Under qemu-user (`common::emulated`) an option qemu does not emulate
//! answers `ENOPROTOOPT`: only there is it skipped, never natively.
//!
//! A kernel module (`main.rs`): every test makes system calls.

use crate::common;

use std::thread;

use baresock::{Domain, Error, RecvFlags, SendFlags, Socket, Type};
use common::{emulated, listener, tcp_pair, wait_for};
use rustix::event::PollFlags;
use rustix::thread::{capabilities, set_capabilities, CapabilitySet};

const NET_CAPS: CapabilitySet = CapabilitySet::NET_ADMIN.union(CapabilitySet::NET_RAW);

/// The value of `result`; `None` (the test stops) only under qemu-user, for
/// an option it does not emulate: `ENOPROTOOPT`, or for `SO_BINDTODEVICE`'s
/// getter the `EINVAL` the host kernel gives qemu 7.2, which asks it for an
/// `int` (too short for a name) rather than for the guest's buffer.
fn emulated_or<T>(what: &str, result: Result<T, Error>) -> Option<T> {
    match result {
        Err(Error::NoProtoOpt) if emulated() => {
            eprintln!("{what} is not emulated by qemu-user: not tested here");
            None
        }
        Err(Error::Inval) if emulated() && what == DEVICE_GETTER => {
            eprintln!("{what} is read as an int by qemu-user: not tested here");
            None
        }
        other => Some(other.unwrap()),
    }
}

const DEVICE_GETTER: &str = "SO_BINDTODEVICE's getter";

/// `SO_BINDTODEVICE` as read back, when the emulator (if any) can read it.
fn device_of(socket: &Socket) -> Option<Option<String>> {
    emulated_or(DEVICE_GETTER, socket.device()).map(|d| d.map(|d| d.to_string()))
}

/// Whether this thread may set marks and high priorities (root, here).
fn has_net_caps() -> bool {
    capabilities(None).unwrap().effective.contains(NET_CAPS)
}

/// Runs `body` on a new thread without `CAP_NET_ADMIN` and `CAP_NET_RAW`
/// in its effective set; the other threads keep theirs.
fn without_net_caps<T: Send>(body: impl FnOnce() -> T + Send) -> T {
    thread::scope(|s| {
        s.spawn(|| {
            let mut caps = capabilities(None).unwrap();
            caps.effective.remove(NET_CAPS);
            set_capabilities(None, caps).unwrap();
            assert!(!has_net_caps());
            body()
        })
        .join()
        .unwrap()
    })
}

#[test]
fn device() {
    let socket = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    assert_eq!(device_of(&socket), Some(None)); // qemu reads "unbound" right

    socket.bind_device(Some(b"lo".as_slice())).unwrap();
    if let Some(device) = device_of(&socket) {
        assert_eq!(device.as_deref(), Some("lo"));
    }

    // A name no interface has: the kernel's answer.
    assert_eq!(
        socket.bind_device(Some(b"nosuchif0".as_slice())),
        Err(Error::NoDev)
    );
    // Names the kernel would cut short or end early ("lo\0x" and the 15
    // bytes of a 16-byte name), refused before the call; still on lo.
    assert_eq!(
        socket.bind_device(Some(b"lo\0x".as_slice())),
        Err(Error::NoDev)
    );
    assert_eq!(
        socket.bind_device(Some(b"lo0123456789abcd".as_slice())),
        Err(Error::NameTooLong)
    );
    for never in [&b""[..], b".", b"a/b", b"a:b", b"a b", b"\xff"] {
        assert_eq!(
            socket.bind_device(Some(never)),
            Err(Error::NoDev),
            "{never:?}"
        );
    }
    if let Some(device) = device_of(&socket) {
        assert_eq!(device.as_deref(), Some("lo"));
    }

    if has_net_caps() {
        socket.bind_device(None).unwrap();
        assert_eq!(device_of(&socket), Some(None));
    }

    // Without CAP_NET_RAW a first binding is allowed (Linux 5.7), but not
    // a change or its removal.
    without_net_caps(|| {
        let socket = Socket::new(Domain::INET6, Type::DGRAM, None).unwrap();
        socket.bind_device(Some(b"lo".as_slice())).unwrap();
        assert_eq!(socket.bind_device(None), Err(Error::Perm));
        if let Some(device) = device_of(&socket) {
            assert_eq!(device.as_deref(), Some("lo"));
        }
    });
}

/// A connection whose both ends are bound to `lo` still carries data on
/// 127.0.0.1, the accepted end bound as its listener was.
#[test]
fn device_lo_talks_on_loopback() {
    let (server, addr) = listener(Domain::INET, baresock::Backlog::DEFAULT);
    if emulated_or(
        "SO_BINDTODEVICE",
        server.bind_device(Some(b"lo".as_slice())),
    )
    .is_none()
    {
        return;
    }
    let client = common::bounded(Socket::new(Domain::INET, Type::STREAM, None).unwrap());
    client.bind_device(Some(b"lo".as_slice())).unwrap();
    client.connect(&addr).unwrap();
    let (conn, _) = server.accept().unwrap();
    let conn = common::bounded(conn);
    if let Some(device) = device_of(&conn) {
        assert_eq!(device.as_deref(), Some("lo"));
    }
    client.send(b"ping").unwrap();
    let mut buf = [0; 8];
    let n = conn.recv(&mut buf).unwrap().filled();
    assert_eq!(&buf[..n], b"ping");
    conn.send(b"pong").unwrap();
    let n = client.recv(&mut buf).unwrap().filled();
    assert_eq!(&buf[..n], b"pong");
}

#[test]
fn set_priority() {
    let socket = Socket::new(Domain::UNIX, Type::DGRAM, None).unwrap();
    assert_eq!(socket.priority().unwrap(), 0);
    // 0 to 6 need no privilege.
    for i in (0..=6).rev() {
        socket.set_priority(i).unwrap();
        assert_eq!(socket.priority().unwrap(), i);
    }
    if has_net_caps() {
        socket.set_priority(7).unwrap();
        assert_eq!(socket.priority().unwrap(), 7);
        // Any u32: the kernel keeps an `int` as its `u32` bit for bit.
        socket.set_priority(u32::MAX).unwrap();
        assert_eq!(socket.priority().unwrap(), u32::MAX);
    }
    without_net_caps(|| {
        let socket = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        socket.set_priority(6).unwrap();
        assert_eq!(socket.set_priority(7), Err(Error::Perm));
        assert_eq!(socket.priority().unwrap(), 6);
    });
}

#[test]
fn set_busy_poll() {
    let socket = Socket::new(Domain::UNIX, Type::DGRAM, None).unwrap();
    let initial = socket.busy_poll().unwrap();
    // qemu-user reads it but does not set it.
    if emulated_or("SO_BUSY_POLL", socket.set_busy_poll(0)).is_none() {
        return;
    }
    // The default is net.core.busy_read (socket2 assumes 0).
    if let Ok(busy_read) = std::fs::read_to_string("/proc/sys/net/core/busy_read") {
        assert_eq!(initial, busy_read.trim().parse::<u32>().unwrap());
    }
    if has_net_caps() {
        for i in (0..=6).rev() {
            socket.set_busy_poll(i).unwrap();
            assert_eq!(socket.busy_poll().unwrap(), i);
        }
        socket.set_busy_poll(50).unwrap();
        assert_eq!(socket.busy_poll().unwrap(), 50);
    }
    // Past the kernel's `int`: negative to it.
    assert_eq!(socket.set_busy_poll(1 << 31), Err(Error::Inval));
    without_net_caps(|| {
        let socket = Socket::new(Domain::INET, Type::DGRAM, None).unwrap();
        let initial = socket.busy_poll().unwrap();
        // socket(7): raising it needs CAP_NET_ADMIN. Linux 6.18 lets any
        // process raise it: either answer, and the value read back matches.
        match socket.set_busy_poll(initial + 10) {
            Ok(()) => assert_eq!(socket.busy_poll().unwrap(), initial + 10),
            Err(e) => {
                assert_eq!(e, Error::Perm);
                assert_eq!(socket.busy_poll().unwrap(), initial);
            }
        }
        // Lowering never needs it.
        socket.set_busy_poll(0).unwrap();
        assert_eq!(socket.busy_poll().unwrap(), 0);
    });
}

#[test]
fn out_of_band_inline() {
    // socket2's round trip, on both families.
    for domain in [Domain::INET, Domain::INET6] {
        let socket = Socket::new(domain, Type::STREAM, None).unwrap();
        assert!(!socket.out_of_band_inline().unwrap());
        socket.set_out_of_band_inline(true).unwrap();
        assert!(socket.out_of_band_inline().unwrap());
        socket.set_out_of_band_inline(false).unwrap();
        assert!(!socket.out_of_band_inline().unwrap());
    }

    // Real urgent data: "ab", then "!" sent with MSG_OOB, then "cd".
    let send = |client: &Socket| {
        client.send(b"ab").unwrap();
        assert_eq!(client.send_with(b"!", SendFlags::DEFAULT.oob()), Ok(1));
        client.send(b"cd").unwrap();
    };

    // Inline: the urgent byte is read in the stream, where it was sent
    // (a read stops at the urgent mark, so it may take several), and a
    // MSG_OOB receive has nothing of its own.
    let (client, conn) = tcp_pair(Domain::INET);
    conn.set_out_of_band_inline(true).unwrap();
    send(&client);
    assert_eq!(read_exactly::<5>(&conn), *b"ab!cd");
    let mut byte = [0; 1];
    assert_eq!(
        conn.recv_with(&mut byte, RecvFlags::DEFAULT.oob())
            .map(|r| r.filled()),
        Err(Error::Inval)
    );

    // Not inline (the default): the stream skips it, MSG_OOB reads it.
    // Read it first: a read past the mark drops it. POLLPRI says it came.
    let (client, conn) = tcp_pair(Domain::INET);
    send(&client);
    assert!(wait_for(&conn, PollFlags::PRI, 5000), "no urgent data");
    assert_eq!(
        conn.recv_with(&mut byte, RecvFlags::DEFAULT.oob())
            .map(|r| r.filled()),
        Ok(1)
    );
    assert_eq!(byte, *b"!");
    assert_eq!(read_exactly::<4>(&conn), *b"abcd");
}

/// `N` bytes from a bounded stream, however many reads they take.
fn read_exactly<const N: usize>(sock: &Socket) -> [u8; N] {
    let mut buf = [0; N];
    let mut filled = 0;
    while filled < N {
        let n = sock.recv(&mut buf[filled..]).unwrap().filled();
        assert_ne!(n, 0, "the peer closed after {filled} bytes");
        filled += n;
    }
    buf
}

#[test]
fn mark() {
    // socket2's round trip, on both families (it needs CAP_NET_ADMIN or
    // CAP_NET_RAW: socket2 ignores the test, baresock's runs as root).
    for domain in [Domain::INET, Domain::INET6] {
        let socket = Socket::new(domain, Type::STREAM, None).unwrap();
        assert_eq!(socket.mark().unwrap(), 0);
        // qemu-user reads it but does not set it (not even to refuse it).
        if emulated() && socket.set_mark(0) == Err(Error::NoProtoOpt) {
            eprintln!("SO_MARK is not emulated by qemu-user: not tested here");
            return;
        }
        if has_net_caps() {
            socket.set_mark(123).unwrap();
            assert_eq!(socket.mark().unwrap(), 123);
            // The whole u32, high bit included.
            socket.set_mark(0x8000_0001).unwrap();
            assert_eq!(socket.mark().unwrap(), 0x8000_0001);
        }
    }
    // Without either capability no mark can be set, not even 0.
    without_net_caps(|| {
        let socket = Socket::new(Domain::INET, Type::DGRAM, None).unwrap();
        assert_eq!(socket.set_mark(123), Err(Error::Perm));
        assert_eq!(socket.set_mark(0), Err(Error::Perm));
        assert_eq!(socket.mark().unwrap(), 0);
    });
}
