//! A progress bar on stderr, redrawn in place, for the commands that load data in bulk.

use std::io::Write;
use std::time::Instant;

pub struct Progress {
    total: usize,
    unit: &'static str,
    started: Instant,
}

impl Progress {
    pub fn new(total: usize, unit: &'static str) -> Self {
        let p = Progress { total, unit, started: Instant::now() };
        p.show(0);
        p
    }

    pub fn show(&self, done: usize) {
        const WIDTH: usize = 40;
        let filled = done * WIDTH / self.total.max(1);
        let bar = format!("{}{}", "#".repeat(filled), "-".repeat(WIDTH - filled));
        let mut err = std::io::stderr().lock();
        // A failed write to stderr only loses the progress display.
        let _ = write!(
            err,
            "\r[{bar}] {done}/{} {}, {:.1} s",
            self.total,
            self.unit,
            self.started.elapsed().as_secs_f64()
        );
        let _ = err.flush();
    }

    pub fn finish(&self) {
        eprintln!();
    }
}
