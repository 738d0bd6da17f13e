//! `SO_PEERCRED` across pid namespaces, against the real kernel: a peer the
//! reader cannot see in its pid namespace is reported with pid 0, which
//! `peer_credentials` must return as an answer (rustix's `UCred` cannot hold
//! it). Both directions, each with one end in a new pid namespace made by
//! `unshare --pid --fork` (util-linux; needs root or a user namespace):
//!
//! - the client inside, the server outside (a container asking a daemon);
//! - the server inside, the client outside (a server under `PrivatePIDs=`).
//!
//! Each side checks `peer_credentials` against the same option read by libc
//! on the same fd, an independent reader; the side outside also checks that
//! the pid it got is the one the inside sees as 1 (`NSpid` in /proc).
//!
//! The inside end is this test binary again (under the same emulator, in
//! `.ci/cross.sh`), run by `unshare` with the ignored test
//! `pid_namespace::inside_the_namespace` selected. Where `unshare` cannot make
//! a namespace, the tests say so and pass, unless `BARESOCK_REQUIRE_PIDNS`
//! is set (CI sets it).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use baresock::{Backlog, Credentials, Domain, SockAddrUn, Socket, Type};
use rustix::fd::AsRawFd;

const ROLE: &str = "BARESOCK_PIDNS_ROLE";
const NAME: &str = "BARESOCK_PIDNS_NAME";
/// Every blocking call's bound: a failed end cannot hang the other.
const TIMEOUT: Duration = Duration::from_secs(10);

/// A Unix stream socket whose accept, connect and I/O give up after
/// `TIMEOUT`.
fn bounded_unix() -> Socket {
    let sock = Socket::new(Domain::UNIX, Type::STREAM, None).unwrap();
    sock.set_read_timeout(Some(TIMEOUT)).unwrap();
    sock.set_write_timeout(Some(TIMEOUT)).unwrap();
    sock
}

/// A line to the other end, now: a piped stdout is not flushed per line
/// while the test harness runs.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").unwrap();
    out.flush().unwrap();
}

/// `SO_PEERCRED` as libc reads it: (pid, uid, gid).
fn libc_peercred(sock: &Socket) -> (i32, u32, u32) {
    let mut cred = libc::ucred {
        pid: -1,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: `cred` and `len` are live and sized as getsockopt(2) expects.
    let ret = unsafe {
        libc::getsockopt(
            sock.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    assert_eq!(ret, 0, "libc getsockopt(SO_PEERCRED)");
    assert_eq!(len as usize, std::mem::size_of::<libc::ucred>());
    (cred.pid, cred.uid, cred.gid)
}

/// `peer_credentials`, checked against libc's reading; printed.
fn peer(sock: &Socket, who: &str) -> Credentials {
    let ours = sock.peer_credentials().expect("peer_credentials");
    let theirs = libc_peercred(sock);
    say(&format!(
        "{who}: peer_credentials pid {} uid {} gid {}; libc SO_PEERCRED pid {} uid {} gid {}",
        ours.pid, ours.uid, ours.gid, theirs.0, theirs.1, theirs.2
    ));
    assert_eq!((ours.pid, ours.uid, ours.gid), theirs, "{who}");
    ours
}

/// The abstract name of one test's socket, and its text for the inside.
fn name(direction: &str) -> (SockAddrUn, String) {
    let text = format!("baresock-pidns-{}-{direction}", std::process::id());
    (SockAddrUn::new_abstract(text.as_bytes()).unwrap(), text)
}

/// The pid of `pid` (in this namespace) as its own namespace sees it: the
/// last field of `NSpid` in /proc/PID/status.
fn innermost_pid(pid: i32) -> i32 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("NSpid:")).unwrap();
    line.split_whitespace().last().unwrap().parse().unwrap()
}

/// Whether this machine lets us make a pid namespace; if not, and CI does
/// not require it, the reason to print.
fn pid_namespaces() -> Result<(), String> {
    let probe = Command::new("unshare")
        .args(["--pid", "--fork", "true"])
        .stderr(Stdio::piped())
        .output();
    let why = match probe {
        Ok(out) if out.status.success() => return Ok(()),
        Ok(out) => String::from_utf8_lossy(&out.stderr).into_owned(),
        Err(e) => format!("unshare: {e}"),
    };
    assert!(
        std::env::var_os("BARESOCK_REQUIRE_PIDNS").is_none(),
        "BARESOCK_REQUIRE_PIDNS is set, but no pid namespace can be made: {why}"
    );
    Err(why)
}

/// This test binary, inside a new pid namespace, in `role`.
fn inside(role: &str, name: &str) -> Command {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = Command::new("unshare");
    cmd.args(["--pid", "--fork", "--kill-child"]);
    // Under qemu-user (.ci/cross.sh) the emulator runs the binary inside.
    if let Some(runner) = std::env::var_os("BARESOCK_TEST_RUNNER").filter(|r| !r.is_empty()) {
        cmd.arg(runner);
    }
    cmd.arg(exe)
        .args([
            "--exact",
            "pid_namespace::inside_the_namespace",
            "--ignored",
            "--nocapture",
        ])
        .args(["--test-threads", "1"])
        .env(ROLE, role)
        .env(NAME, name)
        .stdout(Stdio::piped());
    cmd
}

/// Waits for the inside end and returns its output, which must show
/// success.
fn finish(mut child: std::process::Child, mut stdout: BufReader<std::process::ChildStdout>) {
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    // The harness writes `test pid_namespace::inside_the_namespace ... ` before the
    // test's first line, on the same line.
    for line in rest
        .lines()
        .filter_map(|l| l.find("inside (").map(|i| &l[i..]))
    {
        say(line);
    }
    assert!(status.success(), "the inside end failed:\n{rest}");
    assert!(
        rest.contains("1 passed"),
        "the inside end ran no test:\n{rest}"
    );
}

#[test]
fn a_client_inside_a_pid_namespace_sees_the_server_as_pid_0() {
    if let Err(why) = pid_namespaces() {
        eprintln!("no pid namespace here ({why}): not tested");
        return;
    }
    let (name, text) = name("client-inside");
    let server = bounded_unix();
    server.bind(&name).unwrap();
    server.listen(Backlog::DEFAULT).unwrap();
    let mut child = inside("client", &text).spawn().unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());

    let (conn, _) = server.accept().unwrap();
    let client = peer(&conn, "outside (server)");
    assert_ne!(client.pid, 0, "the outside sees into the namespace");
    assert_eq!(innermost_pid(client.pid), 1, "the client is pid 1 inside");
    conn.send(b"x").unwrap(); // the inside may end now
    assert_eq!(
        (client.uid, client.gid),
        (Credentials::current().uid, Credentials::current().gid)
    );
    finish(child, stdout);
}

