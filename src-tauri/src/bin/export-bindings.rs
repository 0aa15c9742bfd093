//! `make bindings`: writes the TypeScript bindings of the IPC surface to
//! `ui/src/bindings.ts` (or to the path given as the only argument) and,
//! without an argument, the `catalog` answer to `ui/e2e/fixtures/catalog.json`
//! for the UI tests.

use std::path::Path;
use std::process::ExitCode;

use healthdash_app::bindings;

fn main() -> ExitCode {
    let arg = std::env::args_os().nth(1);
    let fixture = arg.is_none().then(bindings::catalog_fixture_path);
    let path = arg.map_or_else(bindings::default_path, Into::into);
    let mut ok = report(&path, bindings::write(&path));
    if let Some(fixture) = fixture {
        let written = bindings::render_catalog().and_then(|json| std::fs::write(&fixture, json));
        ok &= report(&fixture, written);
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn report(path: &Path, result: std::io::Result<()>) -> bool {
    match result {
        Ok(()) => {
            eprintln!("wrote {}", path.display());
            true
        }
        Err(err) => {
            eprintln!("export-bindings: cannot write {}: {err}", path.display());
            false
        }
    }
}
