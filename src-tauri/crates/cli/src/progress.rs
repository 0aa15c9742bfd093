//! Progress for long work on stderr: a bar on a terminal, a few plain lines
//! otherwise (so logs of scripted runs stay readable).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

pub struct Progress {
    bar: Option<ProgressBar>,
    what: String,
    last_percent: u64,
}

impl Progress {
    pub fn new(what: impl Into<String>, total: u64) -> Progress {
        let what = what.into();
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(what.clone());
            bar
        });
        Progress {
            bar,
            what,
            last_percent: 0,
        }
    }

    pub fn set(&mut self, done: u64, total: u64) {
        match &self.bar {
            Some(bar) => {
                bar.set_length(total);
                bar.set_position(done);
            }
            None => {
                let percent = done * 100 / total.max(1);
                if percent >= self.last_percent + 25 || done == total {
                    self.last_percent = percent;
                    note!("{}: {done}/{total} ({percent}%)", self.what);
                }
            }
        }
    }

    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
