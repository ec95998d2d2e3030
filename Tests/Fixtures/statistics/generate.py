#!/usr/bin/env python3
"""Reference values for PonderEval's statistics tests.

Run from anywhere: `python3 Tests/Fixtures/statistics/generate.py`. It rewrites the JSON files beside
it; the Swift tests in Tests/PonderEvalTests/Statistics read them. Requirements: numpy, scipy,
statsmodels and rliable (`pip install rliable` brings statsmodels along). The values are computed here
independently of the Swift code: with the reference libraries where one exists (rliable for its
aggregates and probability of improvement, statsmodels for Wilson, McNemar and Holm, numpy for
percentiles, scipy for ranks and binomial tails), and otherwise by brute force (exact fractions for
pass@k and maj@k, all permutations for Kemeny-Young, all bootstrap resamples for the exact bootstrap
distributions).

Exact bootstrap distributions: for a small data set, every resample (each ordered draw of indices with
replacement, all equally likely) is enumerated, and the distribution of the statistic is written as
sorted support values with probabilities. The Swift tests run their Monte Carlo bootstrap and check that
each percentile lands where the exact CDF puts that quantile, within Monte Carlo error.
"""

import itertools
import json
import math
import os
from collections import Counter
from fractions import Fraction

import numpy as np
import scipy.stats
from rliable import metrics as rly
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(20240611)


def write(name, payload):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(payload, f, indent=1, sort_keys=True)
        f.write("\n")


# --- Wilson -------------------------------------------------------------------------------------
def wilson():
    cases = []
    for successes, count in [(0, 1), (1, 1), (0, 10), (8, 10), (10, 10), (37, 50), (1, 3), (512, 1000), (3, 2000)]:
        low, high = proportion_confint(successes, count, alpha=0.05, method="wilson")
        cases.append({"successes": successes, "count": count, "low": float(low), "high": float(high)})
    write("wilson.json", {"cases": cases})


# --- McNemar ------------------------------------------------------------------------------------
def mcnemar_cases():
    cases = []
    pairs = [(0, 0), (1, 0), (0, 1), (3, 3), (12, 3), (3, 12), (7, 2), (25, 40), (100, 70), (5000, 4800),
             (60000, 59000), (150000, 149999), (2, 30)]
    for b, c in pairs:
        exact = mcnemar([[0, b], [c, 0]], exact=True).pvalue if b + c > 0 else 1.0
        m, n = min(b, c), b + c
        midp = 2 * scipy.stats.binom.cdf(m, n, 0.5) - scipy.stats.binom.pmf(m, n, 0.5) if n > 0 else 1.0
        cases.append({"only_a": b, "only_b": c, "exact_p": float(exact), "mid_p": float(min(1.0, midp))})
    # Tails of Binomial(n, 1/2) on both sides of the middle, for the stable summation.
    tails = []
    for n, m in [(10, 3), (10, 5), (10, 7), (101, 50), (101, 51), (2000, 950), (2000, 1050), (1, 0), (0, 0)]:
        tails.append({"n": n, "m": m, "cdf": float(scipy.stats.binom.cdf(m, n, 0.5)),
                      "pmf": float(scipy.stats.binom.pmf(m, n, 0.5))})
    write("mcnemar.json", {"cases": cases, "tails": tails})


# --- Holm ---------------------------------------------------------------------------------------
def holm():
    cases = []
    for p in [[0.01, 0.04, 0.03], [0.5], [0.001, 0.2, 0.2, 0.049, 0.9], [0.3, 0.01, 0.02, 0.02], [1.0, 1.0]]:
        adjusted = multipletests(p, alpha=0.05, method="holm")[1]
        cases.append({"p": p, "adjusted": [float(x) for x in adjusted]})
    write("holm.json", {"cases": cases})


# --- Percentiles --------------------------------------------------------------------------------
def percentiles():
    cases = []
    for size in [1, 2, 5, 10, 37]:
        values = RNG.normal(size=size).round(3).tolist()
        qs = [0, 0.025, 0.25, 0.5, 0.7, 0.975, 1]
        cases.append({"values": values, "q": qs,
                      "percentile": [float(np.percentile(values, 100 * q, method="linear")) for q in qs]})
    write("percentile.json", {"cases": cases})


