"""Cross-tenant isolation over the wire (faissx-protocol.md §5.3, which Annvil implements): run by
run_e2e.py against a second `./annvil serve --enable-auth` with two tenants.

Tenant A owns a flat, an IDMap2 (and its auto-created base), a trained IVF and an HNSW index, all
with data. For every action of the catalogue (§8/§9) tenant B then names each of A's indexes, and
the reply must be exactly the one B gets for an index that does not exist (same text once the id is
substituted, same error_code), must not contain A's tenant, internal ids, other index names, ids,
vectors or counts, and afterwards each of A's indexes must answer exactly as before: ntotal, the
same labels and distances for fixed queries, the same nprobe/efSearch. The same request without a
key, with a wrong key, and with B's key but A's tenant_id is refused or isolated just the same. One
reported test per action (test_cross_tenant_<action>), plus listings, two "docs" and a restart.
"""

import numbers
import re
import tempfile
import uuid

import numpy as np

KEY_A, TENANT_A = "key-alpha-7f31", "tenant-alpha"
KEY_B, TENANT_B = "key-bravo-2c94", "tenant-bravo"
AUTH_KEYS = "%s:%s,%s:%s" % (KEY_A, TENANT_A, KEY_B, TENANT_B)
A = {"api_key": KEY_A}
B = {"api_key": KEY_B}
D = 16
SEPARATOR = "\u241f"  # TenantNamespace's separator of tenant and index id
# how an internal id can surface in a reply: raw, URL-encoded (file names), escaped
INTERNAL_FORMS = (SEPARATOR, "%E2%90%9F", "%e2%90%9f", "\\u241f", "\\u241F")

# A's indexes: name -> (index_type, rows); the IDMap2 gets ids IDMAP_ID0 + 3*i
A_SPECS = {
    "docs": ("L2", 137),
    "idmap-x": ("IDMap2:L2", 61),
    "ivf-x": ("IVF4", 263),
    "hnsw-x": ("HNSW16", 179),
}
IDMAP_ID0 = 900_001
# B's own indexes, which B's merges use (the source holds data)
B_TARGET, B_SOURCE = "b-merge-target", "b-merge-source"


def rows(seed, n, d=D):
    return np.random.RandomState(seed).rand(n, d).astype(np.float32)


