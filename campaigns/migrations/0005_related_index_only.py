"""The showcase's newest-first index also carries the owner, audiences and channels, so "similar
campaigns" (campaigns/related.py) ranks the published cases from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0004_secretariat_manages_new_models'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='campaign',
            name='campaign_state_published_idx',
        ),
        migrations.AddIndex(
            model_name='campaign',
            index=models.Index(fields=['state', '-published_at'], include=('id', 'owner', 'audiences', 'channels'), name='campaign_state_published_idx'),
        ),
    ]
