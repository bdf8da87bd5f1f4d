//! The evidence link checker's settings (`PLEDGEWATCH_LINK_CHECK_*`), read from the
//! command line and the environment.

use super::SettingsArgs;
use std::time::Duration;

/// How and when the evidence link checker runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSettings {
    /// How often `serve` checks every cited address (`PLEDGEWATCH_LINK_CHECK_EVERY_SECS`);
    /// none (the default): never, only `pledgewatch links check`.
    pub every: Option<Duration>,
    /// The longest one fetch may take (`PLEDGEWATCH_LINK_CHECK_TIMEOUT_SECS`).
    pub timeout: Duration,
    /// The pause between two requests to one host (`PLEDGEWATCH_LINK_CHECK_HOST_PAUSE_MS`).
    pub host_pause: Duration,
    /// Fetch private, loopback and link-local addresses too
    /// (`PLEDGEWATCH_LINK_CHECK_ALLOW_PRIVATE`); for tests, never for a public tracker.
    pub allow_private: bool,
}

impl Default for LinkSettings {
    fn default() -> Self {
        Self {
            every: None,
            timeout: Duration::from_secs(20),
            host_pause: Duration::from_secs(2),
            allow_private: false,
        }
    }
}

impl LinkSettings {
    pub fn from_args(args: &SettingsArgs) -> anyhow::Result<Self> {
        let whole = |name: &str, min: u64, max: u64| -> anyhow::Result<Option<u64>> {
            let Some(raw) = args.get(name) else {
                return Ok(None);
            };
            match raw.trim().parse::<u64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
                _ => anyhow::bail!(
                    "{name}: expected a whole number from {min} to {max}, got {raw:?}"
                ),
            }
        };
        let defaults = Self::default();
        let allow_private = match args
            .get("PLEDGEWATCH_LINK_CHECK_ALLOW_PRIVATE")
            .as_deref()
            .map(str::trim)
        {
            None | Some("false" | "0" | "no") => false,
            Some("true" | "1" | "yes") => true,
            Some(other) => anyhow::bail!(
                "PLEDGEWATCH_LINK_CHECK_ALLOW_PRIVATE: expected true or false, got {other:?}"
            ),
        };
        Ok(Self {
            every: whole("PLEDGEWATCH_LINK_CHECK_EVERY_SECS", 0, 2_592_000)?
                .filter(|s| *s > 0)
                .map(Duration::from_secs),
            timeout: whole("PLEDGEWATCH_LINK_CHECK_TIMEOUT_SECS", 1, 300)?
                .map_or(defaults.timeout, Duration::from_secs),
            host_pause: whole("PLEDGEWATCH_LINK_CHECK_HOST_PAUSE_MS", 0, 600_000)?
                .map_or(defaults.host_pause, Duration::from_millis),
            allow_private,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{LinkSettings, SettingsArgs};
    use std::time::Duration;

    fn parse(flags: &[&str]) -> anyhow::Result<LinkSettings> {
        #[derive(clap::Parser)]
        struct Probe {
            #[command(flatten)]
            settings: SettingsArgs,
        }
        let mut argv = vec!["pledgewatch"];
        argv.extend_from_slice(flags);
        LinkSettings::from_args(&<Probe as clap::Parser>::try_parse_from(argv)?.settings)
    }

    #[test]
    fn the_schedule_is_off_and_private_addresses_refused_by_default() {
        let settings = parse(&[]).unwrap();
        assert_eq!(settings, LinkSettings::default());
        assert_eq!(settings.every, None);
        assert!(!settings.allow_private);
        assert_eq!(
            parse(&["--link-check-every-secs", "0"]).unwrap().every,
            None
        );
        let set = parse(&[
            "--link-check-every-secs",
            "86400",
            "--link-check-timeout-secs",
            "5",
            "--link-check-host-pause-ms",
            "250",
            "--link-check-allow-private",
            "true",
        ])
        .unwrap();
        assert_eq!(set.every, Some(Duration::from_secs(86_400)));
        assert_eq!(set.timeout, Duration::from_secs(5));
        assert_eq!(set.host_pause, Duration::from_millis(250));
        assert!(set.allow_private);
    }

    #[test]
    fn bad_values_are_refused_naming_the_setting() {
        for (flag, value, name) in [
            (
                "--link-check-every-secs",
                "soon",
                "PLEDGEWATCH_LINK_CHECK_EVERY_SECS",
            ),
            (
                "--link-check-timeout-secs",
                "0",
                "PLEDGEWATCH_LINK_CHECK_TIMEOUT_SECS",
            ),
            (
                "--link-check-timeout-secs",
                "301",
                "PLEDGEWATCH_LINK_CHECK_TIMEOUT_SECS",
            ),
            (
                "--link-check-host-pause-ms",
                "1.5",
                "PLEDGEWATCH_LINK_CHECK_HOST_PAUSE_MS",
            ),
            (
                "--link-check-allow-private",
                "maybe",
                "PLEDGEWATCH_LINK_CHECK_ALLOW_PRIVATE",
            ),
        ] {
            let e = parse(&[flag, value]).unwrap_err().to_string();
            assert!(e.contains(name), "{flag} {value}: {e}");
        }
    }
}
