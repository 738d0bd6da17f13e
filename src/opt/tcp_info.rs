//! `TCP_INFO`: the kernel's statistics of a TCP connection. The field
//! offsets are the kernel header's, from `linux-raw-sys`.
//!
//! # References
//! - [tcp(7)](https://man7.org/linux/man-pages/man7/tcp.7.html)
//! - include/uapi/linux/tcp.h, `struct tcp_info`

use core::fmt;
use core::mem::{offset_of, size_of};
use core::time::Duration;

use linux_raw_sys::net::{tcp_info as k, IPPROTO_TCP, TCP_INFO};

use crate::{sys, Result, Socket};

/// `sizeof(struct tcp_info)` in the headers baresock is built with.
const SIZE: usize = size_of::<k>();

/// A TCP connection's state (`tcpi_state`, include/net/tcp_states.h): an
/// open set, any value the kernel reports representable.
///
/// ```
/// use baresock::TcpState;
/// assert_eq!(format!("{:?}", TcpState::ESTABLISHED), "TcpState::ESTABLISHED");
/// assert_eq!(format!("{:?}", TcpState::from_raw(99)), "TcpState(99)");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TcpState(u8);

impl TcpState {
    /// Data flows both ways.
    pub const ESTABLISHED: Self = Self(1);
    /// A connect(2) sent its SYN.
    pub const SYN_SENT: Self = Self(2);
    /// A SYN arrived and was answered.
    pub const SYN_RECV: Self = Self(3);
    /// This side closed first; its FIN is not acknowledged yet.
    pub const FIN_WAIT1: Self = Self(4);
    /// This side's FIN is acknowledged; waiting for the peer's.
    pub const FIN_WAIT2: Self = Self(5);
    /// Closed, held for 2 MSL so stray segments die out.
    pub const TIME_WAIT: Self = Self(6);
    /// No connection.
    pub const CLOSE: Self = Self(7);
    /// The peer closed first; this side has not yet.
    pub const CLOSE_WAIT: Self = Self(8);
    /// The peer closed first, then this side; waiting for the last ACK.
    pub const LAST_ACK: Self = Self(9);
    /// A listening socket.
    pub const LISTEN: Self = Self(10);
    /// Both sides closed at once.
    pub const CLOSING: Self = Self(11);
    /// A request socket (Linux's own state of a SYN it answered).
    pub const NEW_SYN_RECV: Self = Self(12);

    /// The state numbered `raw`.
    ///
    /// ```
    /// assert_eq!(baresock::TcpState::from_raw(1), baresock::TcpState::ESTABLISHED);
    /// ```
    #[must_use]
    pub const fn from_raw(raw: u8) -> Self {
        Self(raw)
    }

    /// The kernel's number of the state.
    ///
    /// ```
    /// assert_eq!(baresock::TcpState::LISTEN.as_raw(), 10);
    /// ```
    #[must_use]
    pub const fn as_raw(self) -> u8 {
        self.0
    }

    /// The constant's name, if the state has one.
    const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            1 => "ESTABLISHED",
            2 => "SYN_SENT",
            3 => "SYN_RECV",
            4 => "FIN_WAIT1",
            5 => "FIN_WAIT2",
            6 => "TIME_WAIT",
            7 => "CLOSE",
            8 => "CLOSE_WAIT",
            9 => "LAST_ACK",
            10 => "LISTEN",
            11 => "CLOSING",
            12 => "NEW_SYN_RECV",
            _ => return None,
        })
    }
}

impl fmt::Debug for TcpState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "TcpState::{name}"),
            None => write!(f, "TcpState({})", self.0),
        }
    }
}

/// What `TCP_INFO` reported about a connection: `struct tcp_info`, as long
/// as the kernel wrote it.
///
/// The struct has grown with the kernel, and an older kernel writes a
/// shorter prefix of it: a field the kernel did not write is `None` (the
/// fields of Linux 2.6, which every kernel writes, are plain values). Times
/// are the kernel's microseconds as [`Duration`]s; windows are in segments
/// (`snd_cwnd`) or bytes, as tcp(7) and the header say.
///
/// ```
/// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user: an int
/// use baresock::{Backlog, Domain, SockAddrIn, Socket, TcpState, Type};
/// let server = Socket::new(Domain::INET, Type::STREAM, None)?;
/// server.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
/// server.listen(Backlog::DEFAULT)?;
/// let client = Socket::new(Domain::INET, Type::STREAM, None)?;
/// client.connect(&server.local_addr()?)?;
/// let info = client.tcp_info()?;
/// assert_eq!(info.state(), TcpState::ESTABLISHED);
/// assert_eq!(server.tcp_info()?.state(), TcpState::LISTEN);
/// # Ok::<(), baresock::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct TcpInfo {
    bytes: [u8; SIZE],
    // How many of `bytes` the kernel wrote (at most SIZE).
    len: usize,
}

