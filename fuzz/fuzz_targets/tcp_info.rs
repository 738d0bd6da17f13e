//! `TcpInfo::from_bytes` (the decoder of `TCP_INFO`'s answer) on arbitrary
//! bytes, against the kernel header's offsets: never a panic, a field only
//! where the bytes hold it whole.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| baresock_fuzz::tcp_info(data));
