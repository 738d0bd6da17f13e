//! Steering a `SO_REUSEPORT` group with a classic BPF program:
//! `SO_ATTACH_REUSEPORT_CBPF` and `SO_DETACH_REUSEPORT_BPF`. How a group
//! is steered, for a user, is the `impl Socket` block's doc (see
//! `opt/mod.rs`).
//!
//! # References
//! - [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html)
//! - [Linux Socket Filtering](https://docs.kernel.org/networking/filter.html)
//!   (classic BPF, its ancillary loads)

use core::fmt;

use linux_raw_sys::if_tun::{
    sock_filter, BPF_A, BPF_ABS, BPF_ALU, BPF_K, BPF_LD, BPF_MOD, BPF_RET, BPF_W, SKF_AD_CPU,
    SKF_AD_OFF, SKF_AD_RXHASH,
};
use linux_raw_sys::net::{SOL_SOCKET, SO_DETACH_REUSEPORT_BPF};

use crate::{sys, Result, Socket};

/// The longest program baresock builds.
const MAX_LEN: usize = 3;

/// A classic BPF program that picks a member of a `SO_REUSEPORT` group for
/// each new connection or datagram, for [`Socket::attach_reuseport_cbpf`].
///
/// ```
/// use baresock::ReuseportProgram;
/// let by_cpu = ReuseportProgram::by_cpu(4).expect("a group of 4");
/// assert_eq!(by_cpu.len(), 3);
/// assert!(ReuseportProgram::by_cpu(0).is_none(), "no group of 0");
/// ```
#[derive(Clone, Copy)]
pub struct ReuseportProgram {
    insns: [sock_filter; MAX_LEN],
    // 1..=MAX_LEN instructions of `insns` are the program.
    len: u16,
}

/// One instruction: `code`, then `k` (no jumps in these programs).
const fn insn(code: u32, k: u32) -> sock_filter {
    sock_filter {
        // The BPF_* classes and modes are all below 0x100.
        code: code as u16,
        jt: 0,
        jf: 0,
        k,
    }
}

/// `ld` of the ancillary word at `SKF_AD_OFF + at`: the kernel's own
/// values, such as the CPU or the packet's hash.
const fn load_ancillary(at: u32) -> sock_filter {
    insn(
        BPF_LD | BPF_W | BPF_ABS,
        SKF_AD_OFF.wrapping_add(at as i32) as u32,
    )
}

impl ReuseportProgram {
    /// Each to the member numbered as the CPU that handles it, modulo
    /// `group_len`: with one member per CPU, a connection stays on the CPU
    /// its packets arrive on (`ld #cpu; mod #group_len; ret a`). `None`
    /// for a group of 0.
    ///
    /// ```
    /// assert!(baresock::ReuseportProgram::by_cpu(2).is_some());
    /// ```
    #[must_use]
    pub const fn by_cpu(group_len: u32) -> Option<Self> {
        Self::modulo(SKF_AD_CPU, group_len)
    }

    /// Each to the member numbered by the packet's flow hash, modulo
    /// `group_len` (`ld #rxhash; mod #group_len; ret a`). `None` for a group
    /// of 0.
    ///
    /// ```
    /// assert!(baresock::ReuseportProgram::by_hash(8).is_some());
    /// ```
    #[must_use]
    pub const fn by_hash(group_len: u32) -> Option<Self> {
        Self::modulo(SKF_AD_RXHASH, group_len)
    }

    /// Every one to the member numbered `index` (`ret #index`), for
    /// draining the others before they close.
    ///
    /// ```
    /// assert_eq!(baresock::ReuseportProgram::to_index(1).len(), 1);
    /// ```
    #[must_use]
    pub const fn to_index(index: u32) -> Self {
        // One instruction; the unused slots are never passed on.
        Self {
            insns: [insn(BPF_RET | BPF_K, index); MAX_LEN],
            len: 1,
        }
    }

    const fn modulo(ancillary: u32, group_len: u32) -> Option<Self> {
        if group_len == 0 {
            return None;
        }
        Some(Self {
            insns: [
                load_ancillary(ancillary),
                insn(BPF_ALU | BPF_MOD | BPF_K, group_len),
                insn(BPF_RET | BPF_A, 0),
            ],
            len: 3,
        })
    }

    /// The number of instructions.
    ///
    /// ```
    /// assert_eq!(baresock::ReuseportProgram::by_hash(2).map(|p| p.len()), Some(3));
    /// ```
    #[must_use]
    #[allow(clippy::len_without_is_empty)] // a program is never empty
    pub const fn len(&self) -> usize {
        self.len as usize
    }

