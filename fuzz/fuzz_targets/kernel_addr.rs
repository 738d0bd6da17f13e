//! `SockAddr::from_bytes` on arbitrary bytes at every length from 0 to the
//! storage size, against an independent reading of the kernel's layouts.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| baresock_fuzz::kernel::kernel_addr(data));