# --- rliable aggregates and probability of improvement --------------------------------------------
def aggregates():
    cases = []
    shapes = [(1, 1), (5, 1), (3, 4), (10, 5), (7, 3)]
    for runs, tasks in shapes:
        matrix = RNG.uniform(-0.2, 1.2, size=(runs, tasks)).round(2)  # rounding makes ties
        cases.append({
            "task_run_scores": matrix.T.tolist(),
            "mean": float(rly.aggregate_mean(matrix)),
            "median": float(rly.aggregate_median(matrix)),
            "iqm": float(rly.aggregate_iqm(matrix)),
            "optimality_gap": float(rly.aggregate_optimality_gap(matrix)),
        })
    # Unequal runs per task (rliable needs a rectangle): tasks weigh equally in mean and median, cells
    # are pooled for IQM and the optimality gap.
    ragged = [RNG.uniform(0, 1, size=r).round(2).tolist() for r in (2, 5, 3)]
    pooled = np.concatenate([np.array(t) for t in ragged])
    task_means = [float(np.mean(t)) for t in ragged]
    cases.append({
        "task_run_scores": ragged,
        "mean": float(np.mean(task_means)),
        "median": float(np.median(task_means)),
        "iqm": float(scipy.stats.trim_mean(pooled, 0.25)),
        "optimality_gap": float(1 - np.mean(np.minimum(pooled, 1))),
    })

    improvement = []
    for runs_x, runs_y, tasks in [(5, 5, 1), (3, 4, 3), (10, 10, 5)]:
        x = RNG.integers(0, 6, size=(runs_x, tasks)) / 5  # coarse, so ties happen
        y = RNG.integers(0, 6, size=(runs_y, tasks)) / 5
        improvement.append({"x": x.T.tolist(), "y": y.T.tolist(),
                            "probability": float(rly.probability_of_improvement(x, y))})
    same = RNG.integers(0, 3, size=(4, 2)) / 2
    improvement.append({"x": same.T.tolist(), "y": same.T.tolist(),
                        "probability": float(rly.probability_of_improvement(same, same))})

    profile = []
    matrix = RNG.uniform(0, 1, size=(6, 3)).round(1)
    taus = [0.0, 0.1, 0.35, 0.5, 0.9, 1.0]
    profile.append({"task_run_scores": matrix.T.tolist(), "taus": taus,
                    "fraction": [float(np.mean(matrix > t)) for t in taus]})  # rliable.run_score_deviation
    write("aggregates.json", {"aggregates": cases, "probability_of_improvement": improvement, "profiles": profile})


# --- pass@k and maj@k -----------------------------------------------------------------------------
def pass_at_k():
    cases = []
    for n, c, k in [(1, 0, 1), (1, 1, 1), (10, 2, 1), (10, 2, 5), (10, 0, 3), (10, 10, 10), (10, 7, 4),
                    (200, 13, 1), (200, 13, 16), (200, 13, 100), (256, 1, 128), (64, 3, 64)]:
        exact = 1 - Fraction(math.comb(n - c, k), math.comb(n, k))
        cases.append({"n": n, "c": c, "k": k, "pass_at_k": float(exact)})
    write("pass_at_k.json", {"cases": cases})


def majority_credit(drawn):
    """Credit of one subset: drawn is a list of (answer or None, correct)."""
    votes = Counter(a for a, _ in drawn if a is not None)
    if not votes:
        return Fraction(0)
    top = max(votes.values())
    modes = [a for a, v in votes.items() if v == top]
    return sum(class_credit[a] for a in modes) / len(modes)


class_credit = {}


def maj_at_k_bruteforce(answers, correct, k):
    class_credit.clear()
    for a in set(x for x in answers if x is not None):
        members = [c for x, c in zip(answers, correct) if x == a]
        class_credit[a] = Fraction(sum(members), len(members))
    samples = list(zip(answers, correct))
    total, count = Fraction(0), 0
    for subset in itertools.combinations(range(len(samples)), k):
        total += majority_credit([samples[i] for i in subset])
        count += 1
    return total / count


def maj_at_k_by_counts(sizes, credits, abstentions, k):
    """Enumerates how many samples each class draws (an independent route to the same number)."""
    n = sum(sizes) + abstentions
    total = Fraction(0)
    ranges = [range(0, min(s, k) + 1) for s in sizes]
    for drawn in itertools.product(*ranges):
        rest = k - sum(drawn)
        if rest < 0 or rest > abstentions:
            continue
        ways = math.comb(abstentions, rest)
        for s, d in zip(sizes, drawn):
            ways *= math.comb(s, d)
        top = max(drawn) if drawn else 0
        if top == 0:
            continue
        modes = [j for j, d in enumerate(drawn) if d == top]
        total += ways * sum(credits[j] for j in modes) / len(modes)
    return total / math.comb(n, k)


