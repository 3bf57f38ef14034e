from celery import shared_task

from .reminders import (
    follow_up_reminders_send,
    registration_closing_reminders_send,
    session_reminders_send,
)


@shared_task(acks_late=True)
def program_session_remind_task() -> int:
    return session_reminders_send()


@shared_task(acks_late=True)
def mentoring_follow_up_remind_task() -> int:
    return follow_up_reminders_send()


@shared_task(acks_late=True)
def program_registration_closing_remind_task() -> int:
    return registration_closing_reminders_send()
