//! The integration tests, one module per subject, in one test binary: one
//! build and one link for all of them. The tests that count the process's
//! open fds (`common::no_leak`) are in `tests/fd_leaks/`, a process of their
//! own, so that no test here opening a socket can change their count.
//!
//! `cargo test --test integration flow::` runs one module.

#[path = "../common/mod.rs"]
mod common;

mod accept;
mod activation;
mod conversions;
mod flow;
mod options;
mod parse;
mod pid_namespace;
mod signals;
mod time_wait;
