from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Inti portal")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401 registers the start-up checks
        from .middleware import stamp_session_renewal

        user_logged_in.connect(stamp_session_renewal, dispatch_uid="session-renewal")
