#!/usr/bin/env python3
"""Regenerates the leaderboard tables of README.md from the committed reports, so
that the README's numbers are the reports' numbers.

A table sits between two HTML comments; everything between them is replaced:

    <!-- table:ml-latest-small -->          a stream's board (its only one)
    <!-- table:sim-sudden:t0=12 -->         one board of a stream with several
    <!-- table:ranking -->                  the ranking across streams
    ...
    <!-- /table -->

Tables are made from REPORTS/STREAM/leaderboard.csv and REPORTS/ranking.csv
(written by `crbench leaderboard`). Method specs are shortened to their registry
name where that is unique on the board, else to the name with the arguments
that tell its specs apart.

usage: scripts/readme_tables.py [--check] [--readme README.md] [--reports reports/default]
  --check   change nothing; exit 1 and name the tables that differ from what
            would be generated (tests/scripts/readme_tables_test.cpp runs this)
Exit status: 0 up to date (or rewritten), 1 differences found by --check,
2 bad input (a marker without its closing comment, a stream without reports).
"""
import argparse
import csv
import math
import os
import re
import sys

OPEN = re.compile(r"^<!-- table:([^ ]+?) -->$")
CLOSE = "<!-- /table -->"


class BadInput(Exception):
    pass


def number(text):
    return float(text) if text not in ("", "nan") else math.nan


def fmt(text, spec):
    v = number(text)
    return "–" if math.isnan(v) else format(v, spec)


def spec_arguments(spec):
    """The key=value arguments of 'name(k=v,...)', in order ([] without any)."""
    if "(" not in spec or not spec.endswith(")"):
        return []
    return [a.split("=", 1) for a in spec[spec.index("(") + 1 : -1].split(",") if "=" in a]


def short_names(specs):
    """The registry name where unique; else the name with the arguments that
    tell the specs of that name apart (as crbench's short_method_names)."""
    names = [s.split("(")[0] for s in specs]
    out = []
    for n, s in zip(names, specs):
        same = [t for m, t in zip(names, specs) if m == n]
        if len(same) == 1:
            out.append(n)
            continue
        values = [dict(spec_arguments(t)) for t in same]
        differing = [k for k, _ in spec_arguments(s) if len({str(v.get(k)) for v in values}) > 1]
        args = dict(spec_arguments(s))
        out.append(n + "(" + ",".join(k + "=" + args[k] for k in differing) + ")" if differing else s)
    return out


def read_csv(path):
    if not os.path.exists(path):
        raise BadInput(f"{path}: not found (run `crbench leaderboard` first)")
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def leaderboard_rows(reports, stream):
    path = os.path.join(reports, stream, "leaderboard.csv")
    if not os.path.exists(path):  # a single-stream report keeps its files at the top
        path = os.path.join(reports, "leaderboard.csv")
    rows = [r for r in read_csv(path) if r["stream"] == stream]
    if not rows:
        raise BadInput(f"{path}: no rows for stream {stream}")
    return rows