    fn insns(&self) -> &[sock_filter] {
        self.insns.get(..self.len()).unwrap_or(&[])
    }
}

impl fmt::Debug for ReuseportProgram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for i in self.insns() {
            list.entry(&format_args!("{{ code: {:#06x}, k: {:#x} }}", i.code, i.k));
        }
        list.finish()
    }
}

/// Steering a `SO_REUSEPORT` group with a [`ReuseportProgram`].
///
/// Sockets bound to one address and port with `SO_REUSEPORT` form a group,
/// numbered in the order they joined it (for TCP, the order of listen(2)).
/// By default the kernel spreads new connections (or datagrams) over the
/// group by a hash of the peer; a program attached to any member instead
/// returns the index of the member that gets each one. An index past the
/// group's end falls back to the hash.
impl Socket {
    /// `SO_ATTACH_REUSEPORT_CBPF`: `program` picks the member of this
    /// socket's `SO_REUSEPORT` group (set [`Socket::set_reuse_port`] on
    /// every member first) that gets each new connection or datagram. It
    /// serves the whole group, whichever member it is attached to, and
    /// replaces any program attached before.
    ///
    /// # Errors
    /// [`Error::Inval`](crate::Error::Inval) on a socket without
    /// `SO_REUSEPORT`; [`Error::NotSock`](crate::Error::NotSock).
    ///
    /// ```
    /// use baresock::{Backlog, Domain, ReuseportProgram, SockAddrIn, Socket, Type};
    /// # if std::env::var_os("BARESOCK_TEST_RUNNER").is_some() { return Ok(()); } // qemu-user lacks it
    /// let first = Socket::new(Domain::INET, Type::STREAM, None)?;
    /// first.set_reuse_port(true)?;
    /// first.bind(&SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0))?;
    /// first.listen(Backlog::DEFAULT)?;
    /// first.attach_reuseport_cbpf(&ReuseportProgram::to_index(0))?;
    /// first.detach_reuseport_bpf()?;
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_ATTACH_REUSEPORT_CBPF")]
    pub fn attach_reuseport_cbpf(&self, program: &ReuseportProgram) -> Result<()> {
        sys::set_reuseport_cbpf(self.fd(), program.insns())
    }