def uid(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


# ---------------------------------------------------------------- fixture


class Fixture:
    """The auth server, A's indexes with their baseline answers, B's own indexes."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.data_dir = tempfile.mkdtemp(prefix="data-tenants-", dir=ctx.tmp)
        self.server = ctx.start_server(extra=self.flags(), data_dir=self.data_dir)
        self.dirty = True
        self.build()

    @staticmethod
    def flags():
        return ("--enable-auth", "--auth-keys", AUTH_KEYS)

    @property
    def c(self):
        return self.server.client

    def call(self, auth, action, **fields):
        """A call as one tenant (auth: A or B); the reply is checked for internal ids."""
        r = self.c.call(action, check=False, **auth, **fields)
        assert_no_internal_ids(r)
        return r

    def ok(self, auth, action, **fields):
        r = self.call(auth, action, **fields)
        assert r.get("success") is True, (action, fields.get("index_id"), r)
        return r

    def names(self, auth):
        return [e["index_id"] for e in self.ok(auth, "list_indexes")["indexes"]]

    def build(self):
        for auth in (A, B):
            for name in self.names(auth):
                self.ok(auth, "delete_index", index_id=name)
        self.vectors = {}
        self.ids = []
        for seed, (name, (index_type, n)) in enumerate(A_SPECS.items()):
            self.ok(A, "create_index", index_id=name, dimension=D, index_type=index_type)
            x = rows(100 + seed, n)
            self.vectors[name] = x
            if index_type.startswith("IVF"):
                self.ok(A, "train_index", index_id=name, training_vectors=rows(200, 300).tolist())
            if index_type.startswith("IDMap"):
                ids = [IDMAP_ID0 + 3 * i for i in range(n)]
                self.ids = ids
                self.ok(A, "add_with_ids", index_id=name, vectors=x.tolist(), ids=ids)
                self.vectors[name + "_base"] = x
            else:
                self.ok(A, "add_vectors", index_id=name, vectors=x.tolist())
        self.a_names = sorted(self.names(A))
        assert self.a_names == sorted(list(A_SPECS) + ["idmap-x_base"]), self.a_names
        self.ok(B, "create_index", index_id=B_TARGET, dimension=D, index_type="L2")
        self.ok(B, "create_index", index_id=B_SOURCE, dimension=D, index_type="L2")
        self.ok(B, "add_vectors", index_id=B_SOURCE, vectors=rows(300, 5).tolist())
        self.b_names = sorted(self.names(B))
        self.queries = rows(400, 3)
        self.baseline = {name: self.observe(name) for name in self.a_names}
        self.check_baseline_is_sensitive()
        self.secrets = self.collect_secrets()
        self.dirty = False

    def observe(self, name):
        """What A sees of one of its indexes: ntotal, d, the answer to fixed queries, its knobs."""
        st = self.ok(A, "get_index_stats", index_id=name)
        r = self.ok(A, "search", index_id=name, query_vectors=self.queries.tolist(), k=5)
        seen = {
            "ntotal": st["ntotal"],
            "dimension": st["dimension"],
            "labels": [e["indices"] for e in r["results"]],
            "distances": [e["distances"] for e in r["results"]],
        }
        for p in ("nprobe", "efSearch"):
            g = self.call(A, "get_parameter", index_id=name, parameter=p)
            seen[p] = g.get("param_value") if g.get("success") else None
        return seen

    def check_baseline_is_sensitive(self):
        """The observation must be able to see a change: the IVF's answer depends on nprobe (so a
        leaked set_parameter/optimize shows in the search too), and every index has rows."""
        for name in self.a_names:
            assert self.baseline[name]["ntotal"] > 0, (name, self.baseline[name])
        assert self.baseline["ivf-x"]["nprobe"] is not None and self.baseline["hnsw-x"]["efSearch"] is not None
        r = self.ok(A, "search", index_id="ivf-x", query_vectors=self.queries.tolist(), k=5, params={"nprobe": 4})
        wider = [e["distances"] for e in r["results"]]
        assert not close(wider, self.baseline["ivf-x"]["distances"]), "nprobe 1 and 4 give the same answer: pick other data"
        # searching with params must not have changed the index (Annvil: per-request knobs)
        assert close(self.observe("ivf-x"), self.baseline["ivf-x"])

    def collect_secrets(self):
        """Values of A's that no reply to B may contain: counts, ids, vector components, distances."""
        ints = {b["ntotal"] for b in self.baseline.values()} | set(self.ids)
        floats = set()
        for x in self.vectors.values():
            floats.update(float(v) for v in x.ravel())
        for b in self.baseline.values():
            floats.update(float(v) for row in b["distances"] for v in row if v != 0.0)
        return ints, floats

    def assert_a_intact(self):
        """A's indexes answer exactly as before, and A's listing is unchanged."""
        try:
            assert sorted(self.names(A)) == self.a_names, self.names(A)
            for name in self.a_names:
                now = self.observe(name)
                assert close(now, self.baseline[name]), "A's %s changed: %s -> %s" % (name, self.baseline[name], now)
            assert sorted(self.names(B)) == self.b_names, self.names(B)
        except Exception:
            self.dirty = True  # the next test rebuilds the state
            raise


def fixture(ctx):
    fx = getattr(ctx, "tenant_fixture", None)
    if fx is None:
        fx = ctx.tenant_fixture = Fixture(ctx)
    elif fx.dirty:
        fx.build()
    return fx


# ---------------------------------------------------------------- reply checks


def assert_no_internal_ids(reply):
    text = repr(reply)
    for form in INTERNAL_FORMS + (TENANT_A, TENANT_B):
        assert form not in text, "reply shows %r: %s" % (form, text[:500])


