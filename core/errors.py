"""Error types whose message is meant for the user (French first)."""


class TiEnergieError(Exception):
    """An error with a message that can be shown as is to the user."""


class SourceError(TiEnergieError):
    """A public data source failed: the message names the source."""

    def __init__(self, source, message):
        self.source = source
        self.detail = message
        super().__init__(f"Source « {source} » : {message}")


class CancelledError(TiEnergieError):
    """The user cancelled the operation."""

    def __init__(self, message="Opération annulée par l'utilisateur."):
        super().__init__(message)
