"""Which channels a user wants for each kind of message (`Topic`), and the
language of their messages.

A notification's `kind` belongs to one topic (by its prefix, `topic_of`, the
same rule in SQL, `topic_sql`). A user turns a channel off per topic
(`ChannelPreference`, enabled false); no row is the default: on. The choice is
read when a notification is made (for a batch, in the statement that makes its
deliveries) and again when it is sent, so a message queued before the user
turned a channel off is not sent on it either (`Delivery.Status.OPTED_OUT`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import ChannelPreference
from .selectors import offered_channels, preferences_get
from .topics import Topic, topic_of, topic_sql

LANGUAGES = ("id", "en")


def channel_off_sql(*, user: str, kind: str, channel: str) -> str:
    """SQL true when the user turned `channel` (a parameter or column) off for
    the topic of `kind`."""
    table = ChannelPreference._meta.db_table
    return f"""EXISTS (SELECT 1 FROM {table} cp WHERE cp.user_id = {user}
  AND cp.channel = {channel} AND cp.topic = {topic_sql(kind)} AND NOT cp.enabled)"""  # noqa: S608 -- ours


def channel_enabled(*, user_id: int, kind: str, channel: str) -> bool:
    """Whether the user still wants this kind of message on this channel (the
    send-time check)."""
    return not ChannelPreference.objects.filter(
        user_id=user_id, topic=topic_of(kind), channel=channel, enabled=False
    ).exists()


@transaction.atomic
def preferences_set(*, user, enabled: dict[tuple[str, str], bool], language: str):
    """Save the user's choices (only the pairs that changed are written, so the
    date of an opt-out stays the day it was made) and their message language."""
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Pilih bahasa yang tersedia.")})
    offered = offered_channels(user)
    for topic, channel in enabled:
        if topic not in Topic.values or channel not in offered:
            raise ValidationError(_("Pilihan saluran tidak dikenal."))
    current = preferences_get(user)
    for key, on in enabled.items():
        if current.get(key) != bool(on):
            ChannelPreference.objects.update_or_create(
                user=user,
                topic=key[0],
                channel=key[1],
                defaults={"enabled": bool(on)},
            )
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
