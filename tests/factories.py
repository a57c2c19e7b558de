import factory
from allauth.account.models import EmailAddress

from accounts.models import StaffRole, User
from regions.models import Region
from villages.models import Official, Position, Village

PASSWORD = "kata-sandi-uji-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.id")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


def region(code):
    return Region.objects.get(code=code)


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ["region"]

    region = factory.LazyFunction(lambda: Region.objects.filter(level=4, village__isnull=True).first())


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    user = factory.SubFactory(UserFactory)
    village = factory.SubFactory(VillageFactory)
    position = factory.LazyFunction(lambda: Position.objects.get(code="STAF"))
    status = Official.Status.ACTIVE


class StaffRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffRole

    user = factory.SubFactory(UserFactory)
    title = "Camat"
