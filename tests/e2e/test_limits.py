"""The server's configurable maxima over the wire, run by run_e2e.py against a third `./annvil
serve` started with small limits (LIMITS below) and two tenants.

Each violation must be answered with error_code LIMIT_EXCEEDED and a text naming the flag, the
value sent and the limit; the request at the limit itself is accepted; the stored data is untouched
(ntotal and the answer to fixed queries as before); and the server still answers a correct search
afterwards. One reported test per violation (test_limit_<limit>_<case>).
"""

import re
import uuid

import msgpack
import numpy as np

LIMITS = {
    "--max-request-bytes": 65536,
    "--max-vectors-per-request": 20,
    "--max-dimension": 16,
    "--max-k": 5,
    "--max-search-results": 40,
    "--max-indexes-per-tenant": 3,
}
BYTES = LIMITS["--max-request-bytes"]
ROWS = LIMITS["--max-vectors-per-request"]
DIM = LIMITS["--max-dimension"]
K = LIMITS["--max-k"]
RESULTS = LIMITS["--max-search-results"]
INDEXES = LIMITS["--max-indexes-per-tenant"]
A = {"api_key": "lim-key-a"}
B = {"api_key": "lim-key-b"}
AUTH_KEYS = "lim-key-a:lim-tenant-a,lim-key-b:lim-tenant-b"
D = 8
FLAT, IDS = "lim", "lim-ids"  # tenant A's indexes (IDS is an IDMap: with its base, A is at the index limit)
FLAT_ROWS, IDS_ROWS = 30, 12
ID0 = 5000


def rows(seed, n, d=D):
    return np.random.RandomState(seed).rand(n, d).astype(np.float32).tolist()


class Fixture:
    def __init__(self, ctx):
        extra = ["--enable-auth", "--auth-keys", AUTH_KEYS]
        for flag, value in LIMITS.items():
            extra += [flag, str(value)]
        self.server = ctx.start_server(extra=extra)
        c = self.c
        ok(c.call("create_index", check=False, index_id=FLAT, dimension=D, index_type="L2", **A))
        x = rows(1, FLAT_ROWS)
        for i in range(0, FLAT_ROWS, ROWS):
            ok(c.call("add_vectors", check=False, index_id=FLAT, vectors=x[i:i + ROWS], **A))
        ok(c.call("create_index", check=False, index_id=IDS, dimension=D, index_type="IDMap:L2", **A))
        ok(c.call("add_with_ids", check=False, index_id=IDS, vectors=rows(2, IDS_ROWS),
                  ids=list(range(ID0, ID0 + IDS_ROWS)), **A))
        self.queries = rows(3, 2)
        self.baseline = self.observe()
        assert self.baseline[FLAT]["ntotal"] == FLAT_ROWS and self.baseline[IDS]["ntotal"] == IDS_ROWS, self.baseline
        assert len(self.baseline["A"]) == INDEXES, ("tenant A starts at the index limit", self.baseline)

    @property
    def c(self):
        return self.server.client

    def observe(self):
        seen = {"A": names(self.c, A), "B": names(self.c, B)}
        for name in (FLAT, IDS):
            st = ok(self.c.call("get_index_stats", check=False, index_id=name, **A))
            r = ok(self.c.call("search", check=False, index_id=name, query_vectors=self.queries, k=3, **A))
            seen[name] = {"ntotal": st["ntotal"], "labels": [e["indices"] for e in r["results"]],
                          "distances": [e["distances"] for e in r["results"]]}
        return seen

    def assert_untouched(self):
        """Listings, ntotal and the answer to fixed queries as before (a correct search still works)."""
        now = self.observe()
        assert now["A"] == self.baseline["A"] and now["B"] == self.baseline["B"], (now, self.baseline)
        for name in (FLAT, IDS):
            b, n = self.baseline[name], now[name]
            assert n["ntotal"] == b["ntotal"] and n["labels"] == b["labels"], (name, b, n)
            # distances may move by an ulp once the JIT has compiled the SIMD kernels
            assert np.allclose(n["distances"], b["distances"], rtol=1e-5, atol=0), (name, b, n)


def fixture(ctx):
    fx = getattr(ctx, "limits_fixture", None)
    if fx is None:
        fx = ctx.limits_fixture = Fixture(ctx)
    return fx


def ok(r):
    assert r.get("success") is True, r
    return r


def names(c, auth):
    return [e["index_id"] for e in ok(c.call("list_indexes", check=False, **auth))["indexes"]]


def assert_limit_error(r, flag, value, limit=None):
    """LIMIT_EXCEEDED with a text naming the flag, the value and the limit."""
    limit = LIMITS[flag] if limit is None else limit
    assert r.get("success") is False and r.get("error_code") == "LIMIT_EXCEEDED", r
    text = r.get("error", "")
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    assert flag in text and value in numbers and limit in numbers, \
        "%r should name %s, the value %d and the limit %d" % (text, flag, value, limit)


