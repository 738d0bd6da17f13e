//! The panic-freedom check: calls baresock's address code on inputs the
//! optimizer cannot see through (`black_box`), in a release build whose
//! panic handler calls a symbol defined nowhere (feature `nopanic`, see
//! `rt.rs`). If any of these calls can still reach a panic after
//! optimization, this program does not link.
//!
//! Built with feature `panic-audit` instead, it also runs the socket flow
//! with address decoding (`accept4`, `local_addr`, `peer_addr`) and
//! formatting (`Display`), and the socket options baresock converts itself
//! (the timeouts among them), and keeps the source location of every reachable
//! panic in the binary, for `.ci/tiny.sh` to list (`panic-sites.py`). That
//! part cannot pass the link check for panics that are not baresock's:
//! rustix's `OwnedFd` asserts `fd != -1` and `SocketAddrAny::new` asserts the
//! address length (values come from the kernel: no optimizer can drop the
//! checks), and `core::net`'s `Display` unwraps writes into buffers sized for
//! the longest address. The audit proves those are the only sites left.
//!
//! It also runs: exit status 0 when every result is the one expected,
//! otherwise the number of the first check that failed.
//!
//! Build (from `examples/tiny/`):
//! `cargo build --release --target x86_64-unknown-linux-gnu --features nolibc,nopanic --bin nopanic`
//! (or `--target aarch64-unknown-linux-musl`; `panic-audit` is x86_64 only)

#![no_std]
#![no_main]

#[path = "../rt.rs"]
mod rt;

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
    Ok(())
}

/// The socket flow with address decoding, on 127.0.0.1 / ::1 / an abstract
/// Unix name, each listener on a port the kernel picks.
#[cfg(feature = "panic-audit")]
fn sockets(c: &mut Checks) -> Result<(), i32> {
    use baresock::{Backlog, Domain, Flags, Socket, Type};

    let listeners = [
        (
            Domain::Inet,
            SockAddr::from(SockAddrIn::new(Ipv4Addr::LOCALHOST, 0)),
        ),
        (
            Domain::Inet6,
            SockAddr::from(SockAddrIn6::new(Ipv6Addr::LOCALHOST, 0, 0, 0)),
        ),
        (
            Domain::Unix,
            SockAddr::from(SockAddrUn::new_abstract(b"baresock-nopanic").map_err(|_| c.0)?),
        ),
    ];
    for (domain, addr) in black_box(listeners) {
        let server = Socket::new(domain, Type::Stream).map_err(|_| c.0)?;
        server.set_reuse_address(true).map_err(|_| c.0)?;
        server.bind(&addr).map_err(|_| c.0)?;
        server.listen(Backlog::new(black_box(4))).map_err(|_| c.0)?;
        let local = server.local_addr().map_err(|_| c.0)?;
        c.check(local.family() == addr.family())?;
        let client = Socket::new(domain, Type::Stream).map_err(|_| c.0)?;
        client.connect(&local).map_err(|_| c.0)?;
        let (conn, peer) = server.accept4(Flags::DEFAULT).map_err(|_| c.0)?;
        c.check(peer.family() == addr.family())?;
        c.check(conn.peer_addr() == Ok(peer) || domain == Domain::Unix)?;
        c.check(client.local_addr() == Ok(peer))?;
        c.check(conn.send(b"x") == Ok(1))?;
        let mut buf = [0; 4];
        c.check(client.recv(&mut buf) == Ok(1))?;
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

    let sock = Socket::new(black_box(Domain::Inet), Type::Stream).map_err(|_| c.0)?;
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
    c.check(sock.domain() == Ok(Domain::Inet))?;
    c.check(sock.protocol() == Ok(Protocol::TCP))?;
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

#[unsafe(no_mangle)]
extern "C" fn main() -> i32 {
    let mut c = Checks(0);
    let result = addresses(&mut c);
    #[cfg(feature = "panic-audit")]
    let result = result.and_then(|()| sockets(&mut c));
    #[cfg(feature = "panic-audit")]
    let result = result.and_then(|()| options(&mut c));
    #[cfg(feature = "nopanic-canary")]
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
