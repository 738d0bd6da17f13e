//! The panic-freedom check of `examples/tiny`: calls baresock's address code
//! and its control-message decoder on inputs the optimizer cannot see through
//! (`black_box`), in a release build whose panic handler calls a symbol
//! defined nowhere. If any of these calls can still reach a panic after
//! optimization, this program does not link.
//!
//! Built with feature `panic-audit` instead, it also runs the socket flow
//! with address decoding (`accept`, `local_addr`, `peer_addr`) and
//! formatting (`Display`), the socket options baresock converts itself
//! (the timeouts among them), and the serving calls (`send_to`/`recv_from`,
//! `sendmsg`/`recvmsg` with an fd and credentials, `peer_credentials`), and
//! its panic handler keeps the source location of every reachable panic in
//! the binary, for `.ci/tiny.sh` to list (`panic-sites.py`). That part cannot
//! pass the link check for panics that are not baresock's: rustix's `OwnedFd`
//! asserts `fd != -1`, `SocketAddrAny::new` asserts the address length, its
//! getsockopt asserts the length of the kernel's answer, and its ancillary
//! buffers slice within lengths they keep (values come from the kernel: no
//! optimizer can drop the checks), and `core::net`'s `Display` unwraps
//! writes into buffers sized for the longest address. The audit proves those
//! are the only sites left.
//!
//! Feature `canary` adds one deliberate panic: the negative control that
//! shows each check can fail.
//!
//! It also runs: exit status 0 when every result is the one expected,
//! otherwise the number of the first check that failed.
//!
//! Build (from `examples/tiny/`, whose workspace, profile and link settings
//! it shares):
//! `cargo build --release --target x86_64-unknown-linux-gnu -p baresock-tiny-harness --features nolibc`
//! (or any other no-libc target of the example, e.g. `--target aarch64-unknown-linux-musl`;
//! `panic-audit` is x86_64 only)

#![no_std]
#![no_main]

#[cfg(all(feature = "panic-audit", not(target_arch = "x86_64")))]
compile_error!("feature `panic-audit` writes its report with x86_64 system calls");

// The start-up code of the example: musl's, or origin's (`nolibc`).
use baresock_tiny as _;

use baresock::{SockAddr, SockAddrIn, SockAddrIn6, SockAddrUn, UnixAddrKind};
use core::hint::black_box;
use core::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4};

/// Counts the checks; the first that fails names the exit status.
struct Checks(i32);

