//! The `pledgewatch` command line, built inside the test package so that integration
//! tests can start it as a separate process and kill it.

fn main() -> anyhow::Result<()> {
    web::cli::main()
}
