"""The container's health check (Dockerfile, HEALTHCHECK): GET /gezond/ from this node's gunicorn as the proxy
sends it, for the portal's host name and marked HTTPS, so that ALLOWED_HOSTS and the HTTPS redirect answer as
they do for a user. Healthy is a 200; a redirect is a misconfigured node, not a healthy one."""

import http.client
import os
import sys


def main():
    hosts = [host.strip().lstrip(".") for host in os.environ.get("ALLOWED_HOSTS", "").split(",")]
    host = next((host for host in hosts if host and host != "*"), "localhost")
    connection = http.client.HTTPConnection("127.0.0.1", 8000, timeout=4)
    try:
        connection.request("GET", "/gezond/", headers={"Host": host, "X-Forwarded-Proto": "https"})
        status = connection.getresponse().status
    except OSError as error:
        print(f"/gezond/ niet bereikbaar: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if status != 200:
        print(f"/gezond/ antwoordde {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
