from django.urls import reverse

from tests.factories import UserFactory


def test_indonesian_is_the_default_even_for_english_browsers(client, db):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in response.content.decode()


def test_language_switch_for_visitors_is_remembered(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    assert 'lang="en"' in client.get(reverse("home")).content.decode()


def test_language_switch_is_saved_on_the_profile(client, db):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
    # A new session (another phone) gets the saved language with no cookie.
    other = client.__class__()
    other.force_login(user)
    assert 'lang="en"' in other.get(reverse("home")).content.decode()


def test_unknown_language_is_ignored(client, db):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "id"