/// Reads the `N`-byte field at `at` if the kernel wrote all of it.
fn field<const N: usize>(info: &TcpInfo, at: usize) -> Option<[u8; N]> {
    let end = at.checked_add(N)?;
    if end > info.len {
        return None;
    }
    info.bytes.get(at..end)?.try_into().ok()
}

/// Declares the accessors of fields every kernel writes (`$plain`) and of
/// those a newer one added (`Option`).
macro_rules! fields {
    ($( $(#[$doc:meta])* $name:ident: $ty:ident = $field:ident $(as $conv:ident)?, $since:literal; )*) => {
        impl TcpInfo {
            $(
                $(#[$doc])*
                #[doc = concat!("\n\n`", stringify!($field), "`, written since Linux ", $since, ".")]
                #[must_use]
                pub fn $name(&self) -> Option<fields!(@out $ty $(as $conv)?)> {
                    let raw = $ty::from_ne_bytes(field(self, offset_of!(k, $field))?);
                    Some(fields!(@conv raw $(as $conv)?))
                }
            )*
        }
    };
    (@out $ty:ident) => { $ty };
    (@out $ty:ident as micros) => { Duration };
    (@conv $raw:ident) => { $raw };
    (@conv $raw:ident as micros) => { Duration::from_micros(u64::from($raw)) };
}

fields! {
    /// Unrecovered retransmission timeouts in a row.
    retransmits: u8 = tcpi_retransmits, "2.6";
    /// The options the connection uses, a bit each (`TCPI_OPT_*`):
    /// timestamps 1, SACK 2, window scaling 4, ECN 8, ECN seen 16, and 32
    /// (`TCPI_OPT_SYN_DATA`) when this side's SYN carried data the peer
    /// acknowledged: a TCP Fast Open that worked.
    options: u8 = tcpi_options, "2.6";
    /// The retransmission timeout.
    rto: u32 = tcpi_rto as micros, "2.6";
    /// The maximum segment size this side sends.
    snd_mss: u32 = tcpi_snd_mss, "2.6";
    /// The maximum segment size this side receives.
    rcv_mss: u32 = tcpi_rcv_mss, "2.6";
    /// Segments sent and not yet acknowledged.
    unacked: u32 = tcpi_unacked, "2.6";
    /// Segments the kernel counts as lost.
    lost: u32 = tcpi_lost, "2.6";
    /// Segments retransmitted and not yet acknowledged.
    retrans: u32 = tcpi_retrans, "2.6";
    /// The path MTU.
    pmtu: u32 = tcpi_pmtu, "2.6";
    /// The smoothed round-trip time.
    rtt: u32 = tcpi_rtt as micros, "2.6";
    /// The round-trip time's mean deviation.
    rttvar: u32 = tcpi_rttvar as micros, "2.6";
    /// The slow-start threshold, in segments.
    snd_ssthresh: u32 = tcpi_snd_ssthresh, "2.6";
    /// The congestion window, in segments.
    snd_cwnd: u32 = tcpi_snd_cwnd, "2.6";
    /// Retransmissions over the connection's life.
    total_retrans: u32 = tcpi_total_retrans, "2.6.34";
    /// The pacing rate, bytes per second.
    pacing_rate: u64 = tcpi_pacing_rate, "3.15";
    /// Bytes acknowledged by the peer (RFC 4898 `tcpEStatsAppHCThruOctetsAcked`);
    /// on the side that connected, its SYN counts as one.
    bytes_acked: u64 = tcpi_bytes_acked, "4.1";
    /// Bytes received (RFC 4898 `tcpEStatsAppHCThruOctetsReceived`).
    bytes_received: u64 = tcpi_bytes_received, "4.1";
    /// Segments sent.
    segs_out: u32 = tcpi_segs_out, "4.2";
    /// Segments received.
    segs_in: u32 = tcpi_segs_in, "4.2";
    /// Bytes queued and not yet sent (`TCP_NOTSENT_LOWAT`'s measure).
    notsent_bytes: u32 = tcpi_notsent_bytes, "4.6";
    /// The lowest round-trip time seen.
    min_rtt: u32 = tcpi_min_rtt as micros, "4.6";
    /// The most recent delivery rate, bytes per second.
    delivery_rate: u64 = tcpi_delivery_rate, "4.9";
    /// Bytes sent, retransmissions included.
    bytes_sent: u64 = tcpi_bytes_sent, "4.19";
    /// Bytes retransmitted.
    bytes_retrans: u64 = tcpi_bytes_retrans, "4.19";
}

impl TcpInfo {
    /// The connection's state (`tcpi_state`, written by every kernel).
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user: an int
    /// let s = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert_eq!(s.tcp_info()?.state(), baresock::TcpState::CLOSE);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn state(&self) -> TcpState {
        TcpState(self.bytes.first().copied().unwrap_or(0))
    }

    /// How many bytes of `struct tcp_info` the kernel wrote: fields past it
    /// read as `None`.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user: an int
    /// let s = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(s.tcp_info()?.len() >= 104, "every kernel since 2.6.34 writes more");
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the kernel wrote nothing (it always writes the state).
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user: an int
    /// let s = baresock::Socket::new(baresock::Domain::INET, baresock::Type::STREAM, None)?;
    /// assert!(!s.tcp_info()?.is_empty());
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Decodes the first `len` bytes of a `struct tcp_info` (for bytes
    /// that did not come from [`Socket::tcp_info`], such as a capture):
    /// bytes past `bytes.len()` or past the kernel's struct are not read.
    ///
    /// ```
    /// let info = baresock::TcpInfo::from_bytes(&[1]);
    /// assert_eq!(info.state(), baresock::TcpState::ESTABLISHED);
    /// assert_eq!(info.rtt(), None, "not written");
    /// ```
    #[must_use]
    pub fn from_bytes(bytes: &[u8]) -> Self {
        let mut info = Self {
            bytes: [0; SIZE],
            len: bytes.len().min(SIZE),
        };
        for (to, from) in info.bytes.iter_mut().zip(bytes) {
            *to = *from;
        }
        info
    }
}

impl fmt::Debug for TcpInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpInfo")
            .field("state", &self.state())
            .field("rtt", &self.rtt())
            .field("rttvar", &self.rttvar())
            .field("snd_cwnd", &self.snd_cwnd())
            .field("snd_ssthresh", &self.snd_ssthresh())
            .field("retransmits", &self.retransmits())
            .field("lost", &self.lost())
            .field("bytes_acked", &self.bytes_acked())
            .field("bytes_received", &self.bytes_received())
            .field("delivery_rate", &self.delivery_rate())
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

impl Socket {
    /// `TCP_INFO`: the kernel's statistics of this TCP connection (state,
    /// round-trip time, congestion window, bytes acknowledged and
    /// received, ...), as long as this kernel's `struct tcp_info` is.
    ///
    /// # Errors
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a socket that is not
    /// TCP; [`Error::NotSock`](crate::Error::NotSock).
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user: an int
    /// let udp = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert_eq!(udp.tcp_info().err(), Some(baresock::Error::OpNotSupp));
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "TCP_INFO")]
    pub fn tcp_info(&self) -> Result<TcpInfo> {
        let mut bytes = [0u8; SIZE];
        let len = sys::getsockopt(self.fd(), IPPROTO_TCP as u32, TCP_INFO, &mut bytes)?;
        Ok(TcpInfo {
            bytes,
            // The kernel writes min(asked, its own size); never trust more.
            len: len.min(SIZE),
        })
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::format;

    #[test]
    fn a_field_past_the_written_length_is_none() {
        let mut raw = [0u8; SIZE];
        let rtt_at = offset_of!(k, tcpi_rtt);
        raw[rtt_at..rtt_at + 4].copy_from_slice(&1500u32.to_ne_bytes());
        raw[0] = 1;
        let whole = TcpInfo::from_bytes(&raw);
        assert_eq!(whole.rtt(), Some(Duration::from_micros(1500)));
        assert_eq!(whole.state(), TcpState::ESTABLISHED);
        // Cut inside the field: not written whole, so not read.
        let cut = TcpInfo::from_bytes(&raw[..rtt_at + 3]);
        assert_eq!(cut.rtt(), None);
        assert_eq!(cut.state(), TcpState::ESTABLISHED);
        // The first struct of Linux 2.6 (up to tcpi_total_retrans): the
        // later fields are None.
        let old = TcpInfo::from_bytes(&raw[..offset_of!(k, tcpi_pacing_rate)]);
        assert_eq!(old.rtt(), Some(Duration::from_micros(1500)));
        assert_eq!(old.total_retrans(), Some(0));
        assert_eq!(
            (old.pacing_rate(), old.bytes_acked(), old.bytes_sent()),
            (None, None, None)
        );
        assert!(TcpInfo::from_bytes(&[]).is_empty());
        assert_eq!(TcpInfo::from_bytes(&[]).rtt(), None);
        // More bytes than the struct: the rest is not kept.
        let long = [7u8; SIZE + 16];
        assert_eq!(TcpInfo::from_bytes(&long).len(), SIZE);
    }

    #[test]
    fn every_length_decodes_without_panic() {
        let raw = [0xa5u8; SIZE];
        for len in 0..=SIZE {
            let info = TcpInfo::from_bytes(&raw[..len]);
            let _ = format!("{info:?}");
        }
    }

    #[test]
    fn states_debug_by_name() {
        assert_eq!(format!("{:?}", TcpState::TIME_WAIT), "TcpState::TIME_WAIT");
        assert_eq!(format!("{:?}", TcpState::from_raw(0)), "TcpState(0)");
        for raw in 1..=12 {
            assert!(TcpState(raw).name().is_some());
        }
    }

    /// A connection on loopback: established on both ends, a round-trip
    /// time once data has gone back and forth, and the bytes counted as
    /// sent, acknowledged and received.
    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn a_loopback_connection_reports_its_traffic() {
        use crate::{Backlog, Domain, SockAddrIn, Type};
        let server = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        server
            .bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))
            .unwrap();
        server.listen(Backlog::DEFAULT).unwrap();
        // qemu-user passes TCP_INFO as an int option: 4 bytes (byte-swapped
        // on a big-endian guest), which the length check keeps from being
        // read as more. Only that is checked there.
        let emulated = std::env::var_os("BARESOCK_TEST_RUNNER").is_some_and(|r| !r.is_empty());
        let listening = server.tcp_info().unwrap();
        if emulated && listening.len() < SIZE {
            assert!(listening.rtt().is_none(), "nothing past the answer is read");
            return;
        }
        assert_eq!(listening.state(), TcpState::LISTEN);
        let client = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        client.connect(&server.local_addr().unwrap()).unwrap();
        let (conn, _) = server.accept().unwrap();
        conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();

        const N: usize = 10_000;
        let data = [0x5au8; N];
        let mut got = 0;
        let mut buf = [0u8; 4096];
        let mut sent = 0;
        while sent < N {
            sent += client.send(&data[sent..]).unwrap();
        }
        while got < N {
            got += conn.recv(&mut buf).unwrap().filled();
        }
        // An answer, so the client's last segment is surely acknowledged.
        conn.send(b"k").unwrap();
        assert_eq!(client.recv(&mut buf[..1]).unwrap().filled(), 1);

        let ours = client.tcp_info().unwrap();
        let theirs = conn.tcp_info().unwrap();
        std::println!("client {ours:?}\nserver {theirs:?}");
        assert_eq!(ours.state(), TcpState::ESTABLISHED);
        assert_eq!(theirs.state(), TcpState::ESTABLISHED);
        assert!(ours.rtt().is_some_and(|rtt| rtt > Duration::ZERO));
        assert_eq!(ours.bytes_sent(), Some(N as u64));
        // The connecting side's count includes its SYN, acknowledged as
        // one byte of sequence space.
        assert_eq!(ours.bytes_acked(), Some(N as u64 + 1));
        assert_eq!(theirs.bytes_acked(), Some(1), "the answer's byte");
        assert_eq!(theirs.bytes_received(), Some(N as u64));
        assert_eq!(ours.bytes_received(), Some(1));
        assert_eq!(ours.total_retrans(), Some(0));
        assert!(ours.snd_cwnd().is_some_and(|c| c > 0));
    }
}
