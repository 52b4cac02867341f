"""What the app server itself sends, with a real gunicorn started as an operator starts it
(gunicorn.conf.py, production mode): no ``Server`` header naming the software, and the 503
page for a download asked during a database outage (the query used to run inside the
stream, after the outage middleware had returned: gunicorn's bare 500 instead).

The database is a real address where nothing listens: the connection is refused, as when
PostgreSQL is down or restarting.
"""

import socket

import pytest

from tests.site.process_helpers import PRODUCTION, THROUGH_PROXY, Server, clean_env, unused_port

DOWNLOADS = [
    "/meetings/download.csv",
    "/meetings/download.json",
    "/ja/meetings/download.csv",
    "/programmes/download.csv",
    "/programmes/download.json",
]


@pytest.fixture(scope="module")
def database_down(tmp_path_factory):
    folder = tmp_path_factory.mktemp("app_server")
    env = clean_env(
        **PRODUCTION,
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{unused_port()}/gone",
        DATABASE_CONN_MAX_AGE="0",
        WEB_CONCURRENCY="1",
    )
    server = Server("database_down", env, folder)
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.process.terminate()
        server.wait_for_exit()


def raw_answer(server, request):
    """The bytes gunicorn answers to ``request`` (for answers it writes itself)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=15) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/healthz", None, 503),
        ("/", THROUGH_PROXY, 503),
        ("/meetings/", None, 301),  # plain HTTP: redirected to HTTPS
        ("/meetings/download.csv", THROUGH_PROXY, 503),
    ],
)
def test_no_answer_names_the_server_software(database_down, path, headers, status):
    answer_status, answer_headers, _ = database_down.get(path, headers)

    assert answer_status == status
    assert answer_headers.get("Server") is None
    assert answer_headers.get("Date")  # gunicorn's other headers are still sent


def test_not_even_a_request_gunicorn_refuses_itself(database_down):
    answer = raw_answer(database_down, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n")

    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    assert head.startswith("HTTP/1.1 400")
    assert "server:" not in head.lower()


@pytest.mark.parametrize("path", DOWNLOADS)
def test_a_download_during_a_database_outage_is_the_503_page(database_down, path):
    status, headers, body = database_down.get(path, THROUGH_PROXY)

    assert status == 503, body[:300]
    assert headers["Retry-After"] == "30"
    assert headers["Content-Type"].startswith("text/html")
    assert headers.get("Content-Disposition") is None
    page = body.decode()
    assert "<h1>" in page and "Internal Server Error" not in page
    for leak in ("Traceback", "OperationalError", "127.0.0.1:"):
        assert leak not in page
