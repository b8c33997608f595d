from django import template

from base import places

register = template.Library()


@register.simple_tag
def words_of_places(items):
    """The words for a column of places (schools, or rows that have a school): a kinderopvang's when every row
    is at one, the mixed words when schools and kinderopvang meet; each row then names its own, as the label of
    its card on a phone."""
    return places.words_for_all(getattr(item, "school", item).school_type for item in items)
