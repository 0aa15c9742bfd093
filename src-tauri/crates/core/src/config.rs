//! The data directory (CONTRACT §2) and `config.toml` (CONTRACT §4).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::insights::RuleId;
use crate::metric::Metric;
use crate::query::SourcePriority;
use crate::source::{self, SourceId};
use crate::store::{DATABASE_FILE, Store};

pub const CONFIG_FILE: &str = "config.toml";
/// The desktop app's bundle identifier: Tauri's app-data folder is named
/// after it, and the CLI uses the same folder so both see the same data.
pub const APP_IDENTIFIER: &str = "app.healthdash.desktop";
pub const DATA_DIR_ENV: &str = "HEALTHDASH_DATA_DIR";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataDir {
    path: PathBuf,
}

impl DataDir {
    /// `explicit` (from `--data-dir` or `HEALTHDASH_DATA_DIR`), else the OS
    /// application-data folder.
    pub fn resolve(explicit: Option<PathBuf>) -> Result<DataDir> {
        let path = explicit
            .or_else(|| dirs::data_dir().map(|d| d.join(APP_IDENTIFIER)))
            .ok_or_else(|| Error::Config {
                path: PathBuf::from("~"),
                message: format!("no application-data folder on this system; set {DATA_DIR_ENV} or pass --data-dir"),
            })?;
        Ok(DataDir { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn database_path(&self) -> PathBuf {
        self.path.join(DATABASE_FILE)
    }

    pub fn config_path(&self) -> PathBuf {
        self.path.join(CONFIG_FILE)
    }

    /// Creates the folder, private to the user (0700 on Unix).
    pub fn create(&self) -> Result<()> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(&self.path)
            .map_err(|e| Error::io(&self.path, e))
    }

    /// Creates the folder if needed and opens the cache in it.
    pub fn open_store(&self) -> Result<Store> {
        self.create()?;
        Store::open(&self.database_path())
    }

    /// Writes the app's settings into `config.toml`: only the `[display]`
    /// and `[priority]` tables change; provider keys and comments stay. The
    /// file is replaced atomically and kept private (it may hold secrets).
    pub fn save_settings(&self, settings: &Settings) -> Result<()> {
        self.edit_config(|doc| {
            let display = toml::to_string(&settings.units)
                .map_err(|e| e.to_string())?
                .parse::<toml_edit::DocumentMut>()
                .map_err(|e| one_line(&e.to_string()))?
                .as_table()
                .clone();
            doc["display"] = toml_edit::Item::Table(display);
            let mut priority = toml_edit::Table::new();
            for (metric, sources) in &settings.priority {
                let list: toml_edit::Array = sources.iter().map(SourceId::as_str).collect();
                priority.insert(metric.id(), toml_edit::value(list));
            }
            doc["priority"] = toml_edit::Item::Table(priority);
            let mut sync = toml_edit::Table::new();
            sync.insert("background", toml_edit::value(settings.sync.background));
            doc["sync"] = toml_edit::Item::Table(sync);
            let mut insights = toml_edit::Table::new();
            let disabled: toml_edit::Array =
                settings.insights.disabled.iter().map(|r| r.id()).collect();
            insights.insert("disabled", toml_edit::value(disabled));
            doc["insights"] = toml_edit::Item::Table(insights);
            Ok(())
        })
    }

    /// Replaces (or with `None` removes) the `[providers.ID]` table and
    /// returns what was there, so a caller can put it back (the sandbox).
    pub fn set_provider_config(
        &self,
        id: &str,
        config: Option<&ProviderConfig>,
    ) -> Result<Option<ProviderConfig>> {
        let previous = self.load_config()?.providers.get(id).cloned();
        self.edit_config(|doc| {
            if !doc.contains_table("providers") {
                let mut providers = toml_edit::Table::new();
                providers.set_implicit(true);
                doc["providers"] = toml_edit::Item::Table(providers);
            }
            let Some(providers) = doc["providers"].as_table_mut() else {
                return Err("[providers] is not a table".into());
            };
            match config {
                None => {
                    providers.remove(id);
                }
                Some(config) => {
                    let table = toml::to_string(config)
                        .map_err(|e| e.to_string())?
                        .parse::<toml_edit::DocumentMut>()
                        .map_err(|e| one_line(&e.to_string()))?
                        .as_table()
                        .clone();
                    providers.insert(id, toml_edit::Item::Table(table));
                }
            }
            Ok(())
        })?;
        Ok(previous)
    }

    /// Reads `config.toml`, lets `edit` change the document, and writes it
    /// back atomically and private (0600; it may hold client secrets),
    /// keeping everything `edit` did not touch, comments included.
    fn edit_config(
        &self,
        edit: impl FnOnce(&mut toml_edit::DocumentMut) -> std::result::Result<(), String>,
    ) -> Result<()> {
        let path = self.config_path();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::io(path, e)),
        };
        let config_error = |message: String| Error::Config {
            path: path.clone(),
            message,
        };
        let mut doc: toml_edit::DocumentMut = text
            .parse()
            .map_err(|e: toml_edit::TomlError| config_error(one_line(&e.to_string())))?;
        edit(&mut doc).map_err(&config_error)?;
        let text = doc.to_string();
        // Never write a file we could not read back.
        Config::parse(&text).map_err(&config_error)?;

        self.create()?;
        let mut temp = tempfile_in(&self.path)?;
        std::io::Write::write_all(&mut temp.1, text.as_bytes())
            .map_err(|e| Error::io(&temp.0, e))?;
        std::fs::rename(&temp.0, &path).map_err(|e| Error::io(&path, e))
    }

