#!/usr/bin/env python3
"""Writes DIR/leaderboard.html from DIR/leaderboard.csv and DIR/per_period.csv
(written by `crbench leaderboard`): the leaderboard table and its plots, inline
SVG so that the page opens offline.

Plots (per variant of a swept stream): AUC per test period per method (lines),
accuracy vs update time (scatter, Pareto front marked), mean AUC with 95% CI
(bars); for swept simulator parameters, AUC and regret against the parameter,
one line per method.

usage: scripts/leaderboard_html.py DIR...   (one Python start for every stream)
"""
import html
import io
import sys

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd
except ImportError as e:  # a clear message instead of a traceback
    sys.stderr.write(
        f"leaderboard_html.py: {e}: install Python 3 with matplotlib and pandas "
        "(Debian: apt-get install python3-matplotlib python3-pandas)\n")
    sys.exit(2)

plt.rcParams["svg.hashsalt"] = "crbench"  # stable ids: the same results give the same page


def svg(fig):
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]  # drop the XML prologue: inline in HTML


def pareto_front(points):
    """Indices of points not dominated (higher AUC and lower time is better)."""
    front = []
    for i, (t, a) in enumerate(points):
        if not any((t2 <= t and a2 >= a and (t2 < t or a2 > a)) for t2, a2 in points):
            front.append(i)
    return front


def variant_plots(board, periods, variant):
    out = []
    b = board[board["variant"] == variant]
    p = periods[periods["variant"] == variant]
    # AUC per test period, one line per method; recorded periods shaded.
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for method, rows in p.groupby("method", sort=False):
        ax.plot(rows["test_period"], rows["auc"], marker=".", label=method)
    rec = p[p["recorded"] == 1]["test_period"]
    if len(rec):
        ax.axvspan(rec.min() - 0.5, rec.max() + 0.5, color="0.92", zorder=0,
                   label="recorded periods")
    ax.set_xlabel("test period")
    ax.set_ylabel("AUC (mean over seeds)")
    ax.set_title("AUC per test period")
    ax.legend(fontsize=7, ncol=2)
    out.append(("AUC per test period", svg(fig)))
    # Accuracy vs time cost, Pareto front marked.
    ok = b.dropna(subset=["auc_mean", "update_s"])
    if len(ok):
        fig, ax = plt.subplots(figsize=(7, 4.5))
        t = ok["update_s"].clip(lower=1e-6).tolist()
        a = ok["auc_mean"].tolist()
        ax.scatter(t, a)
        for ti, ai, m in zip(t, a, ok["method"]):
            ax.annotate(m, (ti, ai), fontsize=7, xytext=(3, 3), textcoords="offset points")
        front = sorted(pareto_front(list(zip(t, a))), key=lambda i: t[i])
        ax.plot([t[i] for i in front], [a[i] for i in front], "r--", marker="o",
                mfc="none", label="Pareto front")
        ax.set_xscale("log")
        ax.set_xlabel("update time per period (s, log scale)")
        ax.set_ylabel("mean AUC")
        ax.set_title("accuracy vs time cost")
        ax.legend(fontsize=7)
        out.append(("Accuracy vs time cost", svg(fig)))
        # Mean AUC with its 95% CI over seeds (none with one seed).
        fig, ax = plt.subplots(figsize=(8, 4.5))
        low = (ok["auc_mean"] - ok["auc_ci95_low"]).fillna(0)
        high = (ok["auc_ci95_high"] - ok["auc_mean"]).fillna(0)
        ax.bar(range(len(ok)), ok["auc_mean"], yerr=[low, high], capsize=3)
        ax.set_xticks(range(len(ok)))
        ax.set_xticklabels(ok["method"], rotation=45, ha="right", fontsize=7)
        lo = (ok["auc_mean"] - low).min()
        ax.set_ylim(max(0.0, lo - 0.02), None)
        ax.set_ylabel("mean AUC (95% CI over seeds)")
        ax.set_title("mean AUC with confidence interval")
        out.append(("Mean AUC with 95% CI", svg(fig)))
    return out


def sweep_plots(board):
    """AUC and regret against the swept parameter(s), one line per method."""
    variants = list(dict.fromkeys(board["variant"]))
    try:  # one numeric parameter: plot against its value
        keys = {v.split("=")[0] for v in variants}
        xs = {v: float(v.split("=")[1]) for v in variants}
        xlabel = keys.pop() if len(keys) == 1 and all("," not in v for v in variants) else None
    except (IndexError, ValueError):
        xlabel = None
    if xlabel is None:  # several parameters: plot against the variant's position
        xs = {v: i for i, v in enumerate(variants)}
        xlabel = "variant"
    out = []
    for column, title in (("auc_mean", "AUC"), ("auc_regret", "AUC regret vs oracle")):
        if board[column].isna().all():
            continue
        fig, ax = plt.subplots(figsize=(7, 4.5))
        for method, rows in board.groupby("method", sort=False):
            ax.plot([xs[v] for v in rows["variant"]], rows[column], marker="o", label=method)
        if xlabel == "variant":
            ax.set_xticks(range(len(variants)))
            ax.set_xticklabels(variants, rotation=30, ha="right", fontsize=7)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(title)
        ax.set_title(f"{title} against {xlabel}")
        ax.legend(fontsize=7, ncol=2)
        out.append((f"{title} against {xlabel}", svg(fig)))
    return out


