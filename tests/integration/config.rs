//! `config.toml` is checked whole by every command that uses the data
//! folder: one line naming the key and its line, exit 1, nothing changed.

use crate::util::*;

const BAD_FILES: &[(&str, &[&str])] = &[
    ("[providers.withings\nclient_id = \"x\"\n", &["line 1"]),
    ("colour_scheme = \"blue\"\n", &["colour_scheme", "line 1"]),
    (
        "# mine\n[providers.withings]\nclient_idd = \"x\"\n",
        &["client_idd", "line 3"],
    ),
    (
        "[providers.withings]\nredirect_port = \"x\"\n",
        &["redirect_port", "line 2"],
    ),
    ("[display]\nweight = \"stone\"\n", &["stone", "line 2"]),
    (
        "[providers.fitbit]\nclient_id = \"x\"\n",
        &["fitbit", "line 1"],
    ),
];

/// Every file in the folder with its bytes.
fn snapshot(data: &TempData) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_command_refuses_a_bad_config_in_one_line_and_changes_nothing() {
    let commands: &[&[&str]] = &[
        &["providers"],
        &["metrics"],
        &["export", "csv", "--out", "-"],
        &["demo", "--years", "1"],
        &["chart", "heart_rate", "--out", "hr.png"],
        &["disconnect", "withings"],
        &["connect", "withings", "--no-browser"],
        &["sync"],
    ];
    for (text, needles) in BAD_FILES {
        let data = TempData::new();
        std::fs::write(data.path().join("config.toml"), text).unwrap();
        let before = snapshot(&data);
        for args in commands {
            let out = data.cli(args);
            assert_eq!(out.status.code(), Some(1), "{args:?} on {text:?}");
            for needle in *needles {
                assert_one_line_error(&out, needle);
            }
            assert!(stderr(&out).contains("config.toml"), "{}", stderr(&out));
            assert_eq!(stdout(&out), "", "{args:?}");
            assert_eq!(snapshot(&data), before, "{args:?} changed the folder");
        }
    }
}

#[test]
fn a_valid_config_is_accepted() {
    let data = TempData::new();
    std::fs::write(
        data.path().join("config.toml"),
        "[display]\nweight = \"lb\"\n\n[providers.withings]\nclient_id = \"abc\"\nredirect_port = 0\n",
    )
    .unwrap();
    let out = data.cli(&["providers"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_broken_secrets_file_stops_a_sign_in_before_the_browser() {
    let data = TempData::new();
    std::fs::write(
        data.path().join("config.toml"),
        "[providers.withings]\nclient_id = \"abc\"\nclient_secret = \"s\"\nauthorize_url = \"http://127.0.0.1:9/authorize\"\ntoken_url = \"http://127.0.0.1:9/token\"\napi_base_url = \"http://127.0.0.1:9\"\n",
    )
    .unwrap();
    let secrets = data.path().join("secrets.json");
    std::fs::write(&secrets, "{not json").unwrap();
    // Private already, so the only line is the error (a loose mode is tightened, with a warning).
    std::fs::set_permissions(
        &secrets,
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    let out = data.cli_with_env(
        &["connect", "withings", "--no-browser", "--timeout", "3"],
        &[("HEALTHDASH_SECRET_STORE", "file")],
    );
    assert_one_line_error(&out, "secrets.json");
    assert_eq!(stdout(&out), "", "no sign-in address before the check");
    assert_eq!(std::fs::read_to_string(&secrets).unwrap(), "{not json");
}