    /// The settings; defaults when there is no `config.toml`.
    pub fn load_config(&self) -> Result<Config> {
        let path = self.config_path();
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text).map_err(|message| Error::Config { path, message }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Error::io(path, e)),
        }
    }
}

/// Per-provider settings. Every provider accepts the same keys.
#[derive(Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorize_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_base_url: Option<String>,
    /// 0 = any free port.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_port: Option<u16>,
    /// An https relay page for providers that refuse loopback redirects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
}

impl std::fmt::Debug for ProviderConfig {
    // The client secret stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("client_id", &self.client_id)
            .field("has_client_secret", &self.client_secret.is_some())
            .field("authorize_url", &self.authorize_url)
            .field("token_url", &self.token_url)
            .field("api_base_url", &self.api_base_url)
            .field("redirect_port", &self.redirect_port)
            .field("redirect_uri", &self.redirect_uri)
            .finish()
    }
}

/// Display units: how the app shows values. Stored values and CSV always
/// use the canonical units of CONTRACT §7.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
// `default` only lets config.toml omit keys; the app always sends and gets
// all four, so TypeScript should see them as required.
#[cfg_attr(feature = "specta", derive(specta::Type), specta(skip_attr = "serde"))]
pub struct Units {
    pub weight: WeightUnit,
    pub distance: DistanceUnit,
    pub temperature: TemperatureUnit,
    pub glucose: GlucoseUnit,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum WeightUnit {
    #[default]
    Kg,
    Lb,
    St,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum DistanceUnit {
    #[default]
    Km,
    Mi,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum TemperatureUnit {
    #[default]
    C,
    F,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum GlucoseUnit {
    #[default]
    MmolL,
    MgDl,
}

/// What the app's settings page edits: display units, per metric the
/// sources charts believe first, whether the app syncs by itself, and which
/// insight rules are off.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize, serde::Serialize)]
// `default` on `insights` lets settings sent without it load; the app always
// sends and gets it, so TypeScript should see it as required.
#[cfg_attr(feature = "specta", derive(specta::Type), specta(skip_attr = "serde"))]
pub struct Settings {
    pub units: Units,
    pub priority: BTreeMap<Metric, Vec<SourceId>>,
    pub sync: SyncSettings,
    #[serde(default)]
    pub insights: InsightSettings,
}

/// `[insights]`: flag rules the user turned off.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "specta", derive(specta::Type), specta(skip_attr = "serde"))]
pub struct InsightSettings {
    /// Rules that raise no flags, e.g. `["weight_trend"]`.
    pub disabled: Vec<RuleId>,
}

/// `[sync]`: what the desktop app does without being asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "specta", derive(specta::Type), specta(skip_attr = "serde"))]
pub struct SyncSettings {
    /// Sync connected providers while the app runs (at start, then hourly).
    pub background: bool,
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings { background: true }
    }
}

#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    providers: BTreeMap<String, ProviderConfig>,
    /// metric id → sources, best first.
    #[serde(default)]
    priority: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    display: Units,
    #[serde(default)]
    sync: SyncSettings,
    #[serde(default)]
    insights: InsightSettings,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub providers: BTreeMap<String, ProviderConfig>,
    pub priority: SourcePriority,
    pub units: Units,
    pub sync: SyncSettings,
    pub insights: InsightSettings,
}

impl Config {
    pub fn settings(&self) -> Settings {
        Settings {
            units: self.units,
            priority: self
                .priority
                .per_metric
                .iter()
                .map(|(metric, sources)| (*metric, sources.clone()))
                .collect(),
            sync: self.sync,
            insights: self.insights.clone(),
        }
    }
}

impl Config {
    /// Parses `config.toml`; the one-line message names the offending key
    /// and its line.
    pub fn parse(text: &str) -> Result<Config, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map_or_else(String::new, |span| location(text, &span));
            format!("{}{at}", one_line(e.message()))
        })?;
        for id in raw.providers.keys() {
            if source::provider(id).is_none() {
                return Err(format!(
                    "unknown provider '{id}' in [providers] (known: {}){}",
                    source::PROVIDERS
                        .iter()
                        .map(|p| p.id)
                        .collect::<Vec<_>>()
                        .join(", "),
                    key_location(text, &["providers", id])
                ));
            }
        }
        let mut per_metric = HashMap::new();
        for (name, sources) in raw.priority {
            let at = || key_location(text, &["priority", &name]);
            let metric: Metric = name
                .parse()
                .map_err(|e: Error| format!("[priority]: {e}{}", at()))?;
            let sources = sources
                .iter()
                .map(|s| s.parse::<SourceId>())
                .collect::<Result<Vec<_>>>()
                .map_err(|e| format!("[priority] {metric}: {e}{}", at()))?;
            per_metric.insert(metric, sources);
        }
        Ok(Config {
            providers: raw.providers,
            priority: SourcePriority {
                per_metric,
                ..SourcePriority::default()
            },
            units: raw.display,
            sync: raw.sync,
            insights: raw.insights,
        })
    }
}

