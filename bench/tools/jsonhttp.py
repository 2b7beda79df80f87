"""One JSON exchange with the service over HTTP, for the bench's Python tools. Standard library only."""
import base64
import json
import urllib.error
import urllib.request


def call(url, method="GET", auth=None, body=None):
    """(status, decoded JSON body or None); auth is "user:password" for HTTP Basic."""
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Accept", "application/json")
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None
