//! What a `#![no_std]` `#![no_main]` program needs around its `main`, for
//! the example (`src/main.rs`) and the panic-freedom harness (`harness/`).
//! The program defines C's `main(argc, argv, envp)` and gets the same call
//! from either start-up:
//!
//! - With musl (the default build, `x86_64-unknown-linux-musl`): nothing but
//!   a link to `libc.a`; musl's `crt1.o` calls `main` and passes its return
//!   value to `exit`.
//! - With no libc (feature `nolibc`, on x86_64, aarch64, i686, riscv64 and
//!   armv7, linked with `-nostdlib` and no crt objects): the start-up of
//!   [origin](https://docs.rs/origin) (program start-up in Rust on rustix,
//!   by rustix's author), whose `_start` finds `argc`, `argv`, `envp` and the
//!   auxiliary vector on the initial stack, hands the auxiliary vector to
//!   rustix (which needs it on i686 for the vsyscall entry), calls
//!   `origin_main` below and hands its return value to `exit_group(2)`.
//!   origin also defines the `memcpy`/`memset`/`memcmp`/`bcmp`/`strlen`
//!   that LLVM may emit calls to (with `optimize_for_size`: byte loops, in
//!   Rust, for every architecture). No assembly of ours is left.
//!
//! The program brings its `main` (`#[unsafe(no_mangle)] extern "C"`) and its
//! panic handler, which is its own policy: the example's stops at once, the
//! harness's must fail the link. A binary links this crate with
//! `use baresock_tiny as _;`.

#![no_std]

// Each no-libc target has its link flags in .cargo/config.toml, and cargo's
// flags cannot depend on features: a build for any other triple would link
// with the target's default start-up files and libc.
#[cfg(all(
    feature = "nolibc",
    not(any(
        all(target_arch = "x86_64", target_env = "gnu"),
        all(target_arch = "aarch64", target_env = "musl"),
        all(target_arch = "x86", target_env = "musl"),
        all(target_arch = "riscv64", target_env = "gnu"),
        all(target_arch = "arm", target_env = "gnu"),
    ))
))]
compile_error!(
    "feature `nolibc` builds for x86_64-unknown-linux-gnu, aarch64-unknown-linux-musl, \
     i686-unknown-linux-musl, riscv64gc-unknown-linux-gnu or armv7-unknown-linux-gnueabihf \
     (their -nostdlib link flags are in examples/tiny/.cargo/config.toml)"
);
#[cfg(all(
    not(feature = "nolibc"),
    not(all(target_arch = "x86_64", target_env = "musl"))
))]
compile_error!(
    "without feature `nolibc`, build for --target x86_64-unknown-linux-musl \
     (musl's start-up calls `main`); on other architectures, build with feature `nolibc`"
);

// musl's crt1.o calls `__libc_start_main`, which is in libc.a; nothing else
// in the program names libc (rustix makes its system calls itself), so ask
// for it here. rustc links it statically from the musl target's own copy.
#[cfg(not(feature = "nolibc"))]
#[link(name = "c")]
unsafe extern "C" {}

#[cfg(feature = "nolibc")]
mod nolibc {
    // origin's `_start` (feature `origin-start`): linked because this crate
    // names the crate.
    extern crate origin;

    unsafe extern "C" {
        /// The program's `main`, as C declares it.
        fn main(argc: i32, argv: *const *const u8, envp: *const *const u8) -> i32;
    }

    /// Called by origin's start-up with what the kernel put on the initial
    /// stack; returns the exit status.
    ///
    /// # Safety
    /// origin calls it once, with `argv` and `envp` as execve(2) laid them
    /// out: NULL-terminated arrays of NUL-terminated strings that stay in
    /// place for the life of the process.
    #[unsafe(no_mangle)]
    unsafe fn origin_main(argc: usize, argv: *mut *mut u8, envp: *mut *mut u8) -> i32 {
        // SAFETY: `main` is the program's, with C's signature; it gets the
        // arrays origin got from the kernel, unchanged. `argc` is at most
        // the kernel's limit on arguments, far below `i32::MAX`.
        unsafe { main(argc as i32, argv.cast(), envp.cast()) }
    }
}
