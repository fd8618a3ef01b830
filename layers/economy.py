"""The economy portrait of a load: indicators for the `perimetre` layer and the jobs chart (SVG).

Called by the loader once the sources are fetched: when one of them is the `emplois` table (dock theme
« Économie »), its rows give the indicators of core/economy.py (written as extra fields of `perimetre`),
and the chart of manufacturing jobs by fiche sector is written next to the GeoPackage
(`<name>_emplois_industrie.svg`), for the fiche and for the user.
"""

from pathlib import Path

from ..core import economy
from .connectors.base import VectorResult

LAYER = "emplois"


def chart_path(gpkg_path):
    gpkg_path = Path(gpkg_path)
    return gpkg_path.with_name(f"{gpkg_path.stem}_emplois_industrie.svg")


def _sectors(ctx):
    from .connectors.consumers import naf_table_of

    return naf_table_of(ctx).a38_secteurs()


def perimeter_indicators(outcomes, gpkg_path, territory_label=""):
    """(fields [(name, type)], values, aliases, chart path or None) for `perimetre`, from the fetched
    sources `outcomes` [(ctx, result, error)]. Nothing when no source writes the `emplois` layer; NULL
    values when it failed (the fields stay, so that maps and the fiche find them)."""
    found = [(ctx, data) for ctx, data, _error in outcomes if ctx.source.get("layer") == LAYER]
    if not found:
        return [], [], {}, None
    fields = [(name, kind) for name, kind, _alias in economy.CHAMPS_INDICATEURS]
    aliases = {name: alias for name, _kind, alias in economy.CHAMPS_INDICATEURS}
    ctx, data = found[0]
    if not isinstance(data, VectorResult):
        return fields, [None] * len(fields), aliases, None
    names = [name for name, _kind in data.fields]
    rows = [dict(zip(names, values)) for values, _geometry in data.rows]
    try:
        sectors = _sectors(ctx)
    except Exception:  # noqa: BLE001 - a bad NAF table was already reported by the source
        sectors = {}
    values = economy.indicators(rows, sectors, int(ctx.option("annee", 0)) or None)
    chart = None
    if rows:
        import json

        year = values.get("annee_emplois")
        secret = values.get("nb_cellules_secretes") or 0
        note = f"Source : INSEE, Flores fin {year}. Établissements employeurs, lieu de travail."
        if secret:
            note += f" {secret} cellule(s) couverte(s) par le secret statistique : chiffres minorés."
        chart = chart_path(gpkg_path)
        chart.parent.mkdir(parents=True, exist_ok=True)
        chart.write_text(economy.svg_chart(json.loads(values["effectifs_manufacturier_par_secteur"]),
                                           "Effectifs salariés de l'industrie manufacturière par secteur", note,
                                           territory_label), encoding="utf-8")
    return fields, [values[name] for name, _kind in fields], aliases, chart
