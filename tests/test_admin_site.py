"""The admin names the archive: "newsroom", never "Django administration"."""


def test_the_admin_index_is_titled_newsroom(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert b"<title>Archive records | newsroom</title>" in response.content
    assert b'<a href="/admin/">newsroom</a>' in response.content
    assert b"Django administration" not in response.content


def test_the_login_page_is_titled_newsroom(client):
    response = client.get("/admin/login/")
    assert b"<title>Log in | newsroom</title>" in response.content
    assert b"Django administration" not in response.content
