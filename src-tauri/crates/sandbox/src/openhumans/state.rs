//! The fake's state: files, download keys, tokens and the request log.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::config::OpenHumansConfig;
use super::content::{self, CorrectedDay, FitbitDay};
use crate::withings::Shared as WithingsShared;
use crate::withings::lock;

/// A member's file as Open Humans keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberFile {
    pub id: i64,
    pub basename: String,
    /// The project that uploaded it (`direct-sharing-118`: Withings).
    pub source: String,
    pub tags: Vec<String>,
    pub description: String,
    pub created: String,
    pub bytes: Vec<u8>,
}

/// One request as the fake saw it. Which host it came to tells the API
/// from the file host; `authorization` and `query` are kept whole so a
/// test can check that no token reached the file host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OhRequest {
    pub method: String,
    pub host: String,
    pub path: String,
    pub query: String,
    pub authorization: Option<String>,
    pub status: u16,
}

impl OhRequest {
    pub fn is_file_host(&self) -> bool {
        self.path.starts_with(super::FILE_HOST_PATH)
    }
}

pub(crate) struct Grant {
    pub redirect_uri: String,
    pub challenge: Option<String>,
    pub issued: Instant,
}

pub(crate) struct Access {
    pub expires: Instant,
    pub revoked: bool,
}

pub(crate) struct Refresh {
    pub access: String,
    pub revoked: bool,
}

#[derive(Default)]
pub(crate) struct Tokens {
    pub codes: HashMap<String, Grant>,
    pub access: HashMap<String, Access>,
    pub refresh: HashMap<String, Refresh>,
    counter: u64,
}

pub(crate) struct Key {
    pub file_id: i64,
    pub issued: Instant,
    pub expired: bool,
}

pub(crate) struct Shared {
    pub config: OpenHumansConfig,
    pub withings: WithingsShared,
    pub legacy_withings: WithingsShared,
    pub fitbit: Vec<FitbitDay>,
    pub corrected: Vec<CorrectedDay>,
    pub files: Mutex<Vec<MemberFile>>,
    pub next_id: Mutex<i64>,
    pub keys: Mutex<HashMap<String, Key>>,
    /// Downloads still to refuse as if their key had expired.
    pub expire_next: Mutex<u32>,
    /// How long the file host waits before each answer.
    pub file_delay: Mutex<Duration>,
    pub tokens: Mutex<Tokens>,
    pub log: Mutex<Vec<OhRequest>>,
}

pub(crate) const WITHINGS_PROJECT: &str = "direct-sharing-118";
pub(crate) const FITBIT_PROJECT: &str = "direct-sharing-102";

