"""A failed run keeps a short reason (a code with a translated label) instead of
the exception's text, which could carry a person's data to API clients; a sweep
every 15 minutes fails the runs whose task was lost."""

from django.db import migrations, models

QUEUE_DOWN_TEXT = "Antrean tugas sedang tidak tersedia"
TIMED_OUT_TEXT = "Waktu pembuatan laporan habis"
TASK = "reports.tasks.report_run_sweep_task"


def reasons_from_errors(apps, schema_editor):
    ReportRun = apps.get_model("reports", "ReportRun")
    failed = ReportRun.objects.filter(status="failed")
    failed.filter(error__startswith=QUEUE_DOWN_TEXT).update(failure="queue_down")
    failed.filter(error__startswith=TIMED_OUT_TEXT).update(failure="timed_out")
    failed.filter(failure="").update(failure="error")


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="Gagalkan laporan yang tugasnya hilang",
        defaults={"task": TASK, "interval": every},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task=TASK
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_recap_schedules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportrun",
            name="failure",
            field=models.CharField(
                blank=True,
                choices=[
                    ("queue_down", "Antrean tugas sedang tidak tersedia. Minta laporan ini lagi."),
                    ("timed_out", "Waktu pembuatan laporan habis."),
                    ("error", "Laporan gagal dibuat karena galat di server. Minta laporan ini lagi; bila terulang, hubungi admin Dinas."),
                    ("lost", "Pekerjaan laporan hilang atau melewati batas waktu; silakan minta ulang."),
                ],
                max_length=10,
                verbose_name="alasan gagal",
            ),
        ),
        migrations.RunPython(reasons_from_errors, migrations.RunPython.noop),
        migrations.RemoveField(model_name="reportrun", name="error"),
        migrations.AddIndex(
            model_name="reportrun",
            index=models.Index(
                condition=models.Q(("status__in", ["queued", "running"])),
                fields=["created_at"],
                name="report_run_unfinished",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportrun",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "failed"), models.Q(("failure", ""), _negated=True)),
                    models.Q(models.Q(("status", "failed"), _negated=True), ("failure", "")),
                    _connector="OR",
                ),
                name="report_run_failed_has_reason",
            ),
        ),
        migrations.RunPython(schedule, unschedule),
    ]
