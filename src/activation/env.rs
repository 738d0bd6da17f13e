//! Reading the environment: `KEY=VALUE` entries to descriptor numbers and
//! names. Pure: no system call, no allocation, no panic, whatever the bytes
//! (fuzzed by `fuzz/fuzz_targets/activation_env.rs`).

use rustix::fd::RawFd;

use super::ActivationError;

/// The first inherited descriptor: `SD_LISTEN_FDS_START`, 3 (after stdin,
/// stdout and stderr).
///
/// ```
/// assert_eq!(baresock::activation::LISTEN_FDS_START, 3);
/// ```
#[doc(alias = "SD_LISTEN_FDS_START")]
pub const LISTEN_FDS_START: RawFd = 3;

/// The most descriptors this module takes at once: the fixed capacity of
/// [`ListenEnv`] and [`Listeners`](super::Listeners), which keeps it allocation-free. A
/// larger `LISTEN_FDS` is [`ActivationError::TooMany`], and then nothing is
/// taken.
///
/// 16 covers any one service's sockets in practice (a unit lists each
/// `Listen*=` line it wants); [`Listeners`](super::Listeners) of 16 is about 2 KiB of stack
/// on 64-bit targets, most of it 16 room-for-a-Unix-path [`SockAddr`](crate::SockAddr)s.
///
/// ```
/// use baresock::activation::{ActivationError, ListenVars, MAX_FDS};
/// let too_many: [&[u8]; 2] = [b"LISTEN_PID=7", b"LISTEN_FDS=17"];
/// assert_eq!(MAX_FDS, 16);
/// assert_eq!(ListenVars::from_entries(too_many).parse(7), Err(ActivationError::TooMany { count: 17 }));
/// ```
pub const MAX_FDS: usize = 16;

/// The variables' names, in the order of [`ListenVars`]'s fields.
const KEYS: [&[u8]; 4] = [
    Variable::Pid.name().as_bytes(),
    Variable::Fds.name().as_bytes(),
    Variable::FdNames.name().as_bytes(),
    Variable::PidFdId.name().as_bytes(),
];

/// The name every descriptor gets when `LISTEN_FDNAMES` is absent.
const UNKNOWN: &[u8] = b"unknown";

/// The largest `LISTEN_FDS` the protocol allows: 3 + count stays an `int`.
const MAX_COUNT: u64 = (i32::MAX - LISTEN_FDS_START) as u64;

/// Which variable of the protocol an [`ActivationError`] is about.
///
/// ```
/// use baresock::activation::Variable;
/// assert_eq!(Variable::Fds.name(), "LISTEN_FDS");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Variable {
    /// `LISTEN_PID`.
    #[doc(alias = "LISTEN_PID")]
    Pid,
    /// `LISTEN_FDS`.
    #[doc(alias = "LISTEN_FDS")]
    Fds,
    /// `LISTEN_FDNAMES`.
    #[doc(alias = "LISTEN_FDNAMES")]
    FdNames,
    /// `LISTEN_PIDFDID`.
    #[doc(alias = "LISTEN_PIDFDID")]
    PidFdId,
}

impl Variable {
    /// The variable's name in the environment.
    ///
    /// ```
    /// use baresock::activation::Variable;
    /// assert_eq!(Variable::PidFdId.name(), "LISTEN_PIDFDID");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Pid => "LISTEN_PID",
            Self::Fds => "LISTEN_FDS",
            Self::FdNames => "LISTEN_FDNAMES",
            Self::PidFdId => "LISTEN_PIDFDID",
        }
    }
}

/// The protocol's variables as found in an environment, unparsed: each the
/// value of its first `KEY=VALUE` entry, borrowed.
///
/// ```
/// use baresock::activation::ListenVars;
/// let env: [&[u8]; 3] = [b"HOME=/", b"LISTEN_FDS=2", b"LISTEN_FDS=5"];
/// let vars = ListenVars::from_entries(env);
/// assert_eq!(vars.fds, Some(&b"2"[..])); // the first one, as getenv(3) finds
/// assert_eq!(vars.pid, None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ListenVars<'a> {
    /// `LISTEN_PID`.
    pub pid: Option<&'a [u8]>,
    /// `LISTEN_FDS`.
    pub fds: Option<&'a [u8]>,
    /// `LISTEN_FDNAMES`.
    pub fdnames: Option<&'a [u8]>,
    /// `LISTEN_PIDFDID`.
    pub pidfd_id: Option<&'a [u8]>,
}

