"""Long lists a page at a time, in two steps.

A coach's caseload or a pilot's list can hold thousands of trajectories. Sorting them with their
child, school and coach joined in, and their long text columns read, costs the database far more
than the page needs: so the keys are sorted and counted first (narrow rows, no joins), and then
only the page's 25 trajectories are read with their relations.
"""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def page_of(queryset, number, per_page=PAGE_SIZE):
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    keys = list(page.object_list)
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
    page.object_list = [rows[key] for key in keys]
    return page