    /// `SO_DETACH_REUSEPORT_BPF`: removes the group's program; the kernel
    /// spreads by hash again.
    ///
    /// # Errors
    /// [`Error::NoEnt`](crate::Error::NoEnt) when no program is attached.
    ///
    /// ```
    /// let s = baresock::Socket::new(baresock::Domain::INET, baresock::Type::DGRAM, None)?;
    /// assert!(s.detach_reuseport_bpf().is_err(), "nothing attached");
    /// # Ok::<(), baresock::Error>(())
    /// ```
    #[doc(alias = "SO_DETACH_REUSEPORT_BPF")]
    pub fn detach_reuseport_bpf(&self) -> Result<()> {
        // The kernel ignores the value.
        sys::setsockopt(self.fd(), SOL_SOCKET, SO_DETACH_REUSEPORT_BPF, &0i32)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::{Backlog, Domain, Error, SockAddr, SockAddrIn, Type};
    use core::time::Duration;
    use std::vec::Vec;

    /// Two TCP listeners in one `SO_REUSEPORT` group on 127.0.0.1: index 0
    /// listens first.
    fn group() -> [Socket; 2] {
        let first = listener(SockAddrIn::new(core::net::Ipv4Addr::LOCALHOST, 0));
        let addr = first.local_addr().unwrap();
        let SockAddr::Inet(addr) = addr else {
            panic!("{addr:?}")
        };
        [first, listener(addr)]
    }

    fn listener(addr: SockAddrIn) -> Socket {
        let s = Socket::new_with(
            Domain::INET,
            Type::STREAM,
            None,
            crate::Flags::DEFAULT.nonblocking(),
        )
        .unwrap();
        s.set_reuse_port(true).unwrap();
        s.bind(&addr).unwrap();
        s.listen(Backlog::DEFAULT).unwrap();
        s
    }

    /// Attaches `program` to `sock`; false where qemu-user (CI's other
    /// architectures) does not emulate the option, which fails the test
    /// anywhere else.
    fn attach(sock: &Socket, program: &ReuseportProgram) -> bool {
        match sock.attach_reuseport_cbpf(program) {
            Ok(()) => true,
            Err(Error::NoProtoOpt)
                if std::env::var_os("BARESOCK_TEST_RUNNER").is_some_and(|r| !r.is_empty()) =>
            {
                std::eprintln!("SO_ATTACH_REUSEPORT_CBPF is not emulated: not tested here");
                false
            }
            Err(e) => panic!("SO_ATTACH_REUSEPORT_CBPF: {e}"),
        }
    }

    /// Connects `n` clients (kept open) and counts what each listener
    /// accepted.
    fn spread(group: &[Socket; 2], n: usize) -> [usize; 2] {
        let addr = group[0].local_addr().unwrap();
        let clients: Vec<Socket> = (0..n)
            .map(|_| {
                let c = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
                c.connect(&addr).unwrap();
                c
            })
            .collect();
        // Handshakes on loopback complete before connect returns.
        std::thread::sleep(Duration::from_millis(20));
        let mut counts = [0; 2];
        for (i, l) in group.iter().enumerate() {
            while l.accept_bare(crate::Flags::DEFAULT).is_ok() {
                counts[i] += 1;
            }
        }
        drop(clients);
        counts
    }

    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn every_connection_goes_to_the_index_returned() {
        let g = group();
        if !attach(&g[0], &ReuseportProgram::to_index(1)) {
            return;
        }
        assert_eq!(spread(&g, 20), [0, 20], "all to the second");
        // Attached to either member, it serves the group.
        g[1].attach_reuseport_cbpf(&ReuseportProgram::to_index(0))
            .unwrap();
        assert_eq!(spread(&g, 20), [20, 0], "all to the first");
        // Detached: the hash spreads them again (over 64 connections, the
        // chance that one side gets none is 2^-63).
        g[0].detach_reuseport_bpf().unwrap();
        let counts = spread(&g, 64);
        assert_eq!(counts[0] + counts[1], 64);
        assert!(counts[0] > 0 && counts[1] > 0, "{counts:?}");
        assert_eq!(g[0].detach_reuseport_bpf(), Err(Error::NoEnt));
    }

    /// With the connecting thread pinned to each CPU in turn, `by_cpu`
    /// sends its connections to that CPU's member: loopback handles a
    /// packet on the CPU that sent it.
    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn by_cpu_follows_the_cpu_the_connection_arrives_on() {
        use rustix::thread::{sched_getaffinity, sched_setaffinity, CpuSet};
        let allowed = sched_getaffinity(None).unwrap();
        let cpus: Vec<usize> = (0..CpuSet::MAX_CPU)
            .filter(|&c| allowed.is_set(c))
            .take(2)
            .collect();
        if cpus.len() < 2 {
            std::eprintln!("one CPU: by_cpu not tested");
            return;
        }
        let g = group();
        if !attach(&g[0], &ReuseportProgram::by_cpu(2).unwrap()) {
            return;
        }
        let counts = std::thread::scope(|s| {
            cpus.iter()
                .map(|&cpu| {
                    let g = &g;
                    s.spawn(move || {
                        let mut only = CpuSet::new();
                        only.set(cpu);
                        sched_setaffinity(None, &only).unwrap();
                        (cpu, spread(g, 10))
                    })
                    .join()
                    .unwrap()
                })
                .collect::<Vec<_>>()
        });
        for (cpu, counts) in counts {
            let mut expected = [0; 2];
            expected[cpu % 2] = 10;
            assert_eq!(counts, expected, "connections from CPU {cpu}");
        }
    }

    #[test]
    #[cfg_attr(miri, ignore = "makes system calls")]
    fn a_program_needs_so_reuseport() {
        let s = Socket::new(Domain::INET, Type::STREAM, None).unwrap();
        let got = s.attach_reuseport_cbpf(&ReuseportProgram::to_index(0));
        let emulated = std::env::var_os("BARESOCK_TEST_RUNNER").is_some_and(|r| !r.is_empty());
        if !(emulated && got == Err(Error::NoProtoOpt)) {
            assert_eq!(got, Err(Error::Inval));
        }
    }

    #[test]
    fn programs_are_the_documented_instructions() {
        let p = ReuseportProgram::by_cpu(4).unwrap();
        let got: Vec<(u16, u32)> = p.insns().iter().map(|i| (i.code, i.k)).collect();
        // ld [SKF_AD_OFF + SKF_AD_CPU]; mod #4; ret a
        assert_eq!(got, [(0x20, 0xffff_f024), (0x94, 4), (0x16, 0)]);
        let p = ReuseportProgram::to_index(7);
        let got: Vec<(u16, u32)> = p.insns().iter().map(|i| (i.code, i.k)).collect();
        assert_eq!(got, [(0x06, 7)]);
    }
}
