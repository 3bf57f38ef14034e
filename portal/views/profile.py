from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cooperatives import services

from ..forms.cooperatives import CooperativeProfileForm
from .base import CooperativeFormView, EditFormMixin


class CooperativeProfileView(EditFormMixin, CooperativeFormView):
    """Contact and address are the officers'; identity fields are changed by staff."""

    form_class = CooperativeProfileForm
    template_name = "portal/profile.html"
    success_message = _("Profil koperasi disimpan.")
    update_service = staticmethod(services.cooperative_update)
    update_id_name = "cooperative_id"

    def edited(self):
        return self.cooperative

    def get_success_url(self, result):
        return reverse("portal:profile", args=[self.cooperative.pk])
