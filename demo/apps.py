from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The top floor: demo data of a Kalimantan Timur province-year and the demo
    accounts (`seed_demo`, `demo_logins`). It may import every app; none imports it."""

    name = "demo"
    verbose_name = _("Data demo")
