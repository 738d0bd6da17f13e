//! format -> parse for structured addresses from `arbitrary`: the text
//! `Display` prints (core::net's text, written into a heapless::String of
//! the type's maximum capacity) parses back to the same value with every
//! parser that should take it.
#![no_main]
use arbitrary::Arbitrary;
use baresock::fmt::ToHeapless;
use baresock::{parse, SockAddr, SockAddrIn, SockAddrIn6};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(Arbitrary, Debug)]
struct Input {
    v4: u32,
    v6: u128,
    port: u16,
    scope: u32,
    mapped: bool,
}

libfuzzer_sys::fuzz_target!(|input: Input| {
    let v4 = Ipv4Addr::from(input.v4);
    let v6 = if input.mapped {
        v4.to_ipv6_mapped()
    } else {
        Ipv6Addr::from_bits(input.v6)
    };

    assert_eq!(parse::ipv4_addr(v4.to_heapless().as_bytes()), Ok(v4));
    assert_eq!(
        parse::ip_addr(v4.to_heapless().as_bytes()),
        Ok(IpAddr::V4(v4))
    );
    assert_eq!(parse::ipv6_addr(v6.to_heapless().as_bytes()), Ok(v6));
    assert_eq!(
        parse::ip_addr(v6.to_heapless().as_bytes()),
        Ok(IpAddr::V6(v6))
    );

    let a = SockAddrIn::new(v4, input.port);
    assert_eq!(parse::sockaddr_in(a.to_heapless().as_bytes()), Ok(a));
    assert_eq!(
        parse::sockaddr(a.to_heapless().as_bytes()),
        Ok(SockAddr::Inet(a))
    );

    // The flow information is not part of the text; the parsed one is 0.
    let b = SockAddrIn6::new(v6, input.port, 0, input.scope);
    assert_eq!(parse::sockaddr_in6(b.to_heapless().as_bytes()), Ok(b));
    assert_eq!(
        parse::sockaddr(b.to_heapless().as_bytes()),
        Ok(SockAddr::Inet6(b))
    );
});
