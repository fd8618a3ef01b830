"""Layers made of several catalogue entries (« parts »): one layer, several sources.

A part is an ordinary catalogue entry (its own `url`, connector, `fields` mapped to the layer's names,
`value:` constants such as the operator, `derive` rule) without a `theme`, so it is not loaded on its own.
Each part runs in its own Context (its own cache folder, politeness and retries), one after the other
(the layers themselves load at the same time). The failure of one part leaves the others loaded: it is
named in a warning and the layer is marked incomplete. A user-file part whose file is not given yet
(`state: user_file`, no `path`) is skipped silently: the layer's catalogue entry says what the agency may
add.

```yaml
  reseau_gaz:
    connector: merge
    parts: [natran_reseau_gaz, terega_reseau_gaz]   # rows of every part, in this order
    fields: {operateur: str, nom: str, diametre_mm: double, pression_bar: double, source: str}
  producteurs:
    connector: merge
    parts: [odre_registre_producteurs, odre_biomethane_producteurs, methanisation_industrielle]
    positions: producteurs_positions        # a user file of exact positions (point geometries)
    positions_match: [identifiant, nom]     # compared without case nor accents
    positions_set: {precision: site}        # written on the rows that moved
  geothermie:
    connector: first_of                     # the first part that loads (a WMS raster, else polygons)
    parts: [brgm_geothermie_wms, brgm_geothermie_polygones]
```
"""

import traceback

from qgis.core import Qgis, QgsMessageLog

from ...core.errors import CancelledError, SourceError
from . import connector_for, register
from ...core.i18n import tr
from .base import Context, FileResult, RasterResult

LOG_TAG = "TI Énergie"


def run_part(ctx, key, progress=None):
    """(Context, VectorResult or RasterResult) of the catalogue entry `key`, run for `ctx`'s territory.
    Raises SourceError naming the part, or CancelledError."""
    if key not in ctx.catalogue.sources:
        raise ctx.fail(tr("partie « {} » absente du catalogue.").format(key))
    sub = Context(key, ctx.catalogue, ctx.cache, ctx.territory, ctx.pending_perimeters, ctx.feedback,
                  ctx.transform_context, progress, ctx.crs)
    sub.on_wait = ctx.on_wait  # a part waiting for the perimeters: its source is named as waiting
    try:
        result = connector_for(key, ctx.catalogue)(sub)
        if isinstance(result, FileResult):
            from .user_file import read_local

            result = read_local(sub, result, strict=sub.option("state") == "user_file")
    except (CancelledError, SourceError):
        _absorb(ctx, sub, failed=True)
        raise
    except Exception as err:  # noqa: BLE001 - one broken part must not stop the others
        _absorb(ctx, sub, failed=True)
        QgsMessageLog.logMessage(f"{sub.label} :\n{traceback.format_exc()}", LOG_TAG, Qgis.MessageLevel.Critical)
        raise SourceError(sub.label, tr("erreur inattendue (le détail est dans le journal des messages, onglet « "
                                        "TI Énergie »).")) from err
    _absorb(ctx, sub)
    return sub, result


def _absorb(ctx, sub, failed=False):
    """What a part met (warnings, missing pages, stale copies, dates, vintage), on the layer's context."""
    ctx.warnings.extend(sub.warnings)
    ctx.incomplete.extend(f"{sub.label} : {item}" for item in sub.incomplete)
    ctx.stale = ctx.stale or sub.stale
    ctx.dates.extend(d for d in sub.dates if d not in ctx.dates)
    if sub.vintage and not failed:
        vintages = sorted(getattr(ctx, "_part_vintages", []) + [(sub.label, sub.vintage)])
        ctx._part_vintages = vintages
        values = {v for _label, v in vintages}
        ctx.vintage = vintages[0][1] if len(values) == 1 else "; ".join(f"{label} : {v}" for label, v in vintages)


def not_provided(ctx, key):
    """True for a user-file part whose file has not been given (expected: skipped without a warning)."""
    source = ctx.catalogue.sources.get(key, {})
    return source.get("state") == "user_file" and source.get("connector") == "user_file" \
        and not str(source.get("path") or "").strip()


def _message(sub_label, err):
    return err.detail if isinstance(err, SourceError) and err.source == sub_label else str(err)


def run_parts(ctx, keys):
    """[(key, label, result or None, error message or None)] of the parts `keys`, one after the other: the
    loader already runs the layers at the same time on Qt threads, and Qt threads started from those
    threads crashed QGIS 3.22 in a network request (segmentation fault, seen under load)."""
    progress = {key: 0.0 for key in keys}

    def advance(key):
        def report(percent):
            progress[key] = percent
            ctx.progress(sum(progress.values()) / max(1, len(progress)))
        return report

    def one(key):
        label = ctx.catalogue.label(key)
        if not_provided(ctx, key):
            return key, label, None, None
        try:
            _sub, result = run_part(ctx, key, advance(key))
            return key, label, result, None
        except SourceError as err:
            return key, label, None, _message(label, err)

    return [one(key) for key in keys]


