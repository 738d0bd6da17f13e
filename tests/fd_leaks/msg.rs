//! sendmsg/recvmsg against the real kernel: fds passed with SCM_RIGHTS and
//! owned on arrival, a control buffer too small (MSG_CTRUNC) leaking
//! nothing, SCM_CREDENTIALS and SO_PEERCRED against getpid/getuid/getgid,
//! and the failure paths.
//!
//! Every test runs inside `no_leak` (which holds `fd_lock()`): the
//! /proc/self/fd count after each test is the count before it.

use crate::common;

use baresock::{
    space_for_fds, space_for_fds_and_credentials, Backlog, ControlBuffer, ControlMessage,
    Credentials, Domain, Error, IoSlice, IoSliceMut, RecvFlags, RecvMsg, SendControl, SendFlags,
    SockAddr, SockAddrUn, Socket, Type, SPACE_FOR_CREDENTIALS, SPACE_FOR_PIDFD,
};
use common::*;
use rustix::fd::{AsFd, AsRawFd, OwnedFd};
use rustix::io::{fcntl_getfd, FdFlags};

/// How many fds the kernel fits into `space` bytes of control buffer: it
/// fills the space after one header with whole fds (so a buffer "for one"
/// holds two on 64-bit targets, where one fd is padded to 8 bytes).
fn fds_that_fit(space: usize) -> usize {
    let header = std::mem::size_of::<usize>() + 8;
    (space - header) / 4
}

/// recvmsg into `buf` and `control`, with no flags.
fn recvmsg<'c, const N: usize>(
    sock: &Socket,
    buf: &mut [u8],
    control: &'c mut ControlBuffer<N>,
) -> RecvMsg<'c> {
    let bufs = &mut [IoSliceMut::new(buf)];
    sock.recvmsg(bufs, control, RecvFlags::DEFAULT).unwrap()
}

