"""The once-only key of a reminder moves onto its notification: one row and one
unique index per reminder instead of a SentReminder row, its four indexes and two
foreign keys more. `notifications_sentreminder` becomes a read-only view of the
notifications that carry a key (the admin and reports read it as before).

Records whose notification had been deleted (their `notification_id` was NULL)
have no row to carry their key and are not kept: such a reminder, if it is still
inside its window, is sent again. Going back recreates the table from the keys."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

COPY_KEYS = """
UPDATE notifications_notification n
SET object_ref = s.object_ref, period = s.period
FROM notifications_sentreminder s
WHERE s.notification_id = n.id AND s.kind = n.kind AND s.user_id = n.user_id
  AND s.object_ref <> '' AND s.period <> ''
"""
RESTORE_RECORDS = """
INSERT INTO notifications_sentreminder
  (kind, object_ref, period, user_id, notification_id, created_at)
SELECT kind, object_ref, period, user_id, id, created_at
FROM notifications_notification WHERE period <> ''
"""
CREATE_VIEW = """
CREATE VIEW notifications_sentreminder AS
SELECT id, kind, object_ref, period, user_id, id AS notification_id, created_at
FROM notifications_notification WHERE period <> ''
"""


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_email_sweep_schedule'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='object_ref',
            field=models.CharField(blank=True, default='', max_length=60, verbose_name='objek'),
        ),
        migrations.AddField(
            model_name='notification',
            name='period',
            field=models.CharField(blank=True, default='', max_length=20, verbose_name='periode'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='user',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='penerima'),
        ),
        migrations.RunSQL(COPY_KEYS, reverse_sql=RESTORE_RECORDS),
        migrations.DeleteModel(name='SentReminder'),
        migrations.RunSQL(CREATE_VIEW, reverse_sql="DROP VIEW notifications_sentreminder"),
        migrations.CreateModel(
            name='SentReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=40, verbose_name='jenis')),
                ('object_ref', models.CharField(max_length=60, verbose_name='objek')),
                ('period', models.CharField(max_length=20, verbose_name='periode')),
                ('created_at', models.DateTimeField(verbose_name='dibuat')),
                ('notification', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='notifications.notification')),
                ('user', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='penerima')),
            ],
            options={
                'verbose_name': 'pengingat terkirim',
                'verbose_name_plural': 'pengingat terkirim',
                'db_table': 'notifications_sentreminder',
                'managed': False,
            },
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.UniqueConstraint(condition=models.Q(('period', ''), _negated=True), fields=('kind', 'object_ref', 'period', 'user'), name='reminder_once_per_period'),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('object_ref', ''), ('period', '')), models.Q(models.Q(('period', ''), _negated=True), models.Q(('object_ref', ''), _negated=True)), _connector='OR'), name='reminder_key_whole'),
        ),
    ]