def maj_at_k():
    cases = []
    small = [
        (["4", "4", "5", None], [True, True, False, False]),
        (["a", "b", "c", "a", "b", "c"], [True, False, False, True, False, False]),
        (["x", "y", "y", "z", "x", "x", "y", None, None, "w"], [True, False, False, False, True, True, False, False, False, False]),
        ([None, None, "7"], [False, False, True]),
        (["1", "2", "3", "4", "5", "1", "2", "6", "1", "9", "9", "9"], [True] * 1 + [False] * 4 + [True, False, False, True, False, False, False]),
    ]
    for answers, correct in small:
        for k in range(1, len(answers) + 1):
            cases.append({"answers": answers, "correct": correct, "k": k,
                          "maj_at_k": float(maj_at_k_bruteforce(answers, correct, k))})
    # Larger problems, counted by class sizes (too many subsets to list one by one).
    large = []
    for sizes, credits, abstentions, ks in [
        ([20, 9, 6, 3, 1, 1], [1, 0, 0, 0, 0, 0], 4, [1, 2, 4, 8, 16, 32, 44]),
        ([12, 12, 8, 4], [0, 1, 0, 0], 0, [1, 3, 8, 17, 36]),
        ([5, 5, 5, 5, 5, 5, 5, 5], [1, 0, 0, 0, 0, 0, 0, 0], 2, [2, 5, 9, 21]),
    ]:
        for k in ks:
            value = maj_at_k_by_counts(sizes, [Fraction(c) for c in credits], abstentions, k)
            large.append({"sizes": sizes, "credits": credits, "abstentions": abstentions, "k": k,
                          "maj_at_k": float(value)})
    write("maj_at_k.json", {"cases": cases, "by_class": large})


# --- Rankings -------------------------------------------------------------------------------------
def kemeny_bruteforce(task_means, tie_break):
    n = len(task_means[0])
    h = [[0] * n for _ in range(n)]
    for means in task_means:
        for i in range(n):
            for j in range(n):
                if i != j:
                    h[i][j] += 2 if means[i] > means[j] else (1 if means[i] == means[j] else 0)
    best, best_value = None, -1
    for positions in itertools.permutations(range(n)):  # lexicographic over tie_break positions
        order = [tie_break[p] for p in positions]
        value = sum(h[order[p]][order[q]] for p in range(n) for q in range(p + 1, n))
        if value > best_value:
            best, best_value = order, value
    pairs = n * (n - 1) // 2
    return best, (1.0 if pairs == 0 else best_value / (2 * pairs * len(task_means)))


def rankings():
    cases = []
    specs = [
        np.array([[0.9, 0.5, 0.7]]),
        np.array([[0.9, 0.5, 0.7], [0.2, 0.6, 0.6], [0.5, 0.4, 0.3]]),
        # a Condorcet cycle: every order has the same agreement, so the tie-break decides
        np.array([[3, 2, 1], [1, 3, 2], [2, 1, 3]], dtype=float),
        # mean, Borda and Kemeny disagree: one task with a huge spread carries the mean
        np.array([[0.0, 0.1, 0.2], [0.0, 0.1, 0.2], [0.9, 0.1, 0.2], [0.0, 0.1, 0.2], [1.0, 0.3, 0.1]]),
        (RNG.integers(0, 5, size=(6, 7)) / 4),
        (RNG.uniform(0, 1, size=(4, 8))).round(1),
    ]
    for matrix in specs:
        task_means = matrix.tolist()
        means = matrix.mean(axis=0)
        n = matrix.shape[1]
        mean_ranks = scipy.stats.rankdata(-means, method="average")
        tie_break = sorted(range(n), key=lambda s: (mean_ranks[s], s))
        task_ranks = np.array([scipy.stats.rankdata(-row, method="average") for row in matrix])
        borda_scores = task_ranks.mean(axis=0)
        borda_ranks = scipy.stats.rankdata(borda_scores, method="average")
        order, agreement = kemeny_bruteforce(task_means, tie_break)
        cases.append({
            "task_means": task_means,
            "means": means.tolist(),
            "mean_ranks": mean_ranks.tolist(),
            "tie_break": tie_break,
            "borda_scores": borda_scores.tolist(),
            "borda_ranks": borda_ranks.tolist(),
            "kemeny_order": order,
            "kemeny_agreement": agreement,
        })
    write("rankings.json", {"cases": cases})