impl<'a> ListenVars<'a> {
    /// Finds the variables in `KEY=VALUE` entries, such as the strings of
    /// `envp` (without their NUL). The first entry of each key counts;
    /// entries without `=` are skipped. Allocates nothing, cannot fail.
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// let env: [&[u8]; 2] = [b"LISTEN_PID=12=3", b"LISTEN_FDNAMES"];
    /// let vars = ListenVars::from_entries(env);
    /// assert_eq!(vars.pid, Some(&b"12=3"[..])); // split at the first '='
    /// assert_eq!(vars.fdnames, None);           // no '=': not an entry
    /// ```
    #[must_use]
    pub fn from_entries<I>(entries: I) -> Self
    where
        I: IntoIterator<Item = &'a [u8]>,
    {
        let mut vars = Self::default();
        for entry in entries {
            let Some(eq) = entry.iter().position(|&b| b == b'=') else {
                continue;
            };
            let (key, value) = entry.split_at(eq);
            let value = value.get(1..).unwrap_or_default();
            // A loop over the names with `==` (one `bcmp` each) rather than
            // a `match` on byte-string patterns, which compiles to a compare
            // per byte: smaller code in a size-bound binary (examples/tiny;
            // BENCHMARKS.md, "The tiny server: sizes"), the same answers.
            let slot = match KEYS.iter().position(|&name| name == key) {
                Some(0) => &mut vars.pid,
                Some(1) => &mut vars.fds,
                Some(2) => &mut vars.fdnames,
                Some(3) => &mut vars.pidfd_id,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(value);
            }
        }
        vars
    }

    /// Reads the variables as sd_listen_fds(3) would for the process
    /// `own_pid`: which descriptors, with which names. Pure: no system call,
    /// no allocation, no panic, whatever the bytes.
    ///
    /// Returns an empty [`ListenEnv`] (nothing for this process, no error)
    /// when `LISTEN_PID` is absent or another process's, or `LISTEN_FDS` is
    /// absent, as sd_listen_fds returns 0. The module doc says what is read
    /// and in which order.
    ///
    /// # Errors
    /// [`ActivationError::Malformed`], [`ActivationError::OutOfRange`],
    /// [`ActivationError::TooMany`], [`ActivationError::NamesMismatch`].
    ///
    /// ```
    /// use baresock::activation::{ActivationError, ListenVars};
    /// let env: [&[u8]; 3] = [b"LISTEN_PID=99", b"LISTEN_FDS=2", b"LISTEN_FDNAMES=web:admin"];
    /// let env = ListenVars::from_entries(env).parse(99)?;
    /// let fds: Vec<_> = env.fds().iter().map(|f| (f.fd(), f.name_str())).collect();
    /// assert_eq!(fds, [(3, Some("web")), (4, Some("admin"))]);
    ///
    /// let short: [&[u8]; 3] = [b"LISTEN_PID=99", b"LISTEN_FDS=2", b"LISTEN_FDNAMES=web"];
    /// assert_eq!(
    ///     ListenVars::from_entries(short).parse(99),
    ///     Err(ActivationError::NamesMismatch { names: 1, fds: 2 }),
    /// );
    /// # Ok::<(), ActivationError>(())
    /// ```
    pub fn parse(&self, own_pid: u32) -> Result<ListenEnv<'a>, ActivationError> {
        let mut env = ListenEnv::EMPTY;
        let Some(pid) = self.pid else {
            return Ok(env);
        };
        let pid = decimal(pid, Variable::Pid)?;
        if pid == 0 || pid > i32::MAX as u64 {
            return Err(ActivationError::OutOfRange(Variable::Pid));
        }
        if pid != u64::from(own_pid) {
            return Ok(env); // Another process's: not for us.
        }
        if let Some(id) = self.pidfd_id {
            env.pidfd_id = Some(decimal(id, Variable::PidFdId)?);
        }
        let Some(count) = self.fds else {
            return Ok(env);
        };
        let count = decimal(count, Variable::Fds)?;
        if count == 0 || count > MAX_COUNT {
            return Err(ActivationError::OutOfRange(Variable::Fds));
        }
        // `count` fits an i32 now; MAX_FDS is far below.
        let count = count as u32;
        if count as usize > MAX_FDS {
            return Err(ActivationError::TooMany { count });
        }
        if let Some(names) = self.fdnames {
            let found = names
                .iter()
                .filter(|&&b| b == b':')
                .count()
                .saturating_add(1);
            if found != count as usize {
                let names = u32::try_from(found).unwrap_or(u32::MAX);
                return Err(ActivationError::NamesMismatch { names, fds: count });
            }
        }
        let mut names = self.fdnames.map(|names| names.split(|&b| b == b':'));
        for fd in (LISTEN_FDS_START..).take(count as usize) {
            let name = match &mut names {
                Some(split) => split.next().unwrap_or(UNKNOWN),
                None => UNKNOWN,
            };
            // Cannot fail: `count` <= MAX_FDS was checked above.
            let _ = env.fds.push(ListenFd { fd, name });
        }
        Ok(env)
    }
}

