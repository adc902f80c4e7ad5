//! The register from async handlers. A backend's connection is not shareable between threads, so
//! a few worker threads each own one opened register and run the handlers' closures on it, one
//! transaction at a time; the async side awaits the answer. Blocking database work thus never
//! stalls the tokio reactor, and SQLite's WAL lets the workers read side by side.

use crate::register::{RegisterError, Store};
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

type Job = Box<dyn FnOnce(&mut dyn Store) + Send>;

/// Worker threads over one register.
#[derive(Clone)]
pub struct Pool {
    jobs: mpsc::Sender<Job>,
}

impl Pool {
    /// Open the register `workers` times (each worker its own connection) through `open`.
    pub fn new(
        path: &Path,
        workers: usize,
        open: fn(&Path) -> Result<Box<dyn Store>, RegisterError>,
    ) -> Result<Pool, RegisterError> {
        let (jobs, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for _ in 0..workers.max(1) {
            let (ready_tx, ready_rx) = mpsc::channel();
            let rx = Arc::clone(&rx);
            let path = path.to_path_buf();
            std::thread::spawn(move || {
                let mut store = match open(&path) {
                    Ok(s) => {
                        let _ = ready_tx.send(Ok(()));
                        s
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                loop {
                    // The lock is held only while waiting for the next job, not while running it.
                    let job = match rx.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(store.as_mut()),
                        Err(_) => return,
                    }
                }
            });
            ready_rx
                .recv()
                .map_err(|_| RegisterError::Invalid("a register worker did not start".into()))??;
        }
        Ok(Pool { jobs })
    }

    /// Run `f` on one worker's register and await its result.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Store) -> Result<T, RegisterError> + Send + 'static,
    ) -> Result<T, RegisterError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |s| {
            let _ = tx.send(f(s));
        });
        let gone = || RegisterError::Invalid("the register workers stopped".into());
        self.jobs.send(job).map_err(|_| gone())?;
        rx.await.map_err(|_| gone())?
    }
}