def walk(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from walk(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from walk(v)
    else:
        yield value


def assert_no_leak(fx, reply, asked):
    """A reply to B names none of A's indexes but the one B asked for, and holds none of A's ids,
    counts, vector components or distances."""
    assert_no_internal_ids(reply)
    text = repr(reply)
    for name in fx.a_names:
        if name != asked and not (asked and asked in name):
            assert not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(name), text), (name, reply)
    ints, floats = fx.secrets
    for v in walk(reply):
        if isinstance(v, str):  # numbers in texts, e.g. "exceeds index size 137"
            found = {int(n) for n in re.findall(r"\d+", v.replace(asked, "") if asked else v)}
            assert not found & ints, "reply text holds a count or id of A's: %r" % v
            continue
        if isinstance(v, bool) or not isinstance(v, numbers.Number):
            continue
        if float(v).is_integer() and int(v) in ints:
            raise AssertionError("reply holds %r, a count or id of A's: %s" % (v, text[:500]))
        if isinstance(v, float) and v in floats:
            raise AssertionError("reply holds %r, a value of A's data: %s" % (v, text[:500]))


def normalized(reply, name):
    """The reply with the index id replaced by <ID> in every string, without the timestamp."""
    def norm(v):
        if isinstance(v, str):
            return v.replace(name, "<ID>")
        if isinstance(v, dict):
            return {norm(k): norm(x) for k, x in v.items() if k != "timestamp"}
        if isinstance(v, (list, tuple)):
            return [norm(x) for x in v]
        return v
    return norm(reply)


def close(a, b):
    """Equal, except floats within 1e-5 relative: Annvil's distances can move by an ulp once the JIT
    has compiled the SIMD kernels (a different summation order), so equal data may give floats that
    differ in the last bit from one request to the next."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, numbers.Real) and isinstance(b, numbers.Real) and \
            abs(a - b) <= 1e-5 * max(abs(a), abs(b), 1e-30)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def assert_auth_refused(fx, action, fields):
    """Without a key: "API key required"; with a wrong key: "Invalid API key" (§5.2), AUTH_ERROR."""
    for auth, text in (({}, "API key required"), ({"api_key": "key-charlie-0000"}, "Invalid API key"),
                       ({"api_key": KEY_A + "x", "tenant_id": TENANT_A}, "Invalid API key")):
        r = fx.c.call(action, check=False, **auth, **fields)
        assert r.get("success") is False and r.get("error") == text and r.get("error_code") == "AUTH_ERROR", \
            (action, auth, r)
        assert_no_leak(fx, r, fields.get("index_id"))


# ---------------------------------------------------------------- the catalogue


def q(d=D, n=1, seed=500):
    return rows(seed, n, d).tolist()


# action -> fields B sends along with index_id = one of A's names (d = A's dimension, so that the
# request would work if it reached A's index)
INDEX_ACTIONS = {
    "add_vectors": lambda fx: {"vectors": q(n=2)},
    "add_with_ids": lambda fx: {"vectors": q(n=2), "ids": [7, 8]},
    "batch_add_with_ids": lambda fx: {"vectors": q(n=2), "ids": [7, 8], "batch_size": 1},
    "train_index": lambda fx: {"training_vectors": q(n=64)},
    "train_index_background": lambda fx: {"training_vectors": q(n=64), "background": True},
    "search": lambda fx: {"query_vectors": q(), "k": 3},
    "search_with_params": lambda fx: {"query_vectors": q(), "k": 3, "params": {"nprobe": 4, "efSearch": 64}},
    "hybrid_search": lambda fx: {"query_vectors": q(), "k": 3, "vector_weight": 0.5, "metadata_filter": None},
    "range_search": lambda fx: {"query_vectors": q(), "radius": 1e9},
    "search_and_reconstruct": lambda fx: {"query_vectors": q(), "k": 3},
    "reconstruct": lambda fx: {"id": 0, "idx": 0},
    "reconstruct_user_id": lambda fx: {"id": fx.ids[1]},
    "reconstruct_n": lambda fx: {"start_idx": 0, "num_vectors": 2},
    "get_vectors": lambda fx: {"start_idx": 0, "limit": 2},
    "remove_ids": lambda fx: {"ids": [0, 1] + fx.ids[:2]},
    "replace_vector": lambda fx: {"id": fx.ids[0], "vector": q()[0]},
    "reset": lambda fx: {},
    "clear": lambda fx: {},
    "delete_index": lambda fx: {},
    "get_index_stats": lambda fx: {},
    "get_index_status": lambda fx: {},
    "get_index_info": lambda fx: {},
    "set_parameter_nprobe": lambda fx: {"parameter": "nprobe", "value": 4},
    "set_parameter_efSearch": lambda fx: {"parameter": "efSearch", "value": 300},
    "get_parameter": lambda fx: {"parameter": "ntotal"},
    "optimize_index": lambda fx: {"optimization_level": 3},
    "recluster_index": lambda fx: {"n_clusters": 2},
    "apply_transform": lambda fx: {"vectors": q(n=2)},
    "get_transform_info": lambda fx: {},
}


def wire_action(case):
    for prefix in ("train_index", "search", "reconstruct", "set_parameter"):
        if case.startswith(prefix + "_") and case not in ("search_and_reconstruct", "reconstruct_n"):
            return prefix
    return case


def index_case(case):
    action = wire_action(case)

    def test(ctx):
        fx = fixture(ctx)
        fields = INDEX_ACTIONS[case](fx)
        missing = uid("nx")
        ref = fx.call(B, action, index_id=missing, **fields)
        assert ref.get("success") is False and ref.get("error"), ("not-found reference", ref)
        assert missing in ref["error"], ("the not-found text names the id", ref)
        try:
            for name in fx.a_names:
                for auth in (B, dict(B, tenant_id=TENANT_A)):
                    r = fx.call(auth, action, index_id=name, **fields)
                    assert normalized(r, name) == normalized(ref, missing), \
                        "%s on A's %s (as %s): %s\n  differs from a missing index: %s" % (action, name, auth, r, ref)
                    assert_no_leak(fx, r, name)
                assert_auth_refused(fx, action, dict(fields, index_id=name))
        finally:
            fx.assert_a_intact()

    test.__name__ = "test_cross_tenant_" + case
    test.__doc__ = "Tenant B's %s on each of A's indexes fails as for a missing index; A unchanged." % action
    return test


def test_cross_tenant_merge_indices_source(ctx):
    """B merges A's index into its own target: "Source index <id> not found", B's target stays empty."""
    fx = fixture(ctx)
    missing = uid("nx")
    ref = fx.call(B, "merge_indices", target_index_id=B_TARGET, source_index_ids=[missing])
    assert ref.get("success") is False and missing in ref.get("error", ""), ref
    try:
        for name in fx.a_names:
            for sources in ([name], [B_SOURCE, name], [name, B_SOURCE]):
                ref = fx.call(B, "merge_indices", target_index_id=B_TARGET,
                              source_index_ids=[missing if s == name else s for s in sources])
                r = fx.call(B, "merge_indices", target_index_id=B_TARGET, source_index_ids=sources)
                assert r.get("success") is False and normalized(r, name) == normalized(ref, missing), (r, ref)
                assert_no_leak(fx, r, name)
            assert_auth_refused(fx, "merge_indices", {"target_index_id": B_TARGET, "source_index_ids": [name]})
        assert fx.ok(B, "get_index_stats", index_id=B_TARGET)["ntotal"] == 0
    finally:
        fx.assert_a_intact()


def test_cross_tenant_merge_indices_target(ctx):
    """B merges its own index into A's: "Target index <id> not found"; A's index gains nothing."""
    fx = fixture(ctx)
    missing = uid("nx")
    ref = fx.call(B, "merge_indices", target_index_id=missing, source_index_ids=[B_SOURCE])
    assert ref.get("success") is False and missing in ref.get("error", ""), ref
    try:
        for name in fx.a_names:
            r = fx.call(B, "merge_indices", target_index_id=name, source_index_ids=[B_SOURCE])
            assert r.get("success") is False and normalized(r, name) == normalized(ref, missing), (r, ref)
            assert_no_leak(fx, r, name)
            assert_auth_refused(fx, "merge_indices", {"target_index_id": name, "source_index_ids": [B_SOURCE]})
        assert fx.ok(B, "get_index_stats", index_id=B_SOURCE)["ntotal"] == 5
    finally:
        fx.assert_a_intact()


def test_cross_tenant_create_index_idmap_over(ctx):
    """B wraps A's index in an IDMap/IDMap2: A's name is no index of B's, so the reply is the one
    for a missing name, and nothing is created."""
    fx = fixture(ctx)
    missing = uid("nx")
    try:
        for prefix in ("IDMap:", "IDMap2:"):
            ref = fx.call(B, "create_index", index_id="b-wrap", dimension=D, index_type=prefix + missing)
            assert ref.get("success") is False, ref
            for name in fx.a_names:
                r = fx.call(B, "create_index", index_id="b-wrap", dimension=D, index_type=prefix + name)
                assert normalized(r, name) == normalized(ref, missing), (r, ref)
                assert_no_leak(fx, r, name)
    finally:
        fx.assert_a_intact()  # also: B's listing still holds only its own two indexes


def test_cross_tenant_create_index_same_name(ctx):
    """B creates an index under each of A's names: it succeeds exactly as for a fresh name and is
    B's own (B's dimension, type and rows); deleting it leaves A's index as it was."""
    fx = fixture(ctx)
    xb = rows(600, 3, 4)
    try:
        for name in fx.a_names:
            fresh = uid("fresh")
            ref = fx.ok(B, "create_index", index_id=fresh, dimension=4, index_type="IP")
            r = fx.ok(B, "create_index", index_id=name, dimension=4, index_type="IP")
            assert normalized(r, name) == normalized(ref, fresh), (r, ref)
            assert r["index_id"] == name and r["dimension"] == 4, r
            assert_no_leak(fx, r, name)
            added = fx.ok(B, "add_vectors", index_id=name, vectors=xb.tolist())
            assert (added["count"], added["ntotal"]) == (3, 3), added
            st = fx.ok(B, "get_index_stats", index_id=name)
            assert (st["ntotal"], st["dimension"]) == (3, 4), st
            s = fx.ok(B, "search", index_id=name, query_vectors=xb[:1].tolist(), k=3)
            assert s["results"][0]["indices"] == list(np.argsort(-(xb @ xb[0]))[:3]), s
            assert name in fx.names(B)
            for n in (name, fresh):
                fx.ok(B, "delete_index", index_id=n)
            fx.assert_a_intact()
    finally:
        fx.assert_a_intact()


