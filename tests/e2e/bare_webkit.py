#!/usr/bin/python3
"""The memory floor of `make measure`: a bare WebKitGTK window (GTK 3,
WebKit2 4.1, the same libraries the app links) showing an empty page.

Prints "painted" once the page has loaded and stays open until killed.
Python's GObject bindings (Debian: python3-gi, gir1.2-webkit2-4.1) need no
build; the interpreter adds a few MB to the host process, which
`make measure` reports on its own line.
"""

import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402


def main() -> None:
    window = Gtk.Window(title="WebKitGTK floor")
    window.set_default_size(1280, 800)
    view = WebKit2.WebView()
    window.add(view)
    window.connect("destroy", Gtk.main_quit)

    def on_load(_view, event):
        if event == WebKit2.LoadEvent.FINISHED:
            # Two more main-loop turns so the first frame is composited.
            GLib.timeout_add(200, lambda: print("painted", flush=True) and False)

    view.connect("load-changed", on_load)
    view.load_html("<!doctype html><html><head><title>floor</title></head><body></body></html>", None)
    window.show_all()
    Gtk.main()


if __name__ == "__main__":
    sys.exit(main())
