"""Shows the GTK dialogs the app's native dialogs are made of, to test native-dialog.mjs.

Usage:
  native-dialog-check.py open|folder|save TITLE DIR NAME
  native-dialog-check.py message TITLE [DESCRIPTION]
  add --plain (before the mode) to build a GtkFileChooserDialog by hand instead of a
  GtkFileChooserNative.

The dialogs are built the way rfd 0.17 (behind tauri-plugin-dialog) builds them with its gtk3
backend: a GtkFileChooserNative (which, outside a sandbox, shows a GtkFileChooserDialog with
"_Cancel" and "_Open"/"_Select"/"_Save" buttons, the accept button the default response)
titled TITLE, with the folder set to DIR and:
  open    action OPEN, then DIR/NAME selected (set_filename);
  folder  action SELECT_FOLDER, then DIR/NAME selected (set_filename);
  save    action SAVE with overwrite confirmation; DIR/NAME selected if it exists, else NAME
          typed in the name field (set_current_name);
  message a modal GtkMessageDialog titled TITLE with selectable labels and the buttons
          "Replace" (OK) then "Cancel" (CANCEL) added in that order, no default response.
When the dialog closes it prints the chosen path (gtk_file_chooser_get_filename), or CANCELLED;
for message, OK or CANCEL (Escape or closing the window count as CANCEL, as in rfd). Then it
exits.
"""

import os
import sys

import gi

# The file chooser saves its settings through GSettings; without a D-Bus session that only
# prints warnings, so keep them in memory.
os.environ.setdefault("GSETTINGS_BACKEND", "memory")
gi.require_version("Gtk", "3.0")
from gi.repository import Gtk  # noqa: E402

args = sys.argv[1:]
plain = False
if args and args[0] == "--plain":
    plain = True
    args = args[1:]
if not args:
    sys.exit(__doc__)
mode = args[0]


def finish(text):
    print(text, flush=True)
    Gtk.main_quit()


def message_dialog(title, description):
    dialog = Gtk.MessageDialog(
        transient_for=None,
        modal=True,
        message_type=Gtk.MessageType.WARNING,
        buttons=Gtk.ButtonsType.NONE,
        text=title,
    )
    for child in dialog.get_message_area().get_children():
        if isinstance(child, Gtk.Label):
            child.set_selectable(True)
    dialog.set_title(title)
    dialog.add_button("Replace", Gtk.ResponseType.OK)
    dialog.add_button("Cancel", Gtk.ResponseType.CANCEL)
    dialog.format_secondary_text(description)

    def response(_dialog, response_id):
        finish("OK" if response_id == Gtk.ResponseType.OK else "CANCEL")
        dialog.destroy()

    dialog.connect("response", response)
    dialog.show_all()


def file_dialog(title, directory, name):
    action = {
        "open": Gtk.FileChooserAction.OPEN,
        "folder": Gtk.FileChooserAction.SELECT_FOLDER,
        "save": Gtk.FileChooserAction.SAVE,
    }[mode]
    if plain:
        dialog = Gtk.FileChooserDialog(title=title, action=action)
        dialog.add_button("Cancel", Gtk.ResponseType.CANCEL)
        dialog.add_button("Save" if mode == "save" else "Open", Gtk.ResponseType.ACCEPT)
        dialog.set_default_response(Gtk.ResponseType.ACCEPT)
    else:
        dialog = Gtk.FileChooserNative.new(title, None, action, None, None)
    path = os.path.join(directory, name)
    if mode == "save":
        dialog.set_do_overwrite_confirmation(True)
    dialog.set_current_folder(directory)
    if mode == "save" and not os.path.exists(path):
        dialog.set_current_name(name)
    else:
        dialog.set_filename(path)

    def response(_dialog, response_id):
        chosen = dialog.get_filename() if response_id == Gtk.ResponseType.ACCEPT else None
        finish(chosen if chosen is not None else "CANCELLED")
        dialog.destroy()

    dialog.connect("response", response)
    dialog.show()


if mode == "message" and len(args) in (2, 3):
    message_dialog(args[1], args[2] if len(args) == 3 else "")
elif mode in ("open", "folder", "save") and len(args) == 4:
    file_dialog(args[1], args[2], args[3])
else:
    sys.exit(__doc__)
Gtk.main()
