//! The integration tests that count this process's open fds around a call
//! (`common::no_leak`, `common::open_fds`) to prove it leaks none. Every test
//! here that opens an fd holds `common::fd_lock()` while it does, so no
//! other test opens or closes one while a count is taken; that is why they
//! are a test binary, a process, of their own, apart from
//! `tests/integration/`, whose tests open sockets without the lock.
//!
//! `cargo test --test fd_leaks errors::` runs one module.
//!
//! # Miri
//!
//! Every module here is a kernel module (its tests make system calls), so
//! each is declared under `#[cfg(not(miri))]`, once, and its tests carry no
//! mark; Miri does not build them. A pure test belongs in a pure module of
//! `tests/integration/` (the rule is in its `main.rs` and in
//! CONTRIBUTING.md, "Miri").

#[path = "../common/mod.rs"]
mod common;

#[cfg(not(miri))]
mod calls;
#[cfg(not(miri))]
mod errors;
#[cfg(not(miri))]
mod io;
#[cfg(not(miri))]
mod msg;
#[cfg(not(miri))]
mod zone;
