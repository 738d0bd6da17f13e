//! The std equivalent of `examples/tiny`, for the size table: `TcpListener`
//! (which sets SO_REUSEADDR itself), the same greeting, client count and exit
//! statuses (socket, setsockopt, bind and listen are one call here: 3).

use std::io::Write;
use std::net::TcpListener;
use std::process::ExitCode;

const GREETING: &[u8] = b"hello from baresock\n";

const ADDR: &str = match option_env!("BARESOCK_TINY_ADDR") {
    Some(addr) => addr,
    None => "127.0.0.1:9600",
};

const CLIENTS: usize = 3;

fn main() -> ExitCode {
    let Ok(listener) = TcpListener::bind(ADDR) else {
        return ExitCode::from(3);
    };
    for _ in 0..CLIENTS {
        let Ok((mut client, _)) = listener.accept() else {
            return ExitCode::from(5);
        };
        if client.write_all(GREETING).is_err() {
            return ExitCode::from(6);
        }
    }
    ExitCode::SUCCESS
}
