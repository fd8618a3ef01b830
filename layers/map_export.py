"""Headless export of the fiche's maps: territory GeoPackages → a private project with the map groups,
themes and layouts → PDF or PNG files. Main thread only (layouts and rendering); no network here.

One territory: one file per map. Several territories: their GeoPackages are merged, and each map's
layout runs as an atlas over the territories (one page per territory, the map clipped to it): one PDF per
map with every territory, or one PNG per territory and map.
"""

import contextlib
import shutil
import tempfile
from pathlib import Path

from qgis.core import Qgis, QgsLayoutExporter, QgsProject, QgsRenderContext

from ..core.errors import TiEnergieError
from ..core.i18n import tr
from ..core.maps import FILE_NAMES, map_def
from ..core.territories import Territory
from .layouts import create_layout
from .map_themes import build_map_groups, map_groups
from .territory_gpkg import merge_gpkgs, open_in_project, territory_of

FORMATS = ("pdf", "png")
_SUCCESS = QgsLayoutExporter.ExportResult.Success if hasattr(QgsLayoutExporter, "ExportResult") \
    else QgsLayoutExporter.ExportResult.Success


def _text_format():
    scoped = getattr(Qgis, "TextRenderFormat", None)  # QGIS ≥ 3.28
    return scoped.AlwaysText if scoped is not None else QgsRenderContext.TextRenderFormat.AlwaysText


def pdf_settings(dpi):
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = dpi
    settings.rasterizeWholeImage = False
    settings.textRenderFormat = _text_format()  # selectable text (and searchable by tests)
    return settings


def image_settings(dpi):
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = dpi
    settings.generateWorldFile = False
    return settings


def _check(result, what, error=""):
    if result != _SUCCESS:
        raise TiEnergieError(tr("Export impossible de {}{} (code {}).").format(what, ' : ' + error if error else '', int(result)))


def _write_png(layout, path, dpi):
    """The layout's pages as PNG (`path`, then `<stem>_2.png`… as QGIS names them). Rendered here rather than by
    QgsLayoutExporter.exportToImage: that one georeferences the page of the layout's reference map in place with
    GDAL whatever the settings, which the PNG driver refuses (« ERROR 6: The PNG driver does not support update
    access to existing datasets » on every map). No world file is wanted. Returns the files written."""
    from qgis.PyQt.QtCore import QSize

    path = Path(path)
    exporter = QgsLayoutExporter(layout)
    context = layout.renderContext()
    previous = context.dpi()
    context.setDpi(dpi)
    files = []
    try:
        for page in range(layout.pageCollection().pageCount()):
            if not layout.pageCollection().shouldExportPage(page):
                continue
            target = path if page == 0 else path.with_name(f"{path.stem}_{page + 1}{path.suffix}")
            image = exporter.renderPageToImage(page, QSize(), dpi)
            if image.isNull() or not image.save(str(target), "PNG"):
                raise TiEnergieError(f"Export impossible de {target} : image non écrite (fichier ouvert ailleurs, "
                                     f"dossier protégé ou mémoire insuffisante).")
            files.append(target)
    finally:
        context.setDpi(previous)
    return files


def export_layout(layout, path, fmt="pdf", dpi=200):
    """One layout (one page) to `path`. Returns [path]."""
    if fmt == "pdf":
        _check(QgsLayoutExporter(layout).exportToPdf(str(path), pdf_settings(dpi)), path)
        return [Path(path)]
    return _write_png(layout, path, dpi)


def export_atlas(layout, folder, name, fmt="pdf", dpi=200):
    """The layout's atlas: one PDF `folder/name.pdf` with a page per feature, or one PNG per feature
    (named by the atlas file name expression). Returns the files written."""
    folder = Path(folder)
    atlas = layout.atlas()
    if fmt == "pdf":
        path = folder / f"{name}.pdf"
        result, error = QgsLayoutExporter.exportToPdf(atlas, str(path), pdf_settings(dpi))
        _check(result, path, error)
        return [path]
    files = []
    if not atlas.beginRender():
        raise TiEnergieError(f"Export impossible de {folder / name} : l'atlas n'a pas démarré.")
    try:
        while atlas.next():
            files.extend(_write_png(atlas.layout(), atlas.filePath(str(folder / name), "png"), dpi))
    finally:
        atlas.endRender()
    return sorted(files)


