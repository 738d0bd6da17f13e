//! What a `#![no_std]` `#![no_main]` program needs around its `main`, for
//! the example (`src/main.rs`) and the panic-freedom harness (`harness/`).
//!
//! - With musl (the default build, `x86_64-unknown-linux-musl`): nothing but
//!   a link to `libc.a`; musl's `crt1.o` calls the program's `main` and
//!   passes its return value to `exit`.
//! - With no libc (feature `nolibc`: `x86_64-unknown-linux-gnu`, or
//!   `aarch64-unknown-linux-musl`, linked with `-nostdlib -nostartfiles`):
//!   our own `_start`, which calls `main` with the initial stack pointer
//!   (where `argc`, `argv` and `envp` are) and hands its return value to
//!   `exit_group(2)`, and the `memcpy`/`memset`/`memcmp`/`strlen` that LLVM
//!   may emit calls to. One version of each per architecture.
//!
//! The program brings its `main` (`#[unsafe(no_mangle)] extern "C"`) and its
//! panic handler, which is its own policy: the example's stops at once, the
//! harness's must fail the link. A binary links this crate with
//! `use baresock_tiny as _;`.

#![no_std]

#[cfg(all(feature = "nolibc", target_arch = "x86_64", not(target_env = "gnu")))]
compile_error!(
    "feature `nolibc` builds for --target x86_64-unknown-linux-gnu \
     (its -nostdlib link flags are in examples/tiny/.cargo/config.toml)"
);
// The aarch64 no-libc build uses the musl target only for its name: rust-lld
// links it with -nostdlib, no crt objects and no libc (.cargo/config.toml),
// so no cross C toolchain is needed.
#[cfg(all(feature = "nolibc", target_arch = "aarch64", not(target_env = "musl")))]
compile_error!(
    "feature `nolibc` builds for --target aarch64-unknown-linux-musl \
     (its rust-lld link flags are in examples/tiny/.cargo/config.toml)"
);
#[cfg(all(not(feature = "nolibc"), not(target_env = "musl")))]
compile_error!(
    "without feature `nolibc`, build for --target x86_64-unknown-linux-musl \
     (musl's start-up calls `main`)"
);
#[cfg(all(not(feature = "nolibc"), not(target_arch = "x86_64")))]
compile_error!("the musl build is x86_64 only; on aarch64, build with feature `nolibc`");
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
compile_error!("the start-up code and syscall numbers here are x86_64's and aarch64's");

// musl's crt1.o calls `__libc_start_main`, which is in libc.a; nothing else
// in the program names libc (rustix makes its system calls itself), so ask
// for it here. rustc links it statically from the musl target's own copy.
#[cfg(not(feature = "nolibc"))]
#[link(name = "c")]
unsafe extern "C" {}

// SAFETY (every `#[unsafe(naked)]` and `#[unsafe(no_mangle)]` below): each
// body is the whole function and keeps the System V ABI: arguments in rdi,
// rsi, rdx; the result in rax; only caller-saved registers (rax, rcx, rdi,
// rsi, r8) and flags changed; the stack untouched but for `call`. The names
// are defined nowhere else: a `nolibc` build links no libc (-nostdlib).
#[cfg(all(feature = "nolibc", target_arch = "x86_64"))]
mod nolibc {
    /// The process entry point: the kernel jumps here with `rsp` 16-byte
    /// aligned, pointing at `argc`, then `argv`, NULL, `envp`, NULL
    /// (execve(2), the System V ABI's initial process stack).
    ///
    /// `main` gets that stack pointer as its first argument (`rdi`), to
    /// find `envp`; `rsp` itself is not moved, and `call` pushes the return
    /// address, so `main` starts with the stack aligned as the C ABI
    /// requires. `main` returns the exit status in `eax`, which becomes
    /// `exit_group`'s first argument. `exit_group` does not return.
    #[unsafe(naked)]
    #[unsafe(no_mangle)]
    unsafe extern "C" fn _start() -> ! {
        core::arch::naked_asm!(
            "mov rdi, rsp",
            "call main",
            "mov edi, eax",
            "mov eax, 231", // __NR_exit_group
            "syscall",
        )
    }

    /// `memcpy(3)`, for the calls LLVM emits to copy structs. `rep movsb`
    /// rather than a loop: LLVM would turn a byte loop back into a call to
    /// `memcpy`. The direction flag is clear on entry (the ABI says so).
    #[unsafe(naked)]
    #[unsafe(no_mangle)]
    unsafe extern "C" fn memcpy(_dst: *mut u8, _src: *const u8, _n: usize) -> *mut u8 {
        core::arch::naked_asm!("mov rax, rdi", "mov rcx, rdx", "rep movsb", "ret")
    }

    /// `memcmp(3)`, and `bcmp(3)` (which only needs zero or not), for the
    /// calls LLVM emits to compare byte arrays. `repe cmpsb` stops at the
    /// first difference; with `n == 0` it compares nothing and the flags
    /// stay those of `xor eax, eax` (equal).
    #[unsafe(naked)]
    #[unsafe(no_mangle)]
    unsafe extern "C" fn memcmp(_a: *const u8, _b: *const u8, _n: usize) -> i32 {
        core::arch::naked_asm!(
            "xor eax, eax",
            "mov rcx, rdx",
            "repe cmpsb",
            "je 2f",
            "movzx eax, byte ptr [rdi - 1]",
            "movzx ecx, byte ptr [rsi - 1]",
            "sub eax, ecx",
            "2:",
            "ret"
        )
    }

