#!/usr/bin/env python3
"""End-to-end tests of `./annvil serve`, written as a FAISSx user would: Python, ZeroMQ, msgpack.

Starts the server on a free loopback port with a temporary data directory, runs every test_*
function of this file, then of test_faissx_conformance.py (one per item of the spec's §16
checklist), test_tenant_isolation.py (cross-tenant access, one test per action, against a server
with two tenants) and test_limits.py (the --max-* limits, against a server with small ones), stops
the servers, and prints "N passed, N failed" (then "N skipped": a test that
raises test_faissx_conformance.Skip is reported as "SKIP name: reason" and counted apart).
Exit status 0 only if none failed and at least one passed.

    /usr/bin/python3 tests/e2e/run_e2e.py [--only NAME] [--launcher ./annvil]

Needs Debian's python3-zmq, python3-msgpack, python3-numpy, python3-faiss and dataset-fashion-mnist
(apt-get install python3-faiss python3-zmq python3-msgpack python3-numpy dataset-fashion-mnist).
"""

import argparse
import gzip
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import numpy as np
    import faissx_client
    import test_faissx_conformance as conformance
    import test_limits
    import test_tenant_isolation
except ImportError as e:  # pragma: no cover - environment problem, reported clearly
    sys.exit("missing Python package (%s): apt-get install python3-zmq python3-msgpack python3-numpy" % e)

FASHION_DIR = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `./annvil serve` process on a free loopback port."""

    def __init__(self, launcher, data_dir, extra=(), env=None, log_dir=None):
        self.port = free_port()
        self.url = "tcp://127.0.0.1:%d" % self.port
        self.log = open(os.path.join(log_dir or os.path.dirname(data_dir), "server-%d.log" % self.port), "w")
        env = dict(os.environ, **(env or {}))
        self.proc = subprocess.Popen(
            [launcher, "serve", "--port", str(self.port), "--bind-address", "127.0.0.1", "--data-dir", data_dir, *extra],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.client = None
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited with status %s; see %s" % (self.proc.returncode, self.log.name))
            try:
                c = faissx_client.FaissxClient(self.url, timeout_s=1.0)
                if c.call("ping").get("success"):
                    c.close()
                    self.client = faissx_client.FaissxClient(self.url, timeout_s=300.0)
                    return
            except (TimeoutError, faissx_client.ServerError):
                c.close()
            time.sleep(0.5)
        raise RuntimeError("server did not answer ping within 120 s")

    def stop(self):
        if self.client:
            self.client.close()
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def read_idx_images(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n, rows, cols = np.frombuffer(data[:16], dtype=">i4")
    assert magic == 2051, "%s: bad IDX magic %d" % (path, magic)
    return np.frombuffer(data[16:], dtype=np.uint8).reshape(n, rows * cols).astype(np.float32)


# ---------------------------------------------------------------- tests


def test_fashion_mnist_exact_search_matches_faiss(ctx):
    """All 60,000 train vectors added through the server, all 10,000 queries searched with k=10:
    labels equal FAISS's IndexFlatL2 (ties aside), distances within 1e-4 relative."""
    import faiss

    xb = read_idx_images(os.path.join(FASHION_DIR, "train-images-idx3-ubyte.gz"))
    xq = read_idx_images(os.path.join(FASHION_DIR, "t10k-images-idx3-ubyte.gz"))
    assert xb.shape == (60000, 784) and xq.shape == (10000, 784), (xb.shape, xq.shape)
    c = ctx.client
    name = "fashion-mnist"
    r = c.call("create_index", index_id=name, dimension=784, index_type="L2")
    assert r["index_id"] == name and r["dimension"] == 784, r
    t0 = time.time()
    for i in range(0, len(xb), 10000):  # the FAISSx client's default add batch
        r = c.call("add_vectors", index_id=name, vectors=xb[i:i + 10000].tolist())
        assert r["count"] == 10000 and r["ntotal"] == i + 10000 and r["total"] == i + 10000, r
    add_s = time.time() - t0
    t0 = time.time()
    r = c.call("search", index_id=name, query_vectors=xq.tolist(), k=10)
    search_s = time.time() - t0
    assert r["num_queries"] == 10000 and r["k"] == 10 and len(r["results"]) == 10000
    labels = np.array([e["indices"] for e in r["results"]], dtype=np.int64)
    dists = np.array([e["distances"] for e in r["results"]], dtype=np.float64)

    ref = faiss.IndexFlatL2(784)
    ref.add(xb)
    D, I = ref.search(xq, 10)

    def exact(qi, label):
        return float(((xq[qi].astype(np.float64) - xb[label]) ** 2).sum())

    # FAISS computes batches with BLAS as ||x||^2 + ||y||^2 - 2<x,y> in float32, which can be off by
    # more than 1e-4 relative for small distances (e.g. 4320 for an exact 4319). Where Annvil and
    # FAISS differ by more than 1e-4, Annvil's distance must be the exact one.
    rel = np.abs(dists - D) / np.maximum(np.abs(D), 1.0)
    far = list(zip(*np.nonzero(rel > 1e-4)))
    for qi, j in far:
        true = exact(qi, labels[qi, j])
        assert abs(dists[qi, j] - true) <= 1e-6 * max(true, 1.0), \
            "query %d rank %d: Annvil %g, FAISS %g, exact %g" % (qi, j, dists[qi, j], D[qi, j], true)
    differ = labels != I
    for qi, j in zip(*np.nonzero(differ)):
        # a different label is only acceptable as a tie: both labels are at the same exact distance
        ours, theirs = exact(qi, labels[qi, j]), exact(qi, I[qi, j])
        assert abs(ours - theirs) <= 1e-4 * max(theirs, 1.0), \
            "query %d rank %d: label %d (exact distance %g) vs FAISS %d (%g)" % (qi, j, labels[qi, j], ours, I[qi, j], theirs)
    print("    fashion-mnist: add 60,000 in %.1f s, search 10,000 in %.1f s over the wire; %d tied labels differ;"
          " %d distances differ from FAISS's by more than 1e-4 relative, all exact on Annvil's side"
          % (add_s, search_s, int(differ.sum()), len(far)))
    c.call("delete_index", index_id=name)


