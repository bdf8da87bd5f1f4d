//! `pledgewatch backup FILE`: a consistent copy of an SQLite database taken while it
//! serves, with `VACUUM INTO` (one read transaction, so writers carry on and the copy is
//! one moment's state). PostgreSQL has pg_dump for this.

use persistence::{Backend, Db};
use std::path::Path;

/// Copies the database into `file`, which must not exist yet.
pub async fn backup(db: &Db, file: &Path) -> anyhow::Result<u64> {
    if db.backend() != Backend::Sqlite {
        anyhow::bail!(
            "backup copies SQLite files; for PostgreSQL use pg_dump, e.g. `pg_dump --format=custom --file=pledgewatch.dump \"$DATABASE_URL\"`"
        );
    }
    // Refused before the copy so an existing file is never touched; VACUUM INTO refuses
    // too, which covers a file made between this check and the copy.
    if file.exists() {
        anyhow::bail!(
            "{}: already exists; backup never overwrites",
            file.display()
        );
    }
    let Some(path) = file.to_str() else {
        anyhow::bail!("{}: the path is not UTF-8", file.display());
    };
    // A string literal in SQL: quotes doubled.
    let literal = path.replace('\'', "''");
    db.execute_unprepared(&format!("VACUUM INTO '{literal}'"))
        .await
        .map_err(|e| anyhow::anyhow!("backup to {}: {e}", file.display()))?;
    Ok(std::fs::metadata(file)?.len())
}
