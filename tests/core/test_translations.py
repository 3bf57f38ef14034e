"""The English catalogue is complete, compiled and used by the pages."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def _read_po(path):
    """Parse a .po file into a list of entries (dicts); enough for our own catalogue."""
    entries = []
    entry = None
    field = None

    def start():
        nonlocal entry
        entry = {
            "flags": set(),
            "msgctxt": None,
            "msgid": None,
            "msgid_plural": None,
            "msgstr": {},
        }
        entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            entry, field = None, None
            continue
        if line.startswith("#~"):
            raise AssertionError(f"obsolete entry left in the catalogue: {line}")
        if line.startswith("#,"):
            if entry is None:
                start()
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            if entry is None:
                start()
            continue
        if entry is None:
            start()
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += value
            else:
                entry[field[0]] += value
            continue
        keyword, _, rest = line.partition(" ")
        value = ast.literal_eval(rest)
        if keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if "[" in keyword else 0
            field = ("msgstr", index)
            entry["msgstr"][index] = value
        else:
            field = (keyword, None)
            entry[keyword] = value
    return entries


@pytest.fixture(scope="module")
def catalogue():
    entries = _read_po(PO_FILE)
    header = [e for e in entries if e["msgid"] == ""]
    assert len(header) == 1
    return header[0], [e for e in entries if e["msgid"] != ""]


def test_catalogue_has_no_untranslated_or_fuzzy_entries(catalogue):
    header, entries = catalogue
    assert len(entries) > 1000
    assert "#, fuzzy" not in PO_FILE.read_text(encoding="utf-8")
    assert "fuzzy" not in header["flags"]
    assert "Language: en\\n" in PO_FILE.read_text(encoding="utf-8")
    untranslated = [
        e["msgid"] for e in entries if not e["msgstr"] or not all(e["msgstr"].values())
    ]
    assert untranslated == []
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert fuzzy == []
    plurals = [e for e in entries if e["msgid_plural"] is not None]
    assert plurals
    assert all(sorted(e["msgstr"]) == [0, 1] for e in plurals)


def test_compiled_catalogue_matches_the_po_file(catalogue):
    """Every entry translates to its msgstr: the .mo is compiled from the current .po."""
    _, entries = catalogue
    assert MO_FILE.exists()
    stale = []
    with translation.override("en"):
        for e in entries:
            if e["msgid_plural"] is not None:
                got = (
                    translation.ngettext(e["msgid"], e["msgid_plural"], 1),
                    translation.ngettext(e["msgid"], e["msgid_plural"], 5),
                )
                want = (e["msgstr"][0], e["msgstr"][1])
            elif e["msgctxt"] is not None:
                got = translation.pgettext(e["msgctxt"], e["msgid"])
                want = e["msgstr"][0]
            else:
                got = translation.gettext(e["msgid"])
                want = e["msgstr"][0]
            if got != want:
                stale.append(e["msgid"])
    assert stale == [], "run: manage.py compilemessages -l en"


@pytest.mark.parametrize(
    ("source", "english"),
    [
        ("Masuk ke Portal KUKM", "Sign in to the KUKM Portal"),
        ("Laporan RAT", "RAT report"),
        ("Kabupaten/Kota", "Regency/City"),
        ("sisa hasil usaha (SHU)", "surplus (SHU)"),
        ("jumlah pengawas", "number of supervisors"),
        ("Pengurus dan anggota", "Officers and members"),
        ("UMKM", "SME"),
        ("Ada masalah", "There is a problem"),
        ("Kirim laporan", "Send the report"),
        ("Masukkan NIK 16 digit angka.", "Enter a 16-digit NIK."),
    ],
)
def test_key_strings_translate_to_english(source, english):
    with translation.override("en"):
        assert translation.gettext(source) == english
    with translation.override("id"):
        assert translation.gettext(source) == source


def test_placeholders_survive_translation():
    with translation.override("en"):
        text = translation.gettext("Laporan RAT tahun buku %(year)s belum dikirim") % {
            "year": 2025
        }
        assert text == "RAT report for financial year 2025 has not been sent"
        assert (
            translation.ngettext("%(n)s kursi", "%(n)s kursi", 1) % {"n": 1}
            == "1 place"
        )
        assert (
            translation.ngettext("%(n)s kursi", "%(n)s kursi", 3) % {"n": 3}
            == "3 places"
        )


def test_login_page_is_indonesian_by_default(client):
    response = client.get(reverse("portal:login"))

    assert response.status_code == 200
    assert "Masuk ke Portal KUKM" in response.content.decode()


def test_login_page_switches_to_english_with_setlang(client):
    login_url = reverse("portal:login")
    response = client.post(
        reverse("set_language"), {"language": "en", "next": login_url}
    )
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    response = client.get(login_url)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Sign in to the KUKM Portal" in content
    assert "Username or email" in content
    assert "Forgotten your password?" in content
    assert "Masuk ke Portal KUKM" not in content


def test_login_page_in_english_from_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("portal:login"))

    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Sign in to the KUKM Portal" in content
    assert "Password" in content
