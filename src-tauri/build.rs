//! Generates the Tauri context (config, capabilities, icons) at build time.

fn main() {
    // With the UI embedded (`tauri/custom-protocol`), `generate_context!`
    // reads ui/dist when this crate compiles, and nothing else tells cargo
    // that the crate depends on those files: without this line a rebuilt UI
    // would not reach a binary whose Rust sources did not change.
    if !tauri_build::is_dev() {
        println!("cargo:rerun-if-changed=../ui/dist");
    }
    tauri_build::build();
}
