from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    name = "cooperatives"
    verbose_name = _("Registri koperasi dan UMKM")

    def ready(self):
        from . import checks  # noqa: F401 (registers the NIK key check)
