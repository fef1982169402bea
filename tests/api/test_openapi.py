"""The OpenAPI document: versioned paths, an example for every request body, the bearer scheme
on every operation that needs a token, problem+json for the errors, Swagger UI at /docs."""

from __future__ import annotations


def test_every_request_body_has_an_example_and_errors_are_problems(api):
    doc = api.call("GET", "/openapi.json", who=None).json()
    schemas = doc["components"]["schemas"]
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    operations = [(path, method, op) for path, ops in doc["paths"].items()
                  for method, op in ops.items()]
    assert len(operations) >= 30 and all(p.startswith("/api/v1/") for p, _, _ in operations)
    for path, method, op in operations:
        for media, content in op.get("requestBody", {}).get("content", {}).items():
            schema = schemas.get(content["schema"].get("$ref", "").split("/")[-1], {})
            assert "example" in content or "examples" in schema, (method, path, media)
        public = path.endswith(("/health", "/version")) and "{" not in path
        assert ("security" not in op) == public, (method, path)
        for status, answer in op["responses"].items():
            if status.startswith(("4", "5")):
                assert list(answer["content"]) == ["application/problem+json"], (method, path, status)
    docs = api.call("GET", "/docs", who=None)
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
