"""Demo interaction for Al Multaqa (called from campaigns/demo_data.seed): questions and answers on
"Dubai Can" and the plastic bag policy, one comment hidden by the secretariat, "useful" marks from
people of other entities on the published cases, and saved cases in the demo accounts' collections.

Rows are written directly, like the demo's review history: the demo must not send e-mails to the
entities. `useful_count` is set from the marks written, so the showcase's "most useful" sort has
something to sort."""
import random

from django.db.models import Count

# (case, author's e-mail or None for a person of another entity, Arabic question, answers as
# (author, Arabic text)); the demo accounts are those of README's table.
THREADS = [
    ("Dubai Can", "director2@demo.gcn.ae",
     "كيف اخترتم مواقع محطات المياه الأولى؟ نخطط لمبادرة مشابهة في الحدائق العامة.\nهل لديكم خريطة للمواقع؟",
     [("director@demo.gcn.ae", "اعتمدنا على بيانات الحركة في الشواطئ والحدائق ومناطق الفعاليات، وبدأنا بالمواقع الأعلى زيارة. "
                               "الخريطة منشورة على https://www.dubaican.ae ويسعدنا التنسيق معكم.")]),
    ("Dubai Can", None,
     "What share of the water stations' cost did the private partners cover?",
     [("team@demo.gcn.ae", "Most of the stations were sponsored by partners; the case study in the documents gives the figures."),
      ("secretariat@demo.gcn.ae", "We will invite the team to present the partnership model at the next knowledge session.")]),
    ("Single-use plastic bag policy", "team@demo.gcn.ae",
     "ما الرسائل التي نجحت أكثر مع المتاجر الصغيرة قبل بدء تطبيق التعرفة؟",
     [("director2@demo.gcn.ae", "الرسائل العملية القصيرة في نقاط البيع، مع دليل مبسط للمتاجر بثلاث لغات.")]),
]
HIDDEN = ("Dubai Can", "director2@demo.gcn.ae", "Off topic: is anyone selling office furniture? (hidden by the secretariat as unrelated to the case)")
SAVED = {
    "director@demo.gcn.ae": ["Single-use plastic bag policy", "Dubai Fitness Challenge", "Tarsheed: Every Drop Counts"],
    "director2@demo.gcn.ae": ["Dubai Can", "Sustainable Mobility Week"],
    "team@demo.gcn.ae": ["Your Digital Safety"],
}


def loaded():
    from campaigns.models import Comment

    return Comment.objects.filter(campaign__title_en="Dubai Can").exists()


def seed(stdout):
    from django.db import transaction
    from django.utils import timezone

    from campaigns.models import OWNER_ROLES, Campaign, Comment, SavedCase, UsefulMark
    from members.models import User

    if loaded():
        return
    people = {user.email: user for user in User.objects.filter(email__endswith="@demo.gcn.ae", is_active=True)}
    cases = {campaign.title_en: campaign for campaign in Campaign.objects.published()}
    members = list(User.objects.in_directory().filter(role__in=OWNER_ROLES).exclude(entity=None).order_by("pk"))
    secretariat = people.get("secretariat@demo.gcn.ae")
    rng = random.Random(2026)
    with transaction.atomic():
        comments = 0
        for title, email, text, answers in THREADS:
            case = cases.get(title)
            if case is None:
                continue
            asker = people.get(email) if email else next((m for m in members if m.entity_id not in (case.owner_id, None)), None)
            if asker is None:
                continue
            question = Comment.objects.create(campaign=case, author=asker, author_entity_id=asker.entity_id, body=text)
            comments += 1
            for answerer_email, answer in answers:
                answerer = people.get(answerer_email)
                if answerer is not None:
                    Comment.objects.create(campaign=case, parent=question, author=answerer, author_entity_id=answerer.entity_id, body=answer)
                    comments += 1
        title, email, text = HIDDEN
        if cases.get(title) and people.get(email):
            Comment.objects.create(campaign=cases[title], author=people[email], author_entity_id=people[email].entity_id, body=text,
                                   hidden=True, hidden_by=secretariat, hidden_at=timezone.now())
            comments += 1
        # Marks from people of other entities: a handful per case, more on the best-practice ones.
        marks = []
        for case in cases.values():
            others = [member for member in members if member.entity_id != case.owner_id]
            wanted = rng.randint(0, 4) + (6 if case.best_practice else 0)
            marks += [UsefulMark(campaign=case, user=member) for member in rng.sample(others, min(wanted, len(others)))]
        UsefulMark.objects.bulk_create(marks, ignore_conflicts=True)
        for row in UsefulMark.objects.values("campaign").annotate(total=Count("pk")):
            Campaign.objects.filter(pk=row["campaign"]).update(useful_count=row["total"])
        SavedCase.objects.bulk_create(
            [SavedCase(user=people[email], campaign=cases[title]) for email, titles in SAVED.items() if email in people
             for title in titles if title in cases],
            ignore_conflicts=True,
        )
    stdout.write(f"  {comments} comments and answers, {len(marks)} useful marks, saved cases for the demo accounts")
