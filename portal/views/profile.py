from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cooperatives import services

from ..access import apply_errors, cooperative_in_scope, officer_required
from ..forms import CooperativeProfileForm


@officer_required
def profile(request, cooperative_id: int):
    """Contact and address are the officers'; identity fields are changed by staff."""
    cooperative = cooperative_in_scope(request, cooperative_id)
    form = CooperativeProfileForm(request.POST or None, instance=cooperative)
    if request.method == "POST" and form.is_valid():
        try:
            services.cooperative_update(
                cooperative_id=cooperative.pk, data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Profil koperasi disimpan."))
            return redirect("portal:profile", cooperative_id=cooperative.pk)
    cooperative.refresh_from_db()
    return render(
        request, "portal/profile.html", {"cooperative": cooperative, "form": form}
    )
