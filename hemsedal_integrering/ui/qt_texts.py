"""Qt's own texts (a line edit's right-click menu, standard buttons) in the user's language.

Qt ships no bokmål translation, so without this a right-click in a search
field would say "Copy" and "Paste" in an otherwise Norwegian program. The
texts go through the same message catalog as ours, with the Qt class as
context; ``QtTexts`` answers Qt's lookups from it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from ..i18n import pgettext
from ..i18n.catalog import current_language


def qt_texts() -> dict[tuple[str, str], str]:
    """{(Qt context, Qt's English text): our text} for the Qt texts an officer meets."""
    menu = {
        "&Undo": pgettext("QLineEdit", "&Undo"),
        "&Redo": pgettext("QLineEdit", "&Redo"),
        "Cu&t": pgettext("QLineEdit", "Cu&t"),
        "&Copy": pgettext("QLineEdit", "&Copy"),
        "&Paste": pgettext("QLineEdit", "&Paste"),
        "Delete": pgettext("QLineEdit", "Delete"),
        "Select All": pgettext("QLineEdit", "Select All"),
    }
    texts = {("QLineEdit", source): text for source, text in menu.items()}
    texts |= {("QWidgetTextControl", source): text for source, text in menu.items()}
    texts[("QWidgetTextControl", "Copy &Link Location")] = pgettext("QWidgetTextControl", "Copy &Link Location")
    texts[("QAbstractSpinBox", "&Step up")] = pgettext("QAbstractSpinBox", "&Step up")
    texts[("QAbstractSpinBox", "Step &down")] = pgettext("QAbstractSpinBox", "Step &down")
    texts[("QAbstractSpinBox", "&Select All")] = pgettext("QAbstractSpinBox", "&Select All")
    buttons = {
        "OK": pgettext("QPlatformTheme", "OK"),
        "Save": pgettext("QPlatformTheme", "Save"),
        "Save All": pgettext("QPlatformTheme", "Save All"),
        "Open": pgettext("QPlatformTheme", "Open"),
        "&Yes": pgettext("QPlatformTheme", "&Yes"),
        "Yes to &All": pgettext("QPlatformTheme", "Yes to &All"),
        "&No": pgettext("QPlatformTheme", "&No"),
        "N&o to All": pgettext("QPlatformTheme", "N&o to All"),
        "Abort": pgettext("QPlatformTheme", "Abort"),
        "Retry": pgettext("QPlatformTheme", "Retry"),
        "Ignore": pgettext("QPlatformTheme", "Ignore"),
        "Close": pgettext("QPlatformTheme", "Close"),
        "Cancel": pgettext("QPlatformTheme", "Cancel"),
        "Discard": pgettext("QPlatformTheme", "Discard"),
        "Don't Save": pgettext("QPlatformTheme", "Don't Save"),
        "Close without Saving": pgettext("QPlatformTheme", "Close without Saving"),
        "Help": pgettext("QPlatformTheme", "Help"),
        "Apply": pgettext("QPlatformTheme", "Apply"),
        "Reset": pgettext("QPlatformTheme", "Reset"),
        "Restore Defaults": pgettext("QPlatformTheme", "Restore Defaults"),
    }
    texts |= {("QPlatformTheme", source): text for source, text in buttons.items()}
    # Qt's own file dialog (Linux; Windows and macOS show the system's, already Norwegian).
    file_dialog = {
        "&Look in:": pgettext("QFileDialog", "&Look in:"),
        "File &name:": pgettext("QFileDialog", "File &name:"),
        "Files of &type:": pgettext("QFileDialog", "Files of &type:"),
        "&Save": pgettext("QFileDialog", "&Save"),
        "&Open": pgettext("QFileDialog", "&Open"),
        "&Delete": pgettext("QFileDialog", "&Delete"),
        "&Rename": pgettext("QFileDialog", "&Rename"),
        "&New Folder": pgettext("QFileDialog", "&New Folder"),
        "Show &hidden files": pgettext("QFileDialog", "Show &hidden files"),
        "All Files (*)": pgettext("QFileDialog", "All Files (*)"),
        "Back": pgettext("QFileDialog", "Back"),
        "Forward": pgettext("QFileDialog", "Forward"),
        "Parent Directory": pgettext("QFileDialog", "Parent Directory"),
        "Create New Folder": pgettext("QFileDialog", "Create New Folder"),
        "List View": pgettext("QFileDialog", "List View"),
        "Detail View": pgettext("QFileDialog", "Detail View"),
        "%1 already exists.\nDo you want to replace it?":
            pgettext("QFileDialog", "%1 already exists.\nDo you want to replace it?"),
    }
    texts |= {("QFileDialog", source): text for source, text in file_dialog.items()}
    file_model = {
        "Name": pgettext("QFileSystemModel", "Name"),
        "Size": pgettext("QFileSystemModel", "Size"),
        "Type": pgettext("QFileSystemModel", "Type"),
        "Date Modified": pgettext("QFileSystemModel", "Date Modified"),
        "Computer": pgettext("QFileSystemModel", "Computer"),
    }
    texts |= {("QFileSystemModel", source): text for source, text in file_model.items()}
    texts[("QMessageBox", "Show Details...")] = pgettext("QMessageBox", "Show Details...")
    texts[("QMessageBox", "Hide Details...")] = pgettext("QMessageBox", "Hide Details...")
    return texts


class QtTexts(QTranslator):
    """A QTranslator that answers from our catalog; None for every other text.

    None, not "": an empty string is a translation to Qt, and answering "" blanked
    every text Qt did not find here ("Ctrl" in "Ctrl+Z", file dialog labels)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.texts = qt_texts()

    def translate(self, context, source_text, disambiguation=None, n=-1):  # Qt's name
        return self.texts.get((context, source_text))

    def isEmpty(self) -> bool:  # noqa: N802
        return False


def install_qt_texts(app: QCoreApplication) -> QtTexts:
    """Install the translator on ``app`` (keep the returned object alive with the app)."""
    translator = QtTexts(app)
    app.installTranslator(translator)
    return translator


#: The QLocale behind Qt's own month and day names (date pickers) for each catalog language.
QT_LOCALES = {
    "nb": (QLocale.Language.NorwegianBokmal, QLocale.Country.Norway),
    "nn": (QLocale.Language.NorwegianNynorsk, QLocale.Country.Norway),
    "en": (QLocale.Language.English, QLocale.Country.UnitedKingdom),
}


def setup_language(app: QCoreApplication) -> QtTexts:
    """Qt speaks the catalog's language: its own texts and its month and day names."""
    language, country = QT_LOCALES.get(current_language(), QT_LOCALES["nb"])
    QLocale.setDefault(QLocale(language, country))
    return install_qt_texts(app)
