#!/usr/bin/python3
"""FAISS side of Annvil's Fashion-MNIST flat benchmark (run with Debian's /usr/bin/python3).

Loads the same IDX files as dev.annvil.bench.FashionMnist (raw uint8 pixels as float32, 784-d),
builds faiss.IndexFlatL2 over the 60,000 train vectors and, for each thread count
(faiss.omp_set_num_threads), measures exactly what dev.annvil.bench.FlatBenchmark measures:

* build: seconds to create the index and add the train vectors (once);
* batch: the first --queries test vectors in one search call, one untimed warm-up,
  then --repetitions timed calls (QPS = queries / seconds);
* single: the first --single-queries test vectors one search call each, one untimed warm-up
  pass, then --repetitions timed passes (QPS = n / seconds of the pass; every call's latency, ms).

Prints one JSON object on stdout (raw samples; the Java side summarises both engines alike),
progress on stderr. With --labels-out FILE, writes the labels of the first thread count's last
batch repetition there as little-endian int64, queries x k, row-major.
If faiss cannot be imported, prints {"error": "faiss-missing", ...} and exits with status 3.
"""

import argparse
import gzip
import json
import os
import struct
import sys
import time

IDX3_UBYTE_MAGIC = 0x00000803
DIM = 784


def log(msg):
    print("# " + msg, file=sys.stderr, flush=True)


def read_images(path, expected_count):
    """Reads an IDX3 unsigned-byte image file (gzip if the name ends in .gz) as float32 rows."""
    import numpy as np

    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 16:
        raise ValueError(f"{path}: truncated IDX header")
    magic, count, rows, cols = struct.unpack(">iiii", data[:16])
    if magic != IDX3_UBYTE_MAGIC:
        raise ValueError(f"{path}: not an IDX3 unsigned-byte image file: magic 0x{magic:08x}")
    if count != expected_count or rows * cols != DIM:
        raise ValueError(f"{path}: expected {expected_count} x {DIM}, got {count} x {rows} x {cols}")
    if len(data) != 16 + count * rows * cols:
        raise ValueError(f"{path}: {len(data) - 16} pixel bytes, expected {count * rows * cols}")
    pixels = np.frombuffer(data, dtype=np.uint8, offset=16)
    return np.ascontiguousarray(pixels.reshape(count, rows * cols).astype(np.float32))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data-dir", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    p.add_argument("--queries", type=int, default=10000, help="test vectors in the batch search")
    p.add_argument("--single-queries", type=int, default=1000)
    p.add_argument("--repetitions", type=int, default=3)
    p.add_argument("--labels-out", default=None)
    a = p.parse_args()
    threads = [int(t) for t in a.threads.split(",") if t.strip()]

    try:
        import faiss
        import numpy as np
    except ImportError as e:
        print(json.dumps({"error": "faiss-missing", "message": str(e)}))
        return 3

    xb = read_images(os.path.join(a.data_dir, "train-images-idx3-ubyte.gz"), 60000)
    xt = read_images(os.path.join(a.data_dir, "t10k-images-idx3-ubyte.gz"), 10000)
    nq, ns, k, reps = a.queries, a.single_queries, a.k, a.repetitions
    if max(nq, ns) > xt.shape[0]:
        raise ValueError(f"only {xt.shape[0]} test vectors")
    xq = np.ascontiguousarray(xt[:nq])
    singles = [np.ascontiguousarray(xt[i : i + 1]) for i in range(ns)]

    t0 = time.perf_counter()
    index = faiss.IndexFlatL2(DIM)
    index.add(xb)
    build_s = time.perf_counter() - t0
    log(f"FAISS {faiss.__version__}: build {build_s:.3f} s")

    runs = []
    first_labels = None
    for t in threads:
        faiss.omp_set_num_threads(t)
        index.search(xq, k)  # warm-up
        batch_qps = []
        labels = None
        for r in range(reps):
            s = time.perf_counter()
            _, labels = index.search(xq, k)
            batch_qps.append(nq / (time.perf_counter() - s))
            log(f"FAISS t={t} batch rep {r + 1}: {batch_qps[-1]:.1f} QPS")
        if first_labels is None:
            first_labels = labels
        for q in singles:  # warm-up
            index.search(q, k)
        single_qps = []
        latencies_ms = []
        for r in range(reps):
            total = 0
            for q in singles:
                s = time.perf_counter_ns()
                index.search(q, k)
                e = time.perf_counter_ns() - s
                total += e
                latencies_ms.append(e / 1e6)
            single_qps.append(ns / (total / 1e9))
            log(f"FAISS t={t} single rep {r + 1}: {single_qps[-1]:.1f} QPS")
        runs.append(
            {"threads": t, "batch_qps": batch_qps, "single_qps": single_qps, "latencies_ms": latencies_ms}
        )

    if a.labels_out:
        first_labels.astype("<i8").tofile(a.labels_out)
    options = faiss.get_compile_options() if hasattr(faiss, "get_compile_options") else ""
    out = {
        "engine": "FAISS",
        "faiss_version": faiss.__version__,
        "numpy_version": np.__version__,
        "compile_options": options.strip(),
        "python": sys.version.split()[0],
        "nb": int(xb.shape[0]),
        "nq": nq,
        "d": DIM,
        "k": k,
        "build_s": build_s,
        "runs": runs,
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
