//! The integration tests that count this process's open fds around a call
//! (`common::no_leak`, `common::open_fds`) to prove it leaks none. Every test
//! here that opens an fd holds `common::fd_lock()` while it does, so no
//! other test opens or closes one while a count is taken; that is why they
//! are a test binary, a process, of their own, apart from
//! `tests/integration/`, whose tests open sockets without the lock.
//!
//! `cargo test --test fd_leaks errors::` runs one module.

#[path = "../common/mod.rs"]
mod common;

mod calls;
mod errors;
mod io;
mod msg;
mod zone;
