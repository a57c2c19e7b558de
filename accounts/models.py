from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 \-]{6,18}$",
    _("Masukkan nomor telepon yang benar, misalnya 0812 3456 7890 atau +62 812 3456 7890."),
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser needs is_staff and is_superuser.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address."""

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    phone = models.CharField(_("nomor telepon/WhatsApp"), max_length=20, blank=True, validators=[phone_validator])
    language = models.CharField(_("bahasa"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    is_staff = models.BooleanField(_("staf admin"), default=False, help_text=_("Boleh masuk ke halaman admin."))
    is_active = models.BooleanField(_("aktif"), default=True)
    date_joined = models.DateTimeField(_("tanggal bergabung"), default=timezone.now)
    # Set when the owner deleted the account: the row stays, anonymised, for what others rely on.
    deleted_at = models.DateTimeField(_("dihapus"), null=True, blank=True, editable=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class StaffRole(models.Model):
    """District staff (kecamatan, kabupaten/kota or province) bound to a region, assigned by admins.

    Their scope is every village whose code starts with the region's code.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_roles", verbose_name=_("pengguna"))
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="staff_roles",
        verbose_name=_("wilayah"),
        limit_choices_to={"level__lte": 3},
    )
    title = models.CharField(_("jabatan"), max_length=100, help_text=_("Mis. Camat, staf DPMD, pendamping desa."))
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("ditetapkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("staf wilayah")
        verbose_name_plural = _("staf wilayah")
        ordering = ["region__code", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["user", "region"], name="one_role_per_user_region")]

    def __str__(self):
        return f"{self.user} — {self.title}, {self.region}"
