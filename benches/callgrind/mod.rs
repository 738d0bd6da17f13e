//! Counting a function's user-space instructions with callgrind.
//!
//! A bench binary re-runs itself under `valgrind --tool=callgrind` with
//! `--toggle-collect=<function>`, so only the instructions executed inside
//! that function (and everything it calls) are counted, and reads the total
//! from the profile callgrind writes. Instruction counts are deterministic for
//! one binary and input, whatever else the machine is doing, so they can
//! gate CI where times cannot.
//!
//! The per-iteration figure is `(I(n) - I(0)) / n`: the same function run for
//! `n` iterations and for none, so the fixed cost of entering it (and of any
//! setup it does) cancels out.
//!
//! Any bench can use it: `mod callgrind;`, make the measured function
//! `#[no_mangle] #[inline(never)]` and take its iteration count from the
//! command line, and answer `<exe> measure <mode> <n>` by running it.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// A valgrind found on `PATH` (or at `$VALGRIND`) and the binary to run under it.
pub struct Callgrind {
    valgrind: PathBuf,
    exe: PathBuf,
    out_dir: PathBuf,
}

impl Callgrind {
    /// `None` when valgrind is not installed (the caller says so and skips).
    pub fn find() -> Option<Self> {
        let valgrind =
            std::env::var_os("VALGRIND").map_or_else(|| PathBuf::from("valgrind"), PathBuf::from);
        let works = Command::new(&valgrind)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !works {
            return None;
        }
        let exe = std::env::current_exe().ok()?;
        let out_dir =
            std::env::temp_dir().join(format!("baresock-callgrind-{}", std::process::id()));
        std::fs::create_dir_all(&out_dir).ok()?;
        Some(Self {
            valgrind,
            exe,
            out_dir,
        })
    }

    /// `valgrind --version`, for the report.
    pub fn version(&self) -> String {
        Command::new(&self.valgrind)
            .arg("--version")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    }

    /// Runs this binary with `args` under callgrind, counting inside
    /// `function` only, and returns the profile's text. No cache model and
    /// no per-instruction dump; the branch predictor's model only when
    /// `branch_sim` (it slows the run).
    fn profile(&self, function: &str, args: &[&str], branch_sim: bool) -> Result<String, String> {
        let out = self.out_dir.join(format!(
            "{function}.{}.{}.out",
            args.join("."),
            if branch_sim { "branch" } else { "ir" }
        ));
        let run = Command::new(&self.valgrind)
            .arg("--tool=callgrind")
            .arg(format!("--callgrind-out-file={}", out.display()))
            .arg(format!("--toggle-collect={function}"))
            .arg("--cache-sim=no")
            .arg(format!(
                "--branch-sim={}",
                if branch_sim { "yes" } else { "no" }
            ))
            .arg(&self.exe)
            .args(args)
            .stdout(Stdio::null())
            .output()
            .map_err(|e| format!("running valgrind: {e}"))?;
        if !run.status.success() {
            return Err(format!(
                "valgrind {:?} failed ({}):\n{}",
                args,
                run.status,
                String::from_utf8_lossy(&run.stderr)
            ));
        }
        let profile =
            std::fs::read_to_string(&out).map_err(|e| format!("reading {}: {e}", out.display()))?;
        let _ = std::fs::remove_file(&out);
        Ok(profile)
    }

    /// The profile's `totals:` line (older valgrinds: `summary:`): the
    /// events collected while the toggle was on, in the `events:` order.
    fn totals(profile: &str) -> Option<&str> {
        profile.lines().find_map(|l| {
            l.strip_prefix("totals:")
                .or_else(|| l.strip_prefix("summary:"))
        })
    }

    /// The instructions executed inside `function` while this binary runs with `args`.
    pub fn instructions(&self, function: &str, args: &[&str]) -> Result<u64, String> {
        let profile = self.profile(function, args, false)?;
        Self::totals(&profile)
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("no totals line for {function} {args:?}"))
    }

    /// Instructions and branches executed inside `function` while this
    /// binary runs with `args`, with callgrind's branch simulation on (the
    /// predictor model cachegrind shares: a table of 2-bit counters for
    /// conditional branches, a last-target table for indirect ones).
    pub fn branches(&self, function: &str, args: &[&str]) -> Result<Events, String> {
        let profile = self.profile(function, args, true)?;
        let names: Vec<&str> = profile
            .lines()
            .find_map(|l| l.strip_prefix("events:"))
            .ok_or_else(|| format!("no events line for {function} {args:?}"))?
            .split_whitespace()
            .collect();
        let values: Vec<u64> = Self::totals(&profile)
            .ok_or_else(|| format!("no totals line for {function} {args:?}"))?
            .split_whitespace()
            .map(|v| v.parse().unwrap_or(0))
            .collect();
        let get = |name: &str| {
            names
                .iter()
                .position(|n| *n == name)
                .and_then(|i| values.get(i).copied())
                .unwrap_or(0)
        };
        Ok(Events {
            instructions: get("Ir"),
            branches: get("Bc") + get("Bi"),
            mispredicted: get("Bcm") + get("Bim"),
        })
    }

    /// `(I(n) - I(0)) / n` for `<exe> measure <mode> <n>` with the toggle on `function`.
    pub fn per_iteration(&self, function: &str, mode: &str, n: u32) -> Result<f64, String> {
        let base = self.instructions(function, &["measure", mode, "0"])?;
        let loaded = self.instructions(function, &["measure", mode, &n.to_string()])?;
        if loaded <= base {
            return Err(format!(
                "{function}: {n} iterations counted {loaded} <= {base} for none"
            ));
        }
        Ok((loaded - base) as f64 / f64::from(n))
    }
}

/// What [`Callgrind::branches`] counts.
#[derive(Clone, Copy, Debug, Default)]
pub struct Events {
    /// Instructions executed.
    pub instructions: u64,
    /// Branches executed, conditional and indirect.
    pub branches: u64,
    /// Of those, the ones the simulated predictor got wrong.
    pub mispredicted: u64,
}

impl Drop for Callgrind {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.out_dir);
    }
}
