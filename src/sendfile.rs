//! sendfile(2): a file's bytes onto a socket, copied by the kernel with no
//! user-space buffer.
//!
//! Its own module because it cannot keep `io.rs`'s promise: sendfile(2)
//! takes no flags, so no `MSG_NOSIGNAL` (see [`Socket::sendfile`]).
//!
//! # References
//! - [sendfile(2)](https://man7.org/linux/man-pages/man2/sendfile.2.html)

use rustix::fd::AsFd;

use crate::{Result, Socket};

impl Socket {
    /// sendfile(2): sends up to `count` bytes of `file` on this connected
    /// socket, copied inside the kernel; returns how many were sent (fewer
    /// at the end of the file, or when a non-blocking socket's buffer
    /// fills; 0 at the end of the file). One call sends at most 2 GiB less
    /// a page, whatever `count` says, so `usize::MAX` means "all it can".
    ///
    /// With `offset` `Some(at)`, reads from byte `at` and leaves the file's
    /// position as it was; with `None`, reads from the file's position and
    /// advances it by what was sent.
    ///
    /// Unlike [`Socket::send`], it cannot carry `MSG_NOSIGNAL`: on a
    /// connection the peer has closed, the kernel raises `SIGPIPE`, which
    /// ends a process that does not ignore it (std's runtime ignores it;
    /// a `no_std` program starts with the default action) before the call
    /// fails with [`Error::Pipe`](crate::Error::Pipe).
    ///
    /// # Errors
    /// [`Error::Inval`](crate::Error::Inval) for an offset past `i64::MAX`
    /// or a `file` the kernel cannot read this way (a directory);
    /// [`Error::BadF`](crate::Error::BadF) for a `file` not open for
    /// reading; [`Error::Again`](crate::Error::Again) on a non-blocking
    /// socket whose buffer is full; [`Error::Pipe`](crate::Error::Pipe) on
    /// a socket not connected or no longer.
    ///
    /// ```
    /// use baresock::{Backlog, Domain, SockAddrIn, Socket, Type};
    /// use rustix::fs::{memfd_create, MemfdFlags};
    /// let server = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// server.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// server.listen(Backlog::DEFAULT)?;
    /// let client = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// client.connect(&server.local_addr()?)?;
    /// let (conn, _) = server.accept()?;
    ///
    /// let file = memfd_create("greeting", MemfdFlags::CLOEXEC)?;
    /// rustix::io::write(&file, b"hello, world")?;
    /// assert_eq!(client.sendfile(&file, Some(7), 5)?, 5);
    /// let mut buf = [0; 16];
    /// let got = conn.recv(&mut buf)?.filled();
    /// assert_eq!(&buf[..got], b"world");
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "sendfile64")]
    #[inline]
    pub fn sendfile(&self, file: impl AsFd, offset: Option<u64>, count: usize) -> Result<usize> {
        let mut offset = offset;
        // The kernel refuses a count whose end overflows the offset type
        // (EINVAL) and sends at most MAX_RW_COUNT (2 GiB less a page) a
        // call: "all it can" is capped to that rather than refused.
        let count = count.min(i32::MAX as usize);
        Ok(rustix::fs::sendfile(self, file, offset.as_mut(), count)?)
    }
}
