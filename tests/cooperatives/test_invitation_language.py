"""An invitation speaks the language it was made in: the one named (a bulk
file's `bahasa` column), or the one active in the request that made it (stored
on the invitation). Its email, its WhatsApp text, a re-send and the account it
opens keep that language."""

import io

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.scope import Scope
from cooperatives import services
from cooperatives.models import Invitation
from tests.factories import CooperativeFactory, district
from tests.notifications.conftest import provider, whatsapp  # noqa: F401 -- fixtures

pytestmark = pytest.mark.django_db

PASSWORD = "Pelangi-Mahakam-2026"
WORDS = {
    "id": {
        "subject": "Undangan akun Portal KUKM Kalimantan Timur",
        "greeting": "Yth. Budi Santoso,",
        "target": "sebagai pengurus Koperasi Sejahtera",
        "phone": "Anda diundang sebagai pengurus Koperasi Sejahtera.",
    },
    "en": {
        "subject": "Invitation to the KUKM Portal of East Kalimantan",
        "greeting": "Dear Budi Santoso,",
        "target": "as an officer of Koperasi Sejahtera",
        "phone": "You are invited as an officer of Koperasi Sejahtera.",
    },
}


@pytest.fixture
def cooperative():
    return CooperativeFactory(name="Koperasi Sejahtera", district=district("64.72"))


def _invite(cooperative, **kwargs):
    return services.invitation_create(
        kind=Invitation.Kind.OFFICER,
        scope=Scope.province(),
        cooperative_id=cooperative.pk,
        name="Budi Santoso",
        **kwargs,
    )


def _expiry_in(language: str, invitation: Invitation) -> str:
    with translation.override(language):
        return date_format(timezone.localtime(invitation.expires_at), "j F Y")


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_email_is_in_the_invitations_language(
    language, cooperative, django_capture_on_commit_callbacks
):
    words = WORDS[language]

    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(cooperative, email="budi@example.id", language=language)

    [email] = mail.outbox
    assert email.subject == words["subject"]
    assert email.body.startswith(words["greeting"])
    assert words["target"] in email.body
    assert _expiry_in(language, invitation) in email.body


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_whatsapp_text_is_in_the_invitations_language(
    language,
    cooperative,
    whatsapp,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(cooperative, phone="081255550004", language=language)

    [request] = whatsapp.requests
    assert request.body["template"]["language"] == {"code": language}
    title, body, _link = [
        p["text"] for p in request.body["template"]["components"][0]["parameters"]
    ]
    assert title == WORDS[language]["subject"]
    assert body.startswith(WORDS[language]["phone"])


def test_the_requests_language_is_kept_for_a_resend_from_indonesian(
    cooperative, django_capture_on_commit_callbacks
):
    with translation.override("en"):
        invitation = _invite(cooperative, email="budi@example.id")
    mail.outbox.clear()

    with (
        translation.override("id"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.invitation_resend(invitation_id=invitation.pk, scope=Scope.province())

    assert Invitation.objects.get(pk=invitation.pk).language == "en"
    assert mail.outbox[0].subject == WORDS["en"]["subject"]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_account_keeps_the_invitations_language(language, cooperative):
    invitation = _invite(cooperative, email="budi@example.id", language=language)
    token = invitation.link.rstrip("/").rsplit("/", 1)[-1]

    user = services.invitation_accept(token=token, password=PASSWORD)

    assert user.language == language


def test_a_bulk_file_names_each_rows_language(cooperative):
    rows = [
        "nik_koperasi,nama,surel,peran,bahasa",
        f"{cooperative.nik},Andi,andi@example.id,pengurus,en",
        f"{cooperative.nik},Sari,sari@example.id,pengurus,",
    ]

    with translation.override("id"):
        services.invitations_import_csv(
            file=io.BytesIO("\n".join(rows).encode()), scope=Scope.province()
        )

    languages = dict(Invitation.objects.values_list("email", "language"))
    assert languages == {"andi@example.id": "en", "sari@example.id": "id"}
