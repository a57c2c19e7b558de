import gzip

from accounts.models import User


def test_html_is_sent_compressed_to_browsers_that_accept_it(client, db):
    response = client.get("/akun/login/", secure=True, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "csrfmiddlewaretoken" in html and "<html" in html


def test_plain_html_for_clients_without_gzip(client, db):
    response = client.get("/akun/login/", secure=True)
    assert not response.has_header("Content-Encoding")
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_signed_in_pages_are_compressed_too(client, db):
    client.force_login(User.objects.create_user(email="warga@forumdesa.test", password="x", full_name="Warga"))
    response = client.get("/", secure=True, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < len(gzip.decompress(response.content))