def _set_crs(project, layers):
    """The project's CRS: the territory's (its layers'). A project without a CRS makes the layouts' map items
    ask PROJ about an invalid CRS, which crashes QGIS 3.22 once sources were fetched on worker threads."""
    for layer in layers:
        if layer.crs().isValid():
            project.setCrs(layer.crs())
            return


def export_maps(gpkgs, keys, output, fmt="pdf", dpi=200, catalogue=None, feedback=None):
    """Export the maps `keys` of the territories of `gpkgs` (territory GeoPackages) into the folder
    `output`. Returns (files, warnings)."""
    if fmt not in FORMATS:
        raise TiEnergieError(tr("Format « {} » inconnu : {}.").format(fmt, ', '.join(FORMATS)))
    if not gpkgs:
        raise TiEnergieError(tr("Aucun territoire à exporter."))
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    files, warnings = [], []
    project = QgsProject()
    workdir = None
    try:
        if len(gpkgs) == 1:
            source, atlas = Path(gpkgs[0]), False
            territory = territory_of(source, catalogue)
            prefix = territory.id
        else:
            workdir = Path(tempfile.mkdtemp(prefix="ti_energie_cartes_"))
            source, atlas = merge_gpkgs([Path(p) for p in gpkgs], workdir / "territoires.gpkg", feedback), True
            territory = Territory("territoires", "Territoires d'industrie", f"{len(gpkgs)} territoires", ())
            prefix = "territoires"
        group, layers = open_in_project(project, source, territory)
        _set_crs(project, layers)
        build_map_groups(project, group)
        present = map_groups(group)
        for index, key in enumerate(keys):
            if feedback is not None:
                if feedback.isCanceled():
                    break
                feedback.setProgress(100.0 * index / max(1, len(keys)))
            m = map_def(key)
            if m.key not in present:
                warnings.append(tr("Carte « {} » : aucune de ses couches n'est dans les données, carte non "
                                   "exportée.").format(m.name))
                continue
            layout = create_layout(project, group, m.key, atlas=atlas)
            if atlas:
                files.extend(export_atlas(layout, output, f"{prefix}_{m.key}", fmt, dpi))
            else:
                files.extend(export_layout(layout, output / f"{prefix}_{m.key}.{fmt}", fmt, dpi))
            if feedback is not None:
                feedback.pushInfo(f"{m.name} : {', '.join(p.name for p in files[-1:])}")
    finally:
        project.clear()
        del project
        if workdir is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(workdir)
    return files, warnings


def write_project(gpkg, qgz, png_folder=None, dpi=150, catalogue=None):
    """A QGIS project file `qgz` of one territory GeoPackage: the styled layers grouped by map, the four map
    themes and the four layouts (make demo); the maps also exported as PNG into `png_folder` when given
    (carte-consommateurs.png, carte-producteurs.png, carte-reseaux-friches.png, carte-chaleur.png: core.maps
    FILE_NAMES). A map none of whose layers is in the GeoPackage has no layout and no image.
    Layers are saved with paths relative to the project. Returns the PNG files written."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsReferencedRectangle

    from .layouts import create_layouts, territory_extent

    project = QgsProject()
    files = []
    try:
        project.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
        group, _layers = open_in_project(project, gpkg, catalogue=catalogue)
        build_map_groups(project, group)
        layouts = create_layouts(project, group)
        extent = territory_extent(group)
        if not extent.isEmpty():
            extent.scale(1.05)
            project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, project.crs()))
        if png_folder is not None:
            Path(png_folder).mkdir(parents=True, exist_ok=True)
            for layout in layouts:
                path = Path(png_folder) / f"{FILE_NAMES[layout.customProperty('ti_energie/map')]}.png"
                files.extend(export_layout(layout, path, "png", dpi))
        if not project.write(str(qgz)):
            raise TiEnergieError(tr("Projet non écrit : {} ({}).").format(qgz, project.error()))
    finally:
        project.clear()
        del project
    return files