/// ` (at KEY, line N)` for the byte `span` of an error in `text`; the key is
/// the dotted path whose name or value covers the span.
fn location(text: &str, span: &std::ops::Range<usize>) -> String {
    let line = line_of(text, span.start);
    let key = toml_edit::Document::parse(text)
        .ok()
        .and_then(|doc| key_at(doc.as_table(), span.start));
    match key {
        Some(key) => format!(" (at {}, line {line})", key.join(".")),
        None => format!(" (line {line})"),
    }
}

/// ` (at a.b, line N)` for the key `path`, when the text has it.
fn key_location(text: &str, path: &[&str]) -> String {
    let Ok(doc) = toml_edit::Document::parse(text) else {
        return String::new();
    };
    let mut table: &dyn toml_edit::TableLike = doc.as_table();
    let mut start = None;
    for name in path {
        let Some((key, item)) = table.get_key_value(name) else {
            return String::new();
        };
        start = key.span().map(|s| s.start);
        match item.as_table_like() {
            Some(inner) => table = inner,
            None => break,
        }
    }
    start.map_or_else(String::new, |at| {
        format!(" (at {}, line {})", path.join("."), line_of(text, at))
    })
}

/// The dotted path of the key whose name or value holds byte `at`.
fn key_at(table: &dyn toml_edit::TableLike, at: usize) -> Option<Vec<String>> {
    for (name, item) in table.iter() {
        let key_span = table.get_key_value(name).and_then(|(key, _)| key.span());
        let covers = |span: Option<std::ops::Range<usize>>| span.is_some_and(|s| s.contains(&at));
        if let Some(mut inner) = item.as_table_like().and_then(|t| key_at(t, at)) {
            inner.insert(0, name.to_owned());
            return Some(inner);
        }
        if covers(key_span) || (item.is_value() && covers(item.span())) {
            return Some(vec![name.to_owned()]);
        }
    }
    None
}

/// 1-based line number of byte `at`.
fn line_of(text: &str, at: usize) -> usize {
    1 + text
        .get(..at)
        .map_or(0, |before| before.matches('\n').count())
}

