//! Every setting as a command-line flag that also reads its environment variable (a flag
//! wins), so `pledgewatch serve --help` lists them all. The values stay text here; they
//! are checked where they are read (`Settings::from_args`, `MailSettings::from_args`).

use clap::Parser;

/// Declares the flags and the lookup by environment name from one list, so the two
/// cannot drift apart.
macro_rules! settings_args {
    ($( $field:ident = $flag:tt, $env:tt, $value:tt, $secret:tt, $help:tt; )*) => {
        /// The settings as given, by flag or environment variable.
        #[derive(clap::Args, Debug, Clone, Default)]
        #[command(next_help_heading = "Settings (each flag also reads its environment variable)")]
        pub struct SettingsArgs {
            $(
                #[arg(long = $flag, env = $env, value_name = $value, global = true,
                      hide_env_values = $secret, help = $help)]
                pub $field: Option<String>,
            )*
        }

        impl SettingsArgs {
            /// The value given for the setting whose environment variable is `env`; None
            /// when unset or blank. A name not declared below is a programming error (a
            /// setting read but not offered as a flag): debug builds, which the tests run,
            /// panic on it.
            pub fn get(&self, env: &str) -> Option<String> {
                let value = match env {
                    $( $env => self.$field.as_ref(), )*
                    _ => {
                        debug_assert!(false, "{env} is not declared in config/args.rs");
                        None
                    }
                };
                value.filter(|v| !v.trim().is_empty()).cloned()
            }

            /// The environment variables of every setting.
            pub fn names() -> &'static [&'static str] {
                &[$( $env, )*]
            }
        }
    };
}

