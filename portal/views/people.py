"""A cooperative's people: the current roles, adding a person, changing the
cooperative's record of them, ending a role, and importing members from CSV."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives import services
from cooperatives.filtersets import CooperativeRoleFilterSet
from cooperatives.models import CooperativeRole
from cooperatives.selectors import cooperative_role_list
from core.ratelimit import limit_hit, limit_message
from programs import services as program_services

from ..access import cooperative_in_scope, officer_required, role_in_scope, scope_of
from ..forms.cooperatives import (
    MembersImportForm,
    PersonRoleEditForm,
    PersonRoleForm,
    RoleEndForm,
)
from .base import CooperativeFormView

PAGE_SIZE = 25


@officer_required
def people_list(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    roles = cooperative_role_list(
        scope=scope_of(request),
        cooperative_id=cooperative.pk,
        today=timezone.localdate(),
    )
    filters = CooperativeRoleFilterSet(request.GET, queryset=roles)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("halaman"))
    chosen = filters.form.cleaned_data
    return render(
        request,
        "portal/people/list.html",
        {
            "cooperative": cooperative,
            "page": page,
            "role": chosen.get("peran") or "",
            "query": (chosen.get("q") or "")[:100],
            "role_choices": CooperativeRole.Role.choices,
        },
    )


class PeopleFormView(CooperativeFormView):
    """A form whose success returns to the list of people."""

    def get_success_url(self, result):
        return reverse("portal:people", args=[self.cooperative.pk])


class PersonAddView(PeopleFormView):
    form_class = PersonRoleForm
    template_name = "portal/people/form.html"

    def get_initial(self):
        return {"starts_on": timezone.localdate(), "role": "member"}

    def perform(self, form):
        data = form.cleaned_data
        return program_services.cooperative_person_add(
            cooperative_id=self.cooperative.pk,
            person={k: data[k] for k in ("nik", "name", "sex", "phone", "email")},
            role=data["role"],
            position=data["position"],
            starts_on=data["starts_on"],
            by=self.request.user,
        )

    def get_success_message(self, result):
        return _("%(name)s ditambahkan.") % {"name": self.form.cleaned_data["name"]}


class RoleFormView(PeopleFormView):
    """A form about one of the cooperative's roles (`self.role`, in scope)."""

    def prepare(self):
        response = super().prepare()
        self.role = role_in_scope(
            self.request, self.cooperative, self.kwargs["role_id"]
        )
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "role": self.role}


class PersonEditView(RoleFormView):
    form_class = PersonRoleEditForm
    template_name = "portal/people/form.html"

    def get_initial(self):
        # The cooperative's own record of the person, never the identity's.
        role = self.role
        return {
            "name": role.person_name,
            "phone": role.person_phone,
            "email": role.person_email,
            "position": role.position,
            "starts_on": role.starts_on,
        }

    def perform(self, form):
        data = form.cleaned_data
        return program_services.cooperative_person_update(
            role_id=self.role.pk,
            person={k: data[k] for k in ("name", "phone", "email")},
            position=data["position"],
            starts_on=data["starts_on"],
            by=self.request.user,
        )

    def get_success_message(self, result):
        return _("Data %(name)s disimpan.") % {"name": self.form.cleaned_data["name"]}


class PersonEndView(RoleFormView):
    form_class = RoleEndForm
    template_name = "portal/people/end.html"

    def get_initial(self):
        return {"ends_on": timezone.localdate()}

    def perform(self, form):
        return services.cooperative_role_end(
            role_id=self.role.pk,
            ends_on=form.cleaned_data["ends_on"],
            by=self.request.user,
        )

    def get_success_message(self, result):
        return _("Masa %(role)s %(name)s diakhiri.") % {
            "role": self.role.get_role_display().lower(),
            "name": self.role.person_name,
        }


class MembersImportView(PeopleFormView):
    """Members from a CSV file; rows with errors are listed, none is added."""

    form_class = MembersImportForm
    template_name = "portal/people/import.html"

    def get_context_data(self, **kwargs):
        return {"result": None, **super().get_context_data(**kwargs)}

    def post(self, request, *args, **kwargs):
        wait = limit_hit("import", request.user.pk)
        if not wait:
            return super().post(request, *args, **kwargs)
        form = MembersImportForm()
        form.cleaned_data = {}  # an unbound form can carry an error this way
        form.add_error(None, limit_message(wait))
        response = self.render_form(form, status=429)
        response["Retry-After"] = str(wait)
        return response

    def perform(self, form):
        return program_services.cooperative_members_import(
            cooperative_id=self.cooperative.pk,
            file=form.cleaned_data["file"],
            by=self.request.user,
        )

    def succeeded(self, result):
        if result.errors:
            return render(
                self.request,
                self.template_name,
                self.get_context_data(form=self.form, result=result),
            )
        return super().succeeded(result)

    def get_success_message(self, result):
        return _("%(count)s anggota ditambahkan.") % {"count": result.created}