/// A new private file beside `dir`'s config, for an atomic replace.
fn tempfile_in(dir: &Path) -> Result<(PathBuf, std::fs::File)> {
    let path = dir.join(format!(".{CONFIG_FILE}.{}.tmp", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(&path).map_err(|e| Error::io(&path, e))?;
    Ok((path, file))
}

/// toml's messages span several lines with a source excerpt; keep the gist.
fn one_line(message: &str) -> String {
    let lines: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let location = lines.first().copied().unwrap_or_default();
    let gist = lines.last().copied().unwrap_or_default();
    if lines.len() > 1 {
        format!("{location}: {gist}")
    } else {
        gist.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_example_parses() {
        let config = Config::parse(
            r#"
[providers.withings]
client_id = "abc"
client_secret = "s3cret"
authorize_url = "https://example.test/authorize"
token_url = "https://example.test/token"
api_base_url = "https://example.test"
redirect_port = 0
redirect_uri = "https://relay.example.test/healthdash.html"

[priority]
heart_rate = ["withings", "demo"]
"#,
        )
        .unwrap();
        assert_eq!(
            config.providers["withings"].client_id.as_deref(),
            Some("abc")
        );
        assert_eq!(config.providers["withings"].redirect_port, Some(0));
        assert_eq!(config.priority.per_metric[&Metric::HeartRate].len(), 2);
    }

    #[test]
    fn unknown_key_is_named() {
        let err = Config::parse("[providers.withings]\nclient_idd = \"x\"\n").unwrap_err();
        assert!(err.contains("client_idd"), "{err}");
        assert!(!err.contains('\n'), "{err}");
    }

    #[test]
    fn unknown_provider_and_metric_are_named() {
        let err = Config::parse("[providers.fitbit]\nclient_id = \"x\"\n").unwrap_err();
        assert!(err.starts_with("unknown provider 'fitbit'"), "{err}");
        let err = Config::parse("[priority]\nheartrate = [\"demo\"]\n").unwrap_err();
        assert!(err.contains("unknown metric 'heartrate'"), "{err}");
    }

    #[test]
    fn saving_settings_keeps_provider_keys_and_comments() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::resolve(Some(tmp.path().to_owned())).unwrap();
        std::fs::write(
            dir.config_path(),
            "# my Withings app\n[providers.withings]\nclient_id = \"abc\"\n\n[priority]\nweight = [\"demo\"]\n",
        )
        .unwrap();
        let mut settings = dir.load_config().unwrap().settings();
        assert_eq!(
            settings.priority[&Metric::Weight],
            ["demo".parse::<SourceId>().unwrap()]
        );
        assert!(
            settings.sync.background,
            "background sync is on unless turned off"
        );
        settings.units.weight = WeightUnit::Lb;
        settings.units.glucose = GlucoseUnit::MgDl;
        settings.sync.background = false;
        assert!(
            settings.insights.disabled.is_empty(),
            "every rule is on unless turned off"
        );
        settings.insights.disabled = vec![RuleId::WeightTrend];
        settings.priority.clear();
        settings.priority.insert(
            Metric::Steps,
            vec!["exist".parse().unwrap(), "withings".parse().unwrap()],
        );
        dir.save_settings(&settings).unwrap();

        let text = std::fs::read_to_string(dir.config_path()).unwrap();
        assert!(text.contains("# my Withings app"), "{text}");
        assert!(text.contains("client_id = \"abc\""), "{text}");
        assert!(text.contains("weight = \"lb\""), "{text}");
        assert!(text.contains("glucose = \"mg_dl\""), "{text}");
        assert!(text.contains("[sync]\nbackground = false"), "{text}");
        assert!(
            text.contains("[insights]\ndisabled = [\"weight_trend\"]"),
            "{text}"
        );
        let config = dir.load_config().unwrap();
        assert_eq!(config.settings(), settings);
        assert_eq!(
            config.providers["withings"].client_id.as_deref(),
            Some("abc")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.config_path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn every_error_names_its_key_and_line() {
        for (text, needles) in [
            (
                "[display]\nweight = \"kg\"\n\n[providers.withings]\nclient_idd = \"x\"\n",
                &["client_idd", "line 5"][..],
            ),
            (
                "[providers.withings]\nclient_id = \"x\"\nredirect_port = \"x\"\n",
                &["providers.withings.redirect_port", "line 3"],
            ),
            ("colour_scheme = \"blue\"\n", &["colour_scheme", "line 1"]),
            (
                "[display]\n\nweight = \"stone\"\n",
                &["stone", "display.weight", "line 3"],
            ),
            (
                "\n[providers.fitbit]\nclient_id = \"x\"\n",
                &["unknown provider 'fitbit'", "providers.fitbit", "line 2"],
            ),
            (
                "[priority]\nsteps = [\"demo\"]\nheartrate = [\"demo\"]\n",
                &["heartrate", "line 3"],
            ),
            (
                "[insights]\ndisabled = [\"sleep_shrt\"]\n",
                &["sleep_shrt", "insights.disabled", "line 2"],
            ),
            (
                "[priority]\nsteps = [\"fitbit\"]\n",
                &["fitbit", "priority.steps", "line 2"],
            ),
            ("[display\nweight = 1\n", &["line 1"]),
        ] {
            let err = Config::parse(text).unwrap_err();
            for needle in needles {
                assert!(err.contains(needle), "{err:?} lacks {needle:?}");
            }
            assert!(!err.contains('\n'), "{err}");
        }
    }

    #[test]
    fn unknown_display_unit_is_named() {
        let err = Config::parse("[display]\nweight = \"stone\"\n").unwrap_err();
        assert!(err.contains("stone"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn data_dir_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = DataDir::resolve(Some(tmp.path().join("hd"))).unwrap();
        dir.open_store().unwrap();
        let mode = std::fs::metadata(dir.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        assert!(dir.database_path().exists());
    }
}
