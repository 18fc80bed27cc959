def test_probe(api_as, team, app):
    c = api_as(team.admin)
    for m, p, kw in [
        ("GET", "/api/v1/workspaces/%00", {}),
        ("GET", "/api/v1/workspaces/a%00b/members", {}),
        ("DELETE", "/api/v1/tokens/%00", {}),
        ("PATCH", "/api/v1/workspaces/alpha/members/%00", dict(json={"role": "editor", "version": 1})),
        ("POST", "/api/v1/workspaces/alpha/members", dict(json={"email": "a\u0000b@example.org", "role": "viewer"})),
        ("POST", "/api/v1/workspaces", dict(json={"name": "a\u0000b", "slug": "nul"})),
        ("POST", "/api/v1/tokens", dict(json={"name": "a\u0000b"})),
        ("PATCH", "/api/v1/workspaces/alpha", dict(json={"name": "x", "version": 10**30})),
        ("GET", "/api/v1/workspaces?page=99999999999999999999", {}),
        ("GET", "/api/v1/workspaces/" + "x" * 500, {}),
    ]:
        r = c.request(m, p, **kw)
        print(m, p, r.status_code, r.content_type, r.get_data(as_text=True)[:300])
    assert 0