def test_flat_lifecycle_and_reconstruct(ctx):
    c = ctx.client
    rs = np.random.RandomState(1)
    x = rs.rand(100, 8).astype(np.float32)
    c.call("create_index", index_id="life", dimension=8, index_type="L2")
    r = c.call("add_vectors", index_id="life", vectors=x[:10].tolist())
    assert (r["ntotal"], r["total"], r["count"]) == (10, 10, 10), r
    r = c.call("add_vectors", index_id="life", vectors=x[10:].tolist())
    assert (r["ntotal"], r["total"], r["count"]) == (100, 100, 90), r
    r = c.call("reconstruct", index_id="life", id=50)  # the real client sends "id"
    assert np.allclose(r["vector"], x[50], rtol=1e-6), r
    r = c.call("reconstruct_n", index_id="life", start_idx=20, num_vectors=5)
    assert np.allclose(np.array(r["vectors"]), x[20:25]), r
    r = c.call("search", index_id="life", query_vectors=x[:1].tolist(), k=3)
    assert r["results"][0]["indices"][0] == 0 and r["results"][0]["distances"][0] < 1e-3, r
    r = c.call("get_index_stats", index_id="life")
    assert r["ntotal"] == 100 and r["dimension"] == 8, r
    names = [e["index_id"] for e in c.call("list_indexes")["indexes"]]
    assert "life" in names, names
    c.call("delete_index", index_id="life")
    r = c.call("delete_index", check=False, index_id="life")
    assert not r["success"] and r["error"] == "Index life not found", r


def test_idmap_and_inner_product(ctx):
    c = ctx.client
    rs = np.random.RandomState(2)
    x = rs.rand(50, 16).astype(np.float32)
    c.call("create_index", index_id="ids", dimension=16, index_type="IDMap:L2")
    c.call("add_with_ids", index_id="ids", vectors=x.tolist(), ids=list(range(1000, 1050)))
    r = c.call("search", index_id="ids", query_vectors=x[7:8].tolist(), k=2)
    assert r["results"][0]["indices"][0] == 1007, r
    c.call("create_index", index_id="ip", dimension=16, index_type="IP")
    c.call("add_vectors", index_id="ip", vectors=x.tolist())
    r = c.call("search", index_id="ip", query_vectors=x[:1].tolist(), k=5)
    expected = np.argsort(-(x @ x[0]))[:5]
    assert list(r["results"][0]["indices"]) == list(expected), (r, expected)
    for name in ("ids", "ids_base", "ip"):
        c.call("delete_index", index_id=name)