def violation(build, flag, value, auth=A, limit=None):
    """A test: the request build(fx) is refused naming flag/value, and nothing changes."""
    def test(ctx):
        fx = fixture(ctx)
        action, fields = build(fx)
        r = fx.c.call(action, check=False, **auth, **fields)
        assert_limit_error(r, flag, value, limit)
        fx.assert_untouched()
    return test


def accepted(build, check=None):
    """A test: the request at the limit itself is served (read-only requests only)."""
    def test(ctx):
        fx = fixture(ctx)
        action, fields = build(fx)
        r = ok(fx.c.call(action, check=False, **A, **fields))
        if check:
            check(fx, r)
        fx.assert_untouched()
    return test


def fail(r):
    raise AssertionError(r)


def n_results(n, k):
    def check(fx, r):
        assert len(r["results"]) == n and all(len(e["indices"]) == k for e in r["results"]), r
    return check


over = ROWS + 1
CASES = {
    # vectors per request: rows of every vector field, ids, num_vectors
    "vectors_per_request_at_limit_search": accepted(
        lambda fx: ("search", {"index_id": FLAT, "query_vectors": rows(10, ROWS), "k": 1}), n_results(ROWS, 1)),
    "vectors_per_request_add_vectors": violation(
        lambda fx: ("add_vectors", {"index_id": FLAT, "vectors": rows(11, over)}),
        "--max-vectors-per-request", over),
    "vectors_per_request_add_with_ids": violation(
        lambda fx: ("add_with_ids", {"index_id": IDS, "vectors": rows(12, over), "ids": list(range(over))}),
        "--max-vectors-per-request", over),
    "vectors_per_request_add_with_ids_ids_only": violation(
        lambda fx: ("add_with_ids", {"index_id": IDS, "vectors": rows(13, 2), "ids": list(range(over))}),
        "--max-vectors-per-request", over),
    "vectors_per_request_batch_add_with_ids": violation(
        lambda fx: ("batch_add_with_ids", {"index_id": IDS, "vectors": rows(14, over), "ids": list(range(over)),
                                           "batch_size": 5}),
        "--max-vectors-per-request", over),
    "vectors_per_request_train_index": violation(
        lambda fx: ("train_index", {"index_id": FLAT, "training_vectors": rows(15, over)}),
        "--max-vectors-per-request", over),
    "vectors_per_request_search": violation(
        lambda fx: ("search", {"index_id": FLAT, "query_vectors": rows(16, over), "k": 1}),
        "--max-vectors-per-request", over),
    "vectors_per_request_range_search": violation(
        lambda fx: ("range_search", {"index_id": FLAT, "query_vectors": rows(17, over), "radius": 0.5}),
        "--max-vectors-per-request", over),
    "vectors_per_request_search_and_reconstruct": violation(
        lambda fx: ("search_and_reconstruct", {"index_id": FLAT, "query_vectors": rows(18, over), "k": 1}),
        "--max-vectors-per-request", over),
    "vectors_per_request_hybrid_search": violation(
        lambda fx: ("hybrid_search", {"index_id": FLAT, "query_vectors": rows(19, over), "k": 1}),
        "--max-vectors-per-request", over),
    "vectors_per_request_remove_ids": violation(
        lambda fx: ("remove_ids", {"index_id": IDS, "ids": list(range(ID0, ID0 + over))}),
        "--max-vectors-per-request", over),
    "vectors_per_request_reconstruct_n": violation(
        lambda fx: ("reconstruct_n", {"index_id": FLAT, "start_idx": 0, "num_vectors": over}),
        "--max-vectors-per-request", over),
    "vectors_per_request_compute_clustering": violation(
        lambda fx: ("compute_clustering", {"vectors": rows(20, over), "n_clusters": 2}),
        "--max-vectors-per-request", over),
    # dimension: create_index and the width of vector batches
    "dimension_create_index": violation(
        lambda fx: ("create_index", {"index_id": "wide", "dimension": DIM + 1, "index_type": "L2"}),
        "--max-dimension", DIM + 1, auth=B),
    "dimension_add_vectors_width": violation(
        lambda fx: ("add_vectors", {"index_id": FLAT, "vectors": rows(21, 2, DIM + 1)}),
        "--max-dimension", DIM + 1),
    "dimension_search_width": violation(
        lambda fx: ("search", {"index_id": FLAT, "query_vectors": rows(22, 1, DIM + 1), "k": 1}),
        "--max-dimension", DIM + 1),
    # k
    "k_at_limit_search": accepted(
        lambda fx: ("search", {"index_id": FLAT, "query_vectors": rows(23, 1), "k": K}), n_results(1, K)),
    "k_search": violation(
        lambda fx: ("search", {"index_id": FLAT, "query_vectors": rows(24, 1), "k": K + 1}), "--max-k", K + 1),
    "k_hybrid_search": violation(
        lambda fx: ("hybrid_search", {"index_id": FLAT, "query_vectors": rows(25, 1), "k": K + 1}),
        "--max-k", K + 1),
    "k_search_and_reconstruct": violation(
        lambda fx: ("search_and_reconstruct", {"index_id": FLAT, "query_vectors": rows(26, 1), "k": K + 1}),
        "--max-k", K + 1),
    # queries x k
    "search_results_at_limit": accepted(
        lambda fx: ("search", {"index_id": FLAT, "query_vectors": rows(27, RESULTS // K), "k": K}),
        n_results(RESULTS // K, K)),
    "search_results": violation(
        lambda fx: ("search", {"index_id": FLAT, "query_vectors": rows(28, RESULTS // K + 1), "k": K}),
        "--max-search-results", (RESULTS // K + 1) * K),
    # range_search has no k: the results limit (queries x k) must not read the search default k=10 into it
    "search_results_range_search_has_no_k": accepted(
        lambda fx: ("range_search", {"index_id": FLAT, "query_vectors": rows(29, RESULTS // 10 + 1), "radius": 0.5}),
        lambda fx, r: len(r["results"]) == RESULTS // 10 + 1 or fail(r)),
}
assert RESULTS // K + 1 <= ROWS and (RESULTS // K + 1) * K > RESULTS, "LIMITS: the results case must only break one limit"

for _name, _test in CASES.items():
    _test.__name__ = "test_limit_" + _name
    globals()[_test.__name__] = _test
del _name, _test


# ---------------------------------------------------------------- request bytes


def padded(fields, size):
    """The msgpack body of fields plus a "pad" string, exactly size bytes long."""
    n = size - len(msgpack.packb(dict(fields, pad=""), use_bin_type=True))
    while True:
        body = msgpack.packb(dict(fields, pad="x" * n), use_bin_type=True)
        if len(body) == size:
            return body
        n -= len(body) - size


def test_limit_request_bytes_at_limit(ctx):
    """A search of exactly --max-request-bytes bytes is served."""
    fx = fixture(ctx)
    body = padded(dict(action="search", index_id=FLAT, query_vectors=fx.queries, k=3, **A), BYTES)
    r = ok(fx.c.raw(body))
    assert [e["indices"] for e in r["results"]] == fx.baseline[FLAT]["labels"], r
    fx.assert_untouched()


def test_limit_request_bytes(ctx):
    """An add one byte over --max-request-bytes: "Request too large" (FAISSx's text, §3.6) naming
    the size and the limit, LIMIT_EXCEEDED; nothing added."""
    fx = fixture(ctx)
    body = padded(dict(action="add_vectors", index_id=FLAT, vectors=rows(30, 1), **A), BYTES + 1)
    r = fx.c.raw(body)
    assert r.get("error", "").startswith("Request too large"), r
    assert_limit_error(r, "--max-request-bytes", BYTES + 1)
    fx.assert_untouched()


# ---------------------------------------------------------------- indexes per tenant


def test_limit_indexes_per_tenant(ctx):
    """Tenant A, at the limit, can create no index; tenant B, whose indexes count apart, can create
    exactly up to the limit (an IDMap over a type counts twice: it creates its base); deleting one
    makes room again."""
    fx = fixture(ctx)
    count = len(names(fx.c, A))
    assert count == INDEXES, count
    r = fx.c.call("create_index", check=False, index_id="one-more", dimension=D, index_type="L2", **A)
    assert_limit_error(r, "--max-indexes-per-tenant", count)
    fx.assert_untouched()
    created = []
    try:
        for i in range(INDEXES - 1):
            name = "b-%d-%s" % (i, uuid.uuid4().hex[:6])
            ok(fx.c.call("create_index", check=False, index_id=name, dimension=D, index_type="L2", **B))
            created.append(name)
        # one slot left: an IDMap over a type needs two
        r = fx.c.call("create_index", check=False, index_id="b-idmap", dimension=D, index_type="IDMap:L2", **B)
        assert_limit_error(r, "--max-indexes-per-tenant", INDEXES - 1)
        name = "b-last"
        ok(fx.c.call("create_index", check=False, index_id=name, dimension=D, index_type="L2", **B))
        created.append(name)
        assert sorted(names(fx.c, B)) == sorted(created)
        r = fx.c.call("create_index", check=False, index_id="b-over", dimension=D, index_type="L2", **B)
        assert_limit_error(r, "--max-indexes-per-tenant", INDEXES)
        assert sorted(names(fx.c, B)) == sorted(created)
        ok(fx.c.call("delete_index", check=False, index_id=created.pop(), **B))
        ok(fx.c.call("create_index", check=False, index_id="b-again", dimension=D, index_type="L2", **B))
        created.append("b-again")
    finally:
        for name in created:
            fx.c.call("delete_index", check=False, index_id=name, **B)
    fx.assert_untouched()


def test_limit_dimension_at_limit(ctx):
    """create_index with dimension = --max-dimension is served (tenant B, then deleted)."""
    fx = fixture(ctx)
    r = ok(fx.c.call("create_index", check=False, index_id="at-limit", dimension=DIM, index_type="L2", **B))
    assert r["dimension"] == DIM, r
    ok(fx.c.call("add_vectors", check=False, index_id="at-limit", vectors=rows(31, 2, DIM), **B))
    ok(fx.c.call("delete_index", check=False, index_id="at-limit", **B))
    fx.assert_untouched()
