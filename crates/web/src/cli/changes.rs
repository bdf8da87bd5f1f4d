//! `pledgewatch changes`: check the change log's hash chain, and export it as JSON lines
//! that anyone can check without pledgewatch.

use clap::Subcommand;
use persistence::{Db, StoreError};
use std::io::Write;

#[derive(Subcommand)]
pub enum ChangesAction {
    /// Recompute the hash chain. Exits 0 when it holds; exits 1 naming the first entry
    /// that does not.
    Verify,
    /// Write every entry, oldest first, one JSON object per line.
    Export { file: std::path::PathBuf },
}

pub async fn run(db: &Db, action: ChangesAction) -> anyhow::Result<()> {
    match action {
        ChangesAction::Verify => match db.verify_changes().await? {
            Ok((seq, hash)) => {
                println!("the change log holds: {seq} entries, head {hash}");
                Ok(())
            }
            Err(b) => {
                anyhow::bail!(
                    "the change log does not hold at entry {}: {}",
                    b.seq,
                    b.reason
                )
            }
        },
        ChangesAction::Export { file } => {
            let out = std::fs::File::create(&file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let mut out = std::io::BufWriter::new(out);
            let mut count = 0_u64;
            db.each_change(|e| {
                let line = serde_json::to_string(e)
                    .map_err(|err| StoreError::Corrupt(format!("entry {}: {err}", e.seq)))?;
                writeln!(out, "{line}")
                    .map_err(|err| StoreError::Corrupt(format!("writing: {err}")))?;
                count += 1;
                Ok(())
            })
            .await?;
            out.flush()?;
            println!("{count} entries written to {}", file.display());
            Ok(())
        }
    }
}
