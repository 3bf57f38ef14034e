import copy

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cooperatives import services

from ..forms.cooperatives import CooperativeProfileForm
from .base import CooperativeFormView


class CooperativeProfileView(CooperativeFormView):
    """Contact and address are the officers'; identity fields are changed by staff."""

    form_class = CooperativeProfileForm
    template_name = "portal/profile.html"
    success_message = _("Profil koperasi disimpan.")

    def get_form_kwargs(self):
        # The form writes what it cleans onto its instance: a copy, so the page
        # shows the cooperative as saved.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.cooperative)}

    def perform(self, form):
        return services.cooperative_update(
            cooperative_id=self.cooperative.pk,
            data=form.cleaned_data,
            by=self.request.user,
        )

    def get_success_url(self, result):
        return reverse("portal:profile", args=[self.cooperative.pk])