def test_cross_tenant_compute_clustering(ctx):
    """compute_clustering names no index: B gets the clustering of its own vectors, the same
    whatever (A's) index_id it adds, and nothing of A's."""
    fx = fixture(ctx)
    x = rows(700, 40).tolist()
    missing = uid("nx")
    ref = fx.ok(B, "compute_clustering", vectors=x, n_clusters=4, niter=10, index_id=missing)
    assert sum(ref["cluster_sizes"]) == 40 and len(ref["centroids"]) == 4, ref
    try:
        for name in fx.a_names:
            r = fx.ok(B, "compute_clustering", vectors=x, n_clusters=4, niter=10, index_id=name)
            assert close(normalized(r, name), normalized(ref, missing)), ("the clustering depends on index_id", r, ref)
            assert_no_leak(fx, r, name)
            assert_auth_refused(fx, "compute_clustering", {"vectors": x, "n_clusters": 4, "index_id": name})
    finally:
        fx.assert_a_intact()


def listing_case(action):
    def test(ctx):
        """Each tenant's listing holds exactly its own indexes, whatever tenant_id it sends."""
        fx = fixture(ctx)
        for auth, own in ((A, fx.a_names), (B, fx.b_names), (dict(B, tenant_id=TENANT_A), fx.b_names),
                          (dict(A, tenant_id=TENANT_B), fx.a_names)):
            r = fx.ok(auth, action)
            assert sorted(e["index_id"] for e in r["indexes"]) == own, (auth, r)
            if auth["api_key"] == KEY_B:
                assert_no_leak(fx, r, None)
        for e in fx.ok(A, action)["indexes"]:
            assert e["vector_count"] == fx.baseline[e["index_id"]]["ntotal"], e
        assert_auth_refused(fx, action, {})

    test.__name__ = "test_cross_tenant_" + action
    return test


