"""Potentials, enterprises, their support and messages, and programmes; the enterprise search
(a GIN index on PostgreSQL, an FTS5 table on SQLite); and the village profile's old list of
"potensi unggulan" words carried over as potentials, each with the sector its words suggest."""

import django.core.validators
import django.db.models.deletion
import knowledge.models
from django.conf import settings
from django.db import migrations, models




def create_search(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS enterprise_search_gin ON enterprises_enterprise USING gin (search_vector)"
        )
    elif vendor == "sqlite":
        from enterprises import search

        with schema_editor.connection.cursor() as cursor:
            search.create_table(cursor)


def drop_search(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS enterprise_search_gin")
    elif vendor == "sqlite":
        from enterprises import search

        schema_editor.execute(f"DROP TABLE IF EXISTS {search.TABLE}")


def carry_over_potentials(apps, schema_editor):
    from enterprises.sectors import guess_sector

    Village = apps.get_model("villages", "Village")
    Potential = apps.get_model("enterprises", "Potential")
    db = schema_editor.connection.alias
    rows = []
    for village in Village.objects.using(db).exclude(potentials=[]).only("pk", "potentials").iterator():
        for word in village.potentials or []:
            name = " ".join(str(word).split())[:150]
            if name:
                rows.append(Potential(village_id=village.pk, name=name, sector=guess_sector(name)))
    Potential.objects.using(db).bulk_create(rows, batch_size=1000)


def back_to_words(apps, schema_editor):
    Village = apps.get_model("villages", "Village")
    Potential = apps.get_model("enterprises", "Potential")
    db = schema_editor.connection.alias
    words = {}
    for village_id, name in Potential.objects.using(db).order_by("pk").values_list("village_id", "name"):
        words.setdefault(village_id, []).append(name[:100])
    for village_id, names in words.items():
        Village.objects.using(db).filter(pk=village_id).update(potentials=names[:20])


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('forums', '0001_initial'),
        ('knowledge', '0005_sqlite_indonesian_full_text'),
        ('meetings', '0004_reminder_admin_reads_outcome'),
        ('villages', '0007_regions_networks_cooperation_move_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Enterprise',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('umkm', 'UMKM'), ('bumdes', 'Unit BUMDes'), ('kelompok', 'Kelompok usaha')], default='umkm', max_length=10, verbose_name='jenis')),
                ('name', models.CharField(max_length=150, verbose_name='nama usaha')),
                ('products', models.TextField(help_text='Apa yang dibuat atau dijual.', max_length=1000, verbose_name='produk')),
                ('sector', models.CharField(choices=[('pertanian', 'Pertanian'), ('perkebunan', 'Perkebunan'), ('peternakan', 'Peternakan'), ('perikanan', 'Perikanan'), ('kerajinan', 'Kerajinan'), ('pariwisata', 'Pariwisata'), ('pengolahan', 'Industri pengolahan'), ('perdagangan', 'Perdagangan'), ('jasa', 'Jasa'), ('lainnya', 'Lainnya')], max_length=12, verbose_name='sektor')),
                ('workers', models.PositiveIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(100000)], verbose_name='jumlah pekerja')),
                ('turnover', models.CharField(blank=True, choices=[('lt50', '< Rp 50 juta/tahun'), ('50-300', 'Rp 50–300 juta/tahun'), ('300-2500', 'Rp 300 juta–2,5 miliar/tahun'), ('gt2500', '> Rp 2,5 miliar/tahun')], max_length=10, verbose_name='omzet')),
                ('description', models.TextField(blank=True, verbose_name='keterangan')),
                ('is_listed', models.BooleanField(default=True, help_text='Bila tidak, hanya perangkat desa dan staf wilayah yang melihat.', verbose_name='tampil di katalog')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('search_vector', knowledge.models.SearchVectorColumn(blank=True, editable=False, null=True)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('village', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enterprises', to='villages.village', verbose_name='desa')),
            ],
            options={
                'verbose_name': 'usaha desa',
                'verbose_name_plural': 'usaha desa',
                'ordering': ['name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Potential',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sector', models.CharField(choices=[('pertanian', 'Pertanian'), ('perkebunan', 'Perkebunan'), ('peternakan', 'Peternakan'), ('perikanan', 'Perikanan'), ('kerajinan', 'Kerajinan'), ('pariwisata', 'Pariwisata'), ('pengolahan', 'Industri pengolahan'), ('perdagangan', 'Perdagangan'), ('jasa', 'Jasa'), ('lainnya', 'Lainnya')], default='lainnya', max_length=12, verbose_name='sektor')),
                ('name', models.CharField(help_text='Apa potensinya, mis. Pohon kelapa deres.', max_length=150, verbose_name='potensi')),
                ('location', models.CharField(blank=True, help_text='Dusun atau tempat.', max_length=150, verbose_name='lokasi')),
                ('scale', models.CharField(blank=True, help_text='Mis. Sekitar 40 perajin.', max_length=150, verbose_name='skala')),
                ('amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='jumlah')),
                ('unit', models.CharField(blank=True, help_text='Mis. ha, pohon, ekor, ton/tahun.', max_length=30, verbose_name='satuan')),
                ('description', models.TextField(blank=True, verbose_name='keterangan')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('village', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='economic_potentials', to='villages.village', verbose_name='desa')),
            ],
            options={
                'verbose_name': 'potensi desa',
                'verbose_name_plural': 'potensi desa',
                'ordering': ['village', 'sector', 'name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Support',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('pelatihan', 'Pelatihan'), ('dana', 'Dana'), ('peralatan', 'Peralatan'), ('pendampingan', 'Pendampingan')], max_length=12, verbose_name='jenis dukungan')),
                ('given_by', models.CharField(help_text='Mis. Dinas Koperasi, BUMDes, CSR bank.', max_length=150, verbose_name='dari')),
                ('given_on', models.DateField(verbose_name='tanggal')),
                ('note', models.TextField(blank=True, verbose_name='catatan')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='supports', to='enterprises.enterprise')),
                ('meeting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='enterprise_supports', to='meetings.meeting', verbose_name='pelatihan di ForumDesa')),
            ],
            options={
                'verbose_name': 'dukungan usaha',
                'verbose_name_plural': 'dukungan usaha',
                'ordering': ['-given_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='EnterpriseMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(max_length=2000, verbose_name='pesan')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='enterprises.enterprise')),
                ('sender', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('sender_village', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='villages.village')),
            ],
            options={
                'verbose_name': 'pesan untuk usaha',
                'verbose_name_plural': 'pesan untuk usaha',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['sender', 'created_at'], name='enterprise_message_sender')],
            },
        ),
        migrations.CreateModel(
            name='Programme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='nama program')),
                ('goal', models.TextField(verbose_name='tujuan')),
                ('starts_on', models.DateField(verbose_name='mulai')),
                ('ends_on', models.DateField(blank=True, null=True, verbose_name='selesai')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('enterprises', models.ManyToManyField(blank=True, related_name='programmes', to='enterprises.enterprise', verbose_name='usaha yang didukung')),
                ('network', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='programmes', to='forums.network', verbose_name='jaringan')),
                ('practices', models.ManyToManyField(blank=True, related_name='programmes', to='knowledge.practice', verbose_name='praktik baik yang dihasilkan')),
                ('trainings', models.ManyToManyField(blank=True, related_name='programmes', to='meetings.meeting', verbose_name='pelatihan')),
                ('village', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='programmes', to='villages.village', verbose_name='desa')),
            ],
            options={
                'verbose_name': 'program usaha',
                'verbose_name_plural': 'program usaha',
                'ordering': ['-starts_on', '-pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('network__isnull', True), ('village__isnull', False)), models.Q(('network__isnull', False), ('village__isnull', True)), _connector='OR'), name='programme_of_village_or_network'), models.CheckConstraint(condition=models.Q(('ends_on__isnull', True), ('ends_on__gte', models.F('starts_on')), _connector='OR'), name='programme_ends_after_start')],
            },
        ),
        migrations.RunPython(create_search, drop_search),
        migrations.RunPython(carry_over_potentials, back_to_words),
    ]
