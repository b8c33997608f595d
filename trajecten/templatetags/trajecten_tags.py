from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, [])


@register.filter
def as_text(value):
    """A value of the inzage export as one line of text: lists joined, empty as a dash."""
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    if value is None or value == "":
        return "—"
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    return value