#[test]
fn a_server_inside_a_pid_namespace_sees_the_client_as_pid_0() {
    if let Err(why) = pid_namespaces() {
        eprintln!("no pid namespace here ({why}): not tested");
        return;
    }
    let (name, text) = name("server-inside");
    let mut child = inside("server", &text).spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    // The inside end says when it listens.
    let mut line = String::new();
    while !line.contains("inside: listening") {
        line.clear();
        assert_ne!(
            stdout.read_line(&mut line).unwrap(),
            0,
            "the inside end ended"
        );
    }

    let client = bounded_unix();
    client.connect(&name).unwrap();
    let server = peer(&client, "outside (client)");
    assert_ne!(server.pid, 0, "the outside sees into the namespace");
    assert_eq!(innermost_pid(server.pid), 1, "the server is pid 1 inside");
    client.send(b"x").unwrap(); // the inside may end now
    finish(child, stdout);
}

/// The end inside the namespace; run only by the tests above, through
/// `unshare` (ignored otherwise).
#[test]
#[ignore = "the inside end of the pid-namespace tests, run by them through unshare"]
fn inside_the_namespace() {
    let role = std::env::var(ROLE).expect("run by the pid-namespace tests");
    let name = SockAddrUn::new_abstract(std::env::var(NAME).unwrap().as_bytes()).unwrap();
    assert_eq!(std::process::id(), 1, "pid 1 of a new pid namespace");
    let me = Credentials::current();
    let sock = match role.as_str() {
        "client" => {
            let sock = bounded_unix();
            sock.connect(&name).unwrap();
            sock
        }
        "server" => {
            let server = bounded_unix();
            server.bind(&name).unwrap();
            server.listen(Backlog::DEFAULT).unwrap();
            say("inside: listening");
            let (conn, _) = server.accept().unwrap();
            conn
        }
        other => panic!("unknown role {other}"),
    };
    let outside = peer(&sock, &format!("inside ({role})"));
    assert_eq!(outside.pid, 0, "a peer outside this pid namespace is pid 0");
    assert_eq!(
        (outside.uid, outside.gid),
        (me.uid, me.gid),
        "same user namespace"
    );
    // Live until the outside has looked this process up in /proc.
    let mut byte = [0];
    assert_eq!(sock.recv(&mut byte).map(|r| r.filled()), Ok(1));
}
