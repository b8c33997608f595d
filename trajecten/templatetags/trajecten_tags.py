from django import template

from base import places

register = template.Library()


@register.simple_tag
def words_of_places(trajectories):
    """The words for a list's column of places: a kinderopvang's when every row is at one, the mixed words when
    schools and kinderopvang meet (each row then says its own, as the phone's card label)."""
    return places.words_for_all(trajectory.school.school_type for trajectory in trajectories)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, [])
