//! WebKitGTK settings for a single-window app that never browses.
//!
//! wry sets the engine up as a web browser, and WebKitGTK composites on the
//! GPU. Where the GPU is Mesa's software renderer (llvmpipe: VMs, Xvfb, many
//! laptops without a driver) every composited layer and canvas is a texture
//! in the web process's own memory, and visiting the app's pages again and
//! again grew that process from 250 to 560 MB (PSS) in ten rounds. Drawn on
//! the CPU, the page stays near 190 MB and WebKit's empty-page floor drops
//! by 55 MB. See docs/PERFORMANCE.md ("Memory") for the numbers per lever.
//!
//! `HEALTHDASH_WEBKIT_TUNING` picks the levers by name, comma-separated
//! (`none` for WebKit's defaults, e.g. to compare, or on a machine where
//! GPU compositing matters more than memory).

/// The levers applied when `HEALTHDASH_WEBKIT_TUNING` is unset.
const DEFAULT_LEVERS: &str = "cache-model,no-page-cache,no-unused-features,no-canvas-gpu,no-gpu";

/// Applies the settings to the window's webview (Linux only; a no-op elsewhere).
pub fn tune(window: &tauri::WebviewWindow) {
    let levers =
        std::env::var("HEALTHDASH_WEBKIT_TUNING").unwrap_or_else(|_| DEFAULT_LEVERS.into());
    #[cfg(target_os = "linux")]
    if let Err(err) = window.with_webview(move |webview| linux::tune(&webview.inner(), &levers)) {
        log::warn!("cannot tune the webview: {err}");
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (window, levers);
}

#[cfg(target_os = "linux")]
mod linux {
    use webkit2gtk::glib::ObjectExt;
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
    };

    pub fn tune(view: &webkit2gtk::WebView, levers: &str) {
        let on = |name: &str| levers.split(',').any(|l| l.trim() == name);
        if on("cache-model")
            && let Some(context) = view.context()
        {
            // The smallest memory cache: one document, nothing kept for
            // "back". Cheap insurance; no measurable change on its own.
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        let Some(settings) = WebViewExt::settings(view) else {
            return;
        };
        if on("no-page-cache") {
            // The app changes pages by its hash router, never by navigating.
            settings.set_enable_page_cache(false);
        }
        if on("no-unused-features") {
            // Charts draw on 2D canvases; nothing plays sound or video.
            settings.set_enable_webgl(false);
            settings.set_enable_webaudio(false);
            settings.set_enable_media(false);
            settings.set_enable_mediasource(false);
            settings.set_enable_media_stream(false);
            settings.set_enable_encrypted_media(false);
            settings.set_enable_dns_prefetching(false);
        }
        if on("no-canvas-gpu") {
            // WebKitGTK 2.46+ (Skia) draws 2D canvases on the GPU; the
            // crate's bindings predate the property, so it is set by name.
            const CANVAS_GPU: &str = "enable-2d-canvas-acceleration";
            if settings.find_property(CANVAS_GPU).is_some() {
                settings.set_property(CANVAS_GPU, false);
            }
        }
        if on("no-gpu") {
            // No compositing on the GPU: the lever that counts (see above).
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
        log::info!("webview tuned: {levers}");
    }
}
