//! The std helper: the protocol's variables copied out of std's
//! environment. Its two `unsafe fn`s are in `take.rs`, the one file of this
//! module that allows `unsafe`.

use super::{ListenVars, Variable};

/// The protocol's variables copied out of std's environment (feature
/// `std`), optionally unsetting them as sd_listen_fds(1) does.
///
/// The copy is what the names of the [`Listeners`](super::Listeners) borrow from, so it must
/// outlive them; it is four small strings.
///
/// ```
/// use baresock::activation::OwnedVars;
/// let vars = OwnedVars::from_env();
/// // This test process was not socket-activated.
/// assert!(vars.vars().parse(std::process::id())?.is_empty());
/// # Ok::<(), baresock::activation::ActivationError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnedVars {
    pid: Option<std::ffi::OsString>,
    fds: Option<std::ffi::OsString>,
    fdnames: Option<std::ffi::OsString>,
    pidfd_id: Option<std::ffi::OsString>,
}

impl OwnedVars {
    pub(super) const NAMES: [&'static str; 4] = [
        Variable::Pid.name(),
        Variable::Fds.name(),
        Variable::FdNames.name(),
        Variable::PidFdId.name(),
    ];

    /// Copies the variables, leaving the environment as it is
    /// (`sd_listen_fds(0)`).
    ///
    /// ```
    /// let vars = baresock::activation::OwnedVars::from_env();
    /// assert!(vars.vars().pid.is_none() || std::env::var_os("LISTEN_PID").is_some());
    /// ```
    #[must_use]
    pub fn from_env() -> Self {
        let [pid, fds, fdnames, pidfd_id] = Self::NAMES.map(std::env::var_os);
        Self {
            pid,
            fds,
            fdnames,
            pidfd_id,
        }
    }

    /// The copied variables, for [`ListenVars::parse`].
    ///
    /// ```
    /// let vars = baresock::activation::OwnedVars::default();
    /// assert_eq!(vars.vars(), baresock::activation::ListenVars::default());
    /// ```
    #[must_use]
    pub fn vars(&self) -> ListenVars<'_> {
        fn bytes(value: &Option<std::ffi::OsString>) -> Option<&[u8]> {
            use std::os::unix::ffi::OsStrExt;
            value.as_deref().map(OsStrExt::as_bytes)
        }
        ListenVars {
            pid: bytes(&self.pid),
            fds: bytes(&self.fds),
            fdnames: bytes(&self.fdnames),
            pidfd_id: bytes(&self.pidfd_id),
        }
    }
}
