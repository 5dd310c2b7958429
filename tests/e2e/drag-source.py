"""A window that lets the mouse drag files, as a file manager does, for the drag-and-drop test.

Usage: drag-source.py X Y FILE...   Shows a button at screen position X,Y; dragging it offers
the files as text/uri-list, the format file managers use.
"""

import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402

x, y = int(sys.argv[1]), int(sys.argv[2])
uris = [GLib.filename_to_uri(path, None) for path in sys.argv[3:]]

window = Gtk.Window(title="annexa-drag-source")
window.set_default_size(120, 60)
window.move(x, y)
button = Gtk.Button(label="files")
button.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
button.drag_source_add_uri_targets()
button.connect("drag-data-get", lambda _w, _ctx, data, _info, _time: data.set_uris(uris))
window.add(button)
window.connect("destroy", Gtk.main_quit)
window.show_all()
print("ready", flush=True)
Gtk.main()
