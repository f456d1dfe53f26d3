"""FAISSx conformance suite: one test per item of the checklist in
shared/specs/faissx-protocol.md §16, run against `./annvil serve` by run_e2e.py.

Each test_itemNN function receives the runner's ctx (ctx.client: a faissx_client.FaissxClient;
ctx.restart(); ctx.start_server(...) for an extra server). A test raises Skip(reason) when the
server answers "not supported yet" for a type the core does not implement (binary, pre-transform)
or when a server feature (authentication) is absent; the runner reports it as "SKIP name: reason",
not as passed. Once the feature exists, the same test runs fully.
"""

import os
import tempfile
import time
import uuid

import msgpack
import numpy as np

import faissx_client

D = 8
FLT_MAX = 3.4028234663852886e38


class Skip(Exception):
    """The item cannot be checked against this server (the reason says why)."""


def uid(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def vecs(seed, n, d=D):
    return np.random.RandomState(seed).rand(n, d).astype(np.float32)


def fails(c, action, **fields):
    r = c.call(action, check=False, **fields)
    assert r.get("success") is False and isinstance(r.get("error"), str), r
    return r


def create(c, index_id, d, index_type):
    """create_index; Skip when the server says the type is not supported yet."""
    r = c.call("create_index", check=False, index_id=index_id, dimension=d, index_type=index_type)
    if not r.get("success") and "not supported yet" in r.get("error", ""):
        raise Skip("%s: %s" % (index_type, r["error"]))
    assert r.get("success") is True, r
    assert r.get("index_id", index_id) == index_id, r
    return r


def assert_results(r, nq, k, exact_k=True):
    assert r.get("success") is True, r
    assert len(r["results"]) == nq, r
    for e in r["results"]:
        assert "distances" in e and "indices" in e, e
        n = len(e["indices"])
        assert (n == k) if exact_k else (1 <= n <= k), e
        assert len(e["distances"]) == n, e


def all_types_flow(ctx, index_type, check_create=None):
    """test_all_index_types: D=8, train 1000 when the type contains IVF/PQ/OPQ, add 100, search 5x5."""
    c = ctx.client
    name = uid("all-types")
    r = create(c, name, D, index_type)
    if check_create:
        check_create(r)
    if any(t in index_type for t in ("IVF", "PQ", "OPQ")):
        t = c.call("train_index", index_id=name, training_vectors=vecs(1, 1000).tolist())
        assert t["is_trained"] is True, t
    x = vecs(2, 100)
    r = c.call("add_vectors", index_id=name, vectors=x.tolist())
    assert (r["count"], r["total"], r["ntotal"]) == (100, 100, 100), r
    r = c.call("search", index_id=name, query_vectors=x[:5].tolist(), k=5)
    assert_results(r, 5, 5)
    c.call("delete_index", index_id=name)
    return r


# ---------------------------------------------------------------- connection and envelope


def test_item01_ping(ctx):
    r = ctx.client.call("ping")
    assert r["success"] is True and r.get("message") == "pong", r


def test_item02_reconnect_after_error_then_ping(ctx):
    r = fails(ctx.client, "search", index_id=uid("missing"), query_vectors=[[0.0] * D], k=1)
    assert "does not exist" in r["error"], r
    fresh = faissx_client.FaissxClient(ctx.server.url, timeout_s=5.0)
    try:
        assert fresh.call("ping")["success"] is True
    finally:
        fresh.close()


def test_item03_get_index_stats(ctx):
    c = ctx.client
    name = uid("stats")
    create(c, name, D, "L2")
    c.call("add_vectors", index_id=name, vectors=vecs(3, 7).tolist())
    r = c.call("get_index_stats", index_id=name)
    assert (r["index_id"], r["dimension"], r["ntotal"]) == (name, D, 7), r
    c.call("delete_index", index_id=name)


def test_item04_malformed_and_unknown_action(ctx):
    c = ctx.client
    for body in (b"\xc1 not msgpack", msgpack.packb([1, 2, 3]), msgpack.packb("str")):
        r = c.raw(body)
        assert r == {**r, "success": False, "error": "Malformed request"}, r
    r = c.call("nope", check=False)
    assert r["success"] is False and r["error"] == "Unknown action", r


# ---------------------------------------------------------------- authentication


AUTH_KEYS = "123:tenant-1,abc:tenant-2"


def auth_client(ctx):
    """A client of a second server started with --enable-auth, or Skip when the server has no auth."""
    if not ctx.serve_supports("--enable-auth"):
        raise Skip("authentication is not in this build (`annvil serve --help` has no --enable-auth;"
                   " it lands with the auth/tenants branch)")
    server = ctx.shared_server("auth", extra=("--enable-auth", "--auth-keys", AUTH_KEYS))
    return server.client


def test_item05_auth_ping_exempt(ctx):
    c = auth_client(ctx)
    r = c.call("ping", api_key="invalid-key", tenant_id="some-tenant")
    assert r["success"] is True, r


def test_item06_auth_invalid_key(ctx):
    c = auth_client(ctx)
    r = fails(c, "create_index", index_id=uid("index-flat-l2"), dimension=128, index_type="L2",
              api_key="invalid-key", tenant_id="some-tenant")
    assert "Invalid API key" in r["error"] and r.get("error_code") == "AUTH_ERROR", r


def test_item07_auth_key_required(ctx):
    c = auth_client(ctx)
    r = fails(c, "create_index", index_id=uid("index-flat-l2"), dimension=128, index_type="L2")
    assert r["error"] in ("API key required", "Invalid API key") and r.get("error_code") == "AUTH_ERROR", r


def _tenant_flow(c, key, tenant):
    auth = {"api_key": key, "tenant_id": tenant}
    name = uid("index-flat-l2")
    r = c.call("create_index", index_id=name, dimension=128, index_type="L2", **auth)
    assert r.get("index_id", name) == name, r
    r = c.call("add_vectors", index_id=name, vectors=vecs(4, 10, 128).tolist(), **auth)
    assert r["count"] == 10, r
    r = c.call("search", index_id=name, query_vectors=vecs(5, 1, 128).tolist(), k=5, **auth)
    assert len(r["results"][0]["distances"]) == 5, r
    return name


def test_item08_auth_tenant1_flow(ctx):
    _tenant_flow(auth_client(ctx), "123", "tenant-1")


def test_item09_auth_tenant2_flow(ctx):
    _tenant_flow(auth_client(ctx), "abc", "tenant-2")


def test_item10_auth_tenant_switch(ctx):
    c = auth_client(ctx)
    _tenant_flow(c, "123", "tenant-1")
    auth = {"api_key": "abc", "tenant_id": "tenant-2"}
    name = uid("index-flat-l2")
    c.call("create_index", index_id=name, dimension=128, index_type="L2", **auth)
    r = c.call("add_vectors", index_id=name, vectors=vecs(6, 5, 128).tolist(), **auth)
    assert r["count"] == 5, r


def test_item11_auth_field_limits(ctx):
    c = auth_client(ctx)
    for key in ("k" * 257, 123):
        r = fails(c, "list_indexes", api_key=key)
        assert r["error"] == "Invalid API key" and r.get("error_code") == "AUTH_ERROR", r
    for tenant in ("t" * 129, 7):
        r = fails(c, "list_indexes", api_key="123", tenant_id=tenant)
        assert r["error"] == "Invalid tenant ID" and r.get("error_code") == "AUTH_ERROR", r


# ---------------------------------------------------------------- basic lifecycle


def test_item12_create_echoes_id(ctx):
    name = uid("ntotal-test")
    r = create(ctx.client, name, D, "L2")
    assert r.get("index_id", name) == name, r
    ctx.client.call("delete_index", index_id=name)


def test_item13_add_counts(ctx):
    c = ctx.client
    name = uid("ntotal-test")
    create(c, name, D, "L2")
    r = c.call("add_vectors", index_id=name, vectors=vecs(7, 10).tolist())
    assert (r["ntotal"], r["total"], r["count"]) == (10, 10, 10), r
    c.call("delete_index", index_id=name)


def test_item14_second_add_counts(ctx):
    c = ctx.client
    name = uid("ntotal-test")
    create(c, name, D, "L2")
    c.call("add_vectors", index_id=name, vectors=vecs(7, 10).tolist())
    r = c.call("add_vectors", index_id=name, vectors=vecs(8, 10).tolist())
    assert (r["ntotal"], r["total"], r["count"]) == (20, 20, 10), r
    c.call("delete_index", index_id=name)


def test_item15_delete_twice(ctx):
    c = ctx.client
    name = uid("del")
    create(c, name, D, "L2")
    assert c.call("delete_index", index_id=name)["success"] is True
    r = fails(c, "delete_index", index_id=name)
    assert r["error"] == "Index %s not found" % name, r


def test_item16_reconstruct_by_id(ctx):
    c = ctx.client
    name = uid("recon")
    x = vecs(9, 100)
    create(c, name, D, "L2")
    c.call("add_vectors", index_id=name, vectors=x.tolist())
    r = c.call("reconstruct", index_id=name, id=50)
    assert np.allclose(r["vector"], x[50], rtol=1e-5), r
    c.call("delete_index", index_id=name)


def test_item17_reconstruct_and_reconstruct_n(ctx):
    c = ctx.client
    name = uid("recon")
    x = vecs(10, 10)
    create(c, name, D, "L2")
    c.call("add_vectors", index_id=name, vectors=x.tolist())
    assert np.allclose(c.call("reconstruct", index_id=name, id=5)["vector"], x[5])
    r = c.call("reconstruct_n", index_id=name, start_idx=2, num_vectors=3)
    assert np.array_equal(np.array(r["vectors"], dtype=np.float32), x[2:5]), r
    c.call("delete_index", index_id=name)


def test_item18_reconstruct_n_range(ctx):
    c = ctx.client
    name = uid("recon")
    x = vecs(11, 100)
    create(c, name, D, "L2")
    c.call("add_vectors", index_id=name, vectors=x.tolist())
    r = c.call("reconstruct_n", index_id=name, start_idx=20, num_vectors=5)
    assert np.array_equal(np.array(r["vectors"], dtype=np.float32), x[20:25]), r
    c.call("delete_index", index_id=name)


def test_item19_search_and_reconstruct(ctx):
    c = ctx.client
    name = uid("sar")
    x = vecs(12, 100)
    create(c, name, D, "L2")
    c.call("add_vectors", index_id=name, vectors=x.tolist())
    r = c.call("search_and_reconstruct", index_id=name, query_vectors=x[:5].tolist(), k=5)
    assert_results(r, 5, 5)
    for i, e in enumerate(r["results"]):
        assert np.array(e["vectors"]).shape == (5, D), e
        assert e["indices"][0] == i and np.allclose(e["vectors"][0], x[i]), e
    c.call("delete_index", index_id=name)


def test_item20_merge(ctx):
    c = ctx.client
    s1, s2, t = uid("ms"), uid("ms"), uid("mt")
    for name, seed in ((s1, 13), (s2, 14)):
        create(c, name, D, "L2")
        c.call("add_vectors", index_id=name, vectors=vecs(seed, 50).tolist())
    create(c, t, D, "L2")
    r = c.call("merge_indices", target_index_id=t, source_index_ids=[s1, s2])
    assert r["ntotal"] == 100 and "index_id" not in r, r
    for name in (s1, s2, t):
        c.call("delete_index", index_id=name)


# ---------------------------------------------------------------- all index types


def test_item21_type_L2(ctx):
    all_types_flow(ctx, "L2")


def test_item22_type_IP(ctx):
    r = all_types_flow(ctx, "IP")
    for e in r["results"]:
        assert e["distances"] == sorted(e["distances"], reverse=True), e


def test_item23_type_BINARY_FLAT(ctx):
    c = ctx.client
    name = uid("bin")
    r = create(c, name, 8, "BINARY_FLAT")
    assert r.get("is_binary") is True, r
    bits = vecs(15, 100)
    r = c.call("add_vectors", index_id=name, vectors=bits.tolist())
    assert r["count"] == 100, r
    r = c.call("search", index_id=name, query_vectors=bits[:5].tolist(), k=5)
    assert_results(r, 5, 5)
    assert r.get("is_binary") is True and all(isinstance(v, int) for e in r["results"] for v in e["distances"]), r


def test_item24_type_PQ4x2(ctx):
    def check(r):
        assert r["is_trained"] is False and (r["M"], r["nbits"]) == (4, 2), r
    all_types_flow(ctx, "PQ4x2", check)


def test_item25_type_PQ4(ctx):
    def check(r):
        assert (r["M"], r["nbits"]) == (4, 8), r
    all_types_flow(ctx, "PQ4", check)


def test_item26_type_IVF16(ctx):
    def check(r):
        assert r["nlist"] == 16 and r["metric_type"] == "L2" and r["requires_training"] is True, r
    all_types_flow(ctx, "IVF16", check)


def test_item27_type_IVF16_IP(ctx):
    def check(r):
        assert r["nlist"] == 16 and r["metric_type"] == "IP", r
    all_types_flow(ctx, "IVF16_IP", check)


def test_item28_type_IVF4_SQ8(ctx):
    def check(r):
        assert r["nlist"] == 4 and r["qtype"] == 8, r
    all_types_flow(ctx, "IVF4_SQ8", check)


def test_item29_type_OPQ4_8_L2(ctx):
    all_types_flow(ctx, "OPQ4_8,L2")


def test_item30_type_PCA4_L2(ctx):
    c = ctx.client
    name = uid("pca")
    create(c, name, D, "PCA4,L2")
    r = fails(c, "add_vectors", index_id=name, vectors=vecs(16, 100).tolist())
    assert r.get("error_code") == "NOT_TRAINED", r


def test_item31_type_NORM_L2(ctx):
    all_types_flow(ctx, "NORM,L2")


def test_item32_type_HNSW32(ctx):
    def check(r):
        assert (r["M"], r["efConstruction"], r["efSearch"]) == (32, 40, 16), r
    all_types_flow(ctx, "HNSW32", check)


def test_item33_type_HNSW16_IP(ctx):
    def check(r):
        assert r["M"] == 16 and r["metric_type"] == "IP", r
    r = all_types_flow(ctx, "HNSW16_IP", check)
    for e in r["results"]:
        assert e["distances"] == sorted(e["distances"], reverse=True), e


def _idmap_type(ctx, prefix, idmap2):
    c = ctx.client
    name = uid("idm")
    r = create(c, name, D, prefix + "L2")
    assert r["base_index_id"] == name + "_base" and r["is_idmap"] is True and r["is_idmap2"] is idmap2, r
    r = fails(c, "add_vectors", index_id=name, vectors=vecs(17, 100).tolist())
    for n in (name, name + "_base"):
        c.call("delete_index", index_id=n)


def test_item34_type_IDMap_L2(ctx):
    _idmap_type(ctx, "IDMap:", False)


def test_item35_type_IDMap2_L2(ctx):
    _idmap_type(ctx, "IDMap2:", True)


# ---------------------------------------------------------------- fixed-index tests


def test_item36_fixed_PQ4x8(ctx):
    c = ctx.client
    name = uid("fixed-pq")
    create(c, name, D, "PQ4x8")
    c.call("train_index", index_id=name, training_vectors=vecs(18, 1000).tolist())
    assert c.call("add_vectors", index_id=name, vectors=vecs(19, 100).tolist())["count"] == 100
    assert_results(c.call("search", index_id=name, query_vectors=vecs(20, 5).tolist(), k=5), 5, 5)
    c.call("delete_index", index_id=name)


def test_item37_fixed_IVF4_SQ0_nprobe(ctx):
    c = ctx.client
    name = uid("fixed-ivfsq")
    create(c, name, D, "IVF4_SQ0")
    c.call("train_index", index_id=name, training_vectors=vecs(21, 1000).tolist())
    c.call("add_vectors", index_id=name, vectors=vecs(22, 100).tolist())
    r = c.call("search", index_id=name, query_vectors=vecs(23, 5).tolist(), k=5, params={"nprobe": 2})
    assert_results(r, 5, 5, exact_k=False)
    c.call("delete_index", index_id=name)


# ---------------------------------------------------------------- specialised operations (D=128)


def test_item38_merge_fixed_names(ctx):
    c = ctx.client
    for _ in range(2):  # the fixed names must be creatable again
        for i in range(2):
            create(c, "merge_source_%d" % i, 128, "L2")
            c.call("add_vectors", index_id="merge_source_%d" % i, vectors=vecs(24 + i, 1000, 128).tolist())
        create(c, "merge_target", 128, "L2")
        r = c.call("merge_indices", target_index_id="merge_target", source_index_ids=["merge_source_0", "merge_source_1"])
        assert r["ntotal"] == 2000, r
        for name in ("merge_source_0", "merge_source_1", "merge_target"):
            c.call("delete_index", index_id=name)


def test_item39_optimize_ivf(ctx):
    c = ctx.client
    create(c, "opt_ivf", 128, "IVF")
    assert c.call("train_index", index_id="opt_ivf", training_vectors=vecs(26, 150, 128).tolist())["success"]
    c.call("add_vectors", index_id="opt_ivf", vectors=vecs(27, 1000, 128).tolist())
    r = c.call("optimize_index", index_id="opt_ivf", optimization_level=2)
    assert r["optimizations"] == ["set_nprobe_20"], r
    c.call("delete_index", index_id="opt_ivf")


def test_item40_compute_clustering(ctx):
    r = ctx.client.call("compute_clustering", vectors=vecs(28, 500, 128).tolist(), n_clusters=10,
                        metric_type="L2", niter=20)
    assert np.array(r["centroids"]).shape == (10, 128), r.keys()
    assert len(r["assignments"]) == 500 and len(r["cluster_sizes"]) == 10 and sum(r["cluster_sizes"]) == 500


def test_item41_batch_add_with_ids(ctx):
    c = ctx.client
    create(c, "idmap_test", 128, "IDMap:L2")
    r = c.call("batch_add_with_ids", index_id="idmap_test", vectors=vecs(29, 100, 128).tolist(),
               ids=list(range(1000, 1100)), batch_size=25)
    assert r["count"] == 100, r
    assert c.call("delete_index", index_id="idmap_test")["success"]
    assert c.call("delete_index", index_id="idmap_test_base")["success"]


def test_item42_hybrid_search(ctx):
    c = ctx.client
    create(c, "hybrid_test", 128, "L2")
    c.call("add_vectors", index_id="hybrid_test", vectors=vecs(30, 100, 128).tolist())
    r = c.call("hybrid_search", index_id="hybrid_test", query_vectors=vecs(31, 5, 128).tolist(),
               vector_weight=0.7, metadata_filter=None, k=10)
    assert_results(r, 5, 10)
    c.call("delete_index", index_id="hybrid_test")


# ---------------------------------------------------------------- client-class flows


def test_item43_client_io_idmap_over_existing_flat(ctx):
    c = ctx.client
    a, b, m = uid("index-flat-l2"), uid("index-flat-l2"), uid("index-idmap")
    x = vecs(32, 100, 64)
    create(c, a, 64, "L2")
    create(c, b, 64, "L2")
    c.call("add_vectors", index_id=a, vectors=x.tolist())
    r = create(c, m, 64, "IDMap:" + b)
    assert r["base_index_id"] == b, r
    r = c.call("add_with_ids", index_id=m, vectors=x.tolist(), ids=list(range(1000, 1100)))
    assert (r["count"], r["total"]) == (100, 100), r
    assert len(c.call("reconstruct_n", index_id=a, start_idx=0, num_vectors=100)["vectors"]) == 100
    r = c.call("search", index_id=m, query_vectors=x[:3].tolist(), k=5)
    assert all(1000 <= i < 1100 for e in r["results"] for i in e["indices"]), r
    assert [e["indices"][0] for e in r["results"]] == [1000, 1001, 1002], r


def test_item44_client_pq_and_reset(ctx):
    c = ctx.client
    name = uid("index-pq")
    create(c, name, 8, "PQ4x8")
    assert c.call("train_index", index_id=name, training_vectors=vecs(33, 1000).tolist())["is_trained"]
    assert c.call("add_vectors", index_id=name, vectors=vecs(34, 100).tolist())["count"] == 100
    assert_results(c.call("search", index_id=name, query_vectors=vecs(35, 1).tolist(), k=5), 1, 5)
    create(c, name + "-" + uuid.uuid4().hex[:8], 8, "PQ4x8")


def test_item45_client_ivf_sq(ctx):
    c = ctx.client
    create(c, uid("index-flat-l2"), 8, "L2")
    name = uid("index-ivf-sq")
    create(c, name, 8, "IVF4_SQ0")
    c.call("train_index", index_id=name, training_vectors=vecs(36, 1000).tolist())
    c.call("add_vectors", index_id=name, vectors=vecs(37, 100).tolist())
    r = c.call("search", index_id=name, query_vectors=vecs(38, 3).tolist(), k=5, params={"nprobe": 1})
    assert_results(r, 3, 5, exact_k=False)
    create(c, name + "-" + uuid.uuid4().hex[:8], 8, "IVF4_SQ0")


def test_item46_modification_merge_fallback(ctx):
    c = ctx.client
    a, b = uid("index-flat-l2"), uid("index-flat-l2")
    xa, xb = vecs(39, 50), vecs(40, 50)
    for name, x in ((a, xa), (b, xb)):
        create(c, name, D, "L2")
        c.call("add_vectors", index_id=name, vectors=x.tolist())
    r = fails(c, "merge_indices", target_index_id=[a, b], source_index_ids="Flat")
    ra = np.array(c.call("reconstruct_n", index_id=a, start_idx=0, num_vectors=50)["vectors"], dtype=np.float32)
    rb = np.array(c.call("reconstruct_n", index_id=b, start_idx=0, num_vectors=50)["vectors"], dtype=np.float32)
    assert np.array_equal(ra, xa) and np.array_equal(rb, xb)
    merged = uid("index-flat-l2")
    create(c, merged, D, "L2")
    allx = np.vstack([ra, rb])
    for i in range(0, 100, 10):
        assert c.call("add_vectors", index_id=merged, vectors=allx[i:i + 10].tolist())["count"] == 10
    assert_results(c.call("search", index_id=merged, query_vectors=allx[:2].tolist(), k=5), 2, 5)
    back = c.call("reconstruct_n", index_id=merged, start_idx=0, num_vectors=100)["vectors"]
    assert len(back) == 100
    for lo, hi in ((0, 33), (33, 66), (66, 100)):
        part = uid("index-flat-l2")
        create(c, part, D, "L2")
        for i in range(lo, hi, 10):
            c.call("add_vectors", index_id=part, vectors=allx[i:min(i + 10, hi)].tolist())
        assert_results(c.call("search", index_id=part, query_vectors=allx[lo:lo + 1].tolist(), k=2), 1, 2)


def test_item47_flat_search_first_vector(ctx):
    c = ctx.client
    name = uid("index-flat-l2")
    x = vecs(41, 10)
    create(c, name, D, "L2")
    c.call("add_vectors", index_id=name, vectors=x.tolist())
    r = c.call("search", index_id=name, query_vectors=x[:1].tolist(), k=3)
    assert r["results"][0]["indices"][0] == 0 and r["results"][0]["distances"][0] < 0.001, r


def test_item48_hnsw_client_flow(ctx):
    c = ctx.client
    name = uid("index-hnsw-flat")
    r = create(c, name, 128, "HNSW16")
    assert r["M"] == 16, r
    x = vecs(42, 100, 128)
    assert c.call("add_vectors", index_id=name, vectors=x.tolist())["count"] == 100
    r = c.call("search", index_id=name, query_vectors=x[:5].tolist(), k=10)
    assert_results(r, 5, 10)
    assert all(0 <= i < 100 for e in r["results"] for i in e["indices"]), r
    r = c.call("range_search", index_id=name, query_vectors=x[:1].tolist(), radius=0.5)
    assert r["success"] and r["results"][0]["count"] == r["results"][0]["num_results"] >= 1, r
    assert r["lims"] == [0, r["results"][0]["count"]] and "lims" not in r["results"][0], r
    create(c, name + "-" + uuid.uuid4().hex[:8], 128, "HNSW16")


def test_item49_ivfpq_client_flow(ctx):
    c = ctx.client
    create(c, uid("index-flat-l2"), 64, "L2")
    name = uid("index-ivf-pq")
    create(c, name, 64, "IVF50,PQ8x8")
    c.call("train_index", index_id=name, training_vectors=vecs(43, 2000, 64).tolist())
    c.call("add_vectors", index_id=name, vectors=vecs(44, 1000, 64).tolist())
    r = c.call("search", index_id=name, query_vectors=vecs(45, 3, 64).tolist(), k=5)
    assert_results(r, 3, 5)
    assert np.array(r["distances"]).shape == (3, 5) and np.array(r["indices"]).shape == (3, 5), r


def test_item50_ivfsq_untrained(ctx):
    c = ctx.client
    name = uid("index-ivf-sq")
    create(c, name, 64, "IVF50_SQ0")
    r = fails(c, "add_vectors", index_id=name, vectors=vecs(46, 1000, 64).tolist())
    assert r.get("error_code") == "NOT_TRAINED", r
    r = fails(c, "search", index_id=name, query_vectors=vecs(47, 2, 64).tolist(), k=5, params={"nprobe": 10})
    assert r.get("error_code") == "NOT_TRAINED", r


def test_item51_pq_untrained(ctx):
    c = ctx.client
    name = uid("index-pq")
    create(c, name, 64, "PQ8x8")
    r = fails(c, "add_vectors", index_id=name, vectors=vecs(48, 100, 64).tolist())
    assert r.get("error_code") == "NOT_TRAINED" and "requires training" in r["error"], r
    r = fails(c, "search", index_id=name, query_vectors=vecs(49, 2, 64).tolist(), k=5)
    assert r.get("error_code") == "NOT_TRAINED", r


def test_item52_sq8(ctx):
    c = ctx.client
    name = uid("index-sq")
    r = create(c, name, 8, "SQ8")
    assert r["type"] == "IndexScalarQuantizer", r
    x = vecs(50, 200)
    c.call("train_index", index_id=name, training_vectors=x.tolist())
    c.call("add_vectors", index_id=name, vectors=x.tolist())
    r = c.call("search", index_id=name, query_vectors=x[:4].tolist(), k=3)
    assert_results(r, 4, 3)
    assert [e["indices"][0] for e in r["results"]] == [0, 1, 2, 3], r


def test_item53_remove_ids(ctx):
    c = ctx.client
    name = uid("index-idmap")
    create(c, name, D, "IDMap:L2")
    c.call("add_with_ids", index_id=name, vectors=vecs(51, 10).tolist(), ids=list(range(10)))
    r = c.call("remove_ids", index_id=name, ids=[2, 3, 42])
    assert r["count"] == 2 and r["total"] == 8, r


def test_item54_replace_vector(ctx):
    c = ctx.client
    name = uid("index-idmap2")
    create(c, name, D, "IDMap2:L2")
    c.call("add_with_ids", index_id=name, vectors=vecs(52, 10).tolist(), ids=list(range(100, 110)))
    v = vecs(53, 1)[0]
    assert c.call("replace_vector", index_id=name, id=104, vector=v.tolist())["success"] is True
    assert np.allclose(c.call("reconstruct", index_id=name, id=104)["vector"], v)


# ---------------------------------------------------------------- persistence and timeouts


def test_item55_persistence_across_restart(ctx):
    c = ctx.client
    x = np.arange(8, dtype=np.float32).reshape(2, 4)
    create(c, "persisted_index", 4, "L2")
    c.call("add_vectors", index_id="persisted_index", vectors=x.tolist())
    ctx.restart()
    entries = {e["index_id"]: e for e in ctx.client.call("list_indices")["indexes"]}
    assert entries["persisted_index"]["vector_count"] == 2, entries
    r = ctx.client.call("search", index_id="persisted_index", query_vectors=x[1:].tolist(), k=1)
    assert r["results"][0]["indices"] == [1], r
    ctx.client.call("delete_index", index_id="persisted_index")


def test_item56_data_dir_tilde_expansion(ctx):
    home = tempfile.mkdtemp(prefix="annvil-home-", dir=ctx.tmp)
    server = ctx.start_server(data_dir="~/annvil-e2e-data", log_dir=ctx.tmp,
                              env={"ANNVIL_JAVA_OPTS": "-Duser.home=" + home})
    try:
        create(server.client, "tilde", 4, "L2")
        files = os.listdir(os.path.join(home, "annvil-e2e-data"))
        assert any(f.endswith(".faiss") for f in files), files
    finally:
        ctx.stop_server(server)


def test_item57_ping_within_client_timeout(ctx):
    t0 = time.time()
    fresh = faissx_client.FaissxClient(ctx.server.url, timeout_s=5.0)
    try:
        assert fresh.call("ping")["success"] is True
    finally:
        fresh.close()
    assert time.time() - t0 < 1.0, time.time() - t0
