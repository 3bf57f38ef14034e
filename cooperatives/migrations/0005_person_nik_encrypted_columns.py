"""Step 1 of 3 of encrypting a person's NIK at rest: the new columns, nullable while
the rows are converted; the plaintext column loses its constraint (it is dropped
in step 3)."""

import cooperatives.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cooperatives", "0004_list_order_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="nik_encrypted",
            field=models.BinaryField(
                editable=False, null=True, verbose_name="NIK (terenkripsi)"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="nik_hash",
            field=models.CharField(
                editable=False, max_length=64, null=True, verbose_name="sidik NIK"
            ),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="nik_encrypted",
            field=models.BinaryField(
                editable=False, null=True, verbose_name="NIK (terenkripsi)"
            ),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="nik_hash",
            field=models.CharField(
                editable=False, max_length=64, null=True, verbose_name="sidik NIK"
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="nik",
            field=models.CharField(
                max_length=16,
                null=True,
                validators=[cooperatives.validators.validate_person_nik],
                verbose_name="NIK",
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="nik",
            field=models.CharField(
                max_length=16,
                null=True,
                validators=[cooperatives.validators.validate_person_nik],
                verbose_name="NIK",
            ),
        ),
    ]