impl Shared {
    pub fn new(config: OpenHumansConfig) -> Shared {
        let withings = content::withings_shared(config.seed, config.until, config.days);
        let legacy_until = chrono::NaiveDate::from_ymd_opt(2018, 5, 17).unwrap_or(config.until);
        let legacy_withings = content::withings_shared(config.seed ^ 0x5eed, legacy_until, 14);
        let fitbit = content::fitbit_days(config.seed, config.until, config.days);
        let (current, corrected) = content::withings_current(&withings);
        let file = |id: i64,
                    basename: &str,
                    source: &str,
                    tags: &[&str],
                    description: &str,
                    bytes: Vec<u8>| MemberFile {
            id,
            basename: basename.to_owned(),
            source: source.to_owned(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            description: description.to_owned(),
            created: "2018-05-21T09:14:02.513837Z".to_owned(),
            bytes,
        };
        let files = vec![
            file(
                5_101,
                "nokia_data_20180517",
                WITHINGS_PROJECT,
                &["nokia", "nokiahealth"],
                "Nokia Health data (development version)",
                content::withings_legacy(&legacy_withings),
            ),
            file(
                5_213,
                "nokiahealthdata.json",
                WITHINGS_PROJECT,
                &["nokiahealthdata", "withings", "weight", "steps", "sleep"],
                "Withings (Nokia Health) data",
                current,
            ),
            file(
                6_020,
                "fitbit-data.json",
                FITBIT_PROJECT,
                &["Fitbit", "activity", "steps", "heart rate"],
                "Fitbit data.",
                content::fitbit_file(&fitbit),
            ),
            file(
                4_410,
                "genome_Sandbox_Member_v5_Full_20180517.txt",
                "direct-sharing-128",
                &["23andMe", "genome"],
                "23andMe genotype data",
                content::genome(),
            ),
            file(
                3_977,
                "Runkeeper-activity-data-2016.json",
                "runkeeper",
                &["GPS", "Runkeeper"],
                "Runkeeper GPS maps and imported activity data.",
                content::gps_tracks(),
            ),
        ];
        Shared {
            config,
            withings,
            legacy_withings,
            fitbit,
            corrected,
            files: Mutex::new(files),
            next_id: Mutex::new(7_000),
            keys: Mutex::new(HashMap::new()),
            expire_next: Mutex::new(0),
            file_delay: Mutex::new(Duration::ZERO),
            tokens: Mutex::new(Tokens::default()),
            log: Mutex::new(Vec::new()),
        }
    }

    /// The files in Open Humans' order: by (source, id).
    pub fn listed(&self) -> Vec<MemberFile> {
        let mut files = lock(&self.files).clone();
        files.sort_by(|a, b| (&a.source, a.id).cmp(&(&b.source, b.id)));
        files
    }

    /// A fresh download key for `file_id` (every listing makes new ones).
    pub fn new_key(&self, file_id: i64) -> String {
        let key = lock(&self.tokens).random("key");
        lock(&self.keys).insert(
            key.clone(),
            Key {
                file_id,
                issued: Instant::now(),
                expired: false,
            },
        );
        key
    }

    /// Whether `key` opens `file_id` now.
    pub fn key_opens(&self, key: &str, file_id: i64) -> bool {
        {
            let mut expire_next = lock(&self.expire_next);
            if *expire_next > 0 {
                *expire_next -= 1;
                if let Some(k) = lock(&self.keys).get_mut(key) {
                    k.expired = true;
                }
                return false;
            }
        }
        let ttl = self.config.key_ttl;
        lock(&self.keys)
            .get(key)
            .is_some_and(|k| k.file_id == file_id && !k.expired && k.issued.elapsed() < ttl)
    }

    pub fn record(&self, request: OhRequest) {
        lock(&self.log).push(request);
    }

    pub fn add_file(&self, basename: &str, source: &str, tags: &[&str], bytes: Vec<u8>) -> i64 {
        let id = {
            let mut next = lock(&self.next_id);
            *next += 1;
            *next
        };
        lock(&self.files).push(MemberFile {
            id,
            basename: basename.to_owned(),
            source: source.to_owned(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            description: String::new(),
            created: "2026-01-01T00:00:00Z".to_owned(),
            bytes,
        });
        id
    }
}

impl Tokens {
    /// An unguessable-looking token (deterministic per fake is fine here).
    pub fn random(&mut self, kind: &str) -> String {
        self.counter += 1;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let digest = Sha256::digest(format!(
            "{kind}:{}:{nanos}:{}",
            self.counter,
            std::process::id()
        ));
        digest.iter().take(15).map(|b| format!("{b:02x}")).collect()
    }

    /// A new access/refresh pair.
    pub fn issue(&mut self, ttl: Duration) -> (String, String) {
        let access = self.random("access");
        let refresh = self.random("refresh");
        self.access.insert(
            access.clone(),
            Access {
                expires: Instant::now() + ttl,
                revoked: false,
            },
        );
        self.refresh.insert(
            refresh.clone(),
            Refresh {
                access: access.clone(),
                revoked: false,
            },
        );
        (access, refresh)
    }

    pub fn access_ok(&self, token: &str) -> bool {
        self.access
            .get(token)
            .is_some_and(|a| !a.revoked && Instant::now() < a.expires)
    }

    /// DOT's `AbstractRefreshToken.revoke()`: the refresh token and the
    /// access token issued with it.
    pub fn use_refresh(&mut self, token: &str) -> bool {
        let Some(refresh) = self.refresh.get_mut(token).filter(|r| !r.revoked) else {
            return false;
        };
        refresh.revoked = true;
        let access = refresh.access.clone();
        if let Some(a) = self.access.get_mut(&access) {
            a.revoked = true;
        }
        true
    }
}