/// A plain ASCII decimal number: one or more digits, no leading zero unless
/// it is `0`. Every syntax error is found before a range error.
// A subset of systemd's reader with the same value: the fuzz target
// `activation_env` checks each number it takes against libc's `strtol`.
fn decimal(text: &[u8], var: Variable) -> Result<u64, ActivationError> {
    let plain = match text {
        [] => false,
        [b'0', _, ..] => false,
        digits => digits.iter().all(u8::is_ascii_digit),
    };
    if !plain {
        return Err(ActivationError::Malformed(var));
    }
    let mut n: u64 = 0;
    for &digit in text {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(digit - b'0')))
            .ok_or(ActivationError::OutOfRange(var))?;
    }
    Ok(n)
}

/// One descriptor the environment names: its number and its name.
///
/// ```
/// use baresock::activation::ListenVars;
/// let env: [&[u8]; 2] = [b"LISTEN_PID=5", b"LISTEN_FDS=1"];
/// let env = ListenVars::from_entries(env).parse(5)?;
/// let first = env.fds()[0];
/// assert_eq!((first.fd(), first.name()), (3, &b"unknown"[..]));
/// # Ok::<(), baresock::activation::ActivationError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ListenFd<'a> {
    pub(super) fd: RawFd,
    pub(super) name: &'a [u8],
}

impl<'a> ListenFd<'a> {
    /// The descriptor number: 3, 4, ... in order.
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// let env: [&[u8]; 2] = [b"LISTEN_PID=5", b"LISTEN_FDS=2"];
    /// let env = ListenVars::from_entries(env).parse(5)?;
    /// assert_eq!(env.fds()[1].fd(), 4);
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    #[must_use]
    pub const fn fd(&self) -> RawFd {
        self.fd
    }

    /// The name, as written in `LISTEN_FDNAMES` (borrowed), or `unknown`.
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// let env: [&[u8]; 3] = [b"LISTEN_PID=5", b"LISTEN_FDS=2", b"LISTEN_FDNAMES=:x"];
    /// let env = ListenVars::from_entries(env).parse(5)?;
    /// assert_eq!((env.fds()[0].name(), env.fds()[1].name()), (&b""[..], &b"x"[..]));
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    #[must_use]
    pub const fn name(&self) -> &'a [u8] {
        self.name
    }

    /// The name as text, if it is UTF-8 (systemd's own names are ASCII).
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// let env: [&[u8]; 3] = [b"LISTEN_PID=5", b"LISTEN_FDS=1", b"LISTEN_FDNAMES=\xff"];
    /// let env = ListenVars::from_entries(env).parse(5)?;
    /// assert_eq!(env.fds()[0].name_str(), None);
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    #[must_use]
    pub fn name_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.name).ok()
    }
}

