"""TI Énergie: QGIS plugin entry point."""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    """Called by QGIS to create the plugin instance."""
    from .plugin import TiEnergiePlugin

    return TiEnergiePlugin(iface)
