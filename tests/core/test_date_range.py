"""Date ranges read `4 Juli 2023 s.d. 6 Juli 2023` in Indonesian and `4 July
2023 to 6 July 2023` in English, in code and in templates."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from core.dates import date_range
from programs.models import Program

START = datetime.date(2023, 7, 4)
END = datetime.date(2023, 7, 6)
IN = {
    "id": ("4 Juli 2023 s.d. 6 Juli 2023", "4 Juli 2023 s.d. sekarang"),
    "en": ("4 July 2023 to 6 July 2023", "4 July 2023 to now"),
}


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_date_range_in_each_language(language):
    closed, open_ended = IN[language]

    with translation.override(language):
        assert date_range(START, END) == closed
        assert date_range(START, None) == open_ended
        assert date_range(START, START) == closed.split(" s.d. ")[0].split(" to ")[0]


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_template_renders_the_range_in_each_language(language):
    template = Template("{% load kukm %}<dd>{% date_range start end %}</dd>")

    with translation.override(language):
        html = template.render(Context({"start": START, "end": END}))

    assert html == f"<dd>{IN[language][0]}</dd>"


def test_a_programs_dates_follow_the_language():
    program = Program(starts_on=START, ends_on=END)

    with translation.override("en"):
        english = program.dates_display
    with translation.override("id"):
        indonesian = program.dates_display

    assert (english, indonesian) == (IN["en"][0], IN["id"][0])
