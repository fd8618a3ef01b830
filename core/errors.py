"""Error types whose message is meant for the user (French first, translated by tr())."""

from .i18n import tr


class TiEnergieError(Exception):
    """An error with a message that can be shown as is to the user."""


class SourceError(TiEnergieError):
    """A public data source failed: the message names the source."""

    def __init__(self, source, message):
        self.source = source
        self.detail = message
        super().__init__(tr("Source « {} » : {}").format(source, message))


class CancelledError(TiEnergieError):
    """The user cancelled the operation."""

    def __init__(self, message=None):
        super().__init__(message or tr("Opération annulée par l'utilisateur."))
