"""The portal's base views. A page of a cooperative finds its cooperative (and
whatever else it names) through the officer's scope before anything else; a form
page validates, calls one service, puts the service's ValidationError on the
form next to the fields it names, or says so and redirects. A view says only
what differs: its form, its service call, its message and where to go next."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from ..access import cooperative_in_scope, officer_required, scope_of


def apply_errors(form, error) -> None:
    """Put a service's ValidationError on the form, next to the fields it names."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


class PortalView(View):
    """A page for officers (staff go to the admin, district staff to their
    dashboard). `prepare()` loads what the URL names, in scope, before the
    handler runs, and may answer instead (a redirect, say)."""

    decorators = (officer_required,)

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        for decorator in reversed(cls.decorators):
            view = decorator(view)
        return view

    @property
    def scope(self):
        return scope_of(self.request)

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        response = self.prepare()
        if response is not None:
            return response
        return super().dispatch(request, *args, **kwargs)

    def prepare(self) -> HttpResponse | None:
        return None

    def get_context_data(self, **kwargs) -> dict:
        return kwargs


class CooperativeView(PortalView):
    """A page under koperasi/<cooperative_id>/: `self.cooperative`, in scope (404
    otherwise), and in the template's context."""

    def prepare(self):
        self.cooperative = cooperative_in_scope(
            self.request, self.kwargs["cooperative_id"]
        )
        return super().prepare()

    def get_context_data(self, **kwargs) -> dict:
        return {"cooperative": self.cooperative, **super().get_context_data(**kwargs)}


class ServiceFormView(PortalView):
    """GET shows the form; POST validates it and calls `perform(form)` (one
    service). A ValidationError from the service goes onto the form (`refused`)
    and the page is shown again; otherwise `succeeded(result)` says
    `get_success_message(result)` and redirects to `get_success_url(result)`."""

    form_class = None
    template_name = ""
    success_message = ""

    def get_initial(self) -> dict:
        return {}

    def get_form_kwargs(self) -> dict:
        kwargs = {"initial": self.get_initial()}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        return kwargs

    def get_form(self):
        return self.form_class(**self.get_form_kwargs())

    def get(self, request, *args, **kwargs):
        self.form = self.get_form()
        return self.render_form(self.form)

    def post(self, request, *args, **kwargs):
        self.form = form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            result = self.perform(form)
        except ValidationError as error:
            return self.refused(form, error)
        return self.succeeded(result)

    def perform(self, form):
        raise NotImplementedError

    def refused(self, form, error: ValidationError) -> HttpResponse:
        apply_errors(form, error)
        return self.form_invalid(form)

    def form_invalid(self, form) -> HttpResponse:
        return self.render_form(form)

    def get_success_message(self, result) -> str:
        return self.success_message

    def get_success_url(self, result) -> str:
        raise NotImplementedError

    def succeeded(self, result) -> HttpResponse:
        message = self.get_success_message(result)
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url(result))

    def render_form(self, form, *, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            self.get_context_data(form=form),
            status=status,
        )


class EditFormMixin:
    """A model form on the page's object (`edited()`), saved by one service
    called as `update_service(<update_id_name>=pk, data=…, by=user)`, like the
    API's viewsets. The form gets a copy: it writes what it cleans onto its
    instance, and a refused page should show the object as saved."""

    update_service = None
    update_id_name = ""

    def edited(self):
        raise NotImplementedError

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": copy.copy(self.edited())}

    def perform(self, form):
        return self.update_service(
            data=form.cleaned_data,
            by=self.request.user,
            **{self.update_id_name: self.edited().pk},
        )


class CooperativeFormView(CooperativeView, ServiceFormView):
    """A service form on a cooperative's page."""


class DistrictView(PortalView):
    """A page for agency staff and district users (who invite and decide on
    requests for access), signed in; anyone else, an officer say, is answered 404.
    What the URL names is looked up through their scope in `prepare()`."""

    decorators = (login_required,)

    def prepare(self):
        if not (self.scope.everything or self.scope.district_code):
            raise Http404
        return super().prepare()


class DistrictFormView(DistrictView, ServiceFormView):
    """A service form for agency staff and district users."""


class PublicFormView(ServiceFormView):
    """A service form anyone may use, signed in or not (the link in an
    invitation, asking for access)."""

    decorators = ()
