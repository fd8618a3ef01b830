"""The plugin's layers in the QGIS UI language: layer names, legend labels and field aliases.

The styles (styles/*.qml), the catalogue's titles and aliases and the GeoPackages keep the French originals;
the translation is applied when the plugin styles a layer for the user (project_layers.make_layer, the heat
matching outputs, the styles embedded into a GeoPackage), through tr() and i18n/ti_energie_<lang>.ts, where
tools/build_translations.py lists every label of the styles. Without a translator (French UI) nothing changes.
The fiche and its maps (a French publication, territory_gpkg.open_in_project) are not translated.
"""

from qgis.core import QgsDataDefinedSizeLegend

from ..core.i18n import tr

TITLE_SEPARATOR = " – "
INCOMPLETE_SUFFIXES = ("(incomplète)", "(incomplet)")


def layer_title(title):
    """The layer-tree name of a plugin layer: « <title> – <territory>[ (incomplète)] », the catalogue's title
    and the suffix translated, the territory's name kept (it may itself contain « – »)."""
    text = title or ""
    suffix = ""
    for french in INCOMPLETE_SUFFIXES:
        if text.endswith(" " + french):
            text, suffix = text[:-len(french) - 1], " " + tr(french)
            break
    whole = tr(text)
    if whole != text:
        return whole + suffix
    start = 0
    while True:
        index = text.find(TITLE_SEPARATOR, start)
        if index < 0:
            return text + suffix
        base = text[:index]
        translated = tr(base)
        if translated != base:
            return translated + text[index:] + suffix
        start = index + len(TITLE_SEPARATOR)


def _rules(rule):
    for child in rule.children():
        yield child
        yield from _rules(child)


def _size_legend(renderer):
    """Translate the title and class labels of a data-defined size legend (the heat matching points)."""
    current = renderer.dataDefinedSizeLegend() if hasattr(renderer, "dataDefinedSizeLegend") else None
    if current is None:
        return
    labels = [item.label for item in current.classes()]
    if tr(current.title()) == current.title() and all(tr(label) == label for label in labels):
        return
    # a copy: the renderer owns `current` and deletes it when given the new legend
    legend = QgsDataDefinedSizeLegend(current)
    legend.setTitle(tr(current.title()))
    legend.setClasses([QgsDataDefinedSizeLegend.SizeClass(item.size, tr(item.label)) for item in current.classes()])
    renderer.setDataDefinedSizeLegend(legend)


def translate_legend(layer):
    """Translate the legend labels of the layer's renderer in place: categories, ranges, rules (recursively)
    and the size legend. Returns the number of labels that changed."""
    renderer = layer.renderer() if layer is not None and hasattr(layer, "renderer") else None
    if renderer is None:
        return 0
    changed = 0
    if hasattr(renderer, "categories"):
        for index, category in enumerate(renderer.categories()):
            label = tr(category.label())
            if label != category.label():
                renderer.updateCategoryLabel(index, label)
                changed += 1
    if hasattr(renderer, "ranges"):
        for index, item in enumerate(renderer.ranges()):
            label = tr(item.label())
            if label != item.label():
                renderer.updateRangeLabel(index, label)
                changed += 1
    if hasattr(renderer, "rootRule"):
        for rule in _rules(renderer.rootRule()):
            label = tr(rule.label())
            if label != rule.label():
                rule.setLabel(label)
                changed += 1
    _size_legend(renderer)
    return changed


def set_aliases(layer, aliases):
    """Set the field aliases {field: French alias} present in the layer, translated."""
    fields = layer.fields()
    for name, alias in (aliases or {}).items():
        index = fields.indexOf(name)
        if index >= 0 and alias:
            layer.setFieldAlias(index, tr(alias))


def translate_layer(layer, title=None):
    """The layer's legend translated, and its name when the French `title` is given."""
    translate_legend(layer)
    if title is not None:
        layer.setName(layer_title(title))
    return layer
