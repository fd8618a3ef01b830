"""The dock's map switch and « Mise en page » button, without widgets (main thread only).

The four maps of the fiche (core/maps.py) as the dock shows them: which ones the project has (a map theme
of that name, written by map_themes.build_map_groups after every load), which one the layer tree shows now,
and the print layout of the shown map for a territory (layers/layouts.py).
"""

from dataclasses import dataclass

from ..core.errors import TiEnergieError
from ..core.i18n import tr
from ..core.maps import MAPS, map_def
from .layouts import create_layout, layout_name
from .map_themes import active_map, apply_map_theme, map_groups, territory_groups
from .project_layers import GROUP_PROPERTY

NO_MAP = "Aucune carte dans le projet : chargez d'abord un territoire."
NO_ACTIVE_MAP = "Choisissez d'abord une carte (boutons ci-dessus)."


@dataclass(frozen=True)
class MapState:
    key: str
    name: str
    available: bool  # the project has the map's theme
    active: bool     # the layer tree shows exactly this map


def map_states(project):
    """[MapState] of the four maps, in the fiche's order."""
    themes = project.mapThemeCollection()
    current = active_map(project)
    return [MapState(m.key, m.name, themes.hasMapTheme(m.name), m.key == current) for m in MAPS]


def show_map(project, key):
    """Show map `key` (its theme applied to the plugin's groups). False when the project does not have it."""
    return apply_map_theme(project, key)


def _groups_with(project, key):
    return [group for group in territory_groups(project) if map_def(key).key in map_groups(group)]


def layout_target(project, territory_id=None, last_key=None):
    """(map key, territory group) of the layout the dock makes: the map the tree shows (else `last_key`, the
    map the dock showed last, while the project has it), for the territory `territory_id` when its group has
    that map, else for the first territory group (tree order) that has it.
    Raises TiEnergieError with the reason when there is none (the button's tooltip)."""
    if not any(map_groups(group) for group in territory_groups(project)):
        raise TiEnergieError(NO_MAP)
    key = active_map(project)
    if key is None and last_key and project.mapThemeCollection().hasMapTheme(map_def(last_key).name):
        key = map_def(last_key).key
    if key is None:
        raise TiEnergieError(NO_ACTIVE_MAP)
    groups = _groups_with(project, key)
    if not groups:
        raise TiEnergieError(tr("Carte « {} » : aucun territoire du projet ne l'a.").format(map_def(key).name))
    chosen = next((group for group in groups if territory_id and group.customProperty(GROUP_PROPERTY) == territory_id),
                  groups[0])
    return key, chosen


def layout_label(project, territory_id=None, last_key=None):
    """The name of the layout the button would create (its tooltip), or raises TiEnergieError."""
    key, group = layout_target(project, territory_id, last_key)
    return layout_name(group.name(), key)


def make_layout(project, territory_id=None, last_key=None):
    """Create the layout of layout_target (replacing the plugin's previous one of that territory and map) in
    the project's layout manager. Returns it."""
    key, group = layout_target(project, territory_id, last_key)
    return create_layout(project, group, key)
