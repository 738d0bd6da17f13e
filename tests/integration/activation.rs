//! Socket activation's kernel step, in a forked child that plays the
//! activated service: the parent's sockets are moved to descriptors 3, 4, ...
//! in the child, which builds its own `LISTEN_*` entries (its pid is only
//! known there) and calls `activation::listen_fds`, as a `no_std` program
//! would with its `envp`. The child allocates nothing and cannot panic (it
//! was forked from a threaded test harness): each check that fails exits
//! with its own status, which the parent asserts is 0, waiting 10 s at most.
//! `.ci/activation.sh` does the same against the real systemd-socket-activate.
use crate::common;

use core::fmt::Write as _;
use std::time::{Duration, Instant};

use baresock::activation::{self, ActivationError, Listener};
use baresock::{Backlog, Domain, Error, SockAddr, Socket, Type};
use common::{V4_ANY_PORT, V6_ANY_PORT};
use rustix::fd::{AsRawFd, BorrowedFd, RawFd};

/// Runs `child` in a forked process with `fds` at descriptors 3, 4, ...
/// (`None`: that number closed) and returns its exit status.
fn in_child(fds: &[Option<RawFd>], child: impl FnOnce() -> i32) -> i32 {
    // SAFETY: the child only makes system calls and touches memory it
    // inherited (no allocation, no lock), then `_exit`s.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        // SAFETY: plain descriptor calls on this child's own table; the
        // parent's descriptors are unaffected.
        unsafe {
            // First out of the way (above 100, close-on-exec), so that
            // placing one at 3 cannot overwrite another not yet placed.
            let mut high = [-1; 8];
            for (slot, fd) in high.iter_mut().zip(fds) {
                if let Some(fd) = fd {
                    *slot = libc::fcntl(*fd, libc::F_DUPFD_CLOEXEC, 100);
                }
            }
            for (i, fd) in high.iter().take(fds.len()).enumerate() {
                let at = 3 + i as RawFd;
                if *fd >= 0 {
                    libc::dup2(*fd, at); // dup2 clears close-on-exec on `at`
                } else {
                    libc::close(at);
                }
            }
            libc::_exit(child());
        }
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut status = 0;
    loop {
        // SAFETY: waits for our own child; `status` is a valid out-pointer.
        let done = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if done == pid {
            break;
        }
        if Instant::now() > deadline {
            // SAFETY: our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("the child did not finish in 10 s");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(libc::WIFEXITED(status), "the child died: status {status}");
    libc::WEXITSTATUS(status)
}

/// `LISTEN_PID=<pid>` for the calling process, in a stack buffer.
fn own_pid_entry() -> heapless::String<32> {
    let mut entry = heapless::String::new();
    let _ = write!(
        entry,
        "LISTEN_PID={}",
        rustix::process::getpid().as_raw_pid()
    );
    entry
}

/// fcntl(F_GETFD) on a descriptor number: `Some(close-on-exec)` if open.
fn cloexec(fd: RawFd) -> Option<bool> {
    // SAFETY: borrowed for one F_GETFD, which changes nothing.
    let fd = unsafe { BorrowedFd::borrow_raw(fd) };
    let flags = rustix::io::fcntl_getfd(fd).ok()?;
    Some(flags.contains(rustix::io::FdFlags::CLOEXEC))
}

fn describes(l: &Listener<'_>, fd: RawFd, name: &[u8], ty: Type, domain: Domain) -> bool {
    l.fd() == fd && l.name() == name && l.socket_type() == ty && l.domain() == domain
}

#[test]
fn stream_datagram_and_unix_sockets_are_taken_with_names_and_cloexec() {
    let tcp = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    tcp.bind(&V4_ANY_PORT).unwrap();
    tcp.listen(Backlog::DEFAULT).unwrap();
    let tcp_addr = tcp.local_addr().unwrap();
    let udp = Socket::new(Domain::INET6, Type::DGRAM, None).unwrap();
    udp.bind(&V6_ANY_PORT).unwrap();
    let udp_addr = udp.local_addr().unwrap();
    let unix = Socket::new(Domain::UNIX, Type::STREAM, None).unwrap();
    let fds = [
        Some(tcp.as_raw_fd()),
        Some(udp.as_raw_fd()),
        Some(unix.as_raw_fd()),
    ];

    let status = in_child(&fds, || {
        let pid = own_pid_entry();
        let env = [
            pid.as_bytes(),
            b"LISTEN_FDS=3",
            b"LISTEN_FDNAMES=web:dns:peer",
        ];
        // SAFETY: this child placed fds 3..6 itself and nothing else owns them.
        let Ok(listeners) = (unsafe { activation::listen_fds(env) }) else {
            return 10;
        };
        let [web, dns, peer] = listeners.as_slice() else {
            return 11;
        };
        if !describes(web, 3, b"web", Type::STREAM, Domain::INET)
            || !web.is_listener()
            || web.local_addr() != tcp_addr
        {
            return 12;
        }
        if !describes(dns, 4, b"dns", Type::DGRAM, Domain::INET6)
            || dns.is_listener()
            || dns.local_addr() != udp_addr
        {
            return 13;
        }
        if !describes(peer, 5, b"peer", Type::STREAM, Domain::UNIX)
            || peer.is_listener()
            || !matches!(peer.local_addr(), SockAddr::Unix(_))
        {
            return 14;
        }
        if [3, 4, 5].map(cloexec) != [Some(true); 3] {
            return 15;
        }
        drop(listeners); // owned: dropping closes them
        if [3, 4, 5].map(cloexec) != [None; 3] {
            return 16;
        }
        0
    });
    assert_eq!(status, 0, "check {status} failed in the child");
}

#[test]
fn a_non_socket_is_an_error_and_nothing_is_closed_or_changed() {
    let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    let (pipe_r, _pipe_w) = rustix::pipe::pipe().unwrap();
    let fds = [Some(sock.as_raw_fd()), Some(pipe_r.as_raw_fd())];

    let status = in_child(&fds, || {
        let pid = own_pid_entry();
        let env = [pid.as_bytes(), b"LISTEN_FDS=2"];
        // SAFETY: as above.
        let got = unsafe { activation::listen_fds(env) };
        if got.err() != Some(ActivationError::NotSocket { fd: 4 }) {
            return 20;
        }
        // All or nothing: the socket before the pipe is open, unmarked.
        if [3, 4].map(cloexec) != [Some(false), Some(false)] {
            return 21;
        }
        0
    });
    assert_eq!(status, 0, "check {status} failed in the child");
}

#[test]
fn a_descriptor_that_is_not_open_is_ebadf() {
    let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    let status = in_child(&[Some(sock.as_raw_fd()), None], || {
        let pid = own_pid_entry();
        let env = [pid.as_bytes(), b"LISTEN_FDS=2"];
        // SAFETY: as above (fd 4 is closed: the kernel says EBADF).
        let got = unsafe { activation::listen_fds(env) };
        let bad = ActivationError::Kernel {
            fd: 4,
            error: Error::BadF,
        };
        if got.err() != Some(bad) || cloexec(3) != Some(false) {
            return 30;
        }
        0
    });
    assert_eq!(status, 0, "check {status} failed in the child");
}

#[test]
fn another_process_s_descriptors_are_left_alone() {
    let sock = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
    // The parent's pid, inherited by the child: not the child's own.
    let mut parent = heapless::String::<32>::new();
    let _ = write!(parent, "LISTEN_PID={}", std::process::id());
    let status = in_child(&[Some(sock.as_raw_fd())], || {
        let env = [parent.as_bytes(), b"LISTEN_FDS=1"];
        // SAFETY: nothing is taken (the pid is not ours).
        let got = unsafe { activation::listen_fds(env) };
        if !got.is_ok_and(|l| l.is_empty()) || cloexec(3) != Some(false) {
            return 40;
        }
        0
    });
    assert_eq!(status, 0, "check {status} failed in the child");
}
