"""Request checks that hold for every page."""

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string


class RejectNulCharacters:
    """A NUL character has no meaning in any field or filter of the portal, and PostgreSQL refuses it in
    any string (a 500 where a search or admin filter passed it on). Refused here, once, with a 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for query in (request.GET, request.POST) for key, values in query.lists()
        ):
            return HttpResponseBadRequest(render_to_string("400.html", request=request))
        return self.get_response(request)
