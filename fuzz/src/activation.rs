//! The socket-activation environment parser against an independent reading
//! of sd_listen_fds(3) (std, `str::parse`, `split`, `Vec`), and its numbers
//! against systemd's own reader (`safe_atoi`, `parse_pid`) rebuilt on libc's
//! `strtol`/`strtoul`.

use baresock::activation::{ActivationError, ListenVars, Variable, MAX_FDS};

/// The pid the fuzzed environment is read for (the dictionary and seeds
/// carry `LISTEN_PID=4242`; any other value is another process's).
pub const OWN_PID: u32 = 4242;

/// What the parser returned, in plain std types: (fd, name) pairs and the
/// pidfd id.
type Reading = (Vec<(i32, Vec<u8>)>, Option<u64>);

/// The input is an environment block: entries separated by NUL, as the
/// strings of `envp` are.
pub fn activation_env(data: &[u8]) {
    static ORACLE: std::sync::Once = std::sync::Once::new();
    ORACLE.call_once(the_systemd_readers_read_what_systemd_reads);
    let entries: Vec<&[u8]> = data.split(|&b| b == 0).collect();
    let ours = ListenVars::from_entries(entries.iter().copied())
        .parse(OWN_PID)
        .map(|env| {
            let fds = env
                .fds()
                .iter()
                .map(|f| (f.fd(), f.name().to_vec()))
                .collect();
            (fds, env.pidfd_id())
        });
    let model = model(&entries, OWN_PID);
    assert_eq!(
        ours,
        model,
        "environment {:?}",
        String::from_utf8_lossy(data)
    );

    // Each NUL-free input is also one number: whatever the parser takes as a
    // count or a pid, systemd's reader reads as the same number.
    if !data.contains(&0) {
        numbers_agree_with_systemd(data);
    }
}

/// sd_listen_fds(3) read afresh: first entry of a key wins, strict decimal.
fn model(entries: &[&[u8]], own_pid: u32) -> Result<Reading, ActivationError> {
    let get = |key: &str| -> Option<&[u8]> {
        entries.iter().find_map(|e| {
            let rest = e.strip_prefix(key.as_bytes())?;
            rest.strip_prefix(b"=")
        })
    };
    let nothing = Ok((Vec::new(), None));
    let Some(pid) = get("LISTEN_PID") else {
        return nothing;
    };
    let pid = number(pid, Variable::Pid)?;
    if pid == 0 || pid > i32::MAX as u64 {
        return Err(ActivationError::OutOfRange(Variable::Pid));
    }
    if pid != u64::from(own_pid) {
        return nothing;
    }
    let pidfd_id = match get("LISTEN_PIDFDID") {
        Some(id) => Some(number(id, Variable::PidFdId)?),
        None => None,
    };
    let Some(count) = get("LISTEN_FDS") else {
        return Ok((Vec::new(), pidfd_id));
    };
    let count = number(count, Variable::Fds)?;
    if count == 0 || count > (i32::MAX - 3) as u64 {
        return Err(ActivationError::OutOfRange(Variable::Fds));
    }
    if count > MAX_FDS as u64 {
        return Err(ActivationError::TooMany {
            count: count as u32,
        });
    }
    let names: Vec<Vec<u8>> = match get("LISTEN_FDNAMES") {
        Some(text) => text.split(|&b| b == b':').map(<[u8]>::to_vec).collect(),
        None => vec![b"unknown".to_vec(); count as usize],
    };
    if names.len() as u64 != count {
        return Err(ActivationError::NamesMismatch {
            names: u32::try_from(names.len()).unwrap_or(u32::MAX),
            fds: count as u32,
        });
    }
    let fds = (3..).zip(names).collect();
    Ok((fds, pidfd_id))
}

/// Digits only, no leading zero but `0`; a syntax error before a range one.
fn number(text: &[u8], var: Variable) -> Result<u64, ActivationError> {
    let text = std::str::from_utf8(text).map_err(|_| ActivationError::Malformed(var))?;
    let digits_only = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    if !digits_only || (text.len() > 1 && text.starts_with('0')) {
        return Err(ActivationError::Malformed(var));
    }
    text.parse().map_err(|_| ActivationError::OutOfRange(var))
}