/// What the environment says this process was handed: the descriptors and
/// their names, at most [`MAX_FDS`], none when it was not activated.
///
/// Only numbers so far; [`ListenEnv::take`] turns them into sockets.
///
/// ```
/// use baresock::activation::ListenVars;
/// let env: [&[u8]; 3] = [b"LISTEN_PID=5", b"LISTEN_FDS=3", b"LISTEN_PIDFDID=81"];
/// let env = ListenVars::from_entries(env).parse(5)?;
/// assert_eq!(env.len(), 3);
/// assert_eq!(env.pidfd_id(), Some(81));
/// # Ok::<(), baresock::activation::ActivationError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListenEnv<'a> {
    pub(super) fds: heapless::Vec<ListenFd<'a>, MAX_FDS>,
    pidfd_id: Option<u64>,
}

impl<'a> ListenEnv<'a> {
    const EMPTY: Self = Self {
        fds: heapless::Vec::new(),
        pidfd_id: None,
    };

    /// The descriptors, in order (3, 4, ...).
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// let env: [&[u8]; 2] = [b"LISTEN_PID=5", b"LISTEN_FDS=2"];
    /// let fds: Vec<i32> = ListenVars::from_entries(env).parse(5)?.fds().iter().map(|f| f.fd()).collect();
    /// assert_eq!(fds, [3, 4]);
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    #[must_use]
    pub fn fds(&self) -> &[ListenFd<'a>] {
        &self.fds
    }

