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

    @factory.post_generation
    def two_factor(obj, create, extracted, **kwargs):
        # Admins have two-factor sign-in on, as the admin requires (two_factor=False: not yet).
        if create and (obj.is_staff or obj.is_superuser) and extracted is not False:
            with_totp(obj)


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
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    title = "Camat"

    @factory.post_generation
    def two_factor(obj, create, extracted, **kwargs):
        # District staff have two-factor sign-in on, as review and approval pages require
        # (two_factor=False: not yet).
        if create and extracted is not False and not obj.user.authenticator_set.filter(type="totp").exists():
            with_totp(obj.user)


def with_totp(user):
    """Turn on two-factor sign-in (an authenticator app) for the user; returns its secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret, at=None):
    """The code the authenticator app shows at the time `at` (now by default)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