/// Sends `data` with `fds` over `sock` in one sendmsg.
fn send_fds(sock: &Socket, data: &[u8], fds: &[rustix::fd::BorrowedFd<'_>]) {
    let mut space = ControlBuffer::<{ space_for_fds(8) }>::new();
    let mut control = SendControl::new(&mut space);
    control.push_fds(fds).unwrap();
    let sent = sock.sendmsg(&[IoSlice::new(data)], &mut control, SendFlags::DEFAULT);
    assert_eq!(sent, Ok(data.len()));
}

#[test]
fn scm_rights_passes_a_pipes_write_end_that_works_at_the_other_end() {
    no_leak(|| {
        for ty in [Type::STREAM, Type::DGRAM] {
            let (a, b) = unix_pair(ty);
            let (read_end, write_end) = rustix::pipe::pipe().unwrap();
            send_fds(&a, b"here", &[write_end.as_fd()]);
            drop(write_end); // only the passed copy is left

            let mut buf = [0; 8];
            let mut control = ControlBuffer::<{ space_for_fds(1) }>::new();
            let mut msg = recvmsg(&b, &mut buf, &mut control);
            assert_eq!(msg.received.filled(), 4);
            assert!(!msg.control_truncated);
            assert_eq!(msg.received.truncated(), Some(false));
            assert_eq!(msg.peer, SockAddr::Unix(SockAddrUn::UNNAMED));
            assert_eq!(msg.fds().len(), 1);
            let passed: OwnedFd = msg.fds().next().expect("the write end");
            assert_eq!(msg.fds().next().map(|fd| fd.as_raw_fd()), None);
            // MSG_CMSG_CLOEXEC: a received fd does not leak into exec'd children.
            assert!(fcntl_getfd(&passed).unwrap().contains(FdFlags::CLOEXEC));
            assert_eq!(&buf[..4], b"here");

            assert_eq!(rustix::io::write(&passed, b"through the passed fd"), Ok(21));
            drop(passed); // the last write end: the reader sees end of file next
            let mut got = [0; 32];
            let n = rustix::io::read(&read_end, &mut got).unwrap();
            assert_eq!(&got[..n], b"through the passed fd");
            assert_eq!(rustix::io::read(&read_end, &mut got), Ok(0));
        }
    });
}

#[test]
fn three_fds_into_a_buffer_sized_for_one_is_control_truncated_and_leaks_nothing() {
    if emulated() {
        // qemu-user (7.2) hands the host kernel twice the guest's control
        // space, then overwrites the MSG_CTRUNC it sets for the guest with
        // the host's msg_flags, and never gives the guest the fds that did
        // not fit its space (they stay open: qemu leaks them). The native
        // runs (x86_64, i686 on x86_64) test this.
        eprintln!("skipped under an emulator: qemu-user loses MSG_CTRUNC and leaks the fds past the guest's space");
        return;
    }
    no_leak(|| {
        let (a, b) = unix_pair(Type::STREAM);
        let (r, w) = rustix::pipe::pipe().unwrap();
        let extra = rustix::io::dup(&w).unwrap();
        let before = open_fds();
        send_fds(&a, b"3", &[r.as_fd(), w.as_fd(), extra.as_fd()]);

        let mut buf = [0; 1];
        let mut control = ControlBuffer::<{ space_for_fds(1) }>::new();
        let mut msg = recvmsg(&b, &mut buf, &mut control);
        assert!(msg.control_truncated, "MSG_CTRUNC");
        let fit = fds_that_fit(space_for_fds(1));
        assert!((1..3).contains(&fit));
        // The fds that fit are installed, owned, and counted; the kernel
        // closed the others.
        assert_eq!(msg.fds().len(), fit);
        assert_eq!(open_fds(), before + fit);
        let first = msg.fds().next().unwrap();
        assert_eq!(open_fds(), before + fit);
        drop(first);
        drop(msg); // closes the ones not taken
        assert_eq!(open_fds(), before);
    });
}

#[test]
fn fds_never_taken_are_closed_when_the_message_drops() {
    no_leak(|| {
        let (a, b) = unix_pair(Type::DGRAM);
        let (r, w) = rustix::pipe::pipe().unwrap();
        let before = open_fds();
        send_fds(&a, b"2", &[r.as_fd(), w.as_fd(), r.as_fd(), w.as_fd()]);
        let mut buf = [0; 1];
        let mut control = ControlBuffer::<{ space_for_fds(4) }>::new();
        let msg = recvmsg(&b, &mut buf, &mut control);
        assert!(!msg.control_truncated);
        assert_eq!(open_fds(), before + 4);
        let numbers: Vec<i32> = msg
            .control_messages()
            .flat_map(|m| match m {
                ControlMessage::Rights(fds) => fds.collect(),
                _ => Vec::new(),
            })
            .collect();
        assert_eq!(numbers.len(), 4, "four new fds, even for the same files");
        drop(msg);
        assert_eq!(open_fds(), before);
    });
}

#[test]
fn no_room_for_fds_means_the_kernel_closes_them() {
    no_leak(|| {
        let (a, b) = unix_pair(Type::DGRAM);
        let (r, w) = rustix::pipe::pipe().unwrap();
        let before = open_fds();
        let mut buf = [0; 1];
        // A control buffer of no bytes at all.
        send_fds(&a, b"0", &[r.as_fd(), w.as_fd()]);
        let mut empty = ControlBuffer::<0>::new();
        let mut msg = recvmsg(&b, &mut buf, &mut empty);
        assert!(msg.control_truncated);
        assert_eq!(msg.fds().count(), 0);
        assert_eq!(open_fds(), before);
        // Vectored receives have no control buffer.
        send_fds(&a, b"v", &[r.as_fd()]);
        let r_ = b.recv_vectored(&mut [IoSliceMut::new(&mut buf)]).unwrap();
        assert_eq!(r_.filled(), 1);
        // Nor do plain receives.
        send_fds(&a, b"p", &[w.as_fd()]);
        assert_eq!(b.recv(&mut buf).map(|r| r.filled()), Ok(1));
        assert_eq!(open_fds(), before);
    });
}

#[test]
fn a_control_buffer_is_reused_without_stale_messages() {
    no_leak(|| {
        let (a, b) = unix_pair(Type::DGRAM);
        let (r, _w) = rustix::pipe::pipe().unwrap();
        let before = open_fds();
        let mut control = ControlBuffer::<{ space_for_fds(2) }>::new();
        let mut buf = [0; 1];
        send_fds(&a, b"1", &[r.as_fd(), r.as_fd()]);
        {
            let mut msg = recvmsg(&b, &mut buf, &mut control);
            assert_eq!(msg.fds().count(), 2);
        }
        // The next message has none: the old fd numbers must not come back.
        a.send(b"2").unwrap();
        let mut msg = recvmsg(&b, &mut buf, &mut control);
        assert_eq!(msg.fds().count(), 0);
        assert_eq!(msg.control_messages().count(), 0);
        assert_eq!(open_fds(), before);
    });
}

#[test]
fn scm_credentials_with_passcred_match_getpid_getuid_getgid() {
    no_leak(|| {
        let me = Credentials {
            pid: rustix::process::getpid().as_raw_nonzero().get(),
            uid: rustix::process::getuid().as_raw(),
            gid: rustix::process::getgid().as_raw(),
        };
        assert_eq!(Credentials::current(), me);
        for ty in [Type::DGRAM, Type::STREAM] {
            let (a, b) = unix_pair(ty);
            assert_eq!(b.passcred(), Ok(false));
            b.set_passcred(true).unwrap();
            assert_eq!(b.passcred(), Ok(true));
            let mut buf = [0; 8];
            let mut control = ControlBuffer::<SPACE_FOR_CREDENTIALS>::new();

            // SO_PASSCRED: the kernel attaches them to a plain send.
            a.send(b"plain").unwrap();
            let msg = recvmsg(&b, &mut buf, &mut control);
            assert_eq!(msg.credentials(), Some(me), "{ty:?}");
            assert!(!msg.control_truncated);
            drop(msg);

            // Sent explicitly, they arrive as sent.
            let mut space = ControlBuffer::<SPACE_FOR_CREDENTIALS>::new();
            let mut out = SendControl::new(&mut space);
            out.push_credentials(me).unwrap();
            a.sendmsg(&[IoSlice::new(b"signed")], &mut out, SendFlags::DEFAULT)
                .unwrap();
            let msg = recvmsg(&b, &mut buf, &mut control);
            assert_eq!(msg.credentials(), Some(me));
            assert_eq!(msg.received.filled(), 6);
            drop(msg);

            // Without SO_PASSCRED there are none.
            b.set_passcred(false).unwrap();
            a.send(b"quiet").unwrap();
            let msg = recvmsg(&b, &mut buf, &mut control);
            assert_eq!(msg.credentials(), None);
        }
    });
}

#[test]
fn fds_and_credentials_in_one_message() {
    no_leak(|| {
        let (a, b) = unix_pair(Type::DGRAM);
        b.set_passcred(true).unwrap();
        let (r, w) = rustix::pipe::pipe().unwrap();
        let before = open_fds();
        let fds = [r.as_fd(), w.as_fd()];
        let mut space = ControlBuffer::<{ space_for_fds(2) + SPACE_FOR_CREDENTIALS }>::new();
        let mut out = SendControl::new(&mut space);
        out.push_fds(&fds).unwrap();
        out.push_credentials(Credentials::current()).unwrap();
        assert_eq!(out.push_fds(&fds), Err(Error::NoBufs), "the space is exact");
        a.sendmsg(&[IoSlice::new(b"both")], &mut out, SendFlags::DEFAULT)
            .unwrap();

        let mut buf = [0; 4];
        let mut control = ControlBuffer::<{ space_for_fds(2) + SPACE_FOR_CREDENTIALS }>::new();
        let mut msg = recvmsg(&b, &mut buf, &mut control);
        assert!(!msg.control_truncated);
        assert_eq!(msg.credentials(), Some(Credentials::current()));
        assert_eq!(msg.control_messages().count(), 2);
        let passed: Vec<OwnedFd> = msg.fds().collect();
        assert_eq!(passed.len(), 2);
        drop(msg);
        assert_eq!(open_fds(), before + 2);
        // The passed read end reads what the original write end writes.
        rustix::io::write(&w, b"ok").unwrap();
        let mut got = [0; 2];
        assert_eq!(rustix::io::read(&passed[0], &mut got), Ok(2));
        assert_eq!(&got, b"ok");
        drop(passed);
        assert_eq!(open_fds(), before);
    });
}

#[test]
fn peer_credentials_of_pairs_and_connections_match_this_process() {
    no_leak(|| {
        let me = Credentials::current();
        for ty in [Type::STREAM, Type::DGRAM] {
            let (a, b) = Socket::pair(Domain::UNIX, ty, None).unwrap();
            assert_eq!(a.peer_credentials(), Ok(me), "{ty:?}");
            assert_eq!(b.peer_credentials(), Ok(me), "{ty:?}");
        }
        let name =
            SockAddrUn::new_abstract(format!("baresock-msg-{}", std::process::id()).as_bytes())
                .unwrap();
        let server = bounded(Socket::new(Domain::UNIX, Type::STREAM, None).unwrap());
        server.bind(&name).unwrap();
        server.listen(Backlog::DEFAULT).unwrap();
        let client = Socket::new(Domain::UNIX, Type::STREAM, None).unwrap();
        client.connect(&name).unwrap();
        let (conn, _) = server.accept().unwrap();
        assert_eq!(conn.peer_credentials(), Ok(me));
        assert_eq!(client.peer_credentials(), Ok(me));
        // unix(7): a listener's are those of the process that called
        // listen(2), this one.
        assert_eq!(server.peer_credentials(), Ok(me));
    });
}

#[test]
fn peer_credentials_where_the_kernel_has_none_is_an_error() {
    no_leak(|| {
        let unconnected = Socket::new(Domain::UNIX, Type::STREAM, None).unwrap();
        assert_eq!(unconnected.peer_credentials(), Err(Error::NotConn));
        let (tcp, _conn) = tcp_pair(Domain::INET);
        assert_eq!(tcp.peer_credentials(), Err(Error::OpNotSupp));
        assert_eq!(udp(Domain::INET6).peer_credentials(), Err(Error::OpNotSupp));
        // A datagram socket joined by connect(2): the kernel keeps none.
        let name = SockAddrUn::new_abstract(
            format!("baresock-msg-dgram-{}", std::process::id()).as_bytes(),
        )
        .unwrap();
        let bound = Socket::new(Domain::UNIX, Type::DGRAM, None).unwrap();
        bound.bind(&name).unwrap();
        let joined = Socket::new(Domain::UNIX, Type::DGRAM, None).unwrap();
        joined.connect(&name).unwrap();
        assert_eq!(joined.peer_credentials(), Err(Error::OpNotSupp));
        assert_eq!(bound.peer_credentials(), Err(Error::NotConn));
    });
}

#[test]
fn recvmsg_names_the_sender_and_reports_a_cut_datagram() {
    no_leak(|| {
        for domain in [Domain::INET, Domain::INET6] {
            let server = udp(domain);
            let client = udp(domain);
            let to = server.local_addr().unwrap();
            let mut none = SendControl::default();
            let parts = [IoSlice::new(b"0123"), IoSlice::new(b"456789")];
            assert_eq!(
                client.sendmsg_to(&parts, &mut none, &to, SendFlags::DEFAULT),
                Ok(10)
            );
            let mut buf = [0; 4];
            let mut control = ControlBuffer::<{ space_for_fds(1) }>::new();
            // MSG_TRUNC is not passed on: the cut is reported through msg_flags.
            let flags = RecvFlags::DEFAULT.trunc();
            let msg = server
                .recvmsg(&mut [IoSliceMut::new(&mut buf)], &mut control, flags)
                .unwrap();
            assert_eq!(msg.peer, client.local_addr().unwrap());
            let r = msg.received;
            // recvmsg tells the cut from msg_flags; the whole length it cannot.
            assert_eq!(
                (r.filled(), r.message_len(), r.truncated()),
                (4, None, Some(true))
            );
            assert_eq!(&buf, b"0123");
        }
        // Connected: sendmsg without an address, MSG_DONTWAIT on an empty queue.
        let (a, b) = unix_pair(Type::DGRAM);
        let mut buf = [0; 4];
        let mut control = ControlBuffer::<0>::new();
        let now = RecvFlags::DEFAULT.dont_wait();
        let empty = b.recvmsg(&mut [IoSliceMut::new(&mut buf)], &mut control, now);
        assert_eq!(empty.err(), Some(Error::Again));
        let mut none = SendControl::default();
        assert_eq!(
            a.sendmsg(&[IoSlice::new(b"abc")], &mut none, SendFlags::DEFAULT),
            Ok(3)
        );
        let msg = b
            .recvmsg(&mut [IoSliceMut::new(&mut buf)], &mut control, now)
            .unwrap();
        assert_eq!(
            (msg.received.filled(), msg.received.truncated()),
            (3, Some(false))
        );
    });
}

#[test]
fn sendmsg_failures_name_their_errno() {
    no_leak(|| {
        let (a, _b) = unix_pair(Type::DGRAM);
        let (r, _w) = rustix::pipe::pipe().unwrap();
        // More than SCM_MAX_FD (253) fds in one message.
        let many = vec![r.as_fd(); 254];
        let mut space = ControlBuffer::<{ space_for_fds(254) }>::new();
        let mut out = SendControl::new(&mut space);
        out.push_fds(&many).unwrap();
        let sent = a.sendmsg(&[IoSlice::new(b"x")], &mut out, SendFlags::DEFAULT);
        assert_eq!(sent, Err(Error::Inval));

        // Credentials of a process that does not exist (pid_max is below
        // i32::MAX): ESRCH with the privilege to name any, EPERM without.
        let mut space = ControlBuffer::<SPACE_FOR_CREDENTIALS>::new();
        let mut out = SendControl::new(&mut space);
        let ghost = Credentials {
            pid: i32::MAX,
            ..Credentials::current()
        };
        out.push_credentials(ghost).unwrap();
        let sent = a.sendmsg(&[IoSlice::new(b"x")], &mut out, SendFlags::DEFAULT);
        let expected = if rustix::process::geteuid().is_root() {
            Error::Srch
        } else {
            Error::Perm
        };
        assert_eq!(sent, Err(expected));

        // Pid 0 cannot be sent at all; a full buffer takes no more.
        let mut space = ControlBuffer::<SPACE_FOR_CREDENTIALS>::new();
        let mut out = SendControl::new(&mut space);
        let zero = Credentials {
            pid: 0,
            ..Credentials::current()
        };
        assert_eq!(out.push_credentials(zero), Err(Error::Inval));
        out.push_credentials(Credentials::current()).unwrap();
        assert_eq!(
            out.push_credentials(Credentials::current()),
            Err(Error::NoBufs)
        );
        let fds = [r.as_fd()];
        assert_eq!(out.push_fds(&fds), Err(Error::NoBufs));
    });
}

#[test]
fn message_calls_on_a_file_that_is_not_a_socket_are_not_sock() {
    no_leak(|| {
        let (read_end, write_end) = rustix::pipe::pipe().unwrap();
        let not_socket = Socket::from(read_end);
        let mut buf = [0; 1];
        let mut control = ControlBuffer::<{ space_for_fds(1) }>::new();
        let got = not_socket.recvmsg(
            &mut [IoSliceMut::new(&mut buf)],
            &mut control,
            RecvFlags::DEFAULT,
        );
        assert_eq!(got.err(), Some(Error::NotSock));
        let mut none = SendControl::default();
        let sent = not_socket.sendmsg(&[IoSlice::new(b"x")], &mut none, SendFlags::DEFAULT);
        assert_eq!(sent, Err(Error::NotSock));
        let to = udp(Domain::INET).local_addr().unwrap();
        let sent = not_socket.sendmsg_to(&[IoSlice::new(b"x")], &mut none, &to, SendFlags::DEFAULT);
        assert_eq!(sent, Err(Error::NotSock));
        assert_eq!(not_socket.set_passcred(true), Err(Error::NotSock));
        assert_eq!(not_socket.passcred(), Err(Error::NotSock));
        assert_eq!(not_socket.peer_credentials(), Err(Error::NotSock));
        drop(write_end);
    });
}

/// The pid `/proc/self/fdinfo` gives for a pidfd (its `Pid:` line).
fn pidfd_pid(fd: &OwnedFd) -> i32 {
    let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{}", fd.as_raw_fd())).unwrap();
    let line = info.lines().find(|l| l.starts_with("Pid:")).unwrap();
    line["Pid:".len()..].trim().parse().unwrap()
}

#[test]
fn every_pidfd_received_is_owned_and_closed() {
    no_leak(|| {
        let (a, b) = unix_pair(Type::DGRAM);
        if b.set_passpidfd(true) == Err(Error::NoProtoOpt) {
            eprintln!("SO_PASSPIDFD needs Linux 6.5: not tested on this kernel");
            return;
        }
        assert_eq!(b.passpidfd(), Ok(true));
        let baseline = open_fds();
        // Ten messages whose pidfds are never taken: each is closed with its
        // RecvMsg (the kernel installs one per recvmsg).
        for _ in 0..10 {
            a.send(b"x").unwrap();
            let mut buf = [0; 1];
            let mut control = ControlBuffer::<SPACE_FOR_PIDFD>::new();
            let msg = recvmsg(&b, &mut buf, &mut control);
            assert!(!msg.control_truncated);
            assert!(matches!(
                msg.control_messages().next(),
                Some(ControlMessage::PidFd(fd)) if fd >= 0
            ));
        }
        let after_ten = open_fds();
        eprintln!("open fds: {baseline} before, {after_ten} after 10 recvmsg with SCM_PIDFD");
        assert_eq!(after_ten, baseline, "a pidfd leaked");
        // One taken: an owned pidfd of the sender (this process), CLOEXEC.
        a.send(b"y").unwrap();
        let mut buf = [0; 1];
        let mut control = ControlBuffer::<SPACE_FOR_PIDFD>::new();
        let mut msg = recvmsg(&b, &mut buf, &mut control);
        let pidfd = msg.take_pidfd().expect("an SCM_PIDFD");
        assert!(msg.take_pidfd().is_none());
        drop(msg);
        assert_eq!(pidfd_pid(&pidfd), std::process::id() as i32);
        assert!(fcntl_getfd(&pidfd).unwrap().contains(FdFlags::CLOEXEC));
        assert_eq!(open_fds(), baseline + 1, "the taken pidfd is the one open");
        drop(pidfd);
        // With fds and credentials too, all in one buffer: every fd owned.
        b.set_passcred(true).unwrap();
        let (r, w) = rustix::pipe::pipe().unwrap();
        send_fds(&a, b"z", &[r.as_fd(), w.as_fd()]);
        let mut control =
            ControlBuffer::<{ space_for_fds_and_credentials(2) + SPACE_FOR_PIDFD }>::new();
        let mut msg = recvmsg(&b, &mut buf, &mut control);
        assert!(!msg.control_truncated);
        assert_eq!(msg.credentials(), Some(Credentials::current()));
        assert_eq!(msg.fds().len(), 2);
        assert!(msg.take_pidfd().is_some());
    });
}

/// With `SO_PASSCRED` on, the kernel writes the credentials before the
/// fds: a buffer sized for the fds alone loses all of them (the kernel
/// closes them), and `space_for_fds_and_credentials` keeps them.
#[test]
fn passcred_takes_the_room_of_fds_sized_without_it() {
    no_leak(|| {
        let (a, b) = unix_pair(Type::STREAM);
        b.set_passcred(true).unwrap();
        let (r, _w) = rustix::pipe::pipe().unwrap();
        let baseline = open_fds();

        send_fds(&a, b"1", &[r.as_fd()]);
        let mut buf = [0; 1];
        let mut small = ControlBuffer::<{ space_for_fds(1) }>::new();
        let mut msg = recvmsg(&b, &mut buf, &mut small);
        assert!(msg.control_truncated, "the trap: MSG_CTRUNC");
        assert_eq!(msg.fds().len(), 0, "every fd lost");
        assert_eq!(msg.credentials(), None, "the credentials were cut too");
        drop(msg);
        assert_eq!(open_fds(), baseline, "the kernel closed the lost fd");

        send_fds(&a, b"2", &[r.as_fd()]);
        let mut enough = ControlBuffer::<{ space_for_fds_and_credentials(1) }>::new();
        let mut msg = recvmsg(&b, &mut buf, &mut enough);
        assert!(!msg.control_truncated);
        assert_eq!(msg.credentials(), Some(Credentials::current()));
        assert_eq!(msg.fds().len(), 1);
    });
}

#[test]
fn credentials_with_a_pid_of_zero_or_less_are_refused_before_the_kernel() {
    no_leak(|| {
        let me = Credentials::current();
        let mut space = ControlBuffer::<SPACE_FOR_CREDENTIALS>::new();
        let mut control = SendControl::new(&mut space);
        for pid in [0, -1, i32::MIN] {
            let creds = Credentials { pid, ..me };
            assert_eq!(control.push_credentials(creds), Err(Error::Inval), "{pid}");
        }
        // Nothing was added: the buffer still has room for the real ones.
        assert_eq!(control.push_credentials(me), Ok(()));
    });
}
