#!/usr/bin/python3
"""FAISS or hnswlib side of Annvil's recall-vs-QPS harness (run with Debian's /usr/bin/python3).

The Java harness (dev.annvil.bench.engine.PythonEngine) writes the data set once as raw
little-endian files and passes their paths: --base (nb x d float32), --query (nq x d float32),
--gt (nq x gt-k int32). This script builds one index, then for each thread count and each value
of the swept parameter measures exactly what dev.annvil.bench.harness.InProcessTimer measures:

* build: seconds to create, train (on the whole base) and add the base (once);
* batch: all nq queries in one search call, one untimed warm-up, then --repetitions timed calls;
* single: the first --single-queries queries one call each, one untimed warm-up pass, then
  --repetitions timed passes (QPS per pass, every call's latency in ms).

It prints one JSON object on stdout: raw timing samples, build seconds, index bytes (FAISS:
serialized size; hnswlib: saved file size), process peak RSS (ru_maxrss), and a "check" block
(first/last base and query vectors, first/last ground-truth rows, float64 sums) that the Java
side compares with its own arrays, so both engines provably read the same data. Labels of the
first thread count's last batch repetition of every sweep point are written to --labels-out as
little-endian int64, (points x nq x k), row-major; recall is computed on the Java side.
If the engine's module cannot be imported, prints {"error": "missing", ...} and exits with 3.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time


def log(msg):
    print("# " + msg, file=sys.stderr, flush=True)


def load(a, np):
    xb = np.fromfile(a.base, dtype="<f4")
    xq = np.fromfile(a.query, dtype="<f4")
    gt = np.fromfile(a.gt, dtype="<i4")
    if xb.size != a.nb * a.d or xq.size != a.nq * a.d or gt.size != a.nq * a.gt_k:
        raise ValueError(f"file sizes do not match nb={a.nb}, nq={a.nq}, d={a.d}, gt_k={a.gt_k}")
    return xb.reshape(a.nb, a.d), xq.reshape(a.nq, a.d), gt.reshape(a.nq, a.gt_k)


def check_block(xb, xq, gt, np):
    def floats(v):
        return [float(x) for x in v]

    return {
        "base_first": floats(xb[0]),
        "base_last": floats(xb[-1]),
        "query_first": floats(xq[0]),
        "query_last": floats(xq[-1]),
        "gt_first": [int(x) for x in gt[0]],
        "gt_last": [int(x) for x in gt[-1]],
        "base_sum": float(np.sum(xb, dtype=np.float64)),
        "query_sum": float(np.sum(xq, dtype=np.float64)),
    }


class Faiss:
    def __init__(self, a):
        import faiss

        self.faiss = faiss
        self.a = a
        self.version = f"FAISS {faiss.__version__}"
        if hasattr(faiss, "get_compile_options"):
            self.version += f" ({faiss.get_compile_options().strip()})"

    def build(self, xb):
        f, a = self.faiss, self.a
        index = f.index_factory(a.d, a.factory, f.METRIC_L2)
        if a.family == "HNSW":
            index.hnsw.efConstruction = a.ef_construction
        if hasattr(index, "do_polysemous_training"):
            # FAISS's factory turns on polysemous training for IVFPQ; Annvil has no polysemous codes and
            # plain ADC search does not use them, so both engines build the same thing.
            index.do_polysemous_training = False
        if not index.is_trained:
            index.train(xb)
        index.add(xb)
        self.index = index
        self.ivf = f.extract_index_ivf(index) if a.family == "IVF" else None

    def index_bytes(self):
        return int(self.faiss.serialize_index(self.index).size)

    def set_threads(self, t):
        self.faiss.omp_set_num_threads(t)

    def set_param(self, value):
        if self.a.family == "IVF":
            self.ivf.nprobe = value
        elif self.a.family == "HNSW":
            self.index.hnsw.efSearch = value

    def search(self, x, k):
        return self.index.search(x, k)[1]


class Hnswlib:
    def __init__(self, a):
        import hnswlib

        self.hnswlib = hnswlib
        self.a = a
        try:
            import importlib.metadata

            self.version = "hnswlib " + importlib.metadata.version("hnswlib")
        except Exception:  # noqa: BLE001 - the version is only informative
            self.version = "hnswlib (version unknown)"

    def build(self, xb):
        h, a = self.hnswlib, self.a
        if a.family != "HNSW":
            raise ValueError("hnswlib builds HNSW indexes only, not " + a.family)
        index = h.Index(space="l2", dim=a.d)
        index.init_index(max_elements=a.nb, ef_construction=a.ef_construction, M=a.m, random_seed=100)
        index.add_items(xb)
        self.index = index

    def index_bytes(self):
        fd, path = tempfile.mkstemp(suffix=".hnswlib")
        os.close(fd)
        try:
            self.index.save_index(path)
            return os.path.getsize(path)
        finally:
            os.remove(path)

    def set_threads(self, t):
        self.threads = t
        self.index.set_num_threads(t)

    def set_param(self, value):
        self.index.set_ef(value)

    def search(self, x, k):
        return self.index.knn_query(x, k=k, num_threads=self.threads)[0]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--engine", choices=["faiss", "hnswlib"], required=True)
    for name in ("--base", "--query", "--gt", "--factory", "--family", "--labels-out"):
        p.add_argument(name, required=True)
    for name in ("--d", "--nb", "--nq", "--gt-k"):
        p.add_argument(name, type=int, required=True)
    p.add_argument("--m", type=int, default=0)
    p.add_argument("--ef-construction", type=int, default=40)
    p.add_argument("--sweep", default="", help="comma-separated parameter values; empty: defaults")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--threads", default="1,2")
    p.add_argument("--repetitions", type=int, default=3)
    p.add_argument("--single-queries", type=int, default=1000)
    a = p.parse_args()
    threads = [int(t) for t in a.threads.split(",") if t.strip()]
    sweep = [int(v) for v in a.sweep.split(",") if v.strip()] or [-1]

    try:
        import numpy as np

        engine = Faiss(a) if a.engine == "faiss" else Hnswlib(a)
    except ImportError as e:
        print(json.dumps({"error": "missing", "message": str(e)}))
        return 3

    xb, xq, gt = load(a, np)
    k, reps = a.k, a.repetitions
    singles = [np.ascontiguousarray(xq[i : i + 1]) for i in range(min(a.single_queries, a.nq))]
    t0 = time.perf_counter()
    engine.build(xb)
    build_s = time.perf_counter() - t0
    index_bytes = engine.index_bytes()
    log(f"{engine.version} {a.factory}: build {build_s:.3f} s, {index_bytes} bytes")

    points = []
    labels_out = np.full((len(sweep), a.nq, k), -1, dtype="<i8")
    for ti, t in enumerate(threads):
        engine.set_threads(t)
        for si, value in enumerate(sweep):
            if value >= 0:
                engine.set_param(value)
            engine.search(xq, k)  # warm-up
            batch_qps = []
            labels = None
            for _ in range(reps):
                s = time.perf_counter()
                labels = engine.search(xq, k)
                batch_qps.append(a.nq / (time.perf_counter() - s))
            if ti == 0:
                labels_out[si] = labels.astype("<i8")
            for q in singles:  # warm-up
                engine.search(q, k)
            single_qps, latencies_ms = [], []
            for _ in range(reps):
                total = 0
                for q in singles:
                    s = time.perf_counter_ns()
                    engine.search(q, k)
                    e = time.perf_counter_ns() - s
                    total += e
                    latencies_ms.append(e / 1e6)
                single_qps.append(len(singles) / (total / 1e9))
            log(f"{a.engine} t={t} value {value}: batch {sorted(batch_qps)[len(batch_qps) // 2]:.1f} QPS")
            points.append(
                {
                    "value": value,
                    "threads": t,
                    "batch_qps": batch_qps,
                    "single_qps": single_qps,
                    "latencies_ms": latencies_ms,
                }
            )
    labels_out.tofile(a.labels_out)
    out = {
        "engine": a.engine,
        "version": engine.version + f", numpy {np.__version__}, Python {sys.version.split()[0]}",
        "build_s": build_s,
        "index_bytes": index_bytes,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "sweep": sweep,
        "check": check_block(xb, xq, gt, np),
        "points": points,
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