    /// See [`memcmp`].
    #[unsafe(naked)]
    #[unsafe(no_mangle)]
    unsafe extern "C" fn bcmp(_a: *const u8, _b: *const u8, _n: usize) -> i32 {
        core::arch::naked_asm!("jmp {}", sym memcmp)
    }

    /// `strlen(3)`, for the call LLVM emits for a loop that looks for a
    /// NUL (the example's reading of `envp`). `repne scasb` from `rcx = -1`
    /// scans the string and its NUL, leaving `rcx = -(len + 2)`.
    #[unsafe(naked)]
    #[unsafe(no_mangle)]
    unsafe extern "C" fn strlen(_s: *const u8) -> usize {
        core::arch::naked_asm!(
            "xor eax, eax",
            "mov rcx, -1",
            "repne scasb",
            "not rcx",
            "lea rax, [rcx - 1]",
            "ret"
        )
    }

    /// `memset(3)`, for the calls LLVM emits to zero structs.
    #[unsafe(naked)]
    #[unsafe(no_mangle)]
    unsafe extern "C" fn memset(_dst: *mut u8, _byte: i32, _n: usize) -> *mut u8 {
        core::arch::naked_asm!(
            "mov r8, rdi",
            "mov eax, esi",
            "mov rcx, rdx",
            "rep stosb",
            "mov rax, r8",
            "ret"
        )
    }
}

// SAFETY (every `#[unsafe(naked)]` and `#[unsafe(no_mangle)]` below): each
// body is the whole function and keeps the AAPCS64: arguments in x0, x1, x2;
// the result in x0 (w0); only argument/scratch registers (x0 to x4, x8) and
// flags changed; sp untouched; `bl` sets only x30 (lr), which `_start`
// never returns through. Each loop reads or writes exactly the `n` bytes
// the C contract of the function lets it (none when `n == 0`). The names
// are defined nowhere else: a `nolibc` build links no libc (-nostdlib).
#[cfg(all(feature = "nolibc", target_arch = "aarch64"))]
mod nolibc {
    /// The process entry point: the kernel jumps here with `sp` 16-byte
    /// aligned (as the AAPCS64 requires at a call), pointing at `argc`, then
    /// `argv`, NULL, `envp`, NULL (execve(2), the AArch64 ELF ABI's initial
    /// process stack).
    ///
    /// `main` gets that stack pointer as its first argument (`x0`), to find
    /// `envp`, and returns the exit status in `w0`, which is already
    /// `exit_group`'s first argument. `exit_group` does not return.
    #[unsafe(naked)]
    #[unsafe(no_mangle)]
    unsafe extern "C" fn _start() -> ! {
        core::arch::naked_asm!(
            "mov x0, sp",
            "bl main",
            "mov x8, #94", // __NR_exit_group
            "svc #0",
        )
    }

    /// `memcpy(3)`, for the calls LLVM emits to copy structs: a byte loop
    /// in assembly (in Rust, LLVM would turn it back into a call to
    /// `memcpy`). The structs copied here are a few dozen bytes.
    #[unsafe(naked)]
    #[unsafe(no_mangle)]
    unsafe extern "C" fn memcpy(_dst: *mut u8, _src: *const u8, _n: usize) -> *mut u8 {
        core::arch::naked_asm!(
            "mov x3, x0",
            "cbz x2, 2f",
            "1:",
            "ldrb w4, [x1], #1",
            "strb w4, [x3], #1",
            "subs x2, x2, #1",
            "b.ne 1b",
            "2:",
            "ret",
        )
    }

    /// `memcmp(3)`, and `bcmp(3)` (which only needs zero or not), for the
    /// calls LLVM emits to compare byte arrays: stops at the first
    /// difference and returns it (the bytes as unsigned); 0 if none, and for
    /// `n == 0`.
    #[unsafe(naked)]
    #[unsafe(no_mangle)]
    unsafe extern "C" fn memcmp(_a: *const u8, _b: *const u8, _n: usize) -> i32 {
        core::arch::naked_asm!(
            "mov w3, #0",
            "1:",
            "cbz x2, 2f",
            "ldrb w3, [x0], #1",
            "ldrb w4, [x1], #1",
            "sub x2, x2, #1",
            "subs w3, w3, w4",
            "b.eq 1b",
            "2:",
            "mov w0, w3",
            "ret",
        )
    }

    /// See [`memcmp`].
    #[unsafe(naked)]
    #[unsafe(no_mangle)]
    unsafe extern "C" fn bcmp(_a: *const u8, _b: *const u8, _n: usize) -> i32 {
        core::arch::naked_asm!("b {}", sym memcmp)
    }

    /// `strlen(3)`, for the call LLVM emits for a loop that looks for a
    /// NUL (the example's reading of `envp`): a byte loop up to and
    /// including the NUL, then the distance less one.
    #[unsafe(naked)]
    #[unsafe(no_mangle)]
    unsafe extern "C" fn strlen(_s: *const u8) -> usize {
        core::arch::naked_asm!(
            "mov x1, x0",
            "1:",
            "ldrb w2, [x1], #1",
            "cbnz w2, 1b",
            "sub x0, x1, x0",
            "sub x0, x0, #1",
            "ret",
        )
    }

    /// `memset(3)`, for the calls LLVM emits to zero structs (the low byte
    /// of `w1`, `n` times).
    #[unsafe(naked)]
    #[unsafe(no_mangle)]
    unsafe extern "C" fn memset(_dst: *mut u8, _byte: i32, _n: usize) -> *mut u8 {
        core::arch::naked_asm!(
            "mov x3, x0",
            "cbz x2, 2f",
            "1:",
            "strb w1, [x3], #1",
            "subs x2, x2, #1",
            "b.ne 1b",
            "2:",
            "ret",
        )
    }
}
