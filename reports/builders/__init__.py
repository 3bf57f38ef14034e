"""Report kinds → builder functions (scope, year, district) → Report."""

from . import financing, programs, registry

BUILDERS = {
    "cooperative_recap": registry.cooperative_recap,
    "enterprise_recap": registry.enterprise_recap,
    "program_outcomes": programs.program_outcomes,
    "financing_portfolio": financing.financing_portfolio,
}
