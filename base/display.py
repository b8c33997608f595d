"""How stored values are shown."""


def choice_label(choices, value):
    """The label of `value` in a TextChoices class (a str, translated now), or the value itself, as
    get_FOO_display gives.

    Django's get_FOO_display builds a dict of every choice on each call, translating each lazy label;
    list pages call this for every row."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def display_name(user):
    """How the portal names a person: full name, else username; an em dash for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username
