"""Long lists a page at a time, in two steps.

A coach's caseload or a pilot's list can hold thousands of trajectories. Sorting them with their
child, school and coach joined in, and their long text columns read, costs the database far more
than the page needs: so the keys are sorted and counted first (narrow rows, no joins), and then
only the page's 25 trajectories are read with their relations, by key alone. The keys already
passed the list's scope and filters; repeating those conditions let PostgreSQL misjudge them and
read a coach's 1,300 trajectories to find the page's 25.
"""

from django.core.paginator import Paginator

from .models import Trajectory

PAGE_SIZE = 25


class CountedPaginator(Paginator):
    """A Paginator given its count: for a caller that counted the list together with other figures of it in one
    query, instead of one query per figure."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count  # Paginator.count is a cached_property: this takes its place


def page_of(queryset, number, per_page=PAGE_SIZE, annotations=None):
    """A page of trajectories from `queryset` (scoped and sorted by the caller), with their relations and
    `annotations` (computed for the page's rows only).

    Ties in the caller's order are broken by key, so that no trajectory shows on two pages or on none.
    One deleted between the two steps is left out."""
    query = queryset.query
    ordering = list(query.order_by or (queryset.model._meta.ordering if query.default_ordering else []))
    if not ordering or ordering[-1] not in ("pk", "-pk", "id", "-id"):
        queryset = queryset.order_by(*ordering, "pk")
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    keys = list(page.object_list)
    rows = Trajectory.objects.for_list_rows().annotate(**(annotations or {})).order_by().in_bulk(keys)
    page.object_list = [rows[key] for key in keys if key in rows]
    return page
