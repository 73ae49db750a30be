#!/usr/bin/env python3
"""scikit-learn's AgglomerativeClustering (average linkage, cosine) on float32 embeddings.

Usage: sklearn-cluster.py FILE DIM DISTANCE_THRESHOLD  ->  {"ms": ..., "clusters": ...}
Debian: apt-get install -y python3-sklearn
"""
import json
import sys
import time

import numpy as np
from sklearn.cluster import AgglomerativeClustering

path, dim, threshold = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
x = np.fromfile(path, dtype=np.float32).reshape(-1, dim)
t0 = time.perf_counter()
model = AgglomerativeClustering(
    n_clusters=None, distance_threshold=threshold, metric="cosine", linkage="average"
).fit(x)
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"ms": ms, "clusters": int(model.n_clusters_)}))
