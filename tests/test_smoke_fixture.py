def test_me(api_as, team):
    r = api_as(team.editor).get("/api/v1/me")
    assert r.status_code == 200
    assert r.json["email"] == "editor@example.org"


def test_login(login, team):
    c = login(team.admin)
    r = c.get("/", follow_redirects=True)
    assert "Alpha CX" in r.get_data(as_text=True)