def p_with_n(p, n, zeros=None):
    """A p-value with its n (and the zeros the signed-rank test dropped)."""
    if pd.isna(p):
        return "–"
    text = f"{p:.3g} ({int(n)}"
    if zeros is not None and not pd.isna(zeros) and int(zeros) > 0:
        text += f", {int(zeros)} zero" + ("s" if int(zeros) > 1 else "")
    return text + ")"


def interval(low, high):
    return "–" if pd.isna(low) else f"[{low:.4f}, {high:.4f}]"


def table_html(b):
    base = next((x for x in b["baseline"] if isinstance(x, str) and x), "baseline")
    t = pd.DataFrame({
        "rank": b["rank"], "method": b["method"], "seeds": b["seeds"],
        "AUC mean": b["auc_mean"], "AUC std": b["auc_std"],
        "95% CI, seeds": [interval(l, h) for l, h in zip(b["auc_ci95_low"], b["auc_ci95_high"])],
        "95% CI, periods": [interval(l, h) for l, h in
                            zip(b["auc_periods_ci95_low"], b["auc_periods_ci95_high"])],
        "log loss": b["log_loss"], "GAUC": b["gauc"], "AUC regret": b["auc_regret"],
        "excess log loss": b["excess_log_loss"], "update s/period": b["update_s"],
        "parameters": b["parameters"], f"ΔAUC vs {base}": b["auc_diff_vs_baseline"],
        f"p periods vs {base} (n)": [
            p_with_n(p, n, z) for p, n, z in zip(b["p_periods_vs_baseline"],
                                                  b["n_periods_vs_baseline"],
                                                  b["zeros_vs_baseline"])],
        "Holm (periods)": b["p_periods_holm"],
        f"p seeds vs {base} (n)": [
            p_with_n(p, n) for p, n in zip(b["p_seeds_vs_baseline"], b["n_seeds_vs_baseline"])],
        "Holm (seeds)": b["p_seeds_holm"], f"vs {base}": b["verdict"].fillna(""),
        "failed jobs": b["failed"], "update notes": b["noted_periods"],
        "collapsed seeds": b["collapsed_seeds"],
    })
    t = t[[c for c in t.columns if not t[c].isna().all()]]
    return t.to_html(index=False, classes="leaderboard", na_rep="–",
                     float_format=lambda v: f"{v:.4g}")


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: leaderboard_html.py DIR...")
    for d in sys.argv[1:]:
        write_page(d)


def write_page(d):
    board = pd.read_csv(f"{d}/leaderboard.csv", keep_default_na=True,
                        dtype={"variant": str, "method": str})
    periods = pd.read_csv(f"{d}/per_period.csv", dtype={"variant": str, "method": str})
    board["variant"] = board["variant"].fillna("")
    periods["variant"] = periods["variant"].fillna("")
    stream = board["stream"].iloc[0] if len(board) else "?"
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>crbench leaderboard: {html.escape(str(stream))}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table.leaderboard{border-collapse:"
        "collapse;font-size:13px}table.leaderboard td,table.leaderboard th{border:1px solid "
        "#ccc;padding:3px 6px;text-align:right}figure{display:inline-block;margin:1em}</style>",
        "</head><body>",
        f"<h1>Leaderboard: {html.escape(str(stream))}</h1>",
        "<p>Ranked by mean AUC over the recorded test periods; mean, std and 95% CI over seeds"
        " (each seed's mean over the recorded periods), and a bootstrap 95% CI over the "
        "recorded periods; regret against the oracle on simulated streams; update time per "
        "period. p periods (n): two-sided exact Wilcoxon signed-rank test against the baseline "
        "over the n recorded periods' differences of seed-averaged AUC; p seeds (n): paired "
        "t-test over n seeds (5 or more); Holm: corrected for the methods compared with the "
        "baseline. leaderboard.md explains every column.</p>",
    ]
    variants = list(dict.fromkeys(board["variant"]))
    if len(variants) > 1:
        parts.append("<h2>Sweep</h2>")
        for title, fig in sweep_plots(board):
            parts.append(f"<figure>{fig}<figcaption>{html.escape(title)}</figcaption></figure>")
    for v in variants:
        b = board[board["variant"] == v]
        if v:
            parts.append(f"<h2>{html.escape(str(stream))} {html.escape(v)}</h2>")
        parts.append(table_html(b))
        for title, fig in variant_plots(board, periods, v):
            parts.append(f"<figure>{fig}<figcaption>{html.escape(title)}</figcaption></figure>")
    parts.append("</body></html>\n")
    with open(f"{d}/leaderboard.html", "w", encoding="utf-8") as f:
        f.write("\n".join(parts))
    print(f"wrote {d}/leaderboard.html", file=sys.stderr)


if __name__ == "__main__":
    main()
