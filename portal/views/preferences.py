"""The user's own message choices: which channels for which kind of message,
and in which language (notifications.preferences)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from notifications.preferences import preferences_set
from notifications.selectors import offered_channels, preferences_get

from ..access import officer_or_district_required
from ..forms.preferences import NotificationPreferencesForm, field_name
from .base import apply_errors


@officer_or_district_required
def notification_preferences(request):
    """Each user changes only their own choices: there is no user in the URL."""
    user = request.user
    channels = offered_channels(user)
    current = preferences_get(user)
    initial = {field_name(*key): on for key, on in current.items()}
    form = NotificationPreferencesForm(
        data=request.POST if request.method == "POST" else None,
        initial={**initial, "language": user.language},
        channels=channels,
    )
    if request.method == "POST" and form.is_valid():
        try:
            preferences_set(
                user=user,
                enabled=form.choices(),
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Pilihan pesan disimpan."))
            return redirect("portal:notification-preferences")
    return render(request, "portal/notification_preferences.html", {"form": form})
