//! The socket-activation environment parser (NUL-separated entries, as in
//! `envp`) against an independent reading of sd_listen_fds(3): the same
//! outcome, count, descriptors and names; and each number it takes read
//! the same by systemd's `safe_atoi`/`parse_pid` (on libc's strtol).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| baresock_fuzz::activation::activation_env(data));
