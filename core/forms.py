"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

# The largest primary key the databases hold (a signed 64-bit integer).
BIGINT_MAX = 2**63 - 1


def _fits_a_key(value):
    """False for what no database can look up: an integer beyond a key's range (SQLite raises
    OverflowError, PostgreSQL a DataError) or text with a NUL byte (PostgreSQL refuses it)."""
    if "\x00" in str(value):
        return False
    try:
        return abs(int(str(value).strip())) <= BIGINT_MAX
    except (TypeError, ValueError):
        return True  # not an integer: the field's own check refuses it


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that answers "not a valid choice" to an out-of-range or NUL key instead of a 500."""

    def to_python(self, value):
        if value not in self.empty_values and not _fits_a_key(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that answers "not a valid choice" to an out-of-range or NUL key, not a 500."""

    def _check_values(self, value):
        for pk in value:
            if not _fits_a_key(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(pk)[:20]}
                )
        return super()._check_values(value)
