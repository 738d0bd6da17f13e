//! The control-message decoder (`ControlMessages`) and `RecvMeta` on
//! arbitrary bytes, against a plain model of the kernel's walk and of each
//! message's struct: never a panic, never a read out of bounds, the same
//! messages and metadata as the model.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| baresock_fuzz::cmsg(data));