settings_args! {
    database_url = "database-url", "DATABASE_URL", "URL", true,
        "sqlite://PATH?mode=rwc, or postgres://USER:PASSWORD@HOST:PORT/DB [default: sqlite://pledgewatch.db?mode=rwc]";
    database_url_file = "database-url-file", "DATABASE_URL_FILE", "FILE", false,
        "a file holding DATABASE_URL";
    db_timeout_secs = "db-timeout-secs", "PLEDGEWATCH_DB_TIMEOUT_SECS", "SECS", false,
        "the longest a database call waits for a connection, 1 to 300 [default: 5]";
    read_only = "read-only", "PLEDGEWATCH_READ_ONLY", "BOOL", false,
        "serve reads only and refuse every write [default: false]";
    bind = "bind", "PLEDGEWATCH_BIND", "ADDR", false,
        "address and port to serve on [default: 127.0.0.1:3000]";
    seed_on_start = "seed-on-start", "PLEDGEWATCH_SEED_ON_START", "BOOL", false,
        "seed the summit data into an empty database when serving [default: true]";
    templates_dir = "templates-dir", "PLEDGEWATCH_TEMPLATES_DIR", "DIR", false,
        "read templates from this folder instead of the binary, while developing";
    public_url = "public-url", "PLEDGEWATCH_PUBLIC_URL", "URL", false,
        "the address people reach the tracker at [default: http:// and the bound address]";
    trusted_proxies = "trusted-proxies", "PLEDGEWATCH_TRUSTED_PROXIES", "IPS", false,
        "comma-separated reverse proxies whose X-Forwarded-For names the client";
    log = "log", "PLEDGEWATCH_LOG", "FILTER", false,
        "log filter, e.g. debug or web=debug,sea_orm=warn [default: info]";
    log_format = "log-format", "PLEDGEWATCH_LOG_FORMAT", "text|json", false,
        "log lines as text, or one JSON object a line [default: text]";
    prune_every_secs = "prune-every-secs", "PLEDGEWATCH_PRUNE_EVERY_SECS", "SECS", false,
        "how often serve deletes what is no longer kept; 0 never [default: 3600]";
    keep_sent_mail_days = "keep-sent-mail-days", "PLEDGEWATCH_KEEP_SENT_MAIL_DAYS", "DAYS", false,
        "days the bytes of a sent message are kept [default: 30]";
    admin_email = "admin-email", "PLEDGEWATCH_ADMIN_EMAIL", "EMAIL", false,
        "the admin made on a start that finds none (with --admin-password-file)";
    admin_password_file = "admin-password-file", "PLEDGEWATCH_ADMIN_PASSWORD_FILE", "FILE", false,
        "the file holding that admin's password";
    smtp_url = "smtp-url", "PLEDGEWATCH_SMTP_URL", "URL", true,
        "smtp://[user:password@]host[:port][?tls=none|opportunistic|required] or smtps://… [default: .eml files]";
    smtp_url_file = "smtp-url-file", "PLEDGEWATCH_SMTP_URL_FILE", "FILE", false,
        "a file holding PLEDGEWATCH_SMTP_URL";
    smtp_ca_file = "smtp-ca-file", "PLEDGEWATCH_SMTP_CA_FILE", "FILE", false,
        "PEM CA certificates trusted for SMTP over TLS besides the built-in roots";
    mail_dir = "mail-dir", "PLEDGEWATCH_MAIL_DIR", "DIR", false,
        "the folder for .eml files when no SMTP URL is set [default: mail]";
    mail_from = "mail-from", "PLEDGEWATCH_MAIL_FROM", "MAILBOX", false,
        "the From of every mail [default: pledgewatch <pledgewatch@localhost>]";
    smtp_helo = "smtp-helo", "PLEDGEWATCH_SMTP_HELO", "NAME", false,
        "the name given in EHLO [default: the host name]";
    smtp_connections = "smtp-connections", "PLEDGEWATCH_SMTP_CONNECTIONS", "N", false,
        "SMTP connections used at once by one worker [default: 4]";
    mail_batch = "mail-batch", "PLEDGEWATCH_MAIL_BATCH", "N", false,
        "messages a worker claims at a time [default: 256]";
    mail_lease_secs = "mail-lease-secs", "PLEDGEWATCH_MAIL_LEASE_SECS", "SECS", false,
        "how long a claimed message stays with its worker [default: 120]";
    retry_base_ms = "retry-base-ms", "PLEDGEWATCH_RETRY_BASE_MS", "MS", false,
        "first wait after a temporary failure, doubling per attempt [default: 30000]";
    pause_after_failures = "pause-after-failures", "PLEDGEWATCH_PAUSE_AFTER_FAILURES", "N", false,
        "failures in one digest run before it pauses for an admin [default: 50]";
    same_answer_limit = "same-answer-limit", "PLEDGEWATCH_SAME_ANSWER_LIMIT", "N", false,
        "recipients in a row given the same permanent answer before it is the server's fault [default: 5]";
    worker = "worker", "PLEDGEWATCH_WORKER", "on|off", false,
        "whether serve delivers mail too [default: on]";
    worker_idle_ms = "worker-idle-ms", "PLEDGEWATCH_WORKER_IDLE_MS", "MS", false,
        "how long an idle worker waits before looking again [default: 1000]";
    subscribe_per_client_per_hour = "subscribe-per-client-per-hour", "PLEDGEWATCH_SUBSCRIBE_PER_CLIENT_PER_HOUR", "N", false,
        "subscription mails one client address may cause in an hour [default: 10]";
    subscribe_per_hour = "subscribe-per-hour", "PLEDGEWATCH_SUBSCRIBE_PER_HOUR", "N", false,
        "subscription mails /subscribe may cause in an hour in all [default: 500]";
    source_url = "source-url", "PLEDGEWATCH_SOURCE_URL", "URL", false,
        "where the source of this version is published, linked from every page [default: the upstream repository]";
    metrics_token = "metrics-token", "PLEDGEWATCH_METRICS_TOKEN", "TOKEN", true,
        "the bearer token /metrics asks for; unset: /metrics does not exist";
    link_check_every_secs = "link-check-every-secs", "PLEDGEWATCH_LINK_CHECK_EVERY_SECS", "SECS", false,
        "how often serve checks every cited evidence address; 0 never [default: 0]";
    link_check_timeout_secs = "link-check-timeout-secs", "PLEDGEWATCH_LINK_CHECK_TIMEOUT_SECS", "SECS", false,
        "the longest one evidence link check may take, 1 to 300 [default: 20]";
    link_check_host_pause_ms = "link-check-host-pause-ms", "PLEDGEWATCH_LINK_CHECK_HOST_PAUSE_MS", "MS", false,
        "the pause between two link checks of one host [default: 2000]";
    link_check_allow_private = "link-check-allow-private", "PLEDGEWATCH_LINK_CHECK_ALLOW_PRIVATE", "BOOL", false,
        "let the link checker fetch private, loopback and link-local addresses (tests only) [default: false]";
}

#[derive(Parser)]
struct EnvOnly {
    #[command(flatten)]
    settings: SettingsArgs,
}

impl SettingsArgs {
    /// The settings from the environment alone (no flags), as a library caller sees them.
    pub fn from_env() -> anyhow::Result<Self> {
        Ok(EnvOnly::try_parse_from(["pledgewatch"])?.settings)
    }
}

#[cfg(test)]
mod tests {
    use super::SettingsArgs;
    use clap::CommandFactory;

    #[derive(clap::Parser)]
    struct Probe {
        #[command(flatten)]
        settings: SettingsArgs,
    }

    #[test]
    fn every_flag_reads_its_variable_and_a_flag_wins() {
        let command = Probe::command();
        command.clone().debug_assert();
        let envs: Vec<_> = command
            .get_arguments()
            .filter_map(|a| a.get_env().map(|e| e.to_string_lossy().into_owned()))
            .collect();
        assert_eq!(envs.len(), SettingsArgs::names().len());
        for name in SettingsArgs::names() {
            assert!(envs.iter().any(|e| e == name), "{name}");
        }
        let probe = <Probe as clap::Parser>::try_parse_from([
            "pledgewatch",
            "--bind",
            "0.0.0.0:8080",
            "--log-format",
            "json",
        ])
        .unwrap();
        assert_eq!(
            probe.settings.get("PLEDGEWATCH_BIND").as_deref(),
            Some("0.0.0.0:8080")
        );
        assert_eq!(
            probe.settings.get("PLEDGEWATCH_LOG_FORMAT").as_deref(),
            Some("json")
        );
    }
}