def board_table(rows):
    base = next((r["baseline"] for r in rows if r["baseline"]), "")
    base_name = short_names([base])[0] if base else "baseline"
    simulated = any(r["auc_regret"] for r in rows)
    flagged = any(r["failed"] != "0" or r["noted_periods"] != "0" or r["collapsed_seeds"] != "0"
                  for r in rows)
    head = ["rank", "method", "AUC mean ± std", "95% CI, seeds", "log loss", "GAUC"]
    align = ["---:", "---", "---", "---", "---:", "---:"]
    if simulated:
        head.append("AUC regret")
        align.append("---:")
    head += ["update s/period", f"ΔAUC vs {base_name}", "p periods (n)", "Holm",
             f"vs {base_name}"]
    align += ["---:", "---:", "---", "---:", "---"]
    if flagged:
        head.append("flags")
        align.append("---")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(align) + "|"]
    for r, name in zip(rows, short_names([r["method"] for r in rows])):
        ci = ("–" if r["auc_ci95_low"] == "" else
              f"[{fmt(r['auc_ci95_low'], '.4f')}, {fmt(r['auc_ci95_high'], '.4f')}]")
        cells = [r["rank"], name, f"{fmt(r['auc_mean'], '.4f')} ± {fmt(r['auc_std'], '.4f')}", ci,
                 fmt(r["log_loss"], ".4f"), fmt(r["gauc"], ".4f")]
        if simulated:
            cells.append(fmt(r["auc_regret"], ".4f"))
        cells.append(fmt(r["update_s"], ".3f"))
        if r["verdict"] in ("baseline", "reference", ""):
            cells += ["–", r["verdict"] or "–", "–", "–"]
        else:
            p = fmt(r["p_periods_vs_baseline"], ".3g")
            zeros = int(r["zeros_vs_baseline"] or 0)
            n = r["n_periods_vs_baseline"] + (f", {zeros} zero" + "s" * (zeros > 1) if zeros else "")
            verdict = {"not significant": "n.s."}.get(r["verdict"], r["verdict"])
            cells += [fmt(r["auc_diff_vs_baseline"], "+.4f"), f"{p} ({n})",
                      fmt(r["p_periods_holm"], ".3g"), verdict]
        if flagged:
            flags = []
            if r["failed"] != "0":
                flags.append(f"{r['failed']} failed")
            if r["noted_periods"] != "0":
                flags.append(f"update note in {r['noted_periods']} periods")
            if r["collapsed_seeds"] != "0":
                flags.append(f"collapsed in {r['collapsed_seeds']} seeds")
            cells.append("; ".join(flags))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def ranking_table(reports):
    rows = read_csv(os.path.join(reports, "ranking.csv"))
    if not rows:
        raise BadInput(f"{os.path.join(reports, 'ranking.csv')}: no ranking across streams")
    boards = [c[len("rank:"):] for c in rows[0] if c.startswith("rank:")]
    base = rows[0]["baseline"]
    base_name = short_names([base])[0] if base else ""
    head = ["rank", "method", "average rank"] + boards
    align = ["---:", "---", "---:"] + ["---:"] * len(boards)
    if base:
        head += [f"p vs {base_name} (N)", "Holm"]
        align += ["---:", "---:"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(align) + "|"]
    for r, name in zip(rows, short_names([r["method"] for r in rows])):
        cells = [r["rank"], name, fmt(r["average_rank"], ".2f")]
        cells += [fmt(r["rank:" + b], "g") for b in boards]
        if base:
            if r["p_vs_baseline"] == "":
                cells += ["baseline", "–"]
            else:
                cells += [f"{fmt(r['p_vs_baseline'], '.3g')} ({r['data_sets']})",
                          fmt(r["p_holm"], ".3g")]
        lines.append("| " + " | ".join(cells) + " |")
    r = rows[0]
    k, n = int(r["methods"]), int(r["data_sets"])
    f = "∞" if r["iman_davenport_f"] == "inf" else fmt(r["iman_davenport_f"], ".2f")
    lines += ["", f"Friedman χ²({k - 1}) = {fmt(r['friedman_chi2'], '.2f')}, "
              f"p = {fmt(r['friedman_p'], '.2g')}; Iman-Davenport F({k - 1}, {(k - 1) * (n - 1)}) "
              f"= {f}, p = {fmt(r['iman_davenport_p'], '.2g')}; Nemenyi critical difference "
              f"(α = 0.05) = {fmt(r['nemenyi_cd'], '.2f')} ranks (k = {k} methods, N = {n} "
              "data sets)."]
    return lines


def generate(name, reports):
    if name == "ranking":
        return ranking_table(reports)
    stream, _, label = name.partition(":")
    rows = leaderboard_rows(reports, stream)
    labels = list(dict.fromkeys(r["variant"] for r in rows))
    if label == "" and len(labels) > 1:
        raise BadInput(f"stream {stream} has {len(labels)} boards ({', '.join(labels)}): "
                       f"name one, e.g. table:{stream}:{labels[0]}")
    rows = [r for r in rows if r["variant"] == label]
    if not rows:
        raise BadInput(f"stream {stream} has no board {label} (boards: {', '.join(labels)})")
    return board_table(rows)


def regenerate(text, readme, reports):
    """The README with every table regenerated, and the names of those that changed."""
    lines = text.split("\n")
    out, changed, i = [], [], 0
    while i < len(lines):
        m = OPEN.match(lines[i].strip())
        out.append(lines[i])
        if not m:
            i += 1
            continue
        start = i
        try:
            end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == CLOSE)
        except StopIteration:
            raise BadInput(f"{readme}:{start + 1}: table:{m.group(1)} has no {CLOSE}")
        try:
            table = generate(m.group(1), reports)
        except BadInput as e:
            raise BadInput(f"{readme}:{start + 1}: {e}")
        if lines[start + 1:end] != table:
            changed.append(m.group(1))
        out += table
        out.append(lines[end])
        i = end + 1
    return "\n".join(out), changed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--readme", default="README.md")
    ap.add_argument("--reports", default="reports/default")
    args = ap.parse_args()
    try:
        with open(args.readme, encoding="utf-8") as f:
            text = f.read()
        new, changed = regenerate(text, args.readme, args.reports)
    except (BadInput, OSError) as e:
        print(f"readme_tables.py: {e}", file=sys.stderr)
        return 2
    if args.check:
        if changed:
            print(f"readme_tables.py: {args.readme}: tables differ from {args.reports}: "
                  f"{', '.join(changed)} (run scripts/readme_tables.py to regenerate)",
                  file=sys.stderr)
            return 1
        return 0
    if new != text:
        with open(args.readme, "w", encoding="utf-8") as f:
            f.write(new)
    print(f"readme_tables.py: {args.readme}: "
          f"{'regenerated ' + ', '.join(changed) if changed else 'up to date'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
