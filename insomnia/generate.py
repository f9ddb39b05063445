#!/usr/bin/env python3
"""Generates insomnia/jade.insomnia.json (an Insomnia v4 export) from the OpenAPI document openapi/jade.json.

Run from the project folder after the OpenAPI document changes:  python3 insomnia/generate.py
Every path+method of the document becomes one request (HEAD excluded), grouped in folders by family; path
parameters become environment variables; multipart routes get example bodies. InsomniaExportTest checks that the
export and the document agree. Output is deterministic (stable ids, no export date) so diffs stay small.
"""
import hashlib
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "openapi", "jade.json")
OUT = os.path.join(ROOT, "insomnia", "jade.insomnia.json")
WORKSPACE = "wrk_jade"
BASE_ENV = "env_jade_base"

# path parameter -> environment variable
PARAMS = {
    "accountId": "account_id", "id": None, "projectId": "project_id", "jobId": "job_id", "runId": "run_id",
    "environment_slug": "environment_slug", "project_slug": "project_slug", "name": "deployment_name",
    "path": "artifact_path",
}
# what {id} means, by the collection before it
ID_BY_COLLECTION = {"projects": "project_id", "environments": "environment_id", "jobs": "job_id", "runs": "run_id"}

ENVIRONMENT = {
    "base_url": "http://localhost:4000",
    "api_key": "jade_paste-a-key-from-tokens-create",
    "internal_bearer_token": "<the admin bearer token jade demo prints>",
    "deployments_secret_key": "paste-SECRET_KEY",
    "account_id": 1, "project_id": 1, "environment_id": 1, "job_id": 1, "run_id": 1,
    "environment_slug": "dev123", "project_slug": "acme-analytics", "deployment_name": "acme-analytics",
    "file_tag": "latest", "artifact_path": "manifest.json", "dag_id": "daily_dbt_run", "dag_run_id": "scheduled__2026-11-20T06:00:00+00:00",
}

FOLDERS = [
    ("fld_health", "Health", lambda p: p.endswith("/healthcheck")),
    ("fld_tokens", "Token admin (INTERNAL_BEARER_TOKEN)", lambda p: p.startswith("/api/internal/tokens")),
    ("fld_deployments", "Deployments (SECRET_KEY)", lambda p: p.startswith("/api/v1/deployments")),
    ("fld_datacoves_v2", "Datacoves API /api/v2/datacoves", lambda p: p.startswith("/api/v2/datacoves/")),
    ("fld_datacoves_internal", "Datacoves API, legacy /api/internal", lambda p: p.startswith("/api/internal/")),
    ("fld_dbt_cloud_v2", "dbt Cloud API v2", lambda p: p.startswith("/api/v2/accounts") or p == "/"),
    ("fld_dbt_cloud_v3", "dbt Cloud API v3", lambda p: p.startswith("/api/v3/accounts")),
]


def rid(prefix, *parts):
    return prefix + "_" + hashlib.sha1("|".join(parts).encode()).hexdigest()[:24]


def url_of(path):
    segments = path.split("/")
    out = []
    for i, seg in enumerate(segments):
        m = re.fullmatch(r"\{(\w+)\}", seg)
        if not m:
            out.append(seg)
            continue
        name = m.group(1)
        var = PARAMS.get(name) or ID_BY_COLLECTION.get(segments[i - 1], name)
        out.append("{{ _.%s }}" % var)
    return "{{ _.base_url }}" + "/".join(out)


def folder_of(path):
    for fid, _, match in FOLDERS:
        if match(path):
            return fid
    raise SystemExit("no folder for " + path)


def text(name, value):
    return {"name": name, "value": value}