for _case in INDEX_ACTIONS:
    globals()["test_cross_tenant_" + _case] = index_case(_case)
for _action in ("list_indexes", "list_indices"):
    globals()["test_cross_tenant_" + _action] = listing_case(_action)
del _case, _action


# the 31 action names of faissx-protocol.md §8
CATALOGUE = (
    "ping", "create_index", "add_vectors", "search", "range_search", "train_index", "reconstruct",
    "reconstruct_n", "search_and_reconstruct", "delete_index", "merge_indices", "get_index_stats",
    "list_indexes", "add_with_ids", "remove_ids", "replace_vector", "batch_add_with_ids", "optimize_index",
    "compute_clustering", "hybrid_search", "get_index_status", "get_index_info", "list_indices", "reset",
    "clear", "set_parameter", "get_parameter", "get_vectors", "apply_transform", "get_transform_info",
    "recluster_index")


def test_cross_tenant_catalogue_is_complete(ctx):
    """Every action of the catalogue has a cross-tenant test here (ping: exempt from auth), and
    the server knows each name the tests send."""
    assert len(set(CATALOGUE)) == 31
    covered = {wire_action(c) for c in INDEX_ACTIONS} | {
        "merge_indices", "create_index", "compute_clustering", "list_indexes", "list_indices", "ping"}
    assert covered == set(CATALOGUE), (set(CATALOGUE) - covered, covered - set(CATALOGUE))
    fx = fixture(ctx)
    try:
        for action in sorted(covered):
            r = fx.call(B, action, index_id=uid("nx"))
            assert r.get("error") != "Unknown action", (action, r)
    finally:
        fx.assert_a_intact()


