//! A TCP greeter in under 2 KiB: baresock's server flow as a fully
//! static `#![no_std]` `#![no_main]` binary.
//!
//! socket(CLOEXEC) -> SO_REUSEADDR -> bind(127.0.0.1:9600) -> listen -> then
//! accept4 a client, send it a greeting, close it, [`CLIENTS`] times, and exit.
//!
//! Exit status: 0 when every step succeeded, else the number of the first step
//! that failed ([`Step`]). A SIGTERM or SIGINT ends the program by the
//! signal's default action (no handler is installed: that costs nothing and
//! cannot go wrong), so the status is the signal's (128 + n in a shell).
//!
//! Build-time settings (read with `option_env!`, checked at compile time):
//! - `BARESOCK_TINY_ADDR`: the address to listen on, default `127.0.0.1:9600`;
//! - `BARESOCK_TINY_CLIENTS`: how many clients to serve, default 3.
//!
//! Build (from `examples/tiny/`; flags in `.cargo/config.toml`, the commands
//! and sizes in `README.md`):
//! - with musl's start-up: `cargo build --release --target x86_64-unknown-linux-musl`
//! - with no libc: `cargo build --release --target x86_64-unknown-linux-gnu --features nolibc`
//! - with no libc, for aarch64 (linked by rustc's rust-lld, runs under
//!   `qemu-aarch64-static` on x86_64): `cargo build --release --target aarch64-unknown-linux-musl --features nolibc`
//!
//! The start-up code (`_start`, `memcpy`, ...) is this package's lib target
//! (`src/lib.rs`); the panic-freedom check of the same code is `harness/`.

#![no_std]
#![no_main]

// The start-up code: musl's, or our own `_start` (feature `nolibc`).
use baresock_tiny as _;

use baresock::{Backlog, Domain, Flags, SockAddrIn, Socket, Type};

/// What each client receives.
const GREETING: &[u8] = b"hello from baresock\n";

/// The address text: `BARESOCK_TINY_ADDR` at build time, or the default.
const ADDR_TEXT: &str = match option_env!("BARESOCK_TINY_ADDR") {
    Some(text) => text,
    None => "127.0.0.1:9600",
};

/// Parsed at compile time by baresock's const parser: a bad address is a
/// build error, and no parsing code reaches the binary.
const ADDR: SockAddrIn = baresock::sockaddr_in!(ADDR_TEXT);

/// How many clients to serve before exiting: `BARESOCK_TINY_CLIENTS`, default 3.
const CLIENTS: u32 = match option_env!("BARESOCK_TINY_CLIENTS") {
    Some(text) => build_time::decimal(text.as_bytes(), u32::MAX as u64) as u32,
    None => 3,
};

/// The steps of the flow; a failed one's number is the exit status.
#[derive(Clone, Copy)]
#[repr(i32)]
enum Step {
    Socket = 1,
    ReuseAddr = 2,
    Bind = 3,
    Listen = 4,
    Accept = 5,
    Send = 6,
}

/// The whole server. Every fd is owned: it closes on drop, on every path.
fn serve() -> Result<(), Step> {
    let server = Socket::new(Domain::Inet, Type::Stream).map_err(|_| Step::Socket)?;
    server
        .set_reuse_address(true)
        .map_err(|_| Step::ReuseAddr)?;
    server.bind(&ADDR).map_err(|_| Step::Bind)?;
    server.listen(Backlog::DEFAULT).map_err(|_| Step::Listen)?;
    for _ in 0..CLIENTS {
        // accept4(fd, NULL, NULL, SOCK_CLOEXEC): the peer's address is not
        // needed, so the kernel is not asked to write it.
        let client = server.accept(Flags::DEFAULT).map_err(|_| Step::Accept)?;
        match client.send(GREETING) {
            Ok(n) if n == GREETING.len() => {}
            _ => return Err(Step::Send),
        }
        // `client` drops here: close(2).
    }
    Ok(())
}

/// Called by musl's `crt1.o`, or by our own `_start` (feature `nolibc`);
/// returns the exit status.
#[unsafe(no_mangle)]
extern "C" fn main() -> i32 {
    match serve() {
        Ok(()) => 0,
        Err(step) => step as i32,
    }
}

/// Build-time settings read by `const fn`s: a bad value is a compile error.
mod build_time {
    /// A decimal number of 1 to 10 digits, at most `max`.
    pub const fn decimal(mut digits: &[u8], max: u64) -> u64 {
        if digits.is_empty() || digits.len() > 10 {
            panic!("expected 1 to 10 decimal digits");
        }
        let mut value = 0u64;
        while let [d @ b'0'..=b'9', rest @ ..] = digits {
            value = value * 10 + (*d - b'0') as u64;
            digits = rest;
        }
        if !digits.is_empty() || value > max {
            panic!("not a decimal number in range");
        }
        value
    }
}

/// The only panic sites left in this program are rustix's `fd != -1`
/// assertions, which no fd the kernel returns can reach (the harness's audit
/// lists them): were one reached, the process stops at once with SIGILL
/// (`ud2`: 2 bytes, like `abort`).
#[cfg(target_arch = "x86_64")]
#[panic_handler]
fn on_panic(_: &core::panic::PanicInfo<'_>) -> ! {
    // SAFETY: `ud2` raises SIGILL and never returns, as `noreturn` says.
    unsafe { core::arch::asm!("ud2", options(noreturn, nomem, nostack)) }
}

/// The same on aarch64: `udf #0` (permanently undefined), SIGILL.
#[cfg(target_arch = "aarch64")]
#[panic_handler]
fn on_panic(_: &core::panic::PanicInfo<'_>) -> ! {
    // SAFETY: `udf #0` raises SIGILL and never returns, as `noreturn` says.
    unsafe { core::arch::asm!("udf #0", options(noreturn, nomem, nostack)) }
}
