"""The projected CRS of a territory: Lambert-93 in metropolitan France, the official projection of each
overseas region elsewhere (areas, distances and the heat matching need metres that mean something)."""

LAMBERT93 = "EPSG:2154"
# INSEE region code → official projected CRS (arrêté du 5 mars 2019 relatif aux projections légales)
OVERSEAS = {
    "01": ("EPSG:5490", "Guadeloupe (RGAF09 / UTM 20N)"),
    "02": ("EPSG:5490", "Martinique (RGAF09 / UTM 20N)"),
    "03": ("EPSG:2972", "Guyane (RGFG95 / UTM 22N)"),
    "04": ("EPSG:2975", "La Réunion (RGR92 / UTM 40S)"),
    "06": ("EPSG:4471", "Mayotte (RGM04 / UTM 38S)"),
}
OVERSEAS_DEPARTEMENTS = {"971": "01", "972": "02", "973": "03", "974": "04", "976": "06"}


def region_of(territory):
    """The INSEE region code of a territory: its `region`, else the two digits after `ti-` in its ANCT id."""
    region = str(getattr(territory, "region", "") or "")
    if not region and str(territory.id).startswith("ti-"):
        region = str(territory.id)[3:5]
    return region.zfill(2) if region.isdigit() else region


def territory_crs(territory):
    """Authority id of the projected CRS in which the territory's layers are written."""
    return OVERSEAS.get(region_of(territory), (LAMBERT93, ""))[0]


def crs_for_departement(code_dep):
    """The projected CRS of a département code ('59', '974')."""
    return OVERSEAS.get(OVERSEAS_DEPARTEMENTS.get(str(code_dep), ""), (LAMBERT93, ""))[0]
