from django.shortcuts import render

from partners.models import Partnership


def bare(request):
    """The framework's limit on this machine: one small query, one small template."""
    return render(request, "bench/bare.html", {"partnership": Partnership.objects.order_by("pk").first()})
