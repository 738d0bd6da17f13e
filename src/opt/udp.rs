//! `SOL_UDP` options. Names start with `udp_`; what a user reads about the
//! level is the `impl` block's doc (see `opt/mod.rs`).
//!
//! # References
//! - [udp(7)](https://man7.org/linux/man-pages/man7/udp.7.html)
//
// rustix has no call for UDP_SEGMENT or UDP_GRO: they go through `sys.rs`,
// as plain `int`s.

use linux_raw_sys::net::SOL_UDP;

use crate::{sys, Error, Result, Socket};

// linux-raw-sys 0.12 has neither: include/uapi/linux/udp.h.
/// `UDP_SEGMENT` (Linux 4.18): the GSO segment size.
const UDP_SEGMENT: u32 = 103;
/// `UDP_GRO` (Linux 5.0): receive coalesced datagrams.
const UDP_GRO: u32 = 104;

/// `SOL_UDP` options, named with a `udp_` prefix.
///
/// IPv4 and IPv6 datagram sockets take them. On a kernel without the
/// option each fails with [`Error::NoProtoOpt`]; on another IP socket (TCP)
/// so does a setter, and a getter with [`Error::OpNotSupp`], as each fails
/// on a Unix socket.
///
/// [`Error::NoProtoOpt`]: crate::Error::NoProtoOpt
/// [`Error::OpNotSupp`]: crate::Error::OpNotSupp
impl Socket {
    /// `UDP_GRO` (Linux 5.0): the kernel may hand several datagrams of one
    /// sender, of equal size, to one [`Socket::recvmsg`] as one buffer (the
    /// last one may be shorter), with a control message of level `SOL_UDP`,
    /// type `UDP_GRO` that gives the segment size to split it by. Without it
    /// every datagram is read on its own. Turn it on only where the reader
    /// reads that control message: a plain `recv` cannot tell the datagrams
    /// apart.
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on a kernel before
    /// 5.0 and on a socket of IP that is not UDP;
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// sock.set_udp_gro(true)?;
    /// assert!(sock.udp_gro()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "UDP_GRO")]
    pub fn set_udp_gro(&self, on: bool) -> Result<()> {
        sys::setsockopt(self.fd(), SOL_UDP, UDP_GRO, &i32::from(on))
    }

    /// Reads `UDP_GRO` ([`Socket::set_udp_gro`]). Reading it needs Linux
    /// 5.12 (or a stable kernel it was backported to, from 5.10): older ones
    /// answer [`Error::NoProtoOpt`](crate::Error::NoProtoOpt).
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert!(!sock.udp_gro()?);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "UDP_GRO")]
    pub fn udp_gro(&self) -> Result<bool> {
        Ok(sys::get_exact(self.fd(), SOL_UDP, UDP_GRO, 0i32)? != 0)
    }

    /// `UDP_SEGMENT` (Linux 4.18): generic segmentation offload for every
    /// send on this socket. A buffer longer than `size` bytes is sent as
    /// datagrams of `size` bytes each (the last one may be shorter), cut by
    /// the kernel or the device rather than by a call per datagram; 0 (the
    /// default) turns it off. A send may also set the size for itself, with
    /// a control message.
    ///
    /// A send with segmentation fails with
    /// [`Error::Inval`](crate::Error::Inval) when the buffer makes more
    /// segments than the kernel takes at once (`UDP_MAX_SEGMENTS`) or a
    /// segment does not fit the path MTU, and with `EIO` (an
    /// [`Error::Other`](crate::Error::Other)) when the route's device
    /// cannot compute checksums (no checksum offload), even where
    /// [`Socket::udp_gso_supported`] says yes: a sender falls back to one
    /// datagram per send then.
    ///
    /// # Errors
    /// [`Error::NoProtoOpt`](crate::Error::NoProtoOpt) on a kernel before
    /// 4.18 and on a socket of IP that is not UDP;
    /// [`Error::OpNotSupp`](crate::Error::OpNotSupp) on a Unix socket.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// sock.set_udp_segment(1200)?;
    /// assert_eq!(sock.udp_segment()?, 1200);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "UDP_SEGMENT")]
    pub fn set_udp_segment(&self, size: u16) -> Result<()> {
        sys::setsockopt(self.fd(), SOL_UDP, UDP_SEGMENT, &i32::from(size))
    }

    /// Reads `UDP_SEGMENT` ([`Socket::set_udp_segment`]): 0 when off.
    ///
    /// ```
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let sock = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert_eq!(sock.udp_segment()?, 0);
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "UDP_SEGMENT")]
    pub fn udp_segment(&self) -> Result<u16> {
        let size = sys::get_exact(self.fd(), SOL_UDP, UDP_SEGMENT, 0i32)?;
        // The kernel keeps a u16; anything else is not its answer.
        u16::try_from(size).map_err(|_| Error::NoProtoOpt)
    }

    /// Whether this socket can send with `UDP_SEGMENT`
    /// ([`Socket::set_udp_segment`]): a UDP socket on a kernel that knows
    /// the option (Linux 4.18), found by reading it, as quinn-udp does.
    ///
    /// A yes is the kernel's; the device is another matter. A send with
    /// segmentation through a device without checksum offload still fails
    /// with `EIO` (an [`Error::Other`](crate::Error::Other)), which only a
    /// send can show: a sender falls back to one datagram per send when it
    /// does.
    ///
    /// ```
    /// use baresock::{Domain, Socket, Type};
    /// let udp = Socket::new(Domain::INET, Type::DGRAM, None)?;
    /// let _gso: bool = udp.udp_gso_supported(); // Linux 4.18 and later: true
    /// let tcp = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// assert!(!tcp.udp_gso_supported());
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "UDP_SEGMENT")]
    pub fn udp_gso_supported(&self) -> bool {
        self.udp_segment().is_ok()
    }
}
