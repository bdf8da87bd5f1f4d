//! The `pledgewatch` binary; the command line itself lives in `web::cli`.

fn main() -> anyhow::Result<()> {
    web::cli::main()
}
