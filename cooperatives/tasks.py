from celery import shared_task

from .reminders import rat_report_reminders_send


@shared_task(acks_late=True)
def rat_report_remind_task() -> int:
    return rat_report_reminders_send()
