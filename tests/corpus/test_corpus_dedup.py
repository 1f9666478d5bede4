"""Near-duplicate detection measured on generated code: copies with about 10% of their lines edited
must be found (recall), independently generated files must not be joined (precision)."""

import random

import numpy as np

from hpccoder.corpus import dedup

TYPES = ["int", "double", "float", "size_t", "long"]
OPS = ["+", "-", "*", "/"]


def _ident(rng: random.Random) -> str:
    return rng.choice("abcdefghijklmnopqrstuvwxyz") + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789_")
                                                              for _ in range(rng.randint(3, 9)))


def _statement(rng: random.Random) -> str:
    a, b, c = _ident(rng), _ident(rng), _ident(rng)
    form = rng.randrange(4)
    if form == 0:
        return f"    {rng.choice(TYPES)} {a} = {b} {rng.choice(OPS)} {c};"
    if form == 1:
        return f"    for (int {a} = 0; {a} < {b}; ++{a}) {c}[{a}] {rng.choice(OPS)}= {rng.randint(1, 99)};"
    if form == 2:
        return f"    if ({a} > {b}) {{ {c} = {a} {rng.choice(OPS)} {rng.randint(1, 99)}; }}"
    return f"    {a} = {b}({c}, {rng.randint(0, 9)});"


def generate_file(rng: random.Random, lines: int = 60) -> list[str]:
    out = []
    for _ in range(lines // 12):
        out.append(f"{rng.choice(TYPES)} {_ident(rng)}({rng.choice(TYPES)} {_ident(rng)}, int {_ident(rng)}) {{")
        out.extend(_statement(rng) for _ in range(10))
        out.append("}")
    return out


def edit(rng: random.Random, lines: list[str], fraction: float = 0.10) -> list[str]:
    """Edit `fraction` of the lines the way near-duplicates differ: in 3 of 5 edits one identifier or
    number of the line changes, in 1 of 5 a new line comes in, in 1 of 5 the line goes."""
    lines = list(lines)
    for _ in range(max(1, round(fraction * len(lines)))):
        i = rng.randrange(len(lines))
        action = rng.randrange(5)
        if action < 3:
            words = lines[i].split(" ")
            j = rng.randrange(len(words))
            words[j] = _ident(rng)
            lines[i] = " ".join(words)
        elif action == 3 and len(lines) > 1:
            del lines[i]
        else:
            lines.insert(i, _statement(rng))
    return lines


def test_lsh_parameters_put_the_threshold_at_the_s_curve():
    bands, rows = dedup.lsh_params(0.7, 128)
    assert bands * rows <= 128
    # candidate probability 1-(1-s^r)^b: low well below the threshold, and high already at it (a pair at
    # the threshold used to be a candidate only 44% of the time: half the duplicates there were kept)
    prob = lambda s: 1 - (1 - s**rows) ** bands  # noqa: E731
    assert prob(0.3) < 0.1 and prob(0.7) >= 0.95 and prob(0.75) > 0.99


def test_identical_texts_have_identical_signatures_across_calls():
    text = "\n".join(generate_file(random.Random(1)))
    assert np.array_equal(dedup.signature(text), dedup.signature(text))
    assert dedup.jaccard_estimate(dedup.signature(text), dedup.signature(text + "\nint x;")) > 0.9


def test_near_duplicate_recall_and_precision():
    rng = random.Random(42)
    originals = [generate_file(rng) for _ in range(60)]
    copies = [edit(rng, f, 0.10) for f in originals]
    unrelated = [generate_file(rng) for _ in range(200)]
    texts = ["\n".join(f) for f in originals + copies + unrelated]
    sigs = np.stack([dedup.signature(t) for t in texts])
    roots = dedup.near_duplicates(sigs, threshold=0.7)
    n = len(originals)
    found = sum(roots[n + i] == roots[i] for i in range(n))
    recall = found / n
    # every pair joined that is not (original, its copy) is a false positive
    joined_wrongly = 0
    groups: dict[int, list[int]] = {}
    for i, r in enumerate(roots):
        groups.setdefault(int(r), []).append(i)
    true_pairs = joined_pairs = 0
    for members in groups.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                joined_pairs += 1
                i, j = members[a], members[b]
                if j - i == n and i < n:
                    true_pairs += 1
                else:
                    joined_wrongly += 1
    precision = true_pairs / joined_pairs if joined_pairs else 1.0
    print(f"recall {recall:.3f} precision {precision:.3f} ({joined_wrongly} wrong pairs)")
    assert recall >= 0.9
    assert precision >= 0.95


def test_heavily_edited_copies_are_not_near_duplicates():
    rng = random.Random(5)
    originals = [generate_file(rng) for _ in range(40)]
    texts = ["\n".join(f) for f in originals] + ["\n".join(edit(rng, f, 0.8)) for f in originals]
    roots = dedup.near_duplicates(np.stack([dedup.signature(t) for t in texts]), 0.7)
    joined = sum(roots[40 + i] == roots[i] for i in range(40))
    assert joined <= 4


def test_unrelated_files_are_all_kept():
    rng = random.Random(7)
    texts = ["\n".join(generate_file(rng)) for _ in range(100)]
    roots = dedup.near_duplicates(np.stack([dedup.signature(t) for t in texts]), 0.7)
    assert list(roots) == list(range(100))


def test_the_first_file_of_a_cluster_is_kept():
    rng = random.Random(3)
    base = generate_file(rng)
    texts = ["\n".join(generate_file(rng)), "\n".join(base), "\n".join(edit(rng, base, 0.05))]
    roots = dedup.near_duplicates(np.stack([dedup.signature(t) for t in texts]), 0.7)
    assert list(roots) == [0, 1, 1]


def test_pairs_just_above_the_threshold_are_found():
    # pairs of signatures agreeing on 92/128 values (estimate 0.72): every pair must be joined
    rng = np.random.default_rng(0)
    sigs = []
    for _ in range(200):
        a = rng.integers(0, 2**32, size=128, dtype=np.uint64).astype(np.uint32)
        b = a.copy()
        changed = rng.choice(128, size=36, replace=False)
        b[changed] = rng.integers(0, 2**32, size=36, dtype=np.uint64).astype(np.uint32)
        sigs += [a, b]
    roots = dedup.near_duplicates(np.stack(sigs), 0.7)
    assert all(roots[2 * i + 1] == 2 * i for i in range(200))


def test_a_bucket_shared_with_an_unrelated_earlier_file_still_joins_the_copies():
    # two copies (81% of their values agree) whose only common band is also held by an earlier,
    # unrelated file: comparing each member with the bucket's first only never compared the copies
    bands, rows = dedup.lsh_params(0.7, 128)
    rng = np.random.default_rng(1)
    copy_a = rng.integers(0, 2**32, size=128, dtype=np.uint64).astype(np.uint32)
    copy_b = copy_a.copy()
    copy_b[[band * rows for band in range(1, bands)]] += 1  # one value off in every other band
    unrelated = rng.integers(0, 2**32, size=128, dtype=np.uint64).astype(np.uint32)
    unrelated[:rows] = copy_a[:rows]
    sigs = np.stack([unrelated, copy_a, copy_b])
    assert dedup.jaccard_estimate(copy_a, copy_b) >= 0.7 > dedup.jaccard_estimate(unrelated, copy_a)
    assert list(dedup.near_duplicates(sigs, 0.7)) == [0, 1, 1]
