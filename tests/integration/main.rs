//! The integration tests, one module per subject, in one test binary: one
//! build and one link for all of them. The tests that count the process's
//! open fds (`common::no_leak`) are in `tests/fd_leaks/`, a process of their
//! own, so that no test here opening a socket can change their count.
//!
//! `cargo test --test integration flow::` runs one module.
//!
//! # Miri
//!
//! A module is pure or kernel, never both. A kernel module is one whose
//! tests make system calls, directly or through a helper (sockets, `/proc`,
//! fds, child processes, signals, rlimits): it is declared below under
//! `#[cfg(not(miri))]`, once, and its tests carry no mark; Miri, which has
//! no sockets, does not build it (`.ci/miri.sh` names it). A pure module
//! (parsers, formatting, constructors, conversions) is declared plain and
//! runs under Miri, which checks it for undefined behaviour. A new test that
//! makes a system call goes into a kernel module; a pure one into a pure
//! module (`types` if no other fits). CONTRIBUTING.md, "Miri", has the rule.

#[path = "../common/mod.rs"]
mod common;

// Pure: run under Miri.
mod conversions;
mod parse;
mod types;

// Kernel: they make system calls.
#[cfg(not(miri))]
mod accept;
#[cfg(not(miri))]
mod activation;
#[cfg(not(miri))]
mod datagram;
#[cfg(not(miri))]
mod flow;
#[cfg(not(miri))]
mod options;
#[cfg(not(miri))]
mod pid_namespace;
#[cfg(not(miri))]
mod signals;
#[cfg(not(miri))]
mod socket2_ip;
#[cfg(not(miri))]
mod socket2_socket;
#[cfg(not(miri))]
mod socket2_tcp;
#[cfg(not(miri))]
mod time_wait;
#[cfg(not(miri))]
mod udp_options;