    /// How many descriptors: `LISTEN_FDS`, or 0 when not activated.
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// assert_eq!(ListenVars::default().parse(5)?.len(), 0);
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.fds.len()
    }

    /// Whether there is nothing to take.
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// let env: [&[u8]; 1] = [b"LISTEN_FDS=1"]; // no LISTEN_PID: not activated
    /// assert!(ListenVars::from_entries(env).parse(5)?.is_empty());
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fds.is_empty()
    }

    /// `LISTEN_PIDFDID`, when it was set for this process: read and checked
    /// for form, not compared (see the module doc).
    ///
    /// ```
    /// use baresock::activation::ListenVars;
    /// let env: [&[u8]; 2] = [b"LISTEN_PID=5", b"LISTEN_FDS=1"];
    /// assert_eq!(ListenVars::from_entries(env).parse(5)?.pidfd_id(), None);
    /// # Ok::<(), baresock::activation::ActivationError>(())
    /// ```
    #[must_use]
    pub const fn pidfd_id(&self) -> Option<u64> {
        self.pidfd_id
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use std::string::{String, ToString};
    use std::vec::Vec;
    use std::{format, vec};

    use ActivationError::{Malformed, NamesMismatch, OutOfRange, TooMany};
    use Variable::{Fds, Pid, PidFdId};

    const PID: u32 = 4242;

    fn parse<'a>(entries: &[&'a [u8]]) -> Result<ListenEnv<'a>, ActivationError> {
        ListenVars::from_entries(entries.iter().copied()).parse(PID)
    }

    fn fds_and_names(env: &ListenEnv<'_>) -> Vec<(RawFd, String)> {
        env.fds()
            .iter()
            .map(|f| (f.fd(), String::from_utf8_lossy(f.name()).into_owned()))
            .collect()
    }

    /// `KEY=` followed by `value`.
    fn entry(key: &str, value: &[u8]) -> Vec<u8> {
        let mut e = format!("{key}=").into_bytes();
        e.extend_from_slice(value);
        e
    }

    #[test]
    fn not_activated_is_nothing_and_no_error() {
        assert!(parse(&[]).unwrap().is_empty());
        assert!(parse(&[b"PATH=/bin"]).unwrap().is_empty());
        // LISTEN_FDS alone (no LISTEN_PID): nothing, as sd_listen_fds.
        assert!(parse(&[b"LISTEN_FDS=1"]).unwrap().is_empty());
        // LISTEN_PID alone: nothing.
        assert!(parse(&[b"LISTEN_PID=4242"]).unwrap().is_empty());
    }

    #[test]
    fn another_process_takes_nothing_whatever_else_is_wrong() {
        for fds in [
            &b"LISTEN_FDS=1"[..],
            b"LISTEN_FDS=x",
            b"LISTEN_FDS=0",
            b"LISTEN_FDS=99",
        ] {
            let env = parse(&[
                b"LISTEN_PID=4243",
                fds,
                b"LISTEN_FDNAMES=a:b:c",
                b"LISTEN_PIDFDID=z",
            ]);
            assert_eq!(
                env,
                Ok(ListenEnv::EMPTY),
                "{}",
                String::from_utf8_lossy(fds)
            );
        }
    }

    #[test]
    fn one_unnamed_descriptor_is_fd_3_unknown() {
        let env = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=1"]).unwrap();
        assert_eq!(fds_and_names(&env), [(3, "unknown".to_string())]);
        assert_eq!(env.pidfd_id(), None);
    }

    #[test]
    fn names_are_split_at_every_colon_and_borrowed() {
        let names: &[u8] = b"LISTEN_FDNAMES=web:admin::x\\";
        let env = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=4", names]).unwrap();
        let got: Vec<&[u8]> = env.fds().iter().map(|f| f.name()).collect();
        assert_eq!(got, [&b"web"[..], b"admin", b"", b"x\\"]);
        let fds: Vec<RawFd> = env.fds().iter().map(|f| f.fd()).collect();
        assert_eq!(fds, [3, 4, 5, 6]);
        // Borrowed: each name points into the entry.
        for f in env.fds() {
            assert!(names.as_ptr_range().contains(&f.name().as_ptr()) || f.name().is_empty());
        }
    }

    #[test]
    fn empty_fdnames_is_one_empty_name() {
        let env = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=1", b"LISTEN_FDNAMES="]).unwrap();
        assert_eq!(fds_and_names(&env), [(3, String::new())]);
        assert_eq!(
            parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=2", b"LISTEN_FDNAMES="]),
            Err(NamesMismatch { names: 1, fds: 2 })
        );
    }

    #[test]
    fn names_that_do_not_match_the_count() {
        let with = |names: &'static [u8]| parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=2", names]);
        assert_eq!(
            with(b"LISTEN_FDNAMES=a"),
            Err(NamesMismatch { names: 1, fds: 2 })
        );
        assert_eq!(
            with(b"LISTEN_FDNAMES=a:b:c"),
            Err(NamesMismatch { names: 3, fds: 2 })
        );
        assert_eq!(
            with(b"LISTEN_FDNAMES=::"),
            Err(NamesMismatch { names: 3, fds: 2 })
        );
        let env = with(b"LISTEN_FDNAMES=:").unwrap();
        assert_eq!(
            fds_and_names(&env),
            [(3, String::new()), (4, String::new())]
        );
    }

    #[test]
    fn numbers_systemd_writes_are_read() {
        let env = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=16"]).unwrap();
        assert_eq!(env.len(), MAX_FDS);
        assert_eq!(env.fds().last().map(ListenFd::fd), Some(18));
        let max_pid = entry("LISTEN_PID", i32::MAX.to_string().as_bytes());
        let vars = ListenVars::from_entries([&max_pid[..], b"LISTEN_FDS=1"]);
        assert_eq!(vars.parse(i32::MAX as u32).unwrap().len(), 1);
        let one = ListenVars::from_entries([&b"LISTEN_PID=1"[..], b"LISTEN_FDS=1"]);
        assert_eq!(one.parse(1).unwrap().len(), 1);
    }

    #[test]
    fn malformed_numbers_are_refused() {
        let bad: [&[u8]; 19] = [
            b"",
            b"+1",
            b"-1",
            b"-0",
            b" 1",
            b"1 ",
            b"\t1",
            b"01",
            b"00",
            b"0x10",
            b"0o7",
            b"0b1",
            b"1a",
            b"1.0",
            b"\xd9\xa1",
            b"1\0",
            b"\x001",
            b"1_0",
            b"\xff",
        ];
        for text in bad {
            let show = String::from_utf8_lossy(text);
            let pid = entry("LISTEN_PID", text);
            assert_eq!(
                parse(&[&pid, b"LISTEN_FDS=1"]),
                Err(Malformed(Pid)),
                "pid {show:?}"
            );
            let fds = entry("LISTEN_FDS", text);
            assert_eq!(
                parse(&[b"LISTEN_PID=4242", &fds]),
                Err(Malformed(Fds)),
                "fds {show:?}"
            );
            let id = entry("LISTEN_PIDFDID", text);
            let got = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=1", &id]);
            assert_eq!(got, Err(Malformed(PidFdId)), "pidfdid {show:?}");
        }
    }

    #[test]
    fn syntax_errors_win_over_range_errors() {
        let long = b"LISTEN_FDS=99999999999999999999999999x";
        assert_eq!(parse(&[b"LISTEN_PID=4242", long]), Err(Malformed(Fds)));
    }

    #[test]
    fn out_of_range_numbers() {
        assert_eq!(
            parse(&[b"LISTEN_PID=0", b"LISTEN_FDS=1"]),
            Err(OutOfRange(Pid))
        );
        let past_pid_t = b"LISTEN_PID=2147483648";
        assert_eq!(parse(&[past_pid_t, b"LISTEN_FDS=1"]), Err(OutOfRange(Pid)));
        let huge = b"LISTEN_PID=99999999999999999999999999";
        assert_eq!(parse(&[huge, b"LISTEN_FDS=1"]), Err(OutOfRange(Pid)));
        assert_eq!(
            parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=0"]),
            Err(OutOfRange(Fds))
        );
        // 3 + count must stay an int: 2147483644 is the last count allowed.
        let last = b"LISTEN_FDS=2147483644";
        assert_eq!(
            parse(&[b"LISTEN_PID=4242", last]),
            Err(TooMany {
                count: 2_147_483_644
            })
        );
        let past = b"LISTEN_FDS=2147483645";
        assert_eq!(parse(&[b"LISTEN_PID=4242", past]), Err(OutOfRange(Fds)));
        let past_u64 = b"LISTEN_FDS=18446744073709551616";
        assert_eq!(parse(&[b"LISTEN_PID=4242", past_u64]), Err(OutOfRange(Fds)));
        let id = b"LISTEN_PIDFDID=18446744073709551616";
        let got = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=1", id]);
        assert_eq!(got, Err(OutOfRange(PidFdId)));
        let id = b"LISTEN_PIDFDID=18446744073709551615";
        let env = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=1", id]).unwrap();
        assert_eq!(env.pidfd_id(), Some(u64::MAX));
    }

    #[test]
    fn more_than_max_fds_is_too_many_and_checked_before_names() {
        let names = b"LISTEN_FDNAMES=a";
        assert_eq!(
            parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=17", names]),
            Err(TooMany { count: 17 })
        );
    }

    #[test]
    fn the_first_entry_of_a_key_counts_and_keys_are_exact() {
        let env = parse(&[
            b"LISTEN_FDS=2",
            b"LISTEN_PID=4242",
            b"LISTEN_FDS=1",
            b"LISTEN_PID=1",
            b"listen_fds=9",
            b"LISTEN_FDS_=9",
            b" LISTEN_FDS=9",
            b"LISTEN_FDS",
        ])
        .unwrap();
        assert_eq!(env.len(), 2);
    }

    #[test]
    fn pidfd_id_is_read_only_for_this_process() {
        let id = b"LISTEN_PIDFDID=81";
        let env = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=1", id]).unwrap();
        assert_eq!(env.pidfd_id(), Some(81));
        // Read before LISTEN_FDS, as systemd does: its error wins.
        let bad = b"LISTEN_PIDFDID=x";
        let got = parse(&[b"LISTEN_PID=4242", b"LISTEN_FDS=x", bad]);
        assert_eq!(got, Err(Malformed(PidFdId)));
        // Set, but no LISTEN_FDS: nothing to take, and the id is kept.
        assert_eq!(
            parse(&[b"LISTEN_PID=4242", id]).unwrap().pidfd_id(),
            Some(81)
        );
    }

    #[test]
    fn entries_may_be_any_bytes() {
        let odd: [&[u8]; 5] = [b"", b"=", b"==", b"\xff=\xff", b"LISTEN_PID"];
        assert_eq!(ListenVars::from_entries(odd), ListenVars::default());
        let vars = ListenVars::from_entries([&b"LISTEN_FDNAMES="[..]]);
        assert_eq!(vars.fdnames, Some(&b""[..]));
        let many = vec![&b"LISTEN_PID=4242"[..]; 10_000];
        assert!(ListenVars::from_entries(many)
            .parse(PID)
            .unwrap()
            .is_empty());
    }
}
