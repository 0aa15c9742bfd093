//! `make bindings`: writes the TypeScript bindings of the IPC surface to
//! `ui/src/bindings.ts` (or to the path given as the only argument).

use std::process::ExitCode;

fn main() -> ExitCode {
    let path = std::env::args_os()
        .nth(1)
        .map_or_else(healthdash_app::bindings::default_path, Into::into);
    match healthdash_app::bindings::write(&path) {
        Ok(()) => {
            eprintln!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("export-bindings: cannot write {}: {err}", path.display());
            ExitCode::FAILURE
        }
    }
}
