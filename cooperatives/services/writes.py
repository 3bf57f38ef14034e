"""The two shapes of a validated write that the registry services share."""


def create_validated(model, data: dict):
    instance = model(**data)
    instance.full_clean()
    instance.save()
    return instance


def update_validated(instance, data: dict):
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance
