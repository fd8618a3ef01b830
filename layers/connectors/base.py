"""What every connector needs, done once: the source's context (catalogue entry, territory, cache,
cancel, progress, warnings, dates), field mapping with tolerant conversion, geometry type enforced as
declared, reprojection to the territory's CRS, territory filters, and the three kinds of result.

A connector is a function `(ctx: Context) -> VectorResult | FileResult | RasterResult`, registered by
kind in `layers/connectors/__init__.py` with the catalogue keys it reads.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from qgis.core import (Qgis, QgsCoordinateTransformContext, QgsCsException, QgsGeometry, QgsPointXY, QgsRectangle,
                       QgsWkbTypes)

from ...core.errors import CancelledError, SourceError, TiEnergieError
from ...core.i18n import tr
from ..cache import cached_entry
from ..network import InvalidPayload, rebase
from .. import payloads

FIELD_TYPES = ("str", "int", "double", "bool")
_GEOMETRY_TYPE = getattr(Qgis, "GeometryType", None) or QgsWkbTypes.GeometryType
POINT_TYPE = getattr(_GEOMETRY_TYPE, "Point", None) or QgsWkbTypes.GeometryType.PointGeometry
LINE_TYPE = getattr(_GEOMETRY_TYPE, "Line", None) or QgsWkbTypes.GeometryType.LineGeometry
POLYGON_TYPE = getattr(_GEOMETRY_TYPE, "Polygon", None) or QgsWkbTypes.GeometryType.PolygonGeometry
# what a source writes when it withholds or does not know a value
MISSING_MARKERS = {"", "nc", "n/c", "nd", "n.d.", "n/d", "s", "secret", "na", "n/a", "null", "none", "-", "--",
                   "nan", "inconnu", "non renseigné", "non disponible", "x"}


@dataclass
class VectorResult:
    """Rows [(values, QgsGeometry or None)] of a layer, its fields [(name, type)] and aliases."""

    fields: list
    rows: list = field(default_factory=list)
    geometry: str = "point"            # point, multilinestring, multipolygon or none
    aliases: dict = field(default_factory=dict)


@dataclass
class FileResult:
    """A local vector file: the loader copies its features (`layer` of `path`) into the territory."""

    path: str
    layer: str = ""
    geometry: str = "point"
    aliases: dict = field(default_factory=dict)


@dataclass
class RasterResult:
    """A remote raster layer (WMS / WMTS) added to the project as is (nothing is downloaded)."""

    uri: str
    provider: str = "wms"


@dataclass
class FieldSpec:
    name: str     # output field
    origin: str   # field of the source
    kind: str     # str, int, double, bool
    alias: str = ""
    default: object = None  # `value:` of the catalogue: used when the source gives nothing (a constant)


def field_specs(source, label):
    """[FieldSpec] of the catalogue's `fields`: `name: type`, or `name: {from: "Source name", type: type,
    alias: "Nom lisible (unité)", value: ...}` to rename a field (names with spaces or symbols); `value` is
    written when the source gives nothing (a constant such as the operator of a dataset)."""
    raw = source.get("fields") or {}
    if not isinstance(raw, dict) or not raw:
        raise SourceError(label, tr("le catalogue ne décrit aucun champ pour cette source."))
    specs = []
    for name, kind in raw.items():
        origin, alias, default = name, "", None
        if isinstance(kind, dict):
            origin, alias, default = kind.get("from", name), kind.get("alias", ""), kind.get("value")
            kind = kind.get("type")
        if kind not in FIELD_TYPES:
            raise SourceError(label, tr("type de champ inconnu dans le catalogue : {}: {}.").format(name, kind))
        specs.append(FieldSpec(name, str(origin), kind, str(alias or ""), default))
    return specs


def convert(value, kind):
    """`value` as `kind`; None for empty or "withheld" markers; ValueError when it does not convert."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):  # QGIS NULL on PyQt5
        return None
    if isinstance(value, str) and value.strip().lower() in MISSING_MARKERS:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    if kind == "int":
        number = convert(value, "double")
        if number is None or number != int(number):
            raise ValueError(value)
        return int(number)
    if kind == "double":  # also "1 500,5" (French text: spaces as thousands separators, decimal comma)
        if isinstance(value, bool):
            raise ValueError(value)
        if isinstance(value, (int, float)):
            return float(value)
        text = str(value).strip()
        for space in (" ", "\u00a0", "\u202f"):
            text = text.replace(space, "")
        number = float(text.replace(",", "."))
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(value)
        return number
    if kind == "bool":  # Opendatasoft booleans are often the strings "True" / "False"
        text = str(value).strip().lower()
        if text in ("true", "1", "oui", "yes", "vrai", "t"):
            return "oui"
        if text in ("false", "0", "non", "no", "faux", "f"):
            return "non"
        raise ValueError(value)
    return str(value)


class Context:
    """One source being loaded for one territory (created by the loader, one per source and thread)."""

    def __init__(self, key, catalogue, cache, territory, perimeters=None, feedback=None, transform_context=None,
                 progress=None, crs="EPSG:2154"):
        self.key = key
        self.catalogue = catalogue
        self.cache = cache
        self.territory = territory
        # the Perimeters, or the loader's PendingPerimeters while they are still being fetched (handed as is to
        # the contexts of parts: `pending_perimeters`); `perimeters` waits for them
        self.pending_perimeters = perimeters
        self.feedback = feedback
        self.transform_context = transform_context or QgsCoordinateTransformContext()
        self._progress = progress
        self.source = catalogue.source(key)
        self.label = catalogue.label(key)
        self.crs = crs
        self.warnings = []
        self.incomplete = []     # what is missing from the layer (pages, communes), for the status and metadata
        self.stale = False       # a cached copy was used because the source failed
        self.dates = []          # download dates of the answers used
        self.vintage = ""        # the producer's own date / vintage (data.gouv last_modified, WFS typename date…)
        self._transforms = {}
        self.on_wait = None      # on_wait(True/False) around a wait for the perimeters (the loader's progress text)

    @property
    def perimeters(self):
        """The territory's Perimeters (communes, EPCI, outline); waits while the loader is still fetching
        them (the source's first requests — a national archive — go on meanwhile)."""
        value = self.pending_perimeters
        if hasattr(value, "wait"):
            on_wait = self.on_wait if not value.ready else None
            if on_wait is not None:
                on_wait(True)  # the dock says it waits, not that it downloads
            try:
                value = value.wait(self.feedback)
            finally:
                if on_wait is not None:
                    on_wait(False)
        return value

    # --- plumbing --------------------------------------------------------------------------------

    def check_cancel(self):
        """CancelledError when the user cancels, or when the load already failed (its perimeters)."""
        if self.feedback is not None and self.feedback.isCanceled():
            raise CancelledError()
        if getattr(self.pending_perimeters, "failed", False):
            raise CancelledError()

    def progress(self, percent):
        self.check_cancel()
        if self._progress is not None:
            self._progress(max(0.0, min(100.0, percent)))

    def warn(self, message):
        self.warnings.append(tr("Source « {} » : {}").format(self.label, message))

    def fail(self, message):
        return SourceError(self.label, message)

    def option(self, name, default=None):
        value = self.source.get(name, default)
        return default if value is None else value

    def url(self):
        return self.catalogue.url(self.key)

    def rebase(self, url):
        """A link given by the server, re-based on the catalogue's origin (see network.rebase)."""
        return rebase(url, self.url())

    # --- fetching --------------------------------------------------------------------------------

    def fetch(self, url, validate=None, max_age_days=None):
        """Bytes of `url` through the cache, validated; a stale copy is recorded (status, warning)."""
        self.check_cancel()
        entry = cached_entry(self.key, url, self.catalogue, self.cache, self.feedback, validate,
                             max_age_days=max_age_days)
        self._record(entry)
        return entry.data

    def fetch_file(self, url, validate=None, max_bytes=None, max_age_days=None, progress=None):
        """Path of the cached file of `url` (streamed to disk), validated."""
        self.check_cancel()
        entry = cached_entry(self.key, url, self.catalogue, self.cache, self.feedback, validate, as_file=True,
                             max_age_days=max_age_days, max_bytes=max_bytes, progress=progress)
        self._record(entry)
        return entry.path

    def fetch_json(self, url, expect=dict, max_age_days=None):
        """Parsed JSON of `url` (dict or list as `expect`); HTML pages, exception reports and truncated
        bodies are retried, then reported."""
        body = self.fetch(url, lambda b: payloads.load_json(b, expect), max_age_days)
        try:
            return payloads.load_json(body, expect)
        except InvalidPayload as err:
            raise self.fail(f"{err}.") from None

    def fetch_geojson(self, url, max_age_days=None):
        body = self.fetch(url, payloads.feature_collection, max_age_days)
        try:
            return payloads.load_feature_collection(body)
        except InvalidPayload as err:
            raise self.fail(f"{err}.") from None

    def _record(self, entry):
        if entry.stale:
            self.stale = True
            self.warnings.append(entry.warning)
        if entry.fetched and entry.fetched not in self.dates:
            self.dates.append(entry.fetched)

    # --- territory -------------------------------------------------------------------------------

    def communes(self):
        """INSEE codes of the territory's communes."""
        return {c["insee"] for c in (self.perimeters.communes if self.perimeters is not None else [])}

    def departements(self):
        return sorted({c["code_dep"] or c["insee"][:2] for c in
                       (self.perimeters.communes if self.perimeters is not None else [])})

    def outline(self):
        return self.perimeters.outline if self.perimeters is not None else None

    def transform_from(self, crs):
        """The transform from `crs` (an authority id or a QgsCoordinateReferenceSystem) to the territory's."""
        from ..gpkg import checked_transform, crs_is_defined

        authid = crs if isinstance(crs, str) else crs.authid() or crs.toWkt()
        if authid not in self._transforms:
            if not isinstance(crs, str) and not crs_is_defined(crs):
                raise self.fail(tr("système de coordonnées inconnu : {}.").format(authid or 'non défini'))
            try:
                self._transforms[authid] = checked_transform(crs, self.crs, self.transform_context)
            except TiEnergieError as err:
                raise self.fail(str(err)) from None
        return self._transforms[authid]

    # --- rows ------------------------------------------------------------------------------------

    def builder(self, geometry=None, specs=None):
        """A RowBuilder for this source's declared fields and geometry."""
        return RowBuilder(self, specs if specs is not None else field_specs(self.source, self.label),
                          geometry or self.option("geometry", "point"), self.option("derive"))


def _single_point(geometry):
    if geometry.type() == POINT_TYPE:
        if geometry.isMultipart():
            points = geometry.asMultiPoint()
            return QgsGeometry.fromPointXY(points[0]) if len(points) == 1 else geometry.centroid()
        return geometry
    return geometry.pointOnSurface()


def square(geometry, half_side_m=50.0):
    point = geometry.centroid().asPoint()
    return QgsGeometry.fromRect(QgsRectangle(point.x() - half_side_m, point.y() - half_side_m,
                                             point.x() + half_side_m, point.y() + half_side_m))


class RowBuilder:
    """Rows of one layer, built tolerantly: a value that does not convert becomes NULL, a missing or
    broken geometry skips the feature, a geometry of another type is converted when it can be; every
    such case is counted and summed up in one warning (`finish()`)."""

    def __init__(self, ctx, specs, geometry="point", derive=None):
        self.ctx = ctx
        self.specs = specs
        self.geometry = geometry
        self.rows = []
        self.derived, self._derive = [], None
        rule = derive
        if rule:
            from ...core import derive

            try:
                self.derived, self._derive = derive.get(rule)
            except KeyError as err:
                raise ctx.fail(f"{err.args[0]}.") from None
        self.bad_values = {}         # field → Counter of raw values
        self.withheld = {}           # field → Counter of the markers of withheld numbers ("NC", "s", "secret"…)
        self.no_geometry = 0
        self.fixed_geometry = 0
        self.converted = 0
        self.wrong_type = 0
        self.reprojection_failed = 0

    def values(self, props):
        out = []
        for spec in self.specs:
            raw = props.get(spec.origin)
            if spec.default is not None and (raw is None or raw == "" or (hasattr(raw, "isNull") and raw.isNull())):
                raw = spec.default
            try:
                value = convert(raw, spec.kind)
            except (TypeError, ValueError):
                self.bad_values.setdefault(spec.name, Counter())[str(raw)[:30]] += 1
                out.append(None)
                continue
            if value is None and spec.kind != "str" and isinstance(raw, str) and raw.strip():
                # a number withheld ("NC", "s", "secret"…): said, not taken for a zero; in a text field the
                # markers ("inconnu", "-") are ordinary values of the source, set to NULL quietly
                self.withheld.setdefault(spec.name, Counter())[raw.strip()[:30]] += 1
            out.append(value)
        if self._derive is not None:
            extra = self._derive({spec.name: value for spec, value in zip(self.specs, out)}, props) or {}
            for name, kind, _alias in self.derived:
                try:
                    out.append(convert(extra.get(name), kind))
                except (TypeError, ValueError):
                    out.append(None)
        return out

    def shape(self, geometry, transform=None):
        """`geometry` (QgsGeometry or WKT) reprojected and of the declared type, or None (counted)."""
        if self.geometry == "none":
            return None
        if isinstance(geometry, str):
            geometry = QgsGeometry.fromWkt(geometry)
        geometry = QgsGeometry(geometry) if geometry is not None else None
        if geometry is None or geometry.isNull() or geometry.isEmpty():
            self.no_geometry += 1
            return None
        if transform is not None:
            try:
                outcome = geometry.transform(transform)
                if not (outcome == 0 or getattr(outcome, "value", None) == 0):
                    raise QgsCsException("transform")
            except QgsCsException:
                self.reprojection_failed += 1
                return None
            if geometry.isEmpty() or not geometry.boundingBox().isFinite():
                self.reprojection_failed += 1
                return None
        kind = geometry.type()
        if self.geometry == "point":
            if kind != POINT_TYPE:
                self.converted += 1
            return _single_point(geometry)
        if self.geometry == "multilinestring":
            if kind != LINE_TYPE:
                self.wrong_type += 1
                return None
        elif self.geometry == "multipolygon":
            if kind == POINT_TYPE and self.ctx.option("point_as_square_m"):
                geometry = square(geometry, float(self.ctx.option("point_as_square_m")) / 2.0)
                self.converted += 1
            elif kind != POLYGON_TYPE:
                self.wrong_type += 1
                return None
            if not geometry.isGeosValid():
                fixed = geometry.makeValid()
                if fixed.isEmpty():
                    self.no_geometry += 1
                    return None
                self.fixed_geometry += 1
                geometry = fixed
                if geometry.type() != POLYGON_TYPE:  # a collection: keep its polygons
                    parts = [QgsGeometry(p) for p in geometry.asGeometryCollection() if p.type() == POLYGON_TYPE]
                    if not parts:
                        self.no_geometry += 1
                        return None
                    geometry = QgsGeometry.unaryUnion(parts)
        geometry.convertToMultiType()
        return geometry

    def add(self, props, geometry=None, transform=None, extra=None):
        """Add one feature. Returns True when it was kept."""
        shaped = self.shape(geometry, transform)
        if shaped is None and self.geometry != "none":
            return False
        values = self.values(props)
        if extra:
            values.extend(extra)
        self.rows.append((values, shaped))
        return True

    def finish(self, extra_fields=(), aliases=None):
        """The VectorResult, after one warning summing up what was tolerated."""
        notes = []
        for name, counter in self.bad_values.items():
            examples = ", ".join(f"« {v} »" for v, _n in counter.most_common(3))
            notes.append(tr("{} valeur(s) illisible(s) du champ {} mise(s) à NULL ({})").format(
                sum(counter.values()), name, examples))
        for name, counter in self.withheld.items():
            examples = ", ".join(f"« {v} »" for v, _n in counter.most_common(3))
            notes.append(tr("{} valeur(s) non diffusée(s) ou non renseignée(s) du champ {} mise(s) à NULL ({})").format(
                sum(counter.values()), name, examples))
        if self.no_geometry:
            notes.append(tr("{} entité(s) sans géométrie exploitable ignorée(s)").format(self.no_geometry))
        if self.wrong_type:
            notes.append(tr("{} entité(s) d'un autre type de géométrie que « {} » ignorée(s)").format(
                self.wrong_type, self.geometry))
        if self.reprojection_failed:
            notes.append(tr("{} entité(s) impossibles à reprojeter ignorée(s)").format(self.reprojection_failed))
        if self.fixed_geometry:
            notes.append(tr("{} géométrie(s) invalide(s) corrigée(s)").format(self.fixed_geometry))
        if notes:
            self.ctx.warn("; ".join(notes) + ".")
        fields = [(s.name, "str" if s.kind == "bool" else s.kind) for s in self.specs]
        fields += [(name, "str" if kind == "bool" else kind) for name, kind, _alias in self.derived]
        fields += list(extra_fields)
        all_aliases = {s.name: s.alias for s in self.specs if s.alias}
        all_aliases.update({name: alias for name, _kind, alias in self.derived if alias})
        all_aliases.update(aliases or {})
        return VectorResult(fields=fields, rows=self.rows, geometry=self.geometry, aliases=all_aliases)


_DATE = re.compile(r"(20\d\d)[-_]?(\d\d)[-_]?(\d\d)")


def date_in(text):
    """The first ISO date (YYYY-MM-DD) written in `text` (a typename, a file name), or ''."""
    match = _DATE.search(text or "")
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else ""


def point_near(centre, index, count, radius_m=400.0):
    """The `index`-th of `count` points on a small circle around `centre` (the centre itself when alone)."""
    import math

    if count <= 1:
        return centre
    angle = 2.0 * math.pi * index / count
    return QgsPointXY(centre.x() + radius_m * math.cos(angle), centre.y() + radius_m * math.sin(angle))