# --- Exact bootstrap distributions ---------------------------------------------------------------
def distribution(values_and_weights):
    """Collapse (value, probability) pairs into sorted support and probabilities."""
    table = {}
    for value, weight in values_and_weights:
        key = round(float(value), 12)
        table[key] = table.get(key, 0.0) + weight
    support = sorted(table)
    return {"support": support, "probability": [table[v] for v in support]}


def all_draws(n):
    return list(itertools.product(range(n), repeat=n))


def stratified_runs_case():
    # Task levels differ a lot, so forgetting the stratification would show.
    tasks = [[0.05, 0.3, 0.2], [0.7, 0.95, 1.0], [0.4, 0.6]]
    per_task = [all_draws(len(t)) for t in tasks]
    weight = 1.0 / math.prod(len(d) for d in per_task)
    stats = {"mean": [], "median": [], "iqm": [], "optimality_gap": []}
    for combo in itertools.product(*per_task):
        resampled = [[tasks[t][i] for i in draw] for t, draw in enumerate(combo)]
        task_means = [np.mean(r) for r in resampled]
        pooled = np.concatenate([np.array(r) for r in resampled])
        stats["mean"].append((np.mean(task_means), weight))
        stats["median"].append((np.median(task_means), weight))
        stats["iqm"].append((scipy.stats.trim_mean(pooled, 0.25), weight))
        stats["optimality_gap"].append((1 - np.mean(np.minimum(pooled, 1)), weight))
    profile_taus = [0.3, 0.6, 0.85]
    profiles = []
    for tau in profile_taus:
        values = []
        for combo in itertools.product(*per_task):
            pooled = [tasks[t][i] for t, draw in enumerate(combo) for i in draw]
            values.append((np.mean(np.array(pooled) > tau), weight))
        profiles.append(distribution(values))
    return {"task_run_scores": tasks, "statistics": {k: distribution(v) for k, v in stats.items()},
            "profile_taus": profile_taus, "profiles": profiles}


def paired_difference_case():
    units = [{"difference_sum": 1, "runs": 1}, {"difference_sum": 0, "runs": 1}, {"difference_sum": -1, "runs": 1},
             {"difference_sum": 2, "runs": 2}, {"difference_sum": 1, "runs": 2}, {"difference_sum": 0, "runs": 2}]
    n = len(units)
    values = []
    for draw in all_draws(n):
        total = sum(units[i]["difference_sum"] for i in draw)
        runs = sum(units[i]["runs"] for i in draw)
        values.append((total / runs, 1.0 / n ** n))
    return {"units": units, "distribution": distribution(values)}


def improvement_runs_case():
    x = [[0.2, 0.6, 0.9], [0.5, 0.5, 0.1]]
    y = [[0.4, 0.7], [0.3, 0.5]]
    per_task = [list(itertools.product(all_draws(len(xt)), all_draws(len(yt)))) for xt, yt in zip(x, y)]
    weight = 1.0 / math.prod(len(d) for d in per_task)
    values = []
    for combo in itertools.product(*per_task):
        xs = [[x[t][i] for i in dx] for t, (dx, _) in enumerate(combo)]
        ys = [[y[t][i] for i in dy] for t, (_, dy) in enumerate(combo)]
        rx, ry = np.array(xs).T, np.array(ys).T
        values.append((rly.probability_of_improvement(rx, ry), weight))
    return {"x": x, "y": y, "distribution": distribution(values)}


def problems_case():
    # One task, five problems, two runs; run 1 has no score on problem 4. A resample draws problems
    # and recomputes each run's mean over the drawn problems it has; the statistic is the mean of the
    # run means (runs with no drawn problem are left out).
    scores = [[1, 0, 1, 1, None], [0, 0, 1, 1, 1]]  # scores[run][problem]
    n = len(scores[0])
    values = []
    for draw in all_draws(n):
        means = []
        for run in scores:
            drawn = [run[p] for p in draw if run[p] is not None]
            if drawn:
                means.append(np.mean(drawn))
        values.append((np.mean(means), 1.0 / n ** n))
    return {"runs": [[{"problem": p, "score": s} for p, s in enumerate(run) if s is not None] for run in scores],
            "problem_count": n, "distribution": distribution(values)}


def bootstrap_exact():
    write("bootstrap_exact.json", {
        "stratified_runs": stratified_runs_case(),
        "paired_difference": paired_difference_case(),
        "improvement_runs": improvement_runs_case(),
        "problems": problems_case(),
    })


if __name__ == "__main__":
    wilson()
    mcnemar_cases()
    holm()
    percentiles()
    aggregates()
    pass_at_k()
    maj_at_k()
    rankings()
    bootstrap_exact()
