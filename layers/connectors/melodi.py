"""INSEE's Melodi API (no key; 30 requests a minute: the source's `min_interval_s: 2` keeps to it).

`GET <url>/data/<dataset>?GEO=DEP-59*COM&<dimension>=<value>&maxResult=<n>` answers
`{observations: [{dimensions: {GEO: "2025-COM-59183", …}, measures: {OBS_VALUE_NIVEAU: {value}},
attributes: {OBS_STATUS: …}}], paging: {next}}`: one request per département of the territory, pages
followed through `paging.next` (re-based on the catalogue's origin), observations kept to the
territory's communes. Fields map dimensions, measures (`OBS_VALUE_NIVEAU`) and attributes by name;
`code_commune` comes from GEO. A value withheld by INSEE (status K, empty value) becomes NULL.
"""

from urllib.parse import urlencode

from ...core.errors import CancelledError, SourceError
from . import register
from ...core.i18n import tr


def flatten(observation):
    """One observation as a flat {name: value} mapping."""
    props = dict((observation or {}).get("dimensions") or {})
    for name, measure in ((observation or {}).get("measures") or {}).items():
        props[name] = measure.get("value") if isinstance(measure, dict) else measure
    for name, attribute in ((observation or {}).get("attributes") or {}).items():
        props[name] = attribute.get("value") if isinstance(attribute, dict) else attribute
    geo = str(props.get("GEO") or "")
    props["code_commune"] = geo.rsplit("-", 1)[-1] if "COM-" in geo else ""
    return props


@register("melodi", dataset=str, params=dict, page_size=int, max_pages=int)
def melodi(ctx):
    """Observations of a Melodi dataset for the territory's communes (a table, no geometry)."""
    rows = ctx.builder("none")
    communes = ctx.communes()
    if not communes:
        return rows.finish()
    dataset = ctx.option("dataset", "")
    if not dataset:
        raise ctx.fail(tr("le catalogue n'indique pas le jeu de données Melodi (dataset)."))
    max_pages = int(ctx.option("max_pages", 50))
    missing = []
    departements = ctx.departements()
    for number, dep in enumerate(departements):
        ctx.progress(100.0 * number / len(departements))
        url = f"{ctx.url()}/data/{dataset}?" + urlencode({"GEO": f"DEP-{dep}*COM", **(ctx.option("params", {}) or {}),
                                                         "maxResult": int(ctx.option("page_size", 10000))})
        try:
            for _page in range(max_pages):
                payload = ctx.fetch_json(url)
                observations = payload.get("observations")
                if not isinstance(observations, list):
                    raise ctx.fail(tr("réponse inattendue : liste « observations » absente."))
                for observation in observations:
                    props = flatten(observation)
                    if props["code_commune"] in communes:
                        rows.add(props)
                following = (payload.get("paging") or {}).get("next")
                if not following:
                    break
                url = ctx.rebase(following)
        except CancelledError:
            raise
        except SourceError as err:
            if len(departements) == 1:
                raise
            missing.append(dep)
            ctx.warn(tr("département {} sans réponse ({})").format(dep, err.detail))
    if missing:
        if len(missing) == len(departements):
            raise ctx.fail(tr("aucune réponse pour les départements du territoire."))
        ctx.incomplete.append(f"département(s) {', '.join(missing)} manquant(s)")
    return rows.finish()