def body_for(path, method):
    if path.endswith("/manifests") and method == "post":
        return {"mimeType": "multipart/form-data", "params": [
            {"name": "file", "type": "file", "fileName": "./target/manifest.json"},
            text("environment_slug", "{{ _.environment_slug }}"),
            text("dag_id", "{{ _.dag_id }}"),
            text("run_id", "{{ _.dag_run_id }}"),
        ]}
    if path.endswith("/files") and method == "post":
        return {"mimeType": "multipart/form-data", "params": [
            text("files[0][tag]", "{{ _.dag_run_id }}-run_results"),
            {"name": "files[0][file]", "type": "file", "fileName": "./target/run_results.json"},
            text("files[1][tag]", "{{ _.file_tag }}"),
            {"name": "files[1][file]", "type": "file", "fileName": "./target/catalog.json"},
        ]}
    if path.endswith("/files") and method in ("put", "patch"):
        return {"mimeType": "multipart/form-data", "params": [
            {"name": "file", "type": "file", "fileName": "./target/catalog.json"}]}
    if path.endswith("/files") and method == "delete":
        return {"mimeType": "application/json", "text": json.dumps({"tag": "{{ _.file_tag }}"})}
    if path == "/api/internal/tokens":
        return {"mimeType": "application/json",
                "text": json.dumps({"token": {"account_id": "{{ _.account_id }}", "name": "insomnia"}}, indent=2)}
    if path.endswith("/jobs/{id}/run") and method == "post":
        return {"mimeType": "application/json", "text": json.dumps(
            {"cause": "Triggered from Insomnia", "git_branch": None, "steps_override": None}, indent=2)}
    if path == "/api/v1/deployments" and method == "post":
        return {"mimeType": "application/json", "text": json.dumps(
            {"project_name": "{{ _.deployment_name }}", "git_branch": "main", "env": {"DBT_TARGET": "prod"},
             "resources": {"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"memory": "1Gi"}}},
            indent=2)}
    return {}


QUERY_EXAMPLES = {"environment_slug": "{{ _.environment_slug }}", "tag": "{{ _.file_tag }}", "limit": "10",
                  "order_by": "-id", "trimmed": "true", "dag_id": "{{ _.dag_id }}"}


def parameters(op):
    out = []
    for p in op.get("parameters", []):
        if p.get("in") != "query":
            continue
        value = QUERY_EXAMPLES.get(p["name"], "")
        out.append({"name": p["name"], "value": value, "disabled": p["name"] not in QUERY_EXAMPLES})
    return out


def auth_for(path):
    if path.endswith("/healthcheck"):
        return {}
    if path.startswith("/api/internal/tokens"):
        return {"type": "bearer", "token": "{{ _.internal_bearer_token }}", "prefix": "Bearer"}
    if path.startswith("/api/v1/deployments"):
        return {"type": "bearer", "token": "{{ _.deployments_secret_key }}", "prefix": "Bearer"}
    return {"type": "bearer", "token": "{{ _.api_key }}", "prefix": "Token"}


def main():
    with open(DOC) as f:
        doc = json.load(f)
    resources = [{
        "_id": WORKSPACE, "_type": "workspace", "parentId": None, "name": "Jade", "scope": "collection",
        "description": "Every route of Jade's OpenAPI document (generated by insomnia/generate.py).",
    }, {
        "_id": BASE_ENV, "_type": "environment", "parentId": WORKSPACE, "name": "Base Environment",
        "data": {}, "isPrivate": False,
    }, {
        "_id": "env_jade_local", "_type": "environment", "parentId": BASE_ENV, "name": "Local demo",
        "data": ENVIRONMENT, "isPrivate": False,
    }]
    for fid, name, _ in FOLDERS:
        resources.append({"_id": fid, "_type": "request_group", "parentId": WORKSPACE, "name": name,
                          "environment": {}})
    for path in sorted(doc["paths"]):
        for method, op in doc["paths"][path].items():
            if method in ("parameters", "head", "summary", "description", "servers"):
                continue
            headers = []
            body = body_for(path, method)
            if body.get("mimeType"):
                headers.append({"name": "Content-Type", "value": body["mimeType"]})
            resources.append({
                "_id": rid("req", method, path), "_type": "request", "parentId": folder_of(path),
                "name": "%s %s" % (method.upper(), path), "description": op.get("summary", ""),
                "method": method.upper(), "url": url_of(path), "parameters": parameters(op),
                "headers": headers, "body": body, "authentication": auth_for(path),
            })
    export = {"_type": "export", "__export_format": 4, "__export_source": "jade:insomnia/generate.py",
              "resources": resources}
    with open(OUT, "w") as f:
        json.dump(export, f, indent=2)
        f.write("\n")
    print("wrote %s (%d requests)" % (os.path.relpath(OUT, ROOT), sum(r["_type"] == "request" for r in resources)))


if __name__ == "__main__":
    main()