def _names(builder):
    return [spec.name for spec in builder.specs] + [name for name, _kind, _alias in builder.derived]


def add_rows(rows, result):
    """The rows of a part's VectorResult into the layer's RowBuilder, by field name (already reprojected)."""
    names = [name for name, _kind in result.fields]
    for values, geometry in result.rows:
        rows.add(dict(zip(names, values)), geometry)


def _fold(value):
    from ...core.derive_networks import fold

    return fold(value)


def apply_positions(ctx, rows):
    """Move the rows matching a row of the `positions` user file (exact positions given by the agency)."""
    key = ctx.option("positions", "")
    if not key or not rows.rows or not_provided(ctx, key):
        return 0
    try:
        _sub, result = run_part(ctx, key)
    except SourceError as err:
        ctx.warn(tr("positions précises non appliquées : {}").format(_message(ctx.catalogue.label(key), err)))
        return 0
    match = list(ctx.option("positions_match", ["identifiant", "nom"]))
    names = [name for name, _kind in result.fields]
    where = {}
    for values, geometry in result.rows:
        props = dict(zip(names, values))
        for name in match:
            if props.get(name) not in (None, ""):
                where.setdefault((name, _fold(props[name])), geometry)
    layer_names = _names(rows)
    setters = {layer_names.index(k): v for k, v in (ctx.option("positions_set", {}) or {}).items() if k in layer_names}
    moved = 0
    for index, (values, _geometry) in enumerate(rows.rows):
        row = dict(zip(layer_names, values))
        for name in match:
            geometry = where.get((name, _fold(row.get(name)))) if row.get(name) not in (None, "") else None
            if geometry is None:
                continue
            shaped = rows.shape(geometry)
            if shaped is not None:
                values = list(values)
                for position, value in setters.items():
                    values[position] = value
                rows.rows[index] = (values, shaped)
                moved += 1
            break
    return moved


def fill_communes(ctx, rows):
    """Rows without a commune code (a user file often has none) get the commune their point lies in."""
    names = _names(rows)
    code = next((n for n in ("code_commune", "code_insee") if n in names), None)
    if code is None or ctx.perimeters is None or rows.geometry != "point":
        return
    at, name_at = names.index(code), names.index("commune") if "commune" in names else None
    for values, geometry in rows.rows:
        if values[at] not in (None, "") or geometry is None:
            continue
        for commune in ctx.perimeters.communes:
            if commune["geometry"].contains(geometry):
                values[at] = commune["insee"]
                if name_at is not None and values[name_at] in (None, ""):
                    values[name_at] = commune["nom"]
                break


@register("merge", parts="str_list", positions=str, positions_match="str_list", positions_set=dict)
def merge(ctx):
    """The rows of every part in one layer (the layer's `fields`, its `derive` rule applied after)."""
    keys = list(ctx.option("parts", []) or [])
    if not keys:
        raise ctx.fail(tr("le catalogue ne nomme aucune partie (clé parts)."))
    rows = ctx.builder()
    failures, loaded = [], 0
    for key, label, result, error in run_parts(ctx, keys):
        if error is not None:
            failures.append(f"{label} : {error}")
            continue
        if result is None:  # a user file not given yet
            continue
        if isinstance(result, RasterResult):
            failures.append(f"{label} : une couche raster ne peut pas être fusionnée")
            continue
        add_rows(rows, result)
        loaded += 1
    if loaded == 0:
        raise ctx.fail("aucune partie n'a pu être chargée" + (" : " + " ; ".join(failures) if failures else
                                                               " (fichiers de l'agence non fournis)") + ".")
    for failure in failures:
        ctx.warn(tr("partie non chargée, la couche est incomplète : {}").format(failure))
        ctx.incomplete.append(failure.split(" : ")[0] + " non chargée")
    apply_positions(ctx, rows)
    fill_communes(ctx, rows)
    return rows.finish()


@register("first_of", parts="str_list")
def first_of(ctx):
    """The first part that loads, in the catalogue's order (a WMS raster layer, else a vector source)."""
    keys = list(ctx.option("parts", []) or [])
    if not keys:
        raise ctx.fail(tr("le catalogue ne nomme aucune partie (clé parts)."))
    reasons = []
    for key in keys:
        label = ctx.catalogue.label(key)
        if not_provided(ctx, key):
            reasons.append(f"{label} : fichier non fourni")
            continue
        try:
            _sub, result = run_part(ctx, key)
        except SourceError as err:
            reasons.append(f"{label} : {_message(label, err)}")
            continue
        if isinstance(result, RasterResult):
            return result
        rows = ctx.builder()
        add_rows(rows, result)
        return rows.finish()
    raise ctx.fail("aucune des sources possibles n'a pu être chargée : " + " ; ".join(reasons) + ".")
