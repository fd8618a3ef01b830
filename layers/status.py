"""The status of each source of a load, shown in the dock's list and written in the layers' metadata."""

from dataclasses import dataclass

from ..core.i18n import tr

LABELS = {"ok": "chargée", "stale": "copie ancienne", "incomplete": "incomplète", "failed": "échec",
          "empty": "vide", "not_provided": "fichier à fournir"}


@dataclass
class SourceStatus:
    OK = "ok"                    # loaded from a fresh answer
    STALE = "stale"              # loaded from an older cached copy: the source did not answer
    INCOMPLETE = "incomplete"    # loaded, but pages or communes are missing (named in `detail`)
    FAILED = "failed"            # not loaded (`detail` says why)
    EMPTY = "empty"              # loaded, nothing on the territory
    NOT_PROVIDED = "not_provided"  # a user-file source whose file has not been given: empty, explained layer

    key: str
    label: str
    state: str
    detail: str = ""
    count: int = None

    @property
    def state_label(self):
        return tr(LABELS[self.state]) if self.state in LABELS else self.state

    def text(self):
        """One line for the dock: « Friches (Cerema) : incomplète – 2 communes sans réponse »."""
        if self.count is None:
            count = ""
        else:
            count = " " + (tr("({} entités)") if (self.count or 0) > 1 else tr("({} entité)")).format(self.count)
        detail = f" – {self.detail}" if self.detail else ""
        return tr("{} : {}").format(self.label, self.state_label) + count + detail

    @classmethod
    def of_perimeters(cls, label, perimeters):
        count = len(perimeters.communes)
        degraded = list(getattr(perimeters, "degraded", []) or [])
        if perimeters.missing:
            return cls("geo_api", label, cls.INCOMPLETE,
                       "; ".join([tr("manque : {}").format(", ".join(perimeters.missing))] + degraded), count)
        if degraded:
            return cls("geo_api", label, cls.INCOMPLETE, "; ".join(degraded), count)
        return cls("geo_api", label, cls.STALE if perimeters.stale else cls.OK, "", count)

    @classmethod
    def of_source(cls, ctx, data, error):
        if error is not None:
            return cls(ctx.key, ctx.label, cls.FAILED, error.rstrip("."))
        rows = getattr(data, "rows", None)
        count = len(rows) if rows is not None else None
        if ctx.incomplete:
            return cls(ctx.key, ctx.label, cls.INCOMPLETE, "; ".join(ctx.incomplete), count)
        if ctx.stale:
            return cls(ctx.key, ctx.label, cls.STALE, tr("la source n'a pas répondu, copie en cache utilisée"), count)
        if count == 0:
            return cls(ctx.key, ctx.label, cls.EMPTY, tr("aucune entité sur le territoire"), count)
        return cls(ctx.key, ctx.label, cls.OK, "", count)
