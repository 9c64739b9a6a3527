"""Each error and warning of an import a row of its own (ImportProblem), not one JSON list on
the batch: a 500,000-row file has tens of thousands (issue 17). The lists of existing batches
are moved over, in their order, and back on reversal."""

import django.db.models.deletion
from django.db import migrations, models


def lists_to_rows(apps, schema_editor):
    ImportBatch = apps.get_model("employees", "ImportBatch")
    ImportProblem = apps.get_model("employees", "ImportProblem")
    for batch in ImportBatch.objects.only("pk", "errors", "warnings").iterator(chunk_size=100):
        ImportProblem.objects.bulk_create(
            [
                ImportProblem(
                    batch_id=batch.pk,
                    is_error=is_error,
                    row=int(problem[0] or 0),
                    column=str(problem[1] or "")[:200],
                    message=str(problem[2] or ""),
                )
                for is_error, problems in ((True, batch.errors), (False, batch.warnings))
                for problem in problems or []
            ],
            batch_size=2000,
        )


def rows_to_lists(apps, schema_editor):
    ImportBatch = apps.get_model("employees", "ImportBatch")
    ImportProblem = apps.get_model("employees", "ImportProblem")
    for batch in ImportBatch.objects.only("pk").iterator(chunk_size=100):
        lists: dict[bool, list] = {True: [], False: []}
        for is_error, row, column, message in (
            ImportProblem.objects.filter(batch_id=batch.pk)
            .order_by("pk")
            .values_list("is_error", "row", "column", "message")
        ):
            lists[is_error].append([row, column, message])
        ImportBatch.objects.filter(pk=batch.pk).update(errors=lists[True], warnings=lists[False])


class Migration(migrations.Migration):

    dependencies = [
        ('employees', '0008_fewer_write_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='ImportProblem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_error', models.BooleanField(verbose_name='kesalahan (bukan peringatan)')),
                ('row', models.PositiveIntegerField(verbose_name='baris')),
                ('column', models.CharField(blank=True, max_length=200, verbose_name='kolom')),
                ('message', models.TextField(verbose_name='pesan')),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='employees.importbatch', verbose_name='impor')),
            ],
            options={
                'verbose_name': 'masalah baris impor',
                'verbose_name_plural': 'masalah baris impor',
                'indexes': [models.Index(fields=['batch', 'is_error', 'id'], name='masalah_impor_urut')],
            },
        ),
        migrations.RunPython(lists_to_rows, rows_to_lists),
        migrations.RemoveField(
            model_name='importbatch',
            name='errors',
        ),
        migrations.RemoveField(
            model_name='importbatch',
            name='warnings',
        ),
    ]
