"""The user's own WhatsApp/SMS number: enter it, confirm it with the code sent
to it, turn the messages on or off (one page, three small forms, each calling
one service of notifications.phones)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from notifications.channels import phone_channel
from notifications.phones import (
    phone_messages_set,
    phone_verification_confirm,
    phone_verification_start,
)
from notifications.selectors import phone_number_get

from ..access import officer_or_district_required
from ..forms.phone import PhoneCodeForm, PhoneMessagesForm, PhoneNumberForm
from .base import apply_errors

ACTIONS = {
    "number": (
        PhoneNumberForm,
        lambda user, data: phone_verification_start(user=user, number=data["number"]),
        _("Kode verifikasi dikirim."),
    ),
    "code": (
        PhoneCodeForm,
        lambda user, data: phone_verification_confirm(user=user, code=data["code"]),
        _("Nomor HP terverifikasi."),
    ),
    "receive": (
        PhoneMessagesForm,
        lambda user, data: phone_messages_set(user=user, receive=data["receive"]),
        _("Pilihan pesan disimpan."),
    ),
}


@officer_or_district_required
def phone_settings(request):
    phone = phone_number_get(user=request.user)
    forms = {
        "number": PhoneNumberForm(initial={"number": phone.number if phone else ""}),
        "code": PhoneCodeForm(),
        "receive": PhoneMessagesForm(
            initial={"receive": not (phone and phone.opted_out_at)}
        ),
    }
    action = request.POST.get("action")
    if request.method == "POST" and action in ACTIONS:
        form_class, service, done = ACTIONS[action]
        form = forms[action] = form_class(data=request.POST)
        if form.is_valid():
            try:
                service(request.user, form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, str(done))
                return redirect("portal:phone")
    context = {"phone": phone, "channel": phone_channel(), **{f"{k}_form": f for k, f in forms.items()}}  # fmt: skip
    return render(request, "portal/phone.html", context)
