"""400 kV substations: BD TOPO's substations at the end of a 400 kV line, named from RTE's table.

RTE withdrew the coordinates of its ODRÉ datasets in 2026: `postes-electriques-rte` is a table (code,
name, function, state, voltage, département name). The geometry comes from IGN BD TOPO
(`poste_de_transformation`, polygons without voltage): a substation is kept when an end of a 400 kV line
of BD TOPO (the `lignes_400kv` entry, through its own cache) lies within `max_distance_m` of it. Its name,
code, function and state are then taken from RTE's 400 kV rows whose name matches the BD TOPO name
(`toponyme`, compared without case, accents, articles nor the words « poste », « électrique »), or whose
code appears in BD TOPO's `identifiants_sources`. The table is an enrichment: when it fails the
substations are still drawn (warning, layer marked incomplete).

```yaml
  postes_400kv:
    connector: substations_join
    lines: ign_lignes_400kv            # catalogue entry of the 400 kV lines
    substations: ign_postes_transformation
    table: odre_postes_rte
    max_distance_m: 100
```
"""

import re

from ...core.derive_networks import fold
from ...core.errors import SourceError
from . import register
from ...core.i18n import tr
from .composite import _message, run_part

_STOP_WORDS = {"poste", "postes", "electrique", "source", "transformation", "rte", "de", "du", "des", "la", "le",
               "les", "d", "l", "sous", "station", "kv", "400"}


def name_tokens(name):
    """The meaningful words of a substation name: « Poste électrique de Warande » → {'warande'};
    RTE's « MANDARINS (LES) » → {'mandarins'}."""
    text = fold(re.sub(r"\([^)]*\)", " ", str(name or "")))
    words = re.split(r"[^0-9a-z]+", text)
    return frozenset(w for w in words if w and w not in _STOP_WORDS)


def _endpoints(geometry):
    points = []
    lines = geometry.asMultiPolyline() if geometry.isMultipart() else [geometry.asPolyline()]
    for line in lines:
        if line:
            points.extend([line[0], line[-1]])
    return points


def match_table(props, table_rows):
    """(RTE row, how) for a BD TOPO substation: by code in `identifiants_sources`, else by name."""
    sources = str(props.get("identifiants_sources") or "")
    codes = set(re.split(r"[^0-9A-Za-z]+", sources.upper())) if sources else set()
    for row in table_rows:
        if row.get("code_poste") and str(row["code_poste"]).upper() in codes:
            return row, "code"
    tokens = name_tokens(props.get("toponyme"))
    if tokens:
        for row in table_rows:
            other = name_tokens(row.get("nom_poste"))
            if other and (other == tokens or other <= tokens or tokens <= other):
                return row, "nom"
    return None, "aucune"


@register("substations_join", lines=str, substations=str, table=str, max_distance_m=float, tension_kv=float)
def substations_join(ctx):
    rows = ctx.builder("point")
    if ctx.outline() is None:
        return rows.finish()
    from qgis.core import QgsGeometry

    _sub, lines = run_part(ctx, ctx.option("lines", "ign_lignes_400kv"))
    ends = [QgsGeometry.fromPointXY(point) for _values, geometry in lines.rows if geometry is not None
            for point in _endpoints(geometry)]
    _sub, stations = run_part(ctx, ctx.option("substations", "ign_postes_transformation"))
    table_rows = []
    table_key = ctx.option("table", "")
    if table_key:
        try:
            _sub, table = run_part(ctx, table_key)
            names = [name for name, _kind in table.fields]
            table_rows = [dict(zip(names, values)) for values, _geometry in table.rows]
        except SourceError as err:
            label = ctx.catalogue.label(table_key)
            ctx.warn(tr("table des postes de RTE indisponible, postes sans nom ni code RTE : {}").format(_message(label, err)))
            ctx.incomplete.append(f"{label} non chargée (noms et codes RTE)")
    distance = float(ctx.option("max_distance_m", 100))
    voltage = float(ctx.option("tension_kv", 400))
    names = [name for name, _kind in stations.fields]
    for values, geometry in stations.rows:
        if geometry is None or not any(geometry.distance(end) <= distance for end in ends):
            continue
        props = dict(zip(names, values))
        rte, how = match_table(props, table_rows)
        out = {"nom": props.get("toponyme"), "identifiant": props.get("cleabs"), "tension_kv": voltage,
               "etat": props.get("etat_de_l_objet"), "jointure": how}
        if rte is not None:
            out.update({"nom": rte.get("nom_poste") or out["nom"], "code_poste": rte.get("code_poste"),
                        "etat": rte.get("etat") or out["etat"], "fonction": rte.get("fonction")})
        rows.add(out, geometry)
    return rows.finish()
