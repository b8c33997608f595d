from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.access import is_beheerder

from .filters import AccessLogFilter
from .log import log_access
from .models import AccessLog

PAGE_SIZE = 50


@login_required
def access_log(request):
    """The functioneel beheerder reads the log; that reading is logged in turn."""
    if not is_beheerder(request.user):
        raise PermissionDenied
    filterset = AccessLogFilter(request.GET or None, queryset=AccessLog.objects.all())
    rows = filterset.qs if filterset.is_bound else AccessLog.objects.all()
    page = Paginator(rows.order_by("-at", "-pk"), PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    log_access(request, "search", detail=f"toegangslog {query.urlencode()}"[:300])
    return render(request, "audit/access_log.html", {"filter": filterset, "page": page, "query": query.urlencode()})
