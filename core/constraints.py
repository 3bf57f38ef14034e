"""A constraint that spans fields still concerns one of them: the one a person has
to change. Models list it in `constraint_fields` ({constraint name: field}) and
`full_clean()` reports the violation under that field — a form shows it beside the
input, the API answers `{"legal_entity_date": [...]}` — instead of under
`non_field_errors`. The database keeps enforcing the constraint itself."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import router


class ConstraintFieldsMixin:
    constraint_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        # Django's own loop (Model.validate_constraints), keyed by our field names.
        using = router.db_for_write(self.__class__, instance=self)
        errors: dict = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field = self.constraint_fields.get(constraint.name)
                    if field is None and getattr(error, "code", None) == "unique":
                        fields = getattr(constraint, "fields", ())
                        field = fields[0] if len(fields) == 1 else None
                    errors.setdefault(field or NON_FIELD_ERRORS, []).extend(
                        error.error_list
                    )
        if errors:
            raise ValidationError(errors)
