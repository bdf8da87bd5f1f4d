//! Who holds a claim on a message: this process, named by its host, boot, process
//! namespace, process id and start time; and whether a process so named on this same host
//! is gone, so that its claims can be taken back at once instead of after the lease.
//!
//! A process id alone is not enough: ids are reused, so the start time (in clock ticks
//! since boot, from `/proc/PID/stat`) must match too. Two containers may share a host name
//! and even a process id, so "the same host" means the same boot id and the same process
//! namespace; anything else is another host, whose processes we cannot see, and its claims
//! are left to their lease. Where `/proc` is missing (not Linux), nothing is ever judged
//! gone.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseOwner {
    host: String,
    boot: String,
    namespace: String,
    pid: u32,
    started: u64,
}

impl LeaseOwner {
    /// This process.
    pub fn current() -> Self {
        let pid = std::process::id();
        Self {
            host: read_trimmed("/proc/sys/kernel/hostname").unwrap_or_else(|| "-".into()),
            boot: read_trimmed("/proc/sys/kernel/random/boot_id").unwrap_or_else(|| "-".into()),
            namespace: pid_namespace().unwrap_or_else(|| "-".into()),
            pid,
            started: start_ticks(pid).unwrap_or(0),
        }
    }

    /// Reads back what `to_string` wrote; None for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        let mut parts = s.rsplitn(5, '/');
        let started = parts.next()?.parse().ok()?;
        let pid = parts.next()?.parse().ok()?;
        let namespace = parts.next()?.to_owned();
        let boot = parts.next()?.to_owned();
        let host = parts.next()?.to_owned();
        Some(Self {
            host,
            boot,
            namespace,
            pid,
            started,
        })
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// True when this names a process on the same host as `here` that no longer runs: no
    /// process has its id, or the one that has it started at another time.
    pub fn is_gone(&self, here: &LeaseOwner) -> bool {
        let same_host = self.boot != "-"
            && self.boot == here.boot
            && self.namespace == here.namespace
            && self.host == here.host;
        same_host && start_ticks(self.pid) != Some(self.started)
    }
}

impl fmt::Display for LeaseOwner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}/{}/{}",
            self.host, self.boot, self.namespace, self.pid, self.started
        )
    }
}

fn read_trimmed(path: &str) -> Option<String> {
    let s = std::fs::read_to_string(path).ok()?;
    let s = s.trim().replace('/', "_");
    (!s.is_empty()).then_some(s)
}

/// The process namespace's inode, e.g. `4026531836`.
fn pid_namespace() -> Option<String> {
    let link = std::fs::read_link("/proc/self/ns/pid").ok()?;
    let text = link.to_string_lossy();
    let inode = text.strip_prefix("pid:[")?.strip_suffix(']')?;
    Some(inode.to_owned())
}

/// When process `pid` started, in clock ticks after boot: field 22 of `/proc/PID/stat`,
/// counted after the command name, which is in parentheses and may hold spaces.
fn start_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::LeaseOwner;

    #[test]
    fn an_owner_reads_back_and_this_process_is_not_gone() {
        let me = LeaseOwner::current();
        let back = LeaseOwner::parse(&me.to_string()).expect("parses");
        assert_eq!(back, me);
        if cfg!(target_os = "linux") {
            assert!(me.started > 0, "a start time from /proc: {me}");
        }
        assert!(!me.is_gone(&me));
        assert_eq!(LeaseOwner::parse("not an owner"), None);
    }

    #[test]
    fn a_process_that_ended_or_was_replaced_is_gone_but_only_on_this_host() {
        let me = LeaseOwner::current();
        if !cfg!(target_os = "linux") {
            return;
        }
        let mut child = std::process::Command::new("true").spawn().expect("spawn");
        let pid = child.id();
        child.wait().expect("wait");
        let ended = LeaseOwner { pid, ..me.clone() };
        assert!(ended.is_gone(&me), "a reaped child is gone");
        let reused = LeaseOwner {
            started: me.started + 1,
            ..me.clone()
        };
        assert!(reused.is_gone(&me), "the same id with another start time");
        let elsewhere = LeaseOwner {
            pid,
            boot: "another-boot".into(),
            ..me.clone()
        };
        assert!(
            !elsewhere.is_gone(&me),
            "another host's process is never judged"
        );
    }
}
