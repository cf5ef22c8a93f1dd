from __future__ import annotations

from django.test import Client


def _schema(db) -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_docs_are_served_and_api_docs_redirects_to_them(db):
    assert Client().get("/api/v1/docs").status_code == 200
    response = Client().get("/api/docs")
    assert response.status_code in (301, 302)
    assert response["Location"] == "/api/v1/docs"


def test_the_description_documents_tokens_scopes_and_sessions(db):
    description = _schema(db)["info"]["description"]
    for words in (
        "Authorization: Bearer",
        "create_api_token",
        "geo:read",
        "people:read",
        "people:write",
        "imports:write",
        "CSRF",
        "404",
    ):
        assert words in description


def test_every_signed_in_operation_documents_its_refusals_and_its_scope(db):
    schema = _schema(db)
    # CallbackSecret: the VNeID receiver's shared secret, used by /api/v1/vneid/callback alone.
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth", "CallbackSecret"}
    signed_in = 0
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = set(operation["responses"])
            assert "422" in responses, f"{method} {path}"
            if "security" not in operation:
                continue
            if operation["security"] == [{"CallbackSecret": []}]:
                assert path == "/api/v1/vneid/callback", f"{method} {path}"
                assert {"401", "403"} <= responses, f"{method} {path}"
                continue
            signed_in += 1
            assert {"401", "403"} <= responses, f"{method} {path}"
            if "{" in path:
                assert "404" in responses, f"{method} {path}"
            if path != "/api/v1/me" and not path.startswith("/api/v1/me/"):  # the caller's own data: any token
                assert "Token scope:" in operation["description"], f"{method} {path}"
    # + 6: certificates (mine, one, revoke, reissue, batch start, batch);
    # + 3: assessment (assisted start, practical checks list and record);
    # + 2: VNeID confirmations (list, queue);
    # + 38: campaign (teams, helpers, cascade, programmes 22; visits 4; sessions, events, wifi 12)
    # + 5: community sessions made by hand, untick attendance, registrations (list, register, unregister)
    # + 2: kpi (indicators, one unit's values)
    assert signed_in == 23 + 6 + 3 + 2 + 38 + 5 + 2


def test_operation_ids_are_short_names(db):
    ids = [op["operationId"] for item in _schema(db)["paths"].values() for op in item.values()]
    assert "list_people" in ids and "create_import" in ids
    assert len(ids) == len(set(ids))
