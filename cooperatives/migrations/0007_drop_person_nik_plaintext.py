"""Step 3 of 3: the plaintext NIK column is gone; the ciphertext and the unique
keyed hash are required, and the hash column can hold nothing but an HMAC."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cooperatives", "0006_encrypt_person_nik"),
    ]

    operations = [
        migrations.RemoveField(model_name="person", name="nik"),
        migrations.RemoveField(model_name="historicalperson", name="nik"),
        migrations.AlterField(
            model_name="person",
            name="nik_encrypted",
            field=models.BinaryField(editable=False, verbose_name="NIK (terenkripsi)"),
        ),
        migrations.AlterField(
            model_name="person",
            name="nik_hash",
            field=models.CharField(
                editable=False, max_length=64, unique=True, verbose_name="sidik NIK"
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="nik_encrypted",
            field=models.BinaryField(editable=False, verbose_name="NIK (terenkripsi)"),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="nik_hash",
            field=models.CharField(
                db_index=True, editable=False, max_length=64, verbose_name="sidik NIK"
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(nik_hash__regex="^[0-9a-f]{64}$"),
                name="person_nik_hash_is_hmac",
            ),
        ),
    ]