def test_bad_input_leaves_server_working(ctx):
    c = ctx.client
    x = np.random.RandomState(3).rand(20, 4).astype(np.float32)
    c.call("create_index", index_id="bad", dimension=4, index_type="L2")
    c.call("add_vectors", index_id="bad", vectors=x.tolist())
    cases = [
        (b"\xc1\xff not msgpack", "Malformed request"),
        (__import__("msgpack").packb([1, 2, 3]), "Malformed request"),
        (__import__("msgpack").packb({"action": "no_such_action"}), "Unknown action"),
        (__import__("msgpack").packb({"action": "search", "index_id": "bad", "query_vectors": [[1, 2]], "k": 1}),
         "dimension mismatch"),
        (__import__("msgpack").packb({"action": "search", "index_id": "bad", "query_vectors": x[:1].tolist(), "k": 0}),
         "k=0"),
        (__import__("msgpack").packb({"action": "add_vectors", "index_id": "bad", "vectors": [[1, 2, 3]]}),
         "dimension mismatch"),
        (__import__("msgpack").packb({"action": "search", "index_id": "nope", "query_vectors": x[:1].tolist()}),
         "nope"),
    ]
    for payload, text in cases:
        r = c.raw(payload)
        assert r.get("success") is False and text in r.get("error", ""), (payload[:40], r)
        r = c.call("search", index_id="bad", query_vectors=x[5:6].tolist(), k=1)
        assert r["results"][0]["indices"] == [5], r
    assert c.call("get_index_stats", index_id="bad")["ntotal"] == 20
    c.call("delete_index", index_id="bad")


def test_index_survives_restart(ctx):
    c = ctx.client
    x = np.arange(8, dtype=np.float32).reshape(2, 4)
    c.call("create_index", index_id="persisted_index", dimension=4, index_type="L2")
    c.call("add_vectors", index_id="persisted_index", vectors=x.tolist())
    ctx.restart()
    entries = {e["index_id"]: e for e in ctx.client.call("list_indices")["indexes"]}
    assert entries["persisted_index"]["vector_count"] == 2, entries
    r = ctx.client.call("search", index_id="persisted_index", query_vectors=x[1:].tolist(), k=1)
    assert r["results"][0]["indices"] == [1], r
    ctx.client.call("delete_index", index_id="persisted_index")


# ---------------------------------------------------------------- runner


class Context:
    def __init__(self, launcher):
        self.launcher = launcher
        self.tmp = tempfile.mkdtemp(prefix="annvil-e2e-")
        self.data = os.path.join(self.tmp, "data")
        self.server = Server(launcher, self.data)
        self.extra = []  # servers started by tests, stopped at the end
        self.shared = {}
        self._serve_help = None

    @property
    def client(self):
        return self.server.client

    def restart(self):
        self.server.stop()
        self.server = Server(self.launcher, self.data)

    def start_server(self, extra=(), env=None, data_dir=None, log_dir=None):
        """Another server (own data directory unless given); stopped by close() or stop_server()."""
        if data_dir is None:
            data_dir = tempfile.mkdtemp(prefix="data-", dir=self.tmp)
        server = Server(self.launcher, data_dir, extra=extra, env=env, log_dir=log_dir or self.tmp)
        self.extra.append(server)
        return server

    def stop_server(self, server):
        server.stop()
        self.extra.remove(server)

    def shared_server(self, key, extra=()):
        """One extra server per key, started on first use (e.g. the auth-enabled one)."""
        if key not in self.shared:
            self.shared[key] = self.start_server(extra=extra)
        return self.shared[key]

    def serve_supports(self, flag):
        """Whether `annvil serve --help` lists a flag."""
        if self._serve_help is None:
            p = subprocess.run([self.launcher, "serve", "--help"], capture_output=True, text=True, timeout=120)
            self._serve_help = p.stdout + p.stderr
        return flag in self._serve_help

    def close(self, keep):
        for server in list(self.extra):
            server.stop()
        self.server.stop()
        if not keep:
            shutil.rmtree(self.tmp, ignore_errors=True)
        else:
            print("server logs and data kept in", self.tmp)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--launcher", default=os.path.join(REPO, "annvil"))
    ap.add_argument("--only", help="run only tests whose name contains this")
    args = ap.parse_args()
    tests = [(n, f) for n, f in sorted(globals().items()) if n.startswith("test_") and callable(f)]
    for module in (conformance, test_tenant_isolation, test_limits):
        tests += [(n, f) for n, f in sorted(vars(module).items()) if n.startswith("test_") and callable(f)]
    if args.only:
        tests = [(n, f) for n, f in tests if args.only in n]
    ctx = Context(args.launcher)
    passed = failed = skipped = 0
    try:
        for name, fn in tests:
            t0 = time.time()
            try:
                fn(ctx)
                passed += 1
                print("PASS %s (%.1f s)" % (name, time.time() - t0))
            except conformance.Skip as e:
                skipped += 1
                print("SKIP %s: %s" % (name, e))
            except Exception:
                failed += 1
                print("FAIL %s (%.1f s)" % (name, time.time() - t0))
                traceback.print_exc()
            sys.stdout.flush()
    finally:
        ctx.close(keep=failed > 0)
    print("e2e: %d passed, %d failed" % (passed, failed))
    print("e2e: %d skipped" % skipped)
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
