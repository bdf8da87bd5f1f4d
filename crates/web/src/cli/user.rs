//! `pledgewatch user`: add, set the password of, disable, enable and list accounts; every
//! change is audited.

use clap::Subcommand;
use persistence::Db;

#[derive(Subcommand)]
pub enum UserAction {
    /// Create an account. Without --password-stdin a password is generated and printed once.
    Add {
        email: String,
        #[arg(long, value_parser = ["editor", "admin"])]
        role: String,
        /// The name shown beside the follow-ups this person records.
        #[arg(long)]
        name: Option<String>,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set an account's password and end its sessions. Without --password-stdin a
    /// password is generated and printed once.
    SetPassword {
        email: String,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable an account and end its sessions.
    Disable { email: String },
    /// Enable a disabled account again.
    Enable { email: String },
    /// List accounts.
    List,
}

/// A password from standard input (one line), or a generated one (then `true`).
fn new_password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    let (password, generated) = if from_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (crate::auth::random_token()[..24].to_owned(), true)
    };
    crate::ops::bootstrap::check_password(&password)?;
    Ok((password, generated))
}

pub async fn user_command(db: &Db, action: UserAction) -> anyhow::Result<()> {
    use domain::{EmailAddress, Role, Title, User};
    match action {
        UserAction::Add {
            email,
            role,
            name,
            password_stdin,
        } => {
            let email = EmailAddress::parse("email", &email)?;
            let role = Role::parse(&role)?;
            let name = Title::parse(
                "name",
                name.as_deref()
                    .unwrap_or_else(|| email.as_str().split('@').next().unwrap_or("editor")),
            )?;
            let (password, generated) = new_password(password_stdin)?;
            let password_hash = crate::auth::hash_password(password.clone())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let user = User {
                email: email.clone(),
                name,
                role,
                password_hash,
                disabled: false,
            };
            db.insert_user(&user, chrono::Utc::now()).await?;
            db.audit(
                persistence::auth::Audit {
                    actor: None,
                    action: "user_added",
                    target: email.as_str(),
                    detail: role.code(),
                    address: Some("cli"),
                },
                chrono::Utc::now(),
            )
            .await?;
            println!("added {email} as {}", role.label());
            if generated {
                println!("password (shown once): {password}");
            }
        }
        UserAction::SetPassword {
            email,
            password_stdin,
        } => {
            let email = EmailAddress::parse("email", &email)?;
            let Some((id, _)) = db.user_with_id(&email).await? else {
                anyhow::bail!("email: no account has the address {email}");
            };
            let (password, generated) = new_password(password_stdin)?;
            let hash = crate::auth::hash_password(password.clone())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            db.set_password(id, &hash).await?;
            db.audit(
                persistence::auth::Audit {
                    actor: None,
                    action: "password_reset",
                    target: email.as_str(),
                    detail: "",
                    address: Some("cli"),
                },
                chrono::Utc::now(),
            )
            .await?;
            println!("set the password of {email}; its sessions are ended");
            if generated {
                println!("password (shown once): {password}");
            }
        }
        UserAction::Disable { email } => {
            let email = EmailAddress::parse("email", &email)?;
            db.set_user_disabled(&email, true).await?;
            db.audit(
                persistence::auth::Audit {
                    actor: None,
                    action: "user_disabled",
                    target: email.as_str(),
                    detail: "",
                    address: Some("cli"),
                },
                chrono::Utc::now(),
            )
            .await?;
            println!("disabled {email}; its sessions are ended");
        }
        UserAction::Enable { email } => {
            let email = EmailAddress::parse("email", &email)?;
            db.set_user_disabled(&email, false).await?;
            db.audit(
                persistence::auth::Audit {
                    actor: None,
                    action: "user_enabled",
                    target: email.as_str(),
                    detail: "",
                    address: Some("cli"),
                },
                chrono::Utc::now(),
            )
            .await?;
            println!("enabled {email}");
        }
        UserAction::List => {
            for u in db.users().await? {
                println!(
                    "{}\t{}\t{}\t{}",
                    u.email,
                    u.role.code(),
                    if u.disabled { "disabled" } else { "active" },
                    u.name
                );
            }
        }
    }
    Ok(())
}
