"""Near-duplicate detection: MinHash signatures of token shingles, and LSH banding over them.

Signatures are computed per file in the workers; clustering needs every signature at once and runs
in the main process (num_perm x 4 bytes per file: 512 bytes at 128 permutations).
"""

from __future__ import annotations

import re
import zlib

import numpy as np

_WORD = re.compile(r"\w+")
_MASK32 = np.uint64(0xFFFFFFFF)


def _params(num_perm: int, shingle: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0x5EED)  # fixed: signatures must agree across processes and runs
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    r = rng.integers(1, 2**63, size=shingle, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    return a, b, r


_PARAMS: dict[tuple[int, int], tuple] = {}


def token_hashes(text: str) -> np.ndarray:
    tokens = _WORD.findall(text)
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    table: dict[str, int] = {}
    ids = np.array([table.setdefault(t, len(table)) for t in tokens], dtype=np.int64)
    return np.array([zlib.crc32(t.encode()) for t in table], dtype=np.uint64)[ids]


def shingle_hashes(text: str, shingle: int) -> np.ndarray:
    """The hashes of the `shingle`-token windows of `text` (word tokens; repeats do not change a minimum)."""
    toks = token_hashes(text)
    if len(toks) == 0:
        return toks
    k = min(shingle, len(toks))
    r = _PARAMS.setdefault((0, shingle), _params(1, shingle))[2]
    n = len(toks) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h += toks[j:j + n] * r[j]
    return h


def signature(text: str, num_perm: int = 128, shingle: int = 5) -> np.ndarray:
    """MinHash signature (uint32[num_perm]) with multiply-shift hashing: h_i(x) = (a_i x + b_i) >> 32 mod 2^64."""
    a, b, _ = _PARAMS.setdefault((num_perm, shingle), _params(num_perm, shingle))
    sh = shingle_hashes(text, shingle)
    sig = np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for start in range(0, len(sh), 4096):
            block = sh[start:start + 4096, None]
            sig = np.minimum(sig, ((block * a + b) >> np.uint64(32)).min(axis=0))
    return sig.astype(np.uint32)


def jaccard_estimate(s1: np.ndarray, s2: np.ndarray) -> float:
    return float(np.mean(s1 == s2))


def lsh_params(threshold: float, num_perm: int, recall: float = 0.95) -> tuple[int, int]:
    """(bands, rows) with bands*rows <= num_perm: the longest bands (fewest candidates) that still make a
    pair at the threshold a candidate with probability >= `recall`, that probability being 1-(1-s^r)^b.
    Every candidate is confirmed on its signatures, so a spare candidate costs a comparison; a missed
    one is a duplicate kept (or split across train and validation). Balancing false positives against
    false negatives put the threshold mid-curve, where half the pairs at it were never compared."""
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands >= recall:
            return bands, rows
    return num_perm, 1


_MAX_PAIR_SPAN = 64  # members of a bucket compared pairwise up to this far apart (in corpus order)


def near_duplicates(signatures: np.ndarray, threshold: float) -> np.ndarray:
    """For signatures (N x num_perm, in corpus order), the index of the cluster each row belongs to:
    the first row of its cluster. Rows whose value differs from their own index are near-duplicates.
    A pair is joined when it shares an LSH bucket and its estimated Jaccard is >= threshold."""
    n, num_perm = signatures.shape
    parent = np.arange(n)

    def find(i: int) -> int:
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    if n < 2:
        return parent
    bands, rows = lsh_params(threshold, num_perm)
    rng = np.random.default_rng(7)
    mix = rng.integers(1, 2**63, size=rows, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    sig64 = signatures.astype(np.uint64)
    for band in range(bands):
        cols = sig64[:, band * rows:(band + 1) * rows]
        with np.errstate(over="ignore"):
            keys = (cols * mix).sum(axis=1)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        group = np.cumsum(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        # pairs of the same bucket: (k, k+d) in sorted order for d up to _MAX_PAIR_SPAN (every pair of a
        # smaller bucket), and every member with the bucket's first. Only the first would miss a pair
        # of copies whose bucket an unrelated earlier file shares.
        starts = np.r_[True, group[1:] != group[:-1]]
        group_first = order[np.maximum.accumulate(np.where(starts, np.arange(n), 0))]
        pairs = [(order[group_first != order], group_first[group_first != order])]
        for d in range(1, _MAX_PAIR_SPAN):
            same = np.nonzero(group[d:] == group[:-d])[0]
            if len(same) == 0:
                break  # no bucket has more than d members
            pairs.append((order[same + d], order[same]))
        left, right = np.concatenate([p[0] for p in pairs]), np.concatenate([p[1] for p in pairs])
        for start in range(0, len(left), 65536):
            li, ri = left[start:start + 65536], right[start:start + 65536]
            est = (signatures[li] == signatures[ri]).mean(axis=1)
            for i, j in zip(li[est >= threshold], ri[est >= threshold]):
                a, b = find(int(i)), find(int(j))
                if a != b:
                    parent[max(a, b)] = min(a, b)  # the earliest file of a cluster is the one kept
    return np.array([find(i) for i in range(n)])
