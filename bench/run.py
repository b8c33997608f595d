"""Load benchmark: the portal under gunicorn (2 workers), driven by wrk, beside two anchors: a bare
Django view (also measured signed in, to show what identity costs) and the admin changelist.

    python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/kid_bench --size 100000

Generates the data when the database has fewer trajectories than --size (generate_data), starts
gunicorn with production settings (bench/settings.py adds the anchors), logs every role in by
writing its session, runs wrk for --seconds at each concurrency, in --rounds rounds over all pages
(the table gives each page's median round: the shared machine stalls now and then), counts SQL
queries per page with Django's test client, measures the bare view once more at the end of each
round (how far the machine's speed drifted), and writes bench/results/<label>.md and .json.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable


BARE = "bare Django view (anchor)"
BARE_AGAIN = "bare Django view, again at the end (anchor)"


def environment(database_url):
    return {
        **os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "DJANGO_SETTINGS_MODULE": "bench.settings",
        "CONN_MAX_AGE": "60", "PYTHONPATH": str(ROOT),
    }


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


LUA = """
counter = 0
local paths = {%(paths)s}
local threads = {}
setup = function(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
request = function()
  counter = counter + 1
  -- wrk runs two threads with a Lua state each: they take turns through the paths, never the same one.
  -- The serial number is unique across threads and runs; a POST body may use it (math.random is not:
  -- both threads draw the same numbers).
  local serial = %(offset)d + (counter * 2 + id) * %(stride)d + %(lane)d
  local path = paths[(serial %% #paths) + 1]
  local body = %(body)s
  if body == nil then
    return wrk.format(%(method)s, path)
  end
  return wrk.format(%(method)s, path, nil, body)
end
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  -- The next run starts after the furthest path any thread took, requests still in flight included:
  -- the threads need not have sent as many requests each.
  local after = 0
  for _, thread in ipairs(threads) do
    after = math.max(after, %(offset)d + (thread:get("counter") * 2 + thread:get("id") + 1) * %(stride)d)
  end
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%f, "errors": %%d, '
    .. '"p50": %%d, "p95": %%d, "p99": %%d, "next": %%d, "error_kinds": {"status": %%d, '
    .. '"connect": %%d, "read": %%d, "write": %%d, "timeout": %%d}}\\n',
    summary.requests, summary.duration / 1e6, errors, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), after, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
end
"""


def wrk(bases, page, connections, seconds, cookie, offset=0):
    """`connections` in all against the nodes at `bases`, split evenly, at once: one wrk per node, each taking
    its own lane of the page's paths (a POST never repeats another node's). Requests add up; the latency
    percentiles are the worst node's (wrk cannot merge its histograms: on one node, exact)."""
    runs = [_start_wrk(base, page, connections // len(bases), seconds, cookie, offset, len(bases), lane)
            for lane, base in enumerate(bases)]
    results = [_result(*run) for run in runs]
    return {
        "requests": sum(r["requests"] for r in results), "seconds": max(r["seconds"] for r in results),
        "errors": sum(r["errors"] for r in results), "next": max(r["next"] for r in results),
        **{key: max(r[key] for r in results) for key in ("p50", "p95", "p99")},
        "error_kinds": dict(sum((Counter(r["error_kinds"]) for r in results), Counter())),
    }


def _start_wrk(base, page, connections, seconds, cookie, offset, stride, lane):
    paths = ", ".join(f'"{p}"' for p in page["paths"])
    body = page.get("body", "nil")
    script = LUA % {"paths": paths, "body": body, "method": '"POST"' if page.get("post") else '"GET"',
                    "offset": offset, "stride": stride, "lane": lane}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    if page.get("post"):
        headers += ["-H", "Content-Type: application/x-www-form-urlencoded"]
    process = subprocess.Popen(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s", "-s", handle.name,
         *headers, base],
        stdout=subprocess.PIPE, text=True,
    )
    return process, handle.name


def _result(process, script):
    output, _ = process.communicate()
    os.unlink(script)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, "wrk")
    return json.loads(re.search(r"RESULT (\{.*\})", output).group(1))


def ensure_database(database_url):
    """Creates the PostgreSQL database of `database_url` when the server does not have it yet."""
    if not database_url.startswith("postgres"):
        return
    import dj_database_url
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(database_url)
    server = {"host": config["HOST"] or None, "port": config["PORT"] or None, "user": config["USER"] or None,
              "password": config["PASSWORD"] or None}
    connection = psycopg2.connect(dbname="postgres", **server)
    connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
                print(f"database {config['NAME']} created", flush=True)
    finally:
        connection.close()


