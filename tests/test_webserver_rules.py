"""The web-server rules that `kgtool publish` writes, run in real web servers: Debian's nginx (with
the site's `conf/nginx-http.conf` and `conf/nginx-server.conf` included as docs/publish.md says)
and Debian's Apache httpd (reading the site's `.htaccess` as it is, with the overrides
docs/publish.md asks for). Each must answer the way `kgtool serve` does: the same status, the
same 303 target, the same media type, `Vary: Accept` exactly where `kgtool serve` sends it, and
the bytes of the site's own files; and neither may log a complaint about the rules.

tests/test_publish.py checks the text of the rules; only a real server shows whether they work.
Both servers listen on free ports of 127.0.0.1 and keep configuration, pid and logs in a
temporary folder; a web server that installing Debian's packages may have started on port 80
is not used. The site lives at `/kgtool/` under the servers' document root (the path of the
default `--base https://w3id.org/kgtool/`); `kgtool serve` serves the same folder at `/`."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from servers import free_port, wait_until_answering
from test_publish import TYPICAL_ACCEPT
from test_serve import kgtool_serve, request

from kgtool.rdf.store import KnowledgeGraph

pytestmark = pytest.mark.slow

DOCS = Path(__file__).resolve().parents[1] / "docs" / "publish.md"
BASE_PATH = "/kgtool/"  # the path of publish's default base, https://w3id.org/kgtool/
# what docs/publish.md asks of an Apache host for the site's folder
APACHE_OVERRIDES = "FileInfo Indexes Options=Indexes,MultiViews"
# Debian's Apache with the modules the .htaccess needs, and the usual ones beside them
APACHE_MODULES = ("mpm_event", "authz_core", "dir", "mime", "negotiation", "alias", "rewrite", "headers")
APACHE_MODULE_DIR = Path("/usr/lib/apache2/modules")
UNPRIVILEGED = "nobody"  # the workers' user when the tests run as root (uid and gid 65534 on Debian)

# no header, a browser's, each RDF syntax alone, */*, and q-weighted mixes that RDF libraries send
ACCEPTS: list[str | None] = [None, "text/html", *TYPICAL_ACCEPT]
# each RDF syntax alone, and rdflib's mix
RDF_ACCEPTS = [accept for accept, ext in TYPICAL_ACCEPT.items() if ext != "html"]
RESOURCES = [
    "id/kg/assessment/2016/process/public-monitoring",  # an accountability process
    "id/kg/law/constitution",  # a legal act
    "id/kg/law/constitution/art/52",  # a provision of it
    "id/kg/actor/jogorku-kenesh",  # an actor
    "id/kg/law/no-such-act",  # no such resource: 404
    "ontology",  # the ontology (hash IRIs): its document itself
]
RDF = ("ttl", "jsonld", "nt", "rdf")
FILES = [
    "",  # the folder: its index.html
    "index.html",
    "acts.html",
    "style.css",
    "sparql.js",  # the query page's script: text/javascript, under the same policy
    "sparql.html",
    "context.jsonld",
    "void.ttl",
    "cube.ttl",
    "page/kg/law/constitution/art/52.html",
    *(f"data/kg/law/constitution/art/52.{ext}" for ext in RDF),
    *(f"dumps/kgtool.{ext}" for ext in RDF),
    "ontology.html",
    *(f"ontology.{ext}" for ext in RDF),
    "no-such-page.html",
    "data/kg/law/no-such-act.ttl",  # 404
    ".kgtool-site",
    ".htaccess",
    "conf/.hidden",  # the site's bookkeeping: 404
]


# --- answers, normalised so that servers can be compared ----------------------------------


@dataclass(frozen=True)
class Answer:
    """What a client learns from one response (a 303 is not followed)."""

    status: int
    location: str | None  # the 303 target as a path below the site's base
    media_type: str | None  # only for 200: the body of a redirect or an error is each server's own
    charset: str | None
    vary_accept: bool
    body: bytes
    security: tuple[str | None, str | None]  # X-Content-Type-Options, Content-Security-Policy


def ask(base: str, path: str, accept: str | None, raw: tuple[int, dict[str, str], bytes] | None = None) -> Answer:
    """GET ``base + path`` with this Accept header (none when None); ``raw``: the response, asked already."""
    status, raw_headers, body = raw or request(base + path, accept)
    headers = {k.lower(): v for k, v in raw_headers.items()}
    location = None
    if "location" in headers:
        target, base_path = unquote(urlsplit(headers["location"]).path), urlsplit(base).path
        assert target.startswith(base_path), (base + path, headers["location"])
        location = target[len(base_path) :]
    media_type = charset = None
    if status == 200:
        media_type, _, params = headers.get("content-type", "").partition(";")
        media_type = media_type.strip().lower()
        found = re.search(r"charset=\"?([^\";]+)", params, re.IGNORECASE)
        charset = found.group(1).strip().lower() if found else None
    vary = {v.strip().lower() for v in headers.get("vary", "").split(",")}
    security = (headers.get("x-content-type-options"), headers.get("content-security-policy"))
    return Answer(status, location, media_type, charset, "accept" in vary, body, security)


def disagreement(real: Answer, reference: Answer) -> str | None:
    """How a real server's answer differs from kgtool serve's, or None when it does not.
    A charset counts only when both name one (nginx also names it for JSON-LD and N-Triples)."""
    mine, theirs = (
        (real.status, real.location, real.media_type),
        (reference.status, reference.location, reference.media_type),
    )
    if mine != theirs:
        return f"status, 303 target, type {mine}; kgtool serve: {theirs}"
    if real.charset and reference.charset and real.charset != reference.charset:
        return f"charset {real.charset}; kgtool serve: {reference.charset}"
    if real.vary_accept != reference.vary_accept:
        return f"Vary: Accept {'sent' if real.vary_accept else 'missing'}; kgtool serve differs"
    if real.security != reference.security or reference.security[0] != "nosniff":
        return f"nosniff and content policy {real.security}; kgtool serve: {reference.security}"
    return None


# --- the published site, kgtool serve, nginx and Apache ---------------------------------------


@dataclass(frozen=True)
class WebServer:
    name: str
    base: str  # http://127.0.0.1:PORT/kgtool/
    logs: Path  # the folder of its configuration and logs


@pytest.fixture(scope="module")
def webroot(published_site: Callable[[str], Path]) -> Iterator[Path]:
    """A document root with the published site (a copy of the run's, tests/conftest.py) at /kgtool/.
    Not in pytest's temporary folder, which only its owner may enter: as root, the servers'
    workers run as an unprivileged user."""
    root = Path(tempfile.mkdtemp(prefix="kgtool-webroot-"))
    try:
        root.chmod(0o755)
        shutil.copytree(published_site("en"), root / BASE_PATH.strip("/"))
        yield root
    finally:
        shutil.rmtree(root)


@pytest.fixture(scope="module")
def site(webroot: Path) -> Path:
    return webroot / BASE_PATH.strip("/")


@pytest.fixture(scope="module")
def reference(site: Path) -> Iterator[str]:
    """`kgtool serve` over the same site: what every answer is compared with."""
    with kgtool_serve("--site", str(site)) as base:
        yield base


def debian_binary(name: str, package: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    assert found, f"{name} is not installed; Debian's is installed with: apt-get install {package}"
    return found


def log_text(folder: Path) -> str:
    return "".join(f"\n--- {p.name}:\n{p.read_text(errors='replace')}" for p in sorted(folder.glob("*.log")))


@contextmanager
def running(name: str, argv: list[str], base: str, folder: Path) -> Iterator[WebServer]:
    """Run a web server in the foreground (its output in ``folder``/stderr.log) until the block
    ends; yields once it answers HTTP."""
    with (folder / "stderr.log").open("wb") as out:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_answering(proc, base + "index.html", 30, lambda: log_text(folder), name)
            yield WebServer(name, base, folder)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


NGINX_CONF = """\
# Debian's nginx.conf cut down, with the site's rules included as docs/publish.md says
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{user}
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;

    include {http_rules};

    server {{
        listen 127.0.0.1:{port};
        root {root};
        include {server_rules};
    }}
}}
"""


def nginx_conf(tmp: Path, webroot: Path, port: int, rules: Path, prefix: str = "") -> str:
    """NGINX_CONF for a server on ``port`` serving ``webroot``, with the rules of the folder
    ``rules`` (a site's conf/) named ``{prefix}nginx-http.conf`` and ``{prefix}nginx-server.conf``."""
    user = f"user {UNPRIVILEGED} nogroup;" if os.geteuid() == 0 else ""
    return NGINX_CONF.format(
        tmp=tmp,
        root=webroot,
        port=port,
        user=user,
        http_rules=rules / f"{prefix}nginx-http.conf",
        server_rules=rules / f"{prefix}nginx-server.conf",
    )


@contextmanager
def nginx_running(conf_text: str, tmp: Path, port: int) -> Iterator[WebServer]:
    """Debian's nginx with the configuration ``conf_text`` (in ``tmp``), listening on ``port``."""
    binary = debian_binary("nginx", "nginx")
    conf = tmp / "nginx.conf"
    conf.write_text(conf_text, encoding="utf-8")
    # -e: the error log before the configuration is read (else Debian's /var/log/nginx/error.log)
    argv = [binary, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(conf), "-g", "daemon off;"]
    with running("nginx", argv, f"http://127.0.0.1:{port}{BASE_PATH}", tmp) as server:
        yield server


@pytest.fixture(scope="module")
def nginx(webroot: Path, site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    with nginx_running(nginx_conf(tmp, webroot, port, site / "conf"), tmp, port) as server:
        yield server


APACHE_CONF = """\
# a minimal httpd.conf for Debian's Apache 2.4: the site's folder with the overrides docs/publish.md asks for
ServerRoot {tmp}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {tmp}/httpd.pid
DefaultRuntimeDir {tmp}
ErrorLog {tmp}/error.log
LogLevel warn
{user}
{modules}
StartServers 1
ServerLimit 1
ThreadsPerChild 16
MaxRequestWorkers 16
MinSpareThreads 1
MaxSpareThreads 16
TypesConfig /etc/mime.types
AccessFileName .htaccess
DocumentRoot {root}
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {root}>
    AllowOverride None
    Require all granted
</Directory>
<Directory {site}>
    AllowOverride {overrides}
</Directory>
"""


@contextmanager
def apache_running(webroot: Path, site: Path, tmp: Path) -> Iterator[WebServer]:
    """Debian's Apache serving ``webroot``, with the overrides docs/publish.md asks for in ``site``
    (the folder whose .htaccess holds the rules)."""
    binary = debian_binary("apache2", "apache2")
    port = free_port()
    modules = "\n".join(f"LoadModule {name}_module {APACHE_MODULE_DIR / f'mod_{name}.so'}" for name in APACHE_MODULES)
    user = "User #65534\nGroup #65534" if os.geteuid() == 0 else ""  # Apache refuses to serve as root
    conf = tmp / "httpd.conf"
    conf.write_text(
        APACHE_CONF.format(
            tmp=tmp, site=site, root=webroot, port=port, modules=modules, user=user, overrides=APACHE_OVERRIDES
        ),
        encoding="utf-8",
    )
    with running(
        "apache2", [binary, "-f", str(conf), "-DFOREGROUND"], f"http://127.0.0.1:{port}{BASE_PATH}", tmp
    ) as server:
        yield server


@pytest.fixture(scope="module")
def apache(webroot: Path, site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    with apache_running(webroot, site, tmp_path_factory.mktemp("apache")) as server:
        yield server


@pytest.fixture(scope="module", params=["nginx", "apache"])
def server(request: pytest.FixtureRequest) -> WebServer:
    """Each real web server in turn."""
    found = request.getfixturevalue(request.param)
    assert isinstance(found, WebServer)
    return found


# --- the checks -----------------------------------------------------------------------


@pytest.mark.parametrize("path", RESOURCES)
def test_iris_resolve_as_kgtool_serve_resolves_them(server: WebServer, reference: str, site: Path, path: str) -> None:
    wrong = []
    for accept in ACCEPTS:
        real, expected = ask(server.base, path, accept), ask(reference, path, accept)
        problem = disagreement(real, expected)
        if problem:
            wrong.append(f"Accept {accept!r}: {problem}")
        elif real.status == 303:
            assert real.location is not None
            followed = ask(server.base, real.location, accept)
            problem = disagreement(followed, ask(reference, real.location, accept))
            if problem or followed.status != 200:
                wrong.append(f"Accept {accept!r}, after the 303 to {real.location}: {problem or followed.status}")
            elif followed.body != (site / real.location).read_bytes():
                wrong.append(f"Accept {accept!r}: {real.location} is not the site's file")
        elif real.status == 200 and real.body != expected.body:
            wrong.append(f"Accept {accept!r}: not the bytes kgtool serve sends")
    assert not wrong, f"{server.name} {server.base}{path}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", FILES)
def test_files_are_served_as_kgtool_serve_serves_them(server: WebServer, reference: str, site: Path, path: str) -> None:
    for accept in (None, "text/html", "text/turtle"):
        real = ask(server.base, path, accept)
        problem = disagreement(real, ask(reference, path, accept))
        assert problem is None, f"{server.name} {server.base}{path}, Accept {accept!r}: {problem}"
        if real.status == 200:
            assert real.body == (site / (path or "index.html")).read_bytes(), f"{server.name} {path}"


def test_the_server_did_not_complain_about_the_rules(server: WebServer) -> None:
    # nginx: "[warn]"/"[emerg]"…; Apache: "[core:alert]"… ("[error] open() … failed" is a 404, as asked)
    complaints = [
        line for line in log_text(server.logs).splitlines() if re.search(r"\[(\w+:)?(warn|alert|crit|emerg)\]", line)
    ]
    assert not complaints, f"{server.name}:\n" + "\n".join(complaints)


def test_the_apache_setup_is_the_documented_one() -> None:
    assert f"`AllowOverride {APACHE_OVERRIDES}`" in DOCS.read_text(encoding="utf-8")


# --- in production: nginx for the site, the store's own read-only endpoint for /sparql ----------

DOCUMENTED_PORT = "127.0.0.1:8000"  # kgtool serve --endpoint, in front of the store


def documented_sparql_block() -> str:
    """The nginx block docs/publish.md gives for /sparql, as written there."""
    found = re.search(r"```nginx\n(# kgtool: /sparql.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert found, "docs/publish.md has no nginx block for /sparql"
    return found.group(1)


@pytest.fixture(scope="module")
def store(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`oxigraph serve-read-only` on 127.0.0.1 over a store loaded from the site's own dump, as
    docs/publish.md says; yields its host:port."""
    from servers import oxigraph_binary

    tmp = tmp_path_factory.mktemp("store")
    location = tmp / "store"
    subprocess.run(
        [oxigraph_binary(), "load", "--location", str(location), "--file", str(site / "dumps" / "kgtool.nt")],
        check=True,
        capture_output=True,
    )
    address = f"127.0.0.1:{free_port()}"
    with (tmp / "stderr.log").open("wb") as out:
        argv = [
            oxigraph_binary(),
            "serve-read-only",
            "--location",
            str(location),
            "--bind",
            address,
            "--timeout-s",
            "30",
        ]
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_answering(
                proc, f"http://{address}/query?query=ASK%7B%7D", 30, lambda: log_text(tmp), "oxigraph serve-read-only"
            )
            yield address
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="module")
def guard(site: Path, store: str) -> Iterator[str]:
    """`kgtool serve --endpoint` in front of the store, as docs/publish.md says; yields its host:port."""
    from servers import kgtool_serve_logged

    with kgtool_serve_logged("--site", str(site), "--endpoint", f"http://{store}/query", "--quiet") as (base, _):
        yield urlsplit(base).netloc


@pytest.fixture(scope="module")
def production(webroot: Path, site: Path, guard: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    """Debian's nginx with the site's rules and docs/publish.md's /sparql block, passing through
    kgtool serve --endpoint to the store."""
    tmp = tmp_path_factory.mktemp("production")
    port = free_port()
    block = documented_sparql_block()
    assert DOCUMENTED_PORT in block
    (tmp / "sparql.conf").write_text(block.replace(DOCUMENTED_PORT, guard), encoding="utf-8")
    conf_text = nginx_conf(tmp, webroot, port, site / "conf").replace(
        f"include {site}/conf/nginx-server.conf;",
        f"include {site}/conf/nginx-server.conf;\n        include {tmp}/sparql.conf;",
    )
    with nginx_running(conf_text, tmp, port) as server:
        yield server


def test_production_site_behind_nginx_with_the_stores_read_only_endpoint(
    production: WebServer, site: Path, kg: KnowledgeGraph
) -> None:
    import json
    import urllib.parse

    base = production.base
    # a page of the site, from nginx, with the security headers
    page = ask(base, "index.html", "text/html")
    assert (page.status, page.body) == (200, (site / "index.html").read_bytes())
    assert page.security[0] == "nosniff"
    # an IRI's 303, by the site's rules
    see_other = ask(base, "id/kg/law/constitution/art/52", "text/turtle")
    assert (see_other.status, see_other.location) == (303, "data/kg/law/constitution/art/52.ttl")
    # a query through nginx, answered by Oxigraph over the same graph
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    status, headers, body = request(
        base + "sparql?" + urllib.parse.urlencode({"query": count}), "application/sparql-results+json"
    )
    assert status == 200 and "sparql-results+json" in headers["Content-Type"], body[:300]
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(kg)
    assert headers.get("X-Content-Type-Options") == "nosniff"
    posted = request(
        base + "sparql", "application/sparql-results+json", data=count.encode(), content_type="application/sparql-query"
    )
    assert posted[0] == 200 and json.loads(posted[2]) == json.loads(body)
    # an update, sent every way a client might, is refused, and the store is unchanged
    update = "INSERT DATA { <https://example.org/s> <https://example.org/p> <https://example.org/o> }"
    refused = [
        request(base + "sparql", data=update.encode(), content_type="application/sparql-update")[0],
        request(base + "sparql", data=urllib.parse.urlencode({"update": update}).encode())[0],
        request(base + "sparql?" + urllib.parse.urlencode({"update": update}))[0],
        request(base + "sparql", method="PUT", data=b"<a> <b> <c> .", content_type="text/turtle")[0],
    ]
    assert all(400 <= status < 500 for status in refused), refused
    after = request(base + "sparql?" + urllib.parse.urlencode({"query": count}), "application/sparql-results+json")
    assert json.loads(after[2]) == json.loads(body)
    probe = "ASK { <https://example.org/s> ?p ?o }"
    asked = request(base + "sparql?" + urllib.parse.urlencode({"query": probe}), "application/sparql-results+json")
    assert json.loads(asked[2])["boolean"] is False


def test_production_refuses_service_and_fetches_nothing(production: WebServer, store: str) -> None:
    """Through nginx, a SERVICE query (also the bypasses of issue 17) is refused by kgtool serve and
    nothing is fetched; the store alone would have fetched the URL and passed the other server's
    error page on, which is why docs/publish.md puts kgtool serve in front of it."""
    import urllib.parse

    from servers import SECRET, recording_listener
    from test_serve import hostile_probes

    with recording_listener() as (target, received):
        for name, _, query in hostile_probes(target):
            status, _, body = request(production.base + "sparql?" + urllib.parse.urlencode({"query": query}))
            assert 400 <= status < 500 and SECRET not in body, (name, status, body[:200])
        assert not received, received[:1]
        direct = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
        status, _, body = request(f"http://{store}/query?" + urllib.parse.urlencode({"query": direct}))
        assert received, "the store did not fetch: if Oxigraph can now refuse SERVICE, docs/publish.md can say so"


# --- a publication in three languages: the rules for its root -------------------------------------
#
# DIR/ky, DIR/ru, DIR/en published with --sibling-languages (conftest's published_languages), put at
# /kgtool/ under the servers' root with the rules each site's conf/ holds for the whole publication,
# set up as docs/publish.md says (nginx: conf/publication-nginx-*.conf included; Apache:
# conf/publication.htaccess copied to DIR/.htaccess, each site's own .htaccess left in its folder),
# compared with `kgtool serve --site DIR`. Before, no rules were written for DIR: /id/…, /ontology and
# / had no answer but 404 behind nginx or Apache.

PUBLICATION_RULES = ("publication.htaccess", "publication-nginx-http.conf", "publication-nginx-server.conf")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
# browsers' headers (each lists what it wants most first), one naming none of the languages, a refusal,
# the wildcard, and a tag in capitals
ACCEPT_LANGUAGES: list[str | None] = [
    None,
    "ru",
    "ky-KG,ky;q=0.9,ru;q=0.8,en;q=0.7",
    "ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7",
    "en-US,en;q=0.5",
    "de-DE,de;q=0.9",
    "ru;q=0, ky",
    "*",
    "RU",
    "//example.org/",  # no language: the default, never a way to another host
]
# the IRIs, the ontology and the folder itself: answered by the Accept and Accept-Language headers
PUBLICATION_IRIS = [
    "id/kg/law/constitution/art/52",
    "id/kg/assessment/2016/process/public-monitoring",
    "id/kg/law/no-such-act",  # 404
    "id//example.org/kg/law/constitution",  # no way to another host: 404
    "ontology",
    "",  # the home page in the reader's language
]
# the languages' folders, and what is not part of any of them
PUBLICATION_FILES = [
    "ky",  # 301 to ky/
    "ru/",
    "en/index.html",
    "ky/acts.html",
    "ru/page/kg/law/constitution/art/52.html",
    "en/data/kg/law/constitution/art/52.ttl",
    "ky/ontology.ttl",
    "ru/style.css",
    "ky/sparql.js",
    "en/dumps/kgtool.nt",
    "ky/no-such-page.html",  # 404
    "ky/id/kg/law/constitution",  # a site answers no IRI of its own in a publication: 404
    "ru/ontology",
    "secret.txt",  # beside the sites, part of none: 404
    "index.html",
    "id",
    "de/",
    ".htaccess",  # bookkeeping: 404
    "ky/.kgtool-site",
    "ky/.htaccess",
    "ru/conf/.hidden",
    "ky/../secret.txt",
    "ky/%2e%2e/secret.txt",
]


@dataclass(frozen=True)
class Said:
    """What a client learns of one answer besides ``Answer``'s: every name in Vary, the language and
    location the answer names (as a path below the base)."""

    vary: frozenset[str]
    language: str | None
    content_location: str | None


def ask_publication(base: str, path: str, accept: str | None, language: str | None) -> tuple[Answer, Said]:
    """GET ``base + path`` with these Accept and Accept-Language headers (none when None)."""
    headers = {name: value for name, value in (("Accept", accept), ("Accept-Language", language)) if value}
    status, raw_headers, body = raw_request(base + path, headers)
    answer = ask(base, path, accept, raw=(status, raw_headers, body))
    found = {k.lower(): v for k, v in raw_headers.items()}
    where = found.get("content-location")
    if where is not None:
        base_path = urlsplit(base).path
        assert where.startswith(base_path), (base + path, where)
        where = where[len(base_path) :]
    vary = frozenset(v.strip().lower() for v in found.get("vary", "").split(",") if v.strip())
    return answer, Said(vary, found.get("content-language"), where)


def raw_request(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """One GET with ``headers``, the path sent as written (no '..' taken away), a redirect not followed."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        connection.request("GET", parts.path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def publication_disagreement(real: tuple[Answer, Said], reference: tuple[Answer, Said]) -> str | None:
    """How a real server's answer for the publication differs from kgtool serve's, or None. Beyond
    ``disagreement``: the whole Vary, Content-Language and Content-Location of every answer that is
    not an error (an error of kgtool serve is worded in the client's language and says so), and the
    bytes of a file."""
    (answer, said), (expected, expected_said) = real, reference
    problem = disagreement(answer, expected)
    if problem:
        return problem
    if expected.status < 400 and said != expected_said:
        return f"{said}; kgtool serve: {expected_said}"
    if expected.status == 200 and answer.body != expected.body:
        return "not the bytes kgtool serve sends"
    return None


@pytest.fixture(scope="module")
def publication_root(published_languages: Path) -> Iterator[Path]:
    """A document root holding the publication at /kgtool/ (a copy: its .htaccess is added), with a
    file beside the language folders and one above them that no answer may read; the publication's
    .htaccess copied from the rules of one of its sites, as docs/publish.md says."""
    from servers import SECRET

    root = Path(tempfile.mkdtemp(prefix="kgtool-webroot-"))
    try:
        root.chmod(0o755)
        folder = root / BASE_PATH.strip("/")
        shutil.copytree(published_languages, folder)
        rules = folder / "en" / "conf"
        missing = [name for name in PUBLICATION_RULES if not (rules / name).is_file()]
        assert not missing, f"kgtool publish --sibling-languages wrote no rules for the publication: {missing}"
        shutil.copyfile(rules / "publication.htaccess", folder / ".htaccess")
        (folder / "secret.txt").write_bytes(SECRET)
        (root / "secret.txt").write_bytes(SECRET)
        yield root
    finally:
        shutil.rmtree(root)


@pytest.fixture(scope="module")
def publication(publication_root: Path) -> Path:
    return publication_root / BASE_PATH.strip("/")


@pytest.fixture(scope="module")
def publication_reference(publication: Path) -> Iterator[str]:
    """`kgtool serve --site DIR` over the same publication, in its default language."""
    with kgtool_serve("--site", str(publication), "--lang", "en") as base:
        yield base


@pytest.fixture(scope="module")
def publication_nginx(
    publication_root: Path, publication: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WebServer]:
    tmp = tmp_path_factory.mktemp("publication-nginx")
    port = free_port()
    conf = nginx_conf(tmp, publication_root, port, publication / "en" / "conf", prefix="publication-")
    with nginx_running(conf, tmp, port) as server:
        yield server


@pytest.fixture(scope="module")
def publication_apache(
    publication_root: Path, publication: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WebServer]:
    with apache_running(publication_root, publication, tmp_path_factory.mktemp("publication-apache")) as server:
        yield server


@pytest.fixture(scope="module", params=["nginx", "apache"])
def publication_server(request: pytest.FixtureRequest) -> WebServer:
    """Each real web server in turn, serving the publication."""
    found = request.getfixturevalue(f"publication_{request.param}")
    assert isinstance(found, WebServer)
    return found


def test_every_site_of_the_publication_holds_the_same_rules_for_it(published_languages: Path) -> None:
    for name in PUBLICATION_RULES:
        texts = {(published_languages / lang / "conf" / name).read_bytes() for lang in ("ky", "ru", "en")}
        assert len(texts) == 1, name


@pytest.mark.parametrize("path", PUBLICATION_IRIS)
def test_the_publications_iris_resolve_as_kgtool_serve_resolves_them(
    publication_server: WebServer, publication_reference: str, publication: Path, path: str
) -> None:
    wrong = []
    for accept in [None, BROWSER, *RDF_ACCEPTS]:
        for language in ACCEPT_LANGUAGES:
            real = ask_publication(publication_server.base, path, accept, language)
            expected = ask_publication(publication_reference, path, accept, language)
            problem = publication_disagreement(real, expected)
            if problem:
                wrong.append(f"Accept {accept!r}, Accept-Language {language!r}: {problem}")
            elif real[0].status == 303:
                target = real[0].location
                assert target is not None
                followed = ask_publication(publication_server.base, target, accept, language)
                problem = publication_disagreement(
                    followed, ask_publication(publication_reference, target, accept, language)
                )
                if problem or followed[0].status != 200:
                    wrong.append(f"Accept {accept!r}, {language!r}, after the 303 to {target}: {problem or followed}")
    assert not wrong, f"{publication_server.name} {publication_server.base}{path}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", PUBLICATION_FILES)
def test_the_publications_folders_are_served_as_kgtool_serve_serves_them(
    publication_server: WebServer, publication_reference: str, path: str
) -> None:
    from servers import SECRET

    for accept in (None, BROWSER, "text/turtle"):
        for language in (None, "ru", "de-DE,de;q=0.9"):
            real = ask_publication(publication_server.base, path, accept, language)
            problem = publication_disagreement(real, ask_publication(publication_reference, path, accept, language))
            assert problem is None, f"{publication_server.name} {publication_server.base}{path}, {accept!r}: {problem}"
            assert SECRET not in real[0].body


def test_the_server_did_not_complain_about_the_publications_rules(publication_server: WebServer) -> None:
    test_the_server_did_not_complain_about_the_rules(publication_server)
