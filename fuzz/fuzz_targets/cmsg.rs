//! The control-message decoder (`ControlMessages`) on arbitrary bytes,
//! against a plain model of the kernel's walk: never a panic, never a read
//! out of bounds, the same messages as the model.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| baresock_fuzz::cmsg(data));