def test_cross_tenant_ping_exempt(ctx):
    """ping needs no key and answers the same to every tenant, with nothing of A's."""
    fx = fixture(ctx)
    for auth in ({}, B, {"api_key": "wrong"}):
        r = fx.c.call("ping", check=False, **auth)
        assert r.get("success") is True and r.get("message") == "pong", r
        assert_no_leak(fx, r, None)


def test_cross_tenant_both_own_docs(ctx):
    """A and B both own "docs" at once: each sees its own dimension, rows and answers; deleting
    B's leaves A's as it was."""
    fx = fixture(ctx)
    xb = rows(800, 7, 4)
    try:
        fx.ok(B, "create_index", index_id="docs", dimension=4, index_type="L2")
        fx.ok(B, "add_vectors", index_id="docs", vectors=xb.tolist())
        for _ in range(2):  # interleaved: neither tenant's request disturbs the other's
            st = fx.ok(B, "get_index_stats", index_id="docs")
            assert (st["ntotal"], st["dimension"]) == (7, 4), st
            r = fx.ok(B, "search", index_id="docs", query_vectors=xb[2:3].tolist(), k=7)
            expected = np.argsort(((xb - xb[2]) ** 2).sum(axis=1), kind="stable")
            assert r["results"][0]["indices"][0] == 2 and sorted(r["results"][0]["indices"]) == sorted(expected), r
            assert close(fx.observe("docs"), fx.baseline["docs"])
        assert sorted(fx.names(B)) == sorted(fx.b_names + ["docs"])
        assert sorted(fx.names(A)) == fx.a_names
        fx.ok(B, "delete_index", index_id="docs")
        r = fx.call(B, "search", index_id="docs", query_vectors=xb[:1].tolist(), k=1)
        assert r.get("error") == "Index docs does not exist", r
    finally:
        fx.assert_a_intact()


def test_cross_tenant_namespaces_survive_restart(ctx):
    """After a restart on the same data directory each tenant sees exactly its own indexes, both
    still own a "docs" of their own, and A's indexes answer as before."""
    fx = fixture(ctx)
    xb = rows(900, 5, 4)
    try:
        fx.ok(B, "create_index", index_id="docs", dimension=4, index_type="L2")
        fx.ok(B, "add_vectors", index_id="docs", vectors=xb.tolist())
        ctx.stop_server(fx.server)
        fx.server = ctx.start_server(extra=Fixture.flags(), data_dir=fx.data_dir)
        assert sorted(fx.names(B)) == sorted(fx.b_names + ["docs"])
        st = fx.ok(B, "get_index_stats", index_id="docs")
        assert (st["ntotal"], st["dimension"]) == (5, 4), st
        r = fx.ok(B, "reconstruct_n", index_id="docs", start_idx=0, num_vectors=5)
        assert np.array_equal(np.array(r["vectors"], dtype=np.float32), xb), r
        for name in fx.a_names:
            now = fx.observe(name)
            assert close(now, fx.baseline[name]), "A's %s after restart: %s -> %s" % (name, fx.baseline[name], now)
        fx.ok(B, "delete_index", index_id="docs")
    finally:
        fx.assert_a_intact()


def test_cross_tenant_own_replies_show_client_ids(ctx):
    """The namespaces are invisible to their owner too (§5.3): the replies A gets about its own
    indexes (reads only) hold A's ids and never the internal id, in any encoding, or a tenant."""
    fx = fixture(ctx)
    reads = ("get_index_stats", "get_index_status", "get_index_info", "get_parameter", "search", "hybrid_search",
             "range_search", "search_and_reconstruct", "reconstruct", "reconstruct_n", "get_vectors",
             "get_transform_info")
    cases = {c: INDEX_ACTIONS[c](fx) for c in reads}
    try:
        for name in fx.a_names:
            for action, fields in cases.items():
                r = fx.call(A, action, index_id=name, **fields)  # fx.call checks for internal ids
                if r.get("success") and "index_id" in r:
                    assert r["index_id"] == name, r
    finally:
        fx.assert_a_intact()