def unexpected_statuses(access_log, offset):
    """{status: count} of the responses other than 2xx and 3xx logged since `offset` (the log's size before)."""
    counts = {}
    with access_log.open() as log:
        log.seek(offset)
        for line in log:
            status = line.split(" ", 1)[0]
            if not status.startswith(("2", "3")):
                counts[status] = counts.get(status, 0) + 1
    return counts


def wait_until_idle(base, budget=120):
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline:
        started = time.monotonic()
        subprocess.run(["curl", "-s", "-o", "/dev/null", f"{base}/inloggen/"], check=False)
        if time.monotonic() - started < 0.1:
            return
        time.sleep(1)


def worker_rss(master_pid):
    """Largest resident memory (MB) of the gunicorn workers of `master_pid`."""
    largest = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"PPid:\t{master_pid}\n" in text:
            largest = max(largest, int(re.search(r"VmRSS:\s+(\d+)", text).group(1)) // 1024)
    return largest


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'bench-db.sqlite3'}")
    parser.add_argument("--size", type=int, default=100_000, help="trajecten in de database")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3,
                        help="zo vaak elke pagina meten; de tabel geeft de mediaan per pagina")
    parser.add_argument("--connections", default="8,32")
    parser.add_argument("--label", default=None)
    parser.add_argument("--port", type=int, default=8765, help="de eerste node; een volgende de poort erna")
    parser.add_argument("--nodes", type=int, default=1,
                        help="aantal portaal-nodes (gunicorn met 2 workers elk) op dezelfde database")
    parser.add_argument("--redis-url", default="", help="gedeelde cache van de nodes (REDIS_URL)")
    parser.add_argument("--pages", default=None,
                        help="alleen deze pagina's (komma-gescheiden delen van hun namen), om één ding na te meten")
    args = parser.parse_args()
    env = {**environment(args.database_url), "REDIS_URL": args.redis_url}
    label = args.label or (f"{'postgresql' if args.database_url.startswith('postgres') else 'sqlite'}-{args.size}"
                           + (f"-{args.nodes}-nodes" if args.nodes > 1 else "") + ("-partial" if args.pages else ""))

    ensure_database(args.database_url)
    manage(env, "migrate", "--noinput", "-v0")
    prepared = subprocess.run([PYTHON, "-m", "bench.prepare", str(args.size)], cwd=ROOT, env=env, check=True,
                              capture_output=True, text=True).stdout
    setup = json.loads(prepared.strip().splitlines()[-1])

    # Each response's status and path, to tell which statuses the errors were.
    access_log = Path(tempfile.mkstemp(prefix="kid-bench-", suffix=".log")[1])
    nodes = [subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "kidportal.wsgi", "--workers", "2", "--bind",
         f"127.0.0.1:{args.port + number}", "--log-level", "warning", "--access-logfile", str(access_log),
         "--access-logformat", "%(s)s %(U)s"],
        cwd=ROOT, env={**env, "NODE_NAME": f"bench-{number + 1}"}, stdout=subprocess.DEVNULL,
    ) for number in range(args.nodes)]
    gunicorn = nodes[0]
    bases = [f"http://127.0.0.1:{args.port + number}" for number in range(args.nodes)]
    try:
        time.sleep(1)
        for node, base in zip(nodes, bases, strict=True):
            if node.poll() is not None:  # its port was taken: wrk would measure whatever answers there
                raise SystemExit(f"the node for {base} did not start (port in use?)")
            for _ in range(100):
                try:
                    subprocess.run(["curl", "-sf", "-o", "/dev/null", f"{base}/inloggen/"], check=True)
                    break
                except subprocess.CalledProcessError:
                    time.sleep(0.2)
        runs_measured = []
        # Anchors first; and before every run the workers must be idle again (a slow page's queued
        # requests would otherwise be counted against the next page).
        pages = sorted(setup["pages"], key=lambda page: "anchor" not in page["name"])
        connection_counts = [int(c) for c in args.connections.split(",")]
        # The bare view once more at the end: the machine's speed drifts (a shared virtual machine), and
        # a run whose first and last bare figures differ much compares its pages with the wrong anchor.
        bare = next(page for page in pages if page["name"] == BARE)
        runs = [(page, connection_counts) for page in pages] + [({**bare, "name": BARE_AGAIN}, connection_counts[:1])]
        if args.pages:
            wanted = args.pages.split(",")
            runs = [(page, counts) for page, counts in runs if any(part in page["name"] for part in wanted)]
        used = {}  # a POST page goes on, across connection counts and rounds, where its last run stopped
        for round_number in range(1, args.rounds + 1):
            for page, counts in runs:
                for connections in counts:
                    for base in bases:
                        wait_until_idle(base)
                    logged = access_log.stat().st_size
                    result = wrk(bases, page, connections, args.seconds, setup["cookies"].get(page["role"]),
                                 used.get(page["name"], 0))
                    # Requests still in flight were carried out too: the next run starts after them, or it
                    # would withdraw trajectories already withdrawn (404).
                    used[page["name"]] = result["next"]
                    if page.get("post") and len(page["paths"]) > 1 and result["next"] > len(page["paths"]):
                        print(f"warning: {page['name']} used its {len(page['paths'])} paths more than once",
                              file=sys.stderr, flush=True)
                    for base in bases:
                        wait_until_idle(base)  # the requests still in flight are in the log too
                    runs_measured.append({
                        "page": page["name"], "connections": connections, "round": round_number,
                        "queries": page["queries"], "rps": round(result["requests"] / result["seconds"], 1),
                        "p50_ms": result["p50"] / 1000, "p95_ms": result["p95"] / 1000,
                        "p99_ms": result["p99"] / 1000, "errors": result["errors"],
                        "error_kinds": result["error_kinds"], "statuses": unexpected_statuses(access_log, logged),
                        "worker_mb": worker_rss(gunicorn.pid),
                    })
                    print(runs_measured[-1], flush=True)
    finally:
        for node in nodes:
            node.send_signal(signal.SIGTERM)
            node.wait(timeout=20)
        access_log.unlink()
    report(label, setup, combined(runs_measured), args.rounds)


