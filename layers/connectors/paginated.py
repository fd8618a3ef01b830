"""Paginated JSON/GeoJSON APIs (Django REST framework style: `{features | results, next}`).

`drf_geojson_by_commune` asks the territory's communes by batches (Cerema's Cartofriches: at most 10
INSEE codes a request) and follows `next` up to `max_pages`. `next` links are re-based on the
catalogue's origin (Cerema answers `http://` links behind HTTPS). A batch that still fails after the
retries leaves the layer incomplete — its communes are named in the warning and the metadata — instead
of failing the whole source; features seen twice (pages shifting while the data change) are kept once.
"""

from urllib.parse import urlencode

from ...core.errors import CancelledError, SourceError
from ...core.geojson import geometry_to_wkt
from . import register
from ...core.i18n import tr


def with_query(url, params):
    return url + ("&" if "?" in url else "?") + urlencode(params, safe=",")


@register("drf_geojson_by_commune", commune_param=str, batch_size=int, params=dict, max_pages=int, id_field=str,
          point_as_square_m=float)
def drf_geojson_by_commune(ctx):
    """Features of a paginated GeoJSON API for the territory's communes."""
    rows = ctx.builder()
    codes = sorted(ctx.communes())
    if not codes:
        return rows.finish()
    base = ctx.url() + "/"
    batch = max(1, int(ctx.option("batch_size", 10)))
    max_pages = int(ctx.option("max_pages", 200))
    id_field = ctx.option("id_field", "site_id")
    transform = ctx.transform_from("EPSG:4326")
    seen, missing, errors, truncated = set(), [], [], 0
    batches = [codes[i:i + batch] for i in range(0, len(codes), batch)]
    for number, group in enumerate(batches):
        ctx.progress(100.0 * number / len(batches))
        url = with_query(base, {**(ctx.option("params", {}) or {}), ctx.option("commune_param", "code_insee"):
                                ",".join(group)})
        pages = 0
        try:
            while url and pages < max_pages:
                payload = ctx.fetch_geojson(url)
                pages += 1
                for feature in payload["features"]:
                    props = (feature or {}).get("properties") or {}
                    try:
                        wkt = geometry_to_wkt((feature or {}).get("geometry"))
                    except (ValueError, TypeError, IndexError):
                        wkt = None
                    ident = props.get(id_field) or wkt
                    if ident is not None and ident in seen:
                        continue
                    seen.add(ident)
                    rows.add(props, wkt, transform)
                url = ctx.rebase(payload["next"]) if payload.get("next") else None
            if url:
                truncated += 1
        except CancelledError:
            raise
        except SourceError as err:
            missing.extend(group)
            errors.append(err.detail)
    if missing and len(missing) == len(codes):
        raise ctx.fail(errors[-1] if errors else "aucune réponse.")
    if missing:
        names = {c["insee"]: c["nom"] for c in ctx.perimeters.communes}
        shown = ", ".join(f"{names.get(code, code)} ({code})" for code in missing[:12])
        more = f" et {len(missing) - 12} autre(s)" if len(missing) > 12 else ""
        ctx.incomplete.append(f"{len(missing)} commune(s) sans réponse : {shown}{more}")
        ctx.warn(tr("réponse incomplète, {} commune(s) manquante(s) : {}{} ({})").format(len(missing), shown, more, errors[-1]))
    if truncated:
        ctx.incomplete.append(f"plus de {max_pages} pages pour {truncated} lot(s) de communes")
        ctx.warn(tr("plus de {} pages, réponse tronquée.").format(max_pages))
    return rows.finish()
