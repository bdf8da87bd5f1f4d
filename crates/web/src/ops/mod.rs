//! Operations: pruning what is no longer kept, on a schedule and on demand; online backups
//! of SQLite; the `healthcheck` probe that container runtimes call; and the first-run
//! admin from the environment.

pub mod backup;
pub mod bootstrap;
pub mod healthcheck;
pub mod prune;