def combined(runs_measured):
    """One row per page and connection count: the median of its rounds for req/s and latencies (a round
    that met a stall of the shared machine does not decide the figure), errors summed over all rounds,
    the largest worker seen; the rounds themselves stay in the JSON."""
    rows = {}
    for run in runs_measured:
        rows.setdefault((run["page"], run["connections"]), []).append(run)
    result = []
    for (page, connections), rounds in rows.items():
        result.append({
            "page": page, "connections": connections, "queries": rounds[-1]["queries"],
            **{key: round(statistics.median(run[key] for run in rounds), 1)
               for key in ("rps", "p50_ms", "p95_ms", "p99_ms")},
            "errors": sum(run["errors"] for run in rounds),
            "statuses": dict(sum((Counter(run["statuses"]) for run in rounds), Counter())),
            "worker_mb": max(run["worker_mb"] for run in rounds), "rounds": rounds,
        })
    return result


def report(label, setup, rows, rounds):
    RESULTS.mkdir(exist_ok=True)
    anchors = {(r["page"], r["connections"]): r["rps"] for r in rows}
    for row in rows:
        bare = anchors.get((BARE, row["connections"]))
        admin = anchors.get(("admin changelist, same filter (anchor)", row["connections"]))
        row["vs_bare"] = round(row["rps"] / bare, 2) if bare else None
        row["vs_admin"] = round(row["rps"] / admin, 1) if admin else None
    data = {"label": label, "trajectories": setup["trajectories"], "database": setup["database"], "rows": rows}
    (RESULTS / f"{label}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
    lines = [f"### {label}: {setup['database']}, {setup['trajectories']:,} trajectories".replace(",", ".")
             + (f", median of {rounds} rounds" if rounds > 1 else ""), "",
             "| page | conn | req/s | p50 ms | p95 ms | p99 ms | × bare | × admin | queries | errors | worker MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['page']} | {r['connections']} | {r['rps']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
                     f"{r['p99_ms']:.1f} | {r['vs_bare']} | {r['vs_admin']} | {r['queries']} | {r['errors']} | "
                     f"{r['worker_mb']} |")
    again = next((r for r in rows if r["page"] == BARE_AGAIN), None)
    if again and (BARE, again["connections"]) in anchors:
        first = anchors[BARE, again["connections"]]
        lines += ["", f"The bare view served {first} req/s at the start of a round and {again['rps']} at its end "
                      f"({again['connections']} connections, medians): the machine's speed changed by "
                      f"{round(100 * (again['rps'] - first) / first)} % while the pages were measured."]
    (RESULTS / f"{label}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