impl Checks {
    fn check(&mut self, ok: bool) -> Result<(), i32> {
        self.0 += 1;
        if ok {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

/// The address constructors, accessors and conversions, on opaque inputs.
fn addresses(c: &mut Checks) -> Result<(), i32> {
    let ip4 = Ipv4Addr::from_bits(black_box(0x7f00_0001));
    let port = black_box(9600);
    let v4 = SockAddrIn::new(ip4, port);
    c.check(v4.ip() == Ipv4Addr::LOCALHOST && v4.port() == 9600)?;
    c.check(v4.port_be_bytes() == [0x25, 0x80])?;
    c.check(SockAddrIn::from(SocketAddrV4::new(ip4, port)) == v4)?;

    let ip6 = Ipv6Addr::from_bits(black_box(1));
    let v6 = SockAddrIn6::new(ip6, port, black_box(7), black_box(3));
    c.check(v6.ip() == Ipv6Addr::LOCALHOST && v6.port() == 9600)?;
    c.check(v6.flowinfo() == 7 && v6.scope_id() == 3)?;

    // Slices whose length the optimizer does not know: every bound is checked.
    let path: &[u8] = black_box(b"/run/tiny.sock");
    let un = SockAddrUn::new(path).map_err(|_| c.0)?;
    c.check(un.kind() == UnixAddrKind::Pathname(path) && un.len() == 2 + path.len() + 1)?;
    // Same length, last byte differs: `bcmp`/`memcmp` must say "not equal".
    c.check(un.kind() != UnixAddrKind::Pathname(black_box(b"/run/tiny.socK")))?;
    let long: &[u8] = black_box(&[b'a'; 200]);
    c.check(SockAddrUn::new(long).is_err())?;
    c.check(SockAddrUn::new(black_box(b"a\0b")).is_err())?;
    c.check(SockAddrUn::new(black_box(b"")).is_err())?;
    let name: &[u8] = black_box(b"tiny\0name");
    let abs = SockAddrUn::new_abstract(name).map_err(|_| c.0)?;
    c.check(abs.as_abstract() == Some(name) && abs.as_pathname().is_none())?;
    c.check(SockAddrUn::new_abstract(long).is_err())?;
    c.check(SockAddrUn::UNNAMED.kind() == UnixAddrKind::Unnamed)?;

    // The family-erased form and the conversions back.
    let any = [SockAddr::from(v4), SockAddr::from(v6), SockAddr::from(abs)];
    let any = black_box(any);
    c.check(SockAddrIn::try_from(any[0]) == Ok(v4))?;
    c.check(SockAddrIn6::try_from(any[1]) == Ok(v6))?;
    c.check(SockAddrUn::try_from(any[2]) == Ok(abs))?;
    c.check(SocketAddr::try_from(any[2]).is_err())?;
    c.check(any[0].as_ip() == Some(SocketAddr::V4(v4.to_core())))?;
    c.check(any[1].family() == 10 && any[2].family() == 1)?;

    // The parsers on text the optimizer cannot see, accepted and rejected.
    use baresock::parse;
    let text = |t: &'static [u8]| -> &'static [u8] { black_box(t) };
    c.check(parse::sockaddr_in(text(b"127.0.0.1:9600")) == Ok(v4))?;
    c.check(parse::sockaddr_in(text(b"01.2.3.4:80")).is_err())?;
    c.check(parse::sockaddr_in(text(b"1.2.3.4:65536")).is_err())?;
    c.check(parse::ipv4_addr(text(b"255.255.255.255")).is_ok())?;
    c.check(parse::ipv4_addr(text(b"256.0.0.1")).is_err())?;
    c.check(parse::ipv6_addr(text(b"::ffff:1.2.3.4")).is_ok())?;
    c.check(parse::ipv6_addr(text(b"1::2::3")).is_err())?;
    c.check(parse::sockaddr_in6(text(b"[fe80::1%3]:8080")).is_ok())?;
    c.check(parse::sockaddr_in6(text(b"[::1%eth0]:80")).is_err())?;
    c.check(parse::ip_addr(text(b"::1")).is_ok())?;
    c.check(parse::sockaddr(text(b"[::1]:1")).is_ok())?;
    c.check(parse::sockaddr(text(b"")) == Err(baresock::ParseError::Empty))?;

    // The control-message decoder, on bytes of a length the optimizer does
    // not know: a message as Linux lays it out, and garbage.
    use baresock::{space_for_fds, ControlMessage, ControlMessages};
    let message = one_fd_message();
    let bytes = message.get(..black_box(message.len())).unwrap_or(&[]);
    let mut fds = 0;
    for m in ControlMessages::new(bytes) {
        if let ControlMessage::Rights(numbers) = m {
            fds += numbers.len();
            c.check(numbers.eq([7]))?;
        }
    }
    c.check(fds == 1)?;
    let garbage: &[u8] = black_box(&[0xff; 40]);
    c.check(ControlMessages::new(garbage).count() == 0)?;
    c.check(space_for_fds(black_box(1)) >= 16)?;
    Ok(())
}

/// One `SCM_RIGHTS` message carrying fd 7, padded as the kernel pads it.
fn one_fd_message() -> [u8; 32] {
    let word = core::mem::size_of::<usize>();
    let mut m = [0u8; 32];
    m[..word].copy_from_slice(&(word + 8 + 4).to_ne_bytes());
    m[word..word + 4].copy_from_slice(&1i32.to_ne_bytes()); // SOL_SOCKET
    m[word + 4..word + 8].copy_from_slice(&1i32.to_ne_bytes()); // SCM_RIGHTS
    m[word + 8..word + 12].copy_from_slice(&7i32.to_ne_bytes());
    m
}

/// The socket flow with address decoding, on 127.0.0.1 / ::1 / an abstract
/// Unix name, each listener on a port the kernel picks.
#[cfg(feature = "panic-audit")]
fn sockets(c: &mut Checks) -> Result<(), i32> {
    use baresock::{Backlog, Domain, Socket, Type};

    let listeners = [
        (
            Domain::INET,
            SockAddr::from(SockAddrIn::new(Ipv4Addr::LOCALHOST, 0)),
        ),
        (
            Domain::INET6,
            SockAddr::from(SockAddrIn6::new(Ipv6Addr::LOCALHOST, 0, 0, 0)),
        ),
        (
            Domain::UNIX,
            SockAddr::from(SockAddrUn::new_abstract(b"baresock-nopanic").map_err(|_| c.0)?),
        ),
    ];
    for (domain, addr) in black_box(listeners) {
        let server = Socket::new(domain, Type::STREAM, None).map_err(|_| c.0)?;
        server.set_reuse_address(true).map_err(|_| c.0)?;
        server.bind(&addr).map_err(|_| c.0)?;
        server.listen(Backlog::new(black_box(4))).map_err(|_| c.0)?;
        let local = server.local_addr().map_err(|_| c.0)?;
        c.check(local.family() == addr.family())?;
        let client = Socket::new(domain, Type::STREAM, None).map_err(|_| c.0)?;
        client.connect(&local).map_err(|_| c.0)?;
        let (conn, peer) = server.accept().map_err(|_| c.0)?;
        c.check(peer.family() == addr.family())?;
        c.check(conn.peer_addr() == Ok(peer) || domain == Domain::UNIX)?;
        c.check(client.local_addr() == Ok(peer))?;
        c.check(conn.send(b"x") == Ok(1))?;
        let mut buf = [0; 4];
        c.check(client.recv(&mut buf).map(|r| r.filled()) == Ok(1))?;
        // Display of every kind of address, without allocating.
        let mut text = Count(0);
        c.check(core::fmt::write(&mut text, format_args!("{local} {peer}")).is_ok())?;
        c.check(text.0 > 2)?;
    }
    Ok(())
}

/// The options whose values baresock converts itself (timeouts, `Domain` and
/// `Protocol`, the TCP user timeout, the congestion name's length), set and
/// read back from the kernel; the timeout getters are baresock's own
/// getsockopt, which checks the answer's length instead of asserting it.
#[cfg(feature = "panic-audit")]
fn options(c: &mut Checks) -> Result<(), i32> {
    use baresock::{Domain, Error, Protocol, Socket, Type};
    use core::time::Duration;

    let sock = Socket::new(black_box(Domain::INET), Type::STREAM, None).map_err(|_| c.0)?;
    let timeout = Some(Duration::from_millis(black_box(1500)));
    sock.set_read_timeout(timeout).map_err(|_| c.0)?;
    c.check(sock.read_timeout() == Ok(timeout))?;
    sock.set_write_timeout(black_box(None)).map_err(|_| c.0)?;
    c.check(sock.write_timeout() == Ok(None))?;
    c.check(sock.set_read_timeout(Some(black_box(Duration::ZERO))) == Err(Error::Inval))?;
    let user = Some(Duration::from_millis(black_box(30_000)));
    sock.set_tcp_user_timeout(user).map_err(|_| c.0)?;
    c.check(sock.tcp_user_timeout() == Ok(user))?;
    c.check(sock.set_tcp_congestion(black_box("nope")) == Err(Error::NoEnt))?;
    c.check(sock.domain() == Ok(Domain::INET))?;
    c.check(sock.protocol() == Ok(Some(Protocol::TCP)))?;
    Ok(())
}

/// The serving calls: UDP recv_from/send_to on 127.0.0.1 and ::1, and on a
/// Unix pair an fd and credentials passed with sendmsg/recvmsg,
/// `peer_credentials`, and `recv_from` of an unnamed peer.
#[cfg(feature = "panic-audit")]
fn serving(c: &mut Checks) -> Result<(), i32> {
    use baresock::{
        space_for_fds, ControlBuffer, Credentials, Domain, IoSlice, IoSliceMut, RecvFlags,
        SendControl, SendFlags, Socket, Type, SPACE_FOR_CREDENTIALS,
    };

    let loopbacks = [
        (
            Domain::INET,
            SockAddr::from(SockAddrIn::new(Ipv4Addr::LOCALHOST, 0)),
        ),
        (
            Domain::INET6,
            SockAddr::from(SockAddrIn6::new(Ipv6Addr::LOCALHOST, 0, 0, 0)),
        ),
    ];
    for (domain, addr) in black_box(loopbacks) {
        let server = Socket::new(domain, Type::DGRAM, None).map_err(|_| c.0)?;
        server.bind(&addr).map_err(|_| c.0)?;
        let client = Socket::new(domain, Type::DGRAM, None).map_err(|_| c.0)?;
        client.bind(&addr).map_err(|_| c.0)?;
        let to = server.local_addr().map_err(|_| c.0)?;
        c.check(client.send_to(b"ping", &to) == Ok(4))?;
        let mut buf = [0; 8];
        let (r, peer) = server.recv_from(&mut buf).map_err(|_| c.0)?;
        c.check(r.filled() == 4 && client.local_addr() == Ok(peer))?;
        c.check(server.send_to(b"pong!", &peer) == Ok(5))?;
        let mut short = [0; 2];
        let r = client
            .recv_with(&mut short, RecvFlags::DEFAULT.trunc())
            .map_err(|_| c.0)?;
        c.check(r.filled() == 2 && r.message_len() == Some(5) && r.truncated() == Some(true))?;
    }

    let (a, b) = Socket::pair(Domain::UNIX, Type::DGRAM, None).map_err(|_| c.0)?;
    b.set_passcred(true).map_err(|_| c.0)?;
    let fds = [a.fd()];
    let mut space = ControlBuffer::<{ space_for_fds(1) }>::new();
    let mut out = SendControl::new(&mut space);
    out.push_fds(&fds).map_err(|_| c.0)?;
    let sent = a.sendmsg(&[IoSlice::new(b"fd")], &mut out, SendFlags::DEFAULT);
    c.check(sent == Ok(2))?;
    let mut buf = [0; 4];
    let mut control = ControlBuffer::<{ space_for_fds(1) + SPACE_FOR_CREDENTIALS }>::new();
    let mut msg = b
        .recvmsg(
            &mut [IoSliceMut::new(&mut buf)],
            &mut control,
            RecvFlags::DEFAULT,
        )
        .map_err(|_| c.0)?;
    c.check(msg.received.filled() == 2 && !msg.control_truncated)?;
    c.check(msg.fds().count() == 1)?;
    c.check(msg.credentials() == Some(Credentials::current()))?;
    c.check(b.peer_credentials() == Ok(Credentials::current()))?;
    c.check(a.send(b"x") == Ok(1))?;
    let (_, from) = b.recv_from(&mut buf).map_err(|_| c.0)?;
    c.check(from == SockAddr::Unix(SockAddrUn::UNNAMED))?;
    Ok(())
}

/// A `fmt::Write` that only counts the bytes written to it.
#[cfg(feature = "panic-audit")]
struct Count(usize);

#[cfg(feature = "panic-audit")]
impl core::fmt::Write for Count {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

/// Called as C's `main` by musl's `crt1.o` or the no-libc start-up
/// (`baresock-tiny`'s lib target); returns the exit status.
#[unsafe(no_mangle)]
extern "C" fn main(_argc: i32, _argv: *const *const u8, _envp: *const *const u8) -> i32 {
    let mut c = Checks(0);
    let result = addresses(&mut c);
    #[cfg(feature = "panic-audit")]
    let result = result.and_then(|()| sockets(&mut c));
    #[cfg(feature = "panic-audit")]
    let result = result.and_then(|()| options(&mut c));
    #[cfg(feature = "panic-audit")]
    let result = result.and_then(|()| serving(&mut c));
    #[cfg(feature = "canary")]
    let result = result.and_then(|()| {
        // A deliberate panic path: an index the optimizer cannot bound.
        let bytes: &[u8] = black_box(b"x");
        c.check(bytes[black_box(5)] == b'x')
    });
    match result {
        Ok(()) => 0,
        Err(check) => check,
    }
}

/// The check: a reachable panic is a link error naming this symbol (in a
/// release build, where the optimizer removed every panic it can prove
/// unreachable).
#[cfg(not(feature = "panic-audit"))]
#[panic_handler]
fn on_panic(_: &core::panic::PanicInfo<'_>) -> ! {
    unsafe extern "C" {
        /// Defined nowhere, on purpose.
        fn baresock_tiny_reachable_panic() -> !;
    }
    // SAFETY: never runs: if this call survives optimization, the program
    // does not link (the symbol is defined nowhere).
    unsafe { baresock_tiny_reachable_panic() }
}

/// The audit: reads the panic's location, which keeps the file name of every
/// reachable panic site in the binary (for `panic-sites.py` to list), writes
/// it to stderr and exits with status 101.
#[cfg(feature = "panic-audit")]
#[panic_handler]
fn on_panic(info: &core::panic::PanicInfo<'_>) -> ! {
    let file = info.location().map_or("?", |l| l.file());
    // SAFETY: write(2, file, len) reads `len` initialized bytes of a live
    // `&str`; exit_group(101) ends the process and never returns.
    unsafe {
        core::arch::asm!(
            "syscall",
            inlateout("rax") 1usize => _, // __NR_write
            in("rdi") 2usize,
            in("rsi") file.as_ptr(),
            in("rdx") file.len(),
            lateout("rcx") _,
            lateout("r11") _,
            options(nostack, readonly),
        );
        core::arch::asm!(
            "syscall",
            in("rax") 231usize, // __NR_exit_group
            in("rdi") 101usize,
            options(noreturn, nostack),
        )
    }
}
