//! The first admin, made at start from `PLEDGEWATCH_ADMIN_EMAIL` and the password in
//! `PLEDGEWATCH_ADMIN_PASSWORD_FILE`, only while no admin exists; and the hint logged at
//! start while there is none.

use crate::config::OpsSettings;
use domain::{EmailAddress, Role, Title, User};
use persistence::Db;

/// Checks a password's length as every way of setting one does.
pub fn check_password(password: &str) -> anyhow::Result<()> {
    let chars = password.chars().count();
    if !(crate::auth::MIN_PASSWORD_CHARS..=crate::auth::MAX_PASSWORD_CHARS).contains(&chars) {
        anyhow::bail!(
            "password: use {} to {} characters",
            crate::auth::MIN_PASSWORD_CHARS,
            crate::auth::MAX_PASSWORD_CHARS
        );
    }
    Ok(())
}

/// Makes the configured admin if the database holds no admin; otherwise leaves every
/// account alone (the settings may stay in place after the first start). Logs a hint when
/// no admin exists and none is configured.
pub async fn ensure_admin(db: &Db, settings: &OpsSettings) -> anyhow::Result<()> {
    let has_admin = db.users().await?.iter().any(|u| u.role == Role::Admin);
    if has_admin {
        return Ok(());
    }
    let (Some(email), Some(file)) = (&settings.admin_email, &settings.admin_password_file) else {
        tracing::warn!(
            "no admin account exists: create one with `pledgewatch user add EMAIL --role admin`, or set PLEDGEWATCH_ADMIN_EMAIL and PLEDGEWATCH_ADMIN_PASSWORD_FILE and start again"
        );
        return Ok(());
    };
    let email = EmailAddress::parse("PLEDGEWATCH_ADMIN_EMAIL", email)?;
    let text = std::fs::read_to_string(file).map_err(|e| {
        anyhow::anyhow!(
            "PLEDGEWATCH_ADMIN_PASSWORD_FILE: cannot read {} ({e})",
            file.display()
        )
    })?;
    let password = text.trim_end_matches(['\r', '\n']).to_owned();
    check_password(&password)
        .map_err(|e| anyhow::anyhow!("PLEDGEWATCH_ADMIN_PASSWORD_FILE: {e}"))?;
    let name = Title::parse("name", email.as_str().split('@').next().unwrap_or("admin"))?;
    let password_hash = crate::auth::hash_password(password)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let user = User {
        email: email.clone(),
        name,
        role: Role::Admin,
        password_hash,
        disabled: false,
    };
    let now = chrono::Utc::now();
    if let Err(e) = db.insert_user(&user, now).await {
        // Another instance starting at the same moment may have made it.
        if db.users().await?.iter().any(|u| u.role == Role::Admin) {
            return Ok(());
        }
        return Err(e.into());
    }
    db.audit(
        persistence::auth::Audit {
            actor: None,
            action: "user_added",
            target: email.as_str(),
            detail: "admin (first start, PLEDGEWATCH_ADMIN_EMAIL)",
            address: Some("startup"),
        },
        now,
    )
    .await?;
    tracing::info!(email = %email, "created the first admin from PLEDGEWATCH_ADMIN_EMAIL");
    Ok(())
}
