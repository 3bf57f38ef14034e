from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives import services
from cooperatives.models import CooperativeRole
from core.ratelimit import limit_hit, limit_message
from programs import services as program_services

from ..access import apply_errors, cooperative_in_scope, officer_required, role_in_scope
from ..forms import MembersImportForm, PersonRoleEditForm, PersonRoleForm, RoleEndForm

PAGE_SIZE = 25


@officer_required
def people_list(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    roles = (
        CooperativeRole.objects.current(timezone.localdate())
        .filter(cooperative=cooperative)
        .select_related("person")
        .order_by("role", "person_name", "pk")
    )
    role = request.GET.get("peran", "")
    if role in CooperativeRole.Role.values:
        roles = roles.filter(role=role)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        roles = roles.filter(Q(person_name__icontains=query))
    page = Paginator(roles, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "portal/people/list.html",
        {
            "cooperative": cooperative,
            "page": page,
            "role": role,
            "query": query,
            "role_choices": CooperativeRole.Role.choices,
        },
    )


@officer_required
def person_add(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    form = PersonRoleForm(
        request.POST or None,
        initial={"starts_on": timezone.localdate(), "role": "member"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            program_services.cooperative_person_add(
                cooperative_id=cooperative.pk,
                person={k: data[k] for k in ("nik", "name", "sex", "phone", "email")},
                role=data["role"],
                position=data["position"],
                starts_on=data["starts_on"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s ditambahkan.") % {"name": data["name"]}
            )
            return redirect("portal:people", cooperative_id=cooperative.pk)
    return render(
        request, "portal/people/form.html", {"cooperative": cooperative, "form": form}
    )


@officer_required
def person_edit(request, cooperative_id: int, role_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    role = role_in_scope(request, cooperative, role_id)
    # The cooperative's own record of the person, never the identity's.
    initial = {
        "name": role.person_name,
        "phone": role.person_phone,
        "email": role.person_email,
        "position": role.position,
        "starts_on": role.starts_on,
    }
    form = PersonRoleEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            program_services.cooperative_person_update(
                role_id=role.pk,
                person={k: data[k] for k in ("name", "phone", "email")},
                position=data["position"],
                starts_on=data["starts_on"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Data %(name)s disimpan.") % {"name": data["name"]}
            )
            return redirect("portal:people", cooperative_id=cooperative.pk)
    return render(
        request,
        "portal/people/form.html",
        {"cooperative": cooperative, "form": form, "role": role},
    )


@officer_required
def person_end(request, cooperative_id: int, role_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    role = role_in_scope(request, cooperative, role_id)
    form = RoleEndForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.cooperative_role_end(
                role_id=role.pk, ends_on=form.cleaned_data["ends_on"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Masa %(role)s %(name)s diakhiri.")
                % {"role": role.get_role_display().lower(), "name": role.person_name},
            )
            return redirect("portal:people", cooperative_id=cooperative.pk)
    return render(
        request,
        "portal/people/end.html",
        {"cooperative": cooperative, "form": form, "role": role},
    )


@officer_required
def members_import(request, cooperative_id: int):
    cooperative = cooperative_in_scope(request, cooperative_id)
    form = MembersImportForm(request.POST or None, request.FILES or None)
    result = None
    wait = limit_hit("import", request.user.pk) if request.method == "POST" else None
    if wait:
        form = MembersImportForm()
        form.cleaned_data = {}  # an unbound form can carry an error this way
        form.add_error(None, limit_message(wait))
        response = render(
            request,
            "portal/people/import.html",
            {"cooperative": cooperative, "form": form, "result": None},
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    if request.method == "POST" and form.is_valid():
        try:
            result = program_services.cooperative_members_import(
                cooperative_id=cooperative.pk,
                file=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if not result.errors:
                messages.success(
                    request,
                    _("%(count)s anggota ditambahkan.") % {"count": result.created},
                )
                return redirect("portal:people", cooperative_id=cooperative.pk)
    return render(
        request,
        "portal/people/import.html",
        {"cooperative": cooperative, "form": form, "result": result},
    )