fn numbers_agree_with_systemd(text: &[u8]) {
    let vars = ListenVars {
        pid: Some(b"4242"),
        fds: Some(text),
        ..ListenVars::default()
    };
    let count = match vars.parse(OWN_PID) {
        Ok(env) => Some(env.len() as i64),
        Err(ActivationError::TooMany { count }) => Some(i64::from(count)),
        _ => None,
    };
    if let Some(count) = count {
        assert_eq!(
            safe_atoi(text),
            Some(count),
            "LISTEN_FDS={:?}",
            String::from_utf8_lossy(text)
        );
    }
    let vars = ListenVars {
        pid: Some(text),
        fds: Some(b"1"),
        ..ListenVars::default()
    };
    // The pid is ours only if the parser read it as OWN_PID; another valid
    // pid reads as "not ours", which is also a read number: check both.
    let read = match vars.parse(OWN_PID) {
        Ok(env) if !env.is_empty() => Some(u64::from(OWN_PID)),
        Ok(_) => std::str::from_utf8(text).ok().and_then(|t| t.parse().ok()),
        Err(_) => None,
    };
    if let Some(pid) = read {
        assert_eq!(
            parse_pid(text),
            Some(pid),
            "LISTEN_PID={:?}",
            String::from_utf8_lossy(text)
        );
    }
}

/// systemd's `safe_atoi` (src/basic/parse-util.c): skip " \t\n\r", take a
/// `0b`/`0o` prefix, then `strtol` with that base or 0 (so `0x` hex and
/// `0` octal), the whole string consumed, the value an `int`.
fn safe_atoi(text: &[u8]) -> Option<i64> {
    let (rest, base) = mangle_base(skip_whitespace(text));
    let c = std::ffi::CString::new(rest).ok()?;
    let mut end: *mut libc::c_char = std::ptr::null_mut();
    // SAFETY: `c` is a NUL-terminated string that outlives the call; `end`
    // is written by strtol to point into it.
    let (value, errno) = unsafe {
        *libc::__errno_location() = 0;
        let v = libc::strtol(c.as_ptr(), &mut end, base);
        (v, *libc::__errno_location())
    };
    let consumed = end as usize - c.as_ptr() as usize;
    if errno != 0 || consumed == 0 || consumed != rest.len() {
        return None;
    }
    i32::try_from(value).ok().map(i64::from)
}

/// systemd's `parse_pid`: `safe_atolu` (as `safe_atoi`, on `strtoul`, and a
/// `-` refused unless the value is 0), then the value a positive `pid_t`.
fn parse_pid(text: &[u8]) -> Option<u64> {
    let (rest, base) = mangle_base(skip_whitespace(text));
    let c = std::ffi::CString::new(rest).ok()?;
    let mut end: *mut libc::c_char = std::ptr::null_mut();
    // SAFETY: as in `safe_atoi`.
    let (value, errno) = unsafe {
        *libc::__errno_location() = 0;
        let v = libc::strtoul(c.as_ptr(), &mut end, base);
        (v, *libc::__errno_location())
    };
    let consumed = end as usize - c.as_ptr() as usize;
    if errno != 0 || consumed == 0 || consumed != rest.len() {
        return None;
    }
    if value != 0 && rest.first() == Some(&b'-') {
        return None;
    }
    let pid = i32::try_from(value).ok().filter(|&p| p > 0)?;
    Some(pid as u64)
}

fn skip_whitespace(text: &[u8]) -> &[u8] {
    let n = text.iter().take_while(|b| b" \t\n\r".contains(b)).count();
    &text[n..]
}

fn mangle_base(text: &[u8]) -> (&[u8], libc::c_int) {
    match text {
        [b'0', b'b' | b'B', rest @ ..] => (rest, 2),
        [b'0', b'o' | b'O', rest @ ..] => (rest, 8),
        _ => (text, 0),
    }
}

/// Known answers, checked once per run: the oracle itself must be right.
fn the_systemd_readers_read_what_systemd_reads() {
    assert_eq!(safe_atoi(b"12"), Some(12));
    assert_eq!(safe_atoi(b" +0x10"), Some(16));
    assert_eq!(safe_atoi(b"010"), Some(8));
    assert_eq!(safe_atoi(b"0b101"), Some(5));
    assert_eq!(safe_atoi(b"-3"), Some(-3));
    assert_eq!(safe_atoi(b"1 "), None);
    assert_eq!(safe_atoi(b""), None);
    assert_eq!(safe_atoi(b"2147483648"), None);
    assert_eq!(parse_pid(b"1"), Some(1));
    assert_eq!(parse_pid(b"-1"), None);
    assert_eq!(parse_pid(b"-0"), None);
    assert_eq!(parse_pid(b"0"), None);
    assert_eq!(parse_pid(b"0o17"), Some(15));
}
