"""Translation of the user-facing French strings (context "TiEnergie", i18n/ti_energie_<lang>.ts).

`tr()` goes through Qt's installed translators (plugin.py installs the plugin's for the QGIS UI locale) and is
the identity where Qt is absent (core/ stays usable without QGIS). French is the source language: a string
written in the code is the French text, `tools/build_translations.py --check` lists the ones the .ts lacks.
Messages with values are written `tr("… {} …").format(value)` so the translated text keeps its placeholders.
"""

CONTEXT = "TiEnergie"


def tr(text):
    """The translation of the French `text` for the installed translators (the text itself without one)."""
    try:
        from qgis.PyQt.QtCore import QCoreApplication
    except ImportError:  # pure-Python use of core/
        return text
    return QCoreApplication.translate(CONTEXT, text)
