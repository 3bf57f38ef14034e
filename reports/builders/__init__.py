"""Report kinds → builder functions (scope, year, district) → Report."""

from . import registry

BUILDERS = {
    "cooperative_recap": registry.cooperative_recap,
    "enterprise_recap": registry.enterprise_recap,
}
