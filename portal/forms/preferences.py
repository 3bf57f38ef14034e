"""The form of the message choices page: one checkbox per kind of message and
channel offered to the user, and the language of the messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Channel
from notifications.topics import Topic

LANGUAGE_CHOICES = [("id", "Bahasa Indonesia"), ("en", "English")]


def field_name(topic: str, channel: str) -> str:
    return f"{topic}__{channel}"


class NotificationPreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Bahasa pesan"),
        choices=LANGUAGE_CHOICES,
        error_messages={
            "required": _("Pilih bahasa pesan."),
            "invalid_choice": _("Bahasa pesan: pilih bahasa yang tersedia."),
        },
    )

    def __init__(self, *args, channels: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.channels = channels
        for topic in Topic:
            for channel in channels:
                self.fields[field_name(topic.value, channel)] = forms.BooleanField(
                    label=Channel(channel).label, required=False
                )

    def topics(self):
        """(topic label, its bound checkboxes) for the template."""
        return [
            (topic.label, [self[field_name(topic.value, c)] for c in self.channels])
            for topic in Topic
        ]

    def choices(self) -> dict[tuple[str, str], bool]:
        return {
            (topic.value, channel): self.cleaned_data[field_name(topic.value, channel)]
            for topic in Topic
            for channel in self.channels
        }
