"""UMKM owners: the sign-up (NIB + NIK, then the code from the email and a
password) and the owner's home. The sign-up answers the same for every NIB and
NIK (cooperatives.services.owner_signup); the owner's pages find the enterprise
through the owner's scope, so another enterprise answers 404."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cooperatives import services
from cooperatives.models import Enterprise
from cooperatives.selectors import enterprise_owned_get, enterprise_pending_list
from core.client_address import client_address
from financing.selectors import application_for_applicant_list, installment_next_get
from programs.selectors import (
    enrolment_for_owner_list,
    program_open_for_enterprise_list,
)

from ..access import found, scope_of
from ..forms.owners import EnterpriseAddressForm, OwnerCodeForm, OwnerSignupForm
from .base import DistrictView, EditFormMixin, PublicFormView, ServiceFormView
from .invitations import BACKEND, RateLimited

SESSION_KEY = "owner_signup"
SALT = "portal.owner_signup"


class OwnerSignupView(RateLimited, PublicFormView):
    decorators = (never_cache,)
    form_class = OwnerSignupForm
    template_name = "portal/owners/signup.html"
    limit_scope = "owner_signup"

    def limit_ident(self):
        return client_address(self.request)

    def perform(self, form):
        data = form.cleaned_data
        return services.owner_signup_start(
            nib=data["nib"],
            nik=data["nik"],
            email=data["email"],
            owner_name=data["owner_name"],
            business_name=data["business_name"],
            district_id=data["district"].pk,
            kbli=data["kbli"],
        )

    def succeeded(self, signup):
        self.request.session[SESSION_KEY] = signing.dumps(
            {"id": signup.pk, "name": signup.details["owner_name"]}, salt=SALT
        )
        return redirect("portal:owner-code")


class OwnerCodeView(RateLimited, PublicFormView):
    """The code from the email and a password: the account is made and signed in.
    Every refusal reads the same."""

    decorators = (never_cache,)
    form_class = OwnerCodeForm
    template_name = "portal/owners/code.html"
    limit_scope = "owner_signup"

    def limit_ident(self):
        return client_address(self.request)

    def prepare(self):
        try:
            self.pending = signing.loads(
                self.request.session.get(SESSION_KEY, ""), salt=SALT, max_age=3600
            )
        except signing.BadSignature:
            return redirect("portal:owner-signup")
        return None

    def get_form(self):
        # The email is not shown (it would tell which address is registered);
        # the password is checked against the name typed.
        return self.form_class(name=self.pending["name"], **self.get_form_kwargs())

    def perform(self, form):
        return services.owner_signup_confirm(
            signup_id=self.pending["id"],
            code=form.cleaned_data["code"],
            password=form.cleaned_data["new_password1"],
        )

    def succeeded(self, user):
        self.request.session.pop(SESSION_KEY, None)
        login(self.request, user, backend=BACKEND)
        messages.success(self.request, _("Akun Anda sudah aktif. Selamat datang."))
        return redirect("portal:home")


def owner_home(request, enterprise_id: int | None = None):
    """The owner's home: the next installment and their applications first, then
    the business, SME programs open now, their enrolments."""
    scope = scope_of(request)
    enterprise = found(enterprise_owned_get, scope=scope, enterprise_id=enterprise_id)
    owner = enterprise.owner
    today = timezone.localdate()
    return render(
        request,
        "portal/owners/home.html",
        {
            "enterprise": enterprise,
            "pending": enterprise.status == Enterprise.Status.PENDING,
            "programs": program_open_for_enterprise_list(
                district_id=enterprise.district_id, today=today
            ),
            "enrolments": enrolment_for_owner_list(person_id=owner.pk),
            "next_installment": installment_next_get(
                scope=scope, enterprise_id=enterprise.pk, today=today
            ),
            "applications": application_for_applicant_list(
                scope=scope, enterprise_id=enterprise.pk
            )[:3],
        },
    )


@login_required
def owner_financing_start(request):
    """The top menu's "Pembiayaan" for an owner: their enterprise's financing."""
    if request.user.role != "owner":
        raise Http404
    enterprise = found(enterprise_owned_get, scope=scope_of(request))
    return redirect("portal:owner-financing", enterprise.pk)


@login_required
def owner_enterprise(request, enterprise_id: int):
    """The same page by its enterprise: owners only (officers, district users and
    staff have their own pages for an enterprise), and only their own."""
    if request.user.role != "owner":
        raise Http404
    return owner_home(request, enterprise_id)


class EnterpriseAddressView(EditFormMixin, ServiceFormView):
    """The owner's own business address: owners only, their own enterprise (anyone
    else 404); the district stays the dinas's."""

    decorators = (login_required,)
    form_class = EnterpriseAddressForm
    template_name = "portal/owners/address.html"
    update_service = staticmethod(services.enterprise_address_update)
    update_id_name = "enterprise_id"

    def prepare(self):
        if self.request.user.role != "owner":
            raise Http404
        self.enterprise = found(
            enterprise_owned_get,
            scope=self.scope,
            enterprise_id=self.kwargs["enterprise_id"],
        )
        return super().prepare()

    def edited(self):
        return self.enterprise

    def get_context_data(self, **kwargs):
        return {"enterprise": self.enterprise, **super().get_context_data(**kwargs)}

    def get_success_message(self, result):
        return _("Alamat usaha disimpan.")

    def get_success_url(self, result):
        return reverse("portal:owner-enterprise", args=[result.pk])


# --- District offices and staff: sign-ups waiting for verification -----------------
class EnterprisePendingListView(DistrictView):
    def get(self, request):
        page = Paginator(enterprise_pending_list(scope=self.scope), 25).get_page(
            request.GET.get("halaman")
        )
        return render(request, "portal/owners/pending.html", {"page": page})


class EnterpriseVerifyView(DistrictView):
    """POST only: the enterprise in scope (404 otherwise) is verified."""

    decorators = (require_POST, *DistrictView.decorators)

    def post(self, request, enterprise_id: int):
        try:
            enterprise = services.enterprise_verify(
                enterprise_id=enterprise_id, by=request.user
            )
        except Enterprise.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s diverifikasi.") % {"name": enterprise.name}
            )
        return redirect("portal:enterprises-pending")
