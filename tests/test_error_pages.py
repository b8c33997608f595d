from django.template.loader import render_to_string
from django.urls import reverse


def test_404_is_dutch_and_in_the_portal_layout(client, world):
    client.force_login(world.ib_a1)
    response = client.get("/bestaat-niet/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in content
    assert "Naar uw startpagina" in content
    assert "Aanmeldingen van mijn school(en)" in content  # the menu of the portal


def test_403_is_dutch(client, world):
    client.force_login(world.coach_a)
    content = client.get(reverse("trajecten:register")).content.decode()
    assert "Geen toegang" in content
    assert "Met uw rol kunt u deze pagina niet gebruiken." in content


def test_500_renders_without_a_database_or_a_user():
    content = render_to_string("500.html", request=None)
    assert "Er ging iets mis" in content
    assert "Er is niets half opgeslagen." in content
