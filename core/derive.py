"""Fields derived from a source's own fields by a documented rule (pure functions, no QGIS).

A catalogue entry names its rule with `derive: <name>`; the rule adds fields to every row (surface in
hectares, the fiche's legend class, a temperature class…). Each rule is registered here with the fields
it adds: `@derivation("name", [("field", "type", "Alias (unité)"), …])` on `function(values, raw)` where
`values` are the converted catalogue fields of the row (by output name) and `raw` the source's original
properties; it returns {field: value}.
"""

DERIVATIONS = {}
# modules of rules (core/<name>.py), imported on first use: each registers its rules with @derivation
RULE_MODULES = ("derive_networks",)


def derivation(name, fields):
    def wrap(function):
        DERIVATIONS[name] = (list(fields), function)
        return function
    return wrap


def _load_rules():
    import importlib

    for module in RULE_MODULES:
        importlib.import_module(f"{__package__}.{module}")


def get(name):
    """(fields, function) of a rule, or KeyError with the known names."""
    if name not in DERIVATIONS:
        _load_rules()
    try:
        return DERIVATIONS[name]
    except KeyError:
        raise KeyError(f"règle de dérivation « {name} » inconnue (règles : {', '.join(sorted(DERIVATIONS))})") \
            from None
