//! `SockAddrUn::new`/`new_abstract` and `Display` on arbitrary names.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| baresock_fuzz::kernel::unix_addr(data));
