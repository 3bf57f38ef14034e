"""Every change names who made it (SPEC §4): a service given `by` writes history
records that name that user, also outside a request (an API token, the admin, a
task acting for someone) and for the rows it saves in a loop or a delete takes
with it. Each case is called with no request in progress, so a service that
leaves `by` out writes records naming nobody and fails here."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from simple_history.models import HistoricalRecords

from accounts.system_actor import acting_as
from cooperatives import services as registry
from core.history import history_by
from financing import services as financing
from financing.models import DelinquencyBand, Scheme
from programs import services as programs
from programs.models import Attendance
from tests.factories import (
    CooperativeFactory,
    CooperativeRoleFactory,
    PersonFactory,
    StaffFactory,
)
from tests.financing.factories import SchemeFactory, disbursed_loan
from tests.programs.factories import (
    EnrolmentFactory,
    MentorAssignmentFactory,
    MentoringVisitFactory,
    ProgramFactory,
    SessionFactory,
    days,
)

pytestmark = pytest.mark.django_db

HISTORIES = [
    model for model in apps.get_models() if model.__name__.startswith("Historical")
]


def _marks() -> dict:
    return {
        h: (h.objects.order_by("-history_id").values_list("pk").first() or (0,))[0]
        for h in HISTORIES
    }


def _written_since(marks: dict) -> list:
    return [
        record
        for history, last in marks.items()
        for record in history.objects.filter(history_id__gt=last)
    ]


# Each case: set up with factories, return the service call to make as `by`.


def _session_add():
    program = ProgramFactory()
    return lambda by: programs.session_add(
        data={
            "program": program,
            "title": "Materi baru",
            "starts_at": SessionFactory.build(program=program).starts_at,
            "ends_at": SessionFactory.build(program=program).ends_at,
        },
        by=by,
    )


def _session_update():
    session = SessionFactory()
    return lambda by: programs.session_update(
        session_id=session.pk, data={"place": "Aula"}, by=by
    )


def _session_delete():
    """Its attendance goes with it, and those records name `by` too."""
    session = SessionFactory(program=ProgramFactory(past=True))
    enrolment = EnrolmentFactory(program=session.program)
    Attendance.objects.create(session=session, enrolment=enrolment, present=True)
    return lambda by: programs.session_delete(session_id=session.pk, by=by)


def _mentor_assign():
    terms = {
        "mentor_id": PersonFactory().pk,
        "cooperative_id": CooperativeFactory().pk,
        "field": "institutional",
        "year": days(0).year,
        "starts_on": days(-10),
    }
    return lambda by: programs.mentor_assign(**terms, by=by)


def _mentor_assignment_update():
    assignment = MentorAssignmentFactory()
    return lambda by: programs.mentor_assignment_update(
        assignment_id=assignment.pk, data={"ends_on": days(30)}, by=by
    )


def _mentor_assignment_delete():
    visit = MentoringVisitFactory()
    return lambda by: programs.mentor_assignment_delete(
        assignment_id=visit.assignment_id, by=by
    )


def _visit_log():
    assignment = MentorAssignmentFactory()
    return lambda by: programs.mentoring_visit_log(
        assignment_id=assignment.pk, visited_on=days(-1), findings="Kas rapi.", by=by
    )


def _visit_update():
    visit = MentoringVisitFactory()
    return lambda by: programs.mentoring_visit_update(
        visit_id=visit.pk, data={"findings": "Diperbaiki."}, by=by
    )


def _visit_delete():
    visit = MentoringVisitFactory()
    return lambda by: programs.mentoring_visit_delete(visit_id=visit.pk, by=by)


def _enrolment_delete():
    """The freed seat goes to the waitlist: that promotion names `by` too."""
    program = ProgramFactory(quota=1)
    seated = EnrolmentFactory(program=program)
    EnrolmentFactory(program=program, status="waitlisted")
    return lambda by: programs.enrolment_delete(enrolment_id=seated.pk, by=by)


def _band_create():
    return lambda by: financing.reference_create(
        model=DelinquencyBand,
        data={"code": "uji-900", "label": "Uji", "min_days": 900},
        by=by,
    )


def _band_update_and_delete():
    band = DelinquencyBand.objects.create(code="uji-901", label="Uji", min_days=901)

    def call(by):
        financing.reference_update(
            model=DelinquencyBand, pk=band.pk, data={"label": "Uji 2"}, by=by
        )
        financing.reference_delete(model=DelinquencyBand, pk=band.pk, by=by)

    return call


def _scheme_update():
    scheme = SchemeFactory()
    return lambda by: financing.reference_update(
        model=Scheme, pk=scheme.pk, data={"name": "Skema Diubah"}, by=by
    )


def _repayment_and_restructure():
    """A repayment (installments, allocations, the loan) and a restructuring
    (installments replaced and deleted, the loan)."""
    loan = disbursed_loan(
        disbursed_on=datetime.date(2025, 1, 10), amount=Decimal(12_000_000)
    )

    def call(by):
        financing.repayment_record(
            loan_id=loan.pk,
            amount=1_060_000,
            reference="R-1",
            paid_on=datetime.date(2025, 2, 10),
            by=by,
        )
        new_terms = {"tenor_months": 12, "reason": "Usaha terdampak banjir"}
        effective_on = datetime.date(2025, 5, 1)
        financing.loan_restructure(
            loan_id=loan.pk, effective_on=effective_on, **new_terms, by=by
        )

    return call


def _person_register():
    nik = PersonFactory.build().nik
    return lambda by: registry.person_register(
        data={"nik": nik, "name": "Warga Baru", "sex": PersonFactory.sex}, by=by
    )


def _person_correct_and_delete():
    person = PersonFactory()

    def call(by):
        registry.person_correct(person_id=person.pk, data={"name": "Dikoreksi"}, by=by)
        registry.person_delete(person_id=person.pk, by=by)

    return call


def _role_add():
    """A new NIK: the identity it creates names `by` as well as the role."""
    cooperative, nik = CooperativeFactory(), PersonFactory.build().nik
    return lambda by: registry.cooperative_role_add(
        cooperative_id=cooperative.pk,
        person={"nik": nik, "name": "Anggota Baru"},
        role="member",
        by=by,
    )


def _role_correct_end_and_delete():
    role = CooperativeRoleFactory()

    def call(by):
        registry.cooperative_role_correct(
            role_id=role.pk, data={"position": "treasurer"}, by=by
        )
        registry.cooperative_role_end(
            role_id=role.pk, ends_on=datetime.date(2025, 1, 1), by=by
        )
        registry.cooperative_role_delete(role_id=role.pk, by=by)

    return call


CASES = [
    _session_add,
    _session_update,
    _session_delete,
    _mentor_assign,
    _mentor_assignment_update,
    _mentor_assignment_delete,
    _visit_log,
    _visit_update,
    _visit_delete,
    _enrolment_delete,
    _band_create,
    _band_update_and_delete,
    _scheme_update,
    _repayment_and_restructure,
    _person_register,
    _person_correct_and_delete,
    _role_add,
    _role_correct_end_and_delete,
]


@pytest.mark.parametrize("case", CASES, ids=[case.__name__[1:] for case in CASES])
def test_a_service_names_its_by_in_every_record_it_writes(case):
    call = case()
    by = StaffFactory()
    marks = _marks()

    call(by)

    written = _written_since(marks)
    assert written, "the call wrote no history"
    wrong = [
        (r.__class__.__name__, r.history_type, r.history_user)
        for r in written
        if r.history_user_id != by.pk
    ]
    assert not wrong


def test_a_task_acting_for_someone_names_them_not_the_system_account():
    assignment = MentorAssignmentFactory()
    officer = StaffFactory()

    with acting_as():  # as every Celery task runs
        programs.mentor_assignment_update(
            assignment_id=assignment.pk, data={"ends_on": days(30)}, by=officer
        )

    assert assignment.history.latest("history_id").history_user == officer


def test_history_by_gives_the_actor_back(staff_user):
    officer = StaffFactory()
    context = HistoricalRecords.context

    with acting_as(staff_user):
        before = context.request
        with history_by(officer):
            assert context.request.user == officer
        assert context.request is before
    assert getattr(context, "request", None) is None
    with history_by(None):  # nobody given: the surrounding actor stays
        assert getattr(context, "request", None) is None
