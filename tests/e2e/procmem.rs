//! Memory of a process and every process it started (WebKit's web and
//! network processes), read from `/proc/PID/smaps_rollup`.
//!
//! RSS counts each shared library in full in every process that maps it;
//! PSS divides shared pages among the processes sharing them, so PSS sums
//! to what the family really costs the machine.

use std::path::Path;

/// One process: its name and its memory in kB.
#[derive(Debug, Clone)]
pub struct ProcessMemory {
    pub pid: u32,
    pub name: String,
    pub rss_kb: u64,
    pub pss_kb: u64,
}

/// The processes of one family at one moment.
#[derive(Debug, Clone, Default)]
pub struct FamilyMemory {
    pub members: Vec<ProcessMemory>,
}

impl FamilyMemory {
    pub fn rss_kb(&self) -> u64 {
        self.members.iter().map(|m| m.rss_kb).sum()
    }

    pub fn pss_kb(&self) -> u64 {
        self.members.iter().map(|m| m.pss_kb).sum()
    }

    /// (rss, pss) in kB summed over the members called `name`.
    pub fn of(&self, name: &str) -> (u64, u64) {
        self.members
            .iter()
            .filter(|m| m.name == name)
            .fold((0, 0), |(r, p), m| (r + m.rss_kb, p + m.pss_kb))
    }

    /// Member names, each once, in the order first seen.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for m in &self.members {
            if !names.contains(&m.name) {
                names.push(m.name.clone());
            }
        }
        names
    }
}

struct Process {
    pid: u32,
    ppid: u32,
    name: String,
    exe: std::path::PathBuf,
}

fn processes() -> Vec<Process> {
    let mut all = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return all;
    };
    for entry in entries.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(status) = std::fs::read_to_string(entry.path().join("status")) else {
            continue;
        };
        let field = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        // `Name:` is cut at 15 characters ("WebKitWebProces"): the first
        // word of the command line names the program in full.
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let argv0 = cmdline.split(|b| *b == 0).next().unwrap_or_default();
        let name = Path::new(&*String::from_utf8_lossy(argv0))
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| field("Name:"));
        all.push(Process {
            pid,
            ppid: field("PPid:").parse().unwrap_or(0),
            name,
            exe: std::fs::read_link(entry.path().join("exe")).unwrap_or_default(),
        });
    }
    all
}

/// `Rss:` and `Pss:` (kB) of one process; zeros when it is gone.
fn rollup(pid: u32) -> (u64, u64) {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("Rss:"), field("Pss:"))
}

/// The processes whose executable is `binary`, and all their descendants.
/// Their own processes are called `root_name`.
pub fn family_of_binary(binary: &Path, root_name: &str) -> FamilyMemory {
    let all = processes();
    let roots: Vec<u32> = all
        .iter()
        .filter(|p| p.exe == binary)
        .map(|p| p.pid)
        .collect();
    family(&all, &roots, root_name)
}

/// Process `pid` and all its descendants; `pid` is called `root_name`.
pub fn family_of_pid(pid: u32, root_name: &str) -> FamilyMemory {
    family(&processes(), &[pid], root_name)
}

fn family(all: &[Process], roots: &[u32], root_name: &str) -> FamilyMemory {
    let mut pids: Vec<u32> = roots.to_vec();
    loop {
        let before = pids.len();
        for p in all {
            if pids.contains(&p.ppid) && !pids.contains(&p.pid) {
                pids.push(p.pid);
            }
        }
        if pids.len() == before {
            break;
        }
    }
    let members = all
        .iter()
        .filter(|p| pids.contains(&p.pid))
        .map(|p| {
            let (rss_kb, pss_kb) = rollup(p.pid);
            let name = if roots.contains(&p.pid) {
                root_name.to_owned()
            } else {
                p.name.clone()
            };
            ProcessMemory {
                pid: p.pid,
                name,
                rss_kb,
                pss_kb,
            }
        })
        // Kernel threads and processes that exited meanwhile have no memory.
        .filter(|m| m.rss_kb > 0)
        .collect();
    FamilyMemory { members }
}
