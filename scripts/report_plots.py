"""The figures of a crbench leaderboard page, as inline SVG with real text.

Every figure takes a method's look from report_style.Styles, so a method has the
same colour and marker everywhere. Output is deterministic: no date in the SVG
metadata and fixed ids, so regenerating a page from the same files gives the
same bytes.
"""
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from report_style import FAMILY_ORDER  # noqa: E402

plt.rcParams.update({
    "svg.fonttype": "none",  # text stays text: searchable, copyable, small
    "svg.hashsalt": "crbench",  # stable ids
    "font.family": "sans-serif",
    "font.size": 8.5,
    "axes.titlesize": 9,
    "axes.labelsize": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.fontsize": 8,
    "legend.frameon": False,
})

DRIFT_COLOUR = "#b2182b"
RECORDED_COLOUR = "0.93"
BASELINE_COLOUR = "0.55"
# Below this many times the baseline's update time, costs are drawn at the floor
# (floors and the oracle cost microseconds: seven decades of nothing otherwise).
COST_FLOOR_RATIO = 0.01


def svg(fig):
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]  # no XML prologue: the SVG sits inside HTML


def families_on(specs, styles):
    """Families of `specs` in display order, the reference (oracle) left out."""
    present = {styles.family(s) for s in specs}
    return [f for f in FAMILY_ORDER if f in present and f != "reference"]


def spread_labels(items, gap):
    """(y, ...) items -> label heights at least `gap` apart, close to their y."""
    items = sorted(items, key=lambda it: it[0])
    ys = [it[0] for it in items]
    for i in range(1, len(ys)):
        ys[i] = max(ys[i], ys[i - 1] + gap)
    # Centre the pushed-up run on the original values.
    shift = (sum(ys) - sum(it[0] for it in items)) / max(1, len(ys))
    return [(y - shift, it) for y, it in zip(ys, items)]


def mark_periods(ax, recorded, drift, xmin, xmax):
    if recorded:
        ax.axvspan(min(recorded) - 0.5, max(recorded) + 0.5, color=RECORDED_COLOUR, zorder=0,
                   linewidth=0)
    for w in drift:
        start, end = w["start"], w["end"]
        if start == end:
            if xmin - 0.5 <= start <= xmax + 0.5:
                ax.axvline(start, color=DRIFT_COLOUR, linestyle="--", linewidth=1, zorder=1)
            continue
        # Periods are whole: the window start..end covers [start - 1/2, end + 1/2].
        lo, hi = max(start - 0.5, xmin - 0.5), min(end + 0.5, xmax + 0.5)
        covers_all = lo <= xmin - 0.5 and hi >= xmax + 0.5
        if lo < hi and not covers_all:  # a tint over everything would say nothing
            ax.axvspan(lo, hi, color=DRIFT_COLOUR, alpha=0.06, zorder=0, linewidth=0)
        for edge in (start, end):
            if xmin - 0.5 <= edge <= xmax + 0.5 and edge not in (xmin, xmax):
                ax.axvline(edge, color=DRIFT_COLOUR, linestyle=":", linewidth=1, zorder=1)


def label_panel_grid(axes, used, ylabel, xlabel):
    """A grid of small multiples: hides the panels past the `used` ones, labels
    the y axis of the first column and the x axis of the bottom row."""
    ncols = len(axes[0])
    for k in range(used, len(axes) * ncols):
        axes[k // ncols][k % ncols].set_visible(False)
    for row in axes:
        row[0].set_ylabel(ylabel)
    for ax in axes[-1]:
        ax.set_xlabel(xlabel)


def period_panels(seed_rows, mean_rows, styles, column, ylabel, baseline, recorded, drift,
                  reference_lines=True):
    """Small multiples per family of `column` against the test period: a line per
    method (mean over seeds) with its seeds' range as a band, direct labels at
    the right, the baseline in grey in every panel."""
    specs = list(dict.fromkeys(mean_rows["method"]))
    fams = families_on(specs, styles)
    if not fams:
        return None
    periods = sorted(mean_rows["test_period"].unique())
    xmin, xmax = periods[0], periods[-1]
    shown = mean_rows[[styles.family(m) != "reference" for m in mean_rows["method"]]]
    lo, hi = shown[column].min(), shown[column].max()
    band = seed_rows[[styles.family(m) != "reference" for m in seed_rows["method"]]]
    if len(band):
        lo, hi = min(lo, band[column].min()), max(hi, band[column].max())
    pad = (hi - lo) * 0.06 or 0.01
    ncols = 2 if len(fams) > 1 else 1
    nrows = (len(fams) + ncols - 1) // ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 2.55 * nrows + 0.6),
                             sharex=True, sharey=True, squeeze=False,
                             gridspec_kw={"wspace": 0.42, "hspace": 0.32})
    gap = (hi - lo + 2 * pad) * 0.075
    for k, fam in enumerate(fams):
        ax = axes[k // ncols][k % ncols]
        mark_periods(ax, recorded, drift, xmin, xmax)
        members = [s for s in specs if styles.family(s) == fam]
        labels = []
        if baseline and baseline not in members and reference_lines:
            b = mean_rows[mean_rows["method"] == baseline]
            ax.plot(b["test_period"], b[column], color=BASELINE_COLOUR, linewidth=1.1, zorder=2)
            labels.append((b[column].iloc[-1], styles.short_name(baseline), "0.4"))
        for spec in members:
            m = mean_rows[mean_rows["method"] == spec]
            s = seed_rows[seed_rows["method"] == spec]
            if len(s) and s["seed"].nunique() > 1:
                g = s.groupby("test_period")[column]
                ax.fill_between(g.min().index, g.min().values, g.max().values,
                                color=styles.colour(spec), alpha=0.14, linewidth=0, zorder=2)
            ax.plot(m["test_period"], m[column], zorder=3, **styles.line_kwargs(spec))
            if len(m):
                labels.append((m[column].iloc[-1], styles.short_name(spec),
                               styles.text_colour(spec)))
        for y, (_, text, colour) in spread_labels(labels, gap):
            ax.text(xmax + 0.6, y, text, color=colour, fontsize=7.5, va="center",
                    clip_on=False)
        ax.set_title(styles.family_label(fam), loc="left")
        ax.set_xlim(xmin - 0.5, xmax + 0.5)
        ax.set_ylim(lo - pad, hi + pad)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="y", color="0.9", linewidth=0.6)
    label_panel_grid(axes, len(fams), ylabel, "test period")
    for ax in axes[-1]:
        ax.xaxis.set_tick_params(labelbottom=True)
    if len(fams) % ncols:
        axes[-2][-1].set_xlabel("test period")
        axes[-2][-1].xaxis.set_tick_params(labelbottom=True)
    handles = [Patch(color=RECORDED_COLOUR, label="recorded periods (the table's mean)"),
               Patch(color="0.6", alpha=0.3, label="band: range over seeds")]
    if baseline and reference_lines:
        handles.append(Line2D([], [], color=BASELINE_COLOUR,
                              label=f"baseline {styles.short_name(baseline)}"))
    if any(w["start"] == w["end"] for w in drift):
        handles.append(Line2D([], [], color=DRIFT_COLOUR, linestyle="--", label="drift point"))
    for w in drift:
        if w["start"] == w["end"]:
            continue
        if w["start"] <= xmin and w["end"] >= xmax:
            handles.append(Line2D([], [], color="none", label=f"drift throughout: periods "
                                  f"{w['start']}–{w['end']}"))
        else:
            handles.append(Patch(color=DRIFT_COLOUR, alpha=0.12,
                                 label=f"drift window {w['start']}–{w['end']} (edges dotted)"))
        break
    height = 2.55 * nrows + 0.6
    fig.subplots_adjust(top=1 - 0.55 / height)
    fig.legend(handles=handles, loc="upper center", ncol=len(handles),
               bbox_to_anchor=(0.5, 1.0))
    return svg(fig)


def place_labels(ax, points, fontsize=7.5):
    """Labels beside scatter points without overlaps: for each point (highest
    first) the first free offset of a few candidates, with a leader line when
    the label had to move away."""
    fig = ax.figure
    fig.canvas.draw()
    to_px = ax.transData.transform
    dpi = fig.dpi
    char_w, h = 0.62 * fontsize * dpi / 72, 1.3 * fontsize * dpi / 72
    placed = []
    pts = [to_px((x, y)) for x, y, _, _ in points]
    offsets = [(6, 0), (6, 9), (6, -9), (6, 18), (6, -18), (6, 27), (6, -27), (6, 36), (6, -36)]
    order = sorted(range(len(points)), key=lambda i: -points[i][1])
    for i in order:
        x, y, text, colour = points[i]
        px, py = pts[i]
        w = char_w * len(text)
        choice = None
        for sign in (1, -1):
            for dx, dy in offsets:
                ox = dx if sign > 0 else -dx - w
                box = (px + ox, py + dy * dpi / 72 - h / 2, px + ox + w, py + dy * dpi / 72 + h / 2)
                clash = any(not (box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3])
                            for b in placed)
                clash = clash or any(box[0] - 7 < qx < box[2] + 7 and box[1] - 7 < qy < box[3] + 7
                                     for j, (qx, qy) in enumerate(pts) if j != i)
                if not clash:
                    choice = (ox, dy * dpi / 72, box)
                    break
            if choice:
                break
        if choice is None:
            choice = (6, 0, (px + 6, py - h / 2, px + 6 + w, py + h / 2))
        ox, oy, box = choice
        placed.append(box)
        ax.annotate(text, (x, y), xytext=(ox * 72 / dpi, oy * 72 / dpi),
                    textcoords="offset points", fontsize=fontsize, color=colour, va="center",
                    ha="left",
                    arrowprops=None if abs(oy) < 1 else dict(arrowstyle="-", color=colour,
                                                             linewidth=0.5, shrinkA=0,
                                                             shrinkB=2))


def pareto_front(points):
    """Indices of (cost, accuracy) points no other point beats on both (lower
    cost, higher accuracy), by increasing cost."""
    order = sorted(range(len(points)), key=lambda i: (points[i][0], -points[i][1]))
    front, best = [], float("-inf")
    for i in order:
        if points[i][1] > best:
            front.append(i)
            best = points[i][1]
    return front


def cost_plot(rows, styles, baseline):
    """Mean AUC against update time per period, learned methods as points with
    their Pareto front; the oracle and the floors as horizontal reference lines."""
    rows = rows.dropna(subset=["auc_mean", "update_s"])
    learned = rows[[styles.family(m) not in ("reference", "floor") for m in rows["method"]]]
    refs = rows[[styles.family(m) in ("reference", "floor") for m in rows["method"]]]
    if len(learned) < 2:
        return None
    base = rows[rows["method"] == baseline]["update_s"]
    relative = bool(baseline) and len(base) == 1 and base.iloc[0] > 0
    scale = base.iloc[0] if relative else 1.0
    floor = COST_FLOOR_RATIO if relative else COST_FLOOR_RATIO * learned["update_s"].median()
    fig, ax = plt.subplots(figsize=(8.2, 5.4))
    xs = [max(t / scale, floor) for t in learned["update_s"]]
    ys = list(learned["auc_mean"])
    for x, y, spec, t in zip(xs, ys, learned["method"], learned["update_s"]):
        ax.plot([x], [y], linestyle="none", marker=styles.marker(spec), color=styles.colour(spec),
                markersize=6, zorder=3)
    front = pareto_front(list(zip(xs, ys)))
    fx, fy = [xs[i] for i in front], [ys[i] for i in front]
    ax.plot(fx, fy, drawstyle="steps-post", color="0.25", linewidth=1, linestyle="--", zorder=2,
            label="Pareto front of the learned methods")
    ax.set_xscale("log")
    lo_y, hi_y = min(ys), max(ys)
    pad = (hi_y - lo_y) * 0.08 or 0.01
    ylo, yhi = lo_y - pad, hi_y + pad
    off_axis = []
    for auc, spec in zip(refs["auc_mean"], refs["method"]):
        name = f"{styles.short_name(spec)} {auc:.4f}"
        if ylo - 4 * pad <= auc <= yhi + 4 * pad:
            ylo, yhi = min(ylo, auc - pad), max(yhi, auc + pad)
            ax.axhline(auc, color=styles.colour(spec), linestyle=styles.linestyle(spec),
                       linewidth=1, zorder=1)
            ax.text(1.0, auc, " " + name, transform=ax.get_yaxis_transform(), va="center",
                    fontsize=7.5, color=styles.colour(spec), clip_on=False)
        else:
            off_axis.append(name + (" (above)" if auc > yhi else " (below)"))
    ax.set_ylim(ylo, yhi)
    ax.set_xlim(min(xs) / 1.8, max(xs) * 2.5)
    ax.set_ylabel("mean AUC over the recorded periods")
    if relative:
        ax.set_xlabel(f"update time per period, relative to {styles.short_name(baseline)} "
                      f"({scale * 1000:.3g} ms; log scale, values below "
                      f"{COST_FLOOR_RATIO:g}× drawn at it)")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}×"))
    else:
        ax.set_xlabel("update time per period, seconds (log scale)")
    ax.grid(color="0.92", linewidth=0.6)
    place_labels(ax, [(x, y, styles.short_name(s), styles.text_colour(s))
                      for x, y, s in zip(xs, ys, learned["method"])])
    if off_axis:
        ax.set_title("off the axis: " + "; ".join(off_axis), loc="left", fontsize=8)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.11))
    return svg(fig)


def interval_plot(rows, styles, baseline):
    """Mean AUC per method, best at the top: the seeds' 95% CI as a thin line,
    the periods' bootstrap 95% CI as a wide pale bar, the baseline's mean as a
    dashed line."""
    rows = rows.dropna(subset=["auc_mean"])
    refs = rows[[styles.family(m) == "reference" for m in rows["method"]]]
    rows = rows[[styles.family(m) != "reference" for m in rows["method"]]]
    if not len(rows):
        return None
    rows = rows.sort_values("auc_mean")
    n = len(rows)
    fig, ax = plt.subplots(figsize=(7.4, 0.24 * n + 1.0))
    for i, (_, r) in enumerate(rows.iterrows()):
        c = styles.colour(r["method"])
        if r["auc_periods_ci95_low"] == r["auc_periods_ci95_low"]:  # not NaN
            ax.plot([r["auc_periods_ci95_low"], r["auc_periods_ci95_high"]], [i, i], color=c,
                    alpha=0.25, linewidth=7, solid_capstyle="butt")
        if r["auc_ci95_low"] == r["auc_ci95_low"]:
            ax.plot([r["auc_ci95_low"], r["auc_ci95_high"]], [i, i], color=c, linewidth=1.2)
        ax.plot([r["auc_mean"]], [i], marker=styles.marker(r["method"]), color=c, markersize=5)
    base = rows[rows["method"] == baseline]["auc_mean"]
    if baseline and len(base) == 1:
        ax.axvline(base.iloc[0], color=BASELINE_COLOUR, linestyle="--", linewidth=0.9, zorder=0)
    ax.set_yticks(range(n))
    ax.set_yticklabels([styles.short_name(m) for m in rows["method"]])
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlabel("mean AUC over the recorded periods")
    ax.grid(axis="x", color="0.92", linewidth=0.6)
    refs_text = "; ".join(f"{styles.short_name(s)} {a:.4f}"
                          for a, s in zip(refs["auc_mean"], refs["method"]))
    if refs_text:
        ax.set_title(f"not shown: {refs_text}", loc="left", fontsize=8)
    return svg(fig)


def sweep_panels(board, styles, column, ylabel, xs, xlabel):
    """Small multiples per family of `column` against the swept parameter."""
    specs = list(dict.fromkeys(board["method"]))
    fams = families_on(specs, styles)
    if not fams or board[column].isna().all():
        return None
    ncols = 2 if len(fams) > 1 else 1
    nrows = (len(fams) + ncols - 1) // ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 2.4 * nrows + 0.4),
                             sharex=True, sharey=True, squeeze=False,
                             gridspec_kw={"wspace": 0.42, "hspace": 0.32})
    values = board[[styles.family(m) != "reference" for m in board["method"]]][column]
    lo, hi = values.min(), values.max()
    pad = (hi - lo) * 0.06 or 0.01
    gap = (hi - lo + 2 * pad) * 0.075
    xmax = max(xs.values())
    for k, fam in enumerate(fams):
        ax = axes[k // ncols][k % ncols]
        labels = []
        for spec in [s for s in specs if styles.family(s) == fam]:
            r = board[board["method"] == spec]
            x = [xs[v] for v in r["variant"]]
            ax.plot(x, r[column], **styles.line_kwargs(spec))
            if len(r):
                labels.append((r[column].iloc[-1], styles.short_name(spec),
                               styles.text_colour(spec)))
        span = xmax - min(xs.values()) or 1
        for y, (_, text, colour) in spread_labels(labels, gap):
            ax.text(xmax + 0.04 * span, y, text, color=colour, fontsize=7.5, va="center",
                    clip_on=False)
        ax.set_title(styles.family_label(fam), loc="left")
        ax.set_ylim(lo - pad, hi + pad)
        ax.set_xticks(sorted(set(xs.values())))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.grid(axis="y", color="0.9", linewidth=0.6)
    label_panel_grid(axes, len(fams), ylabel, xlabel)
    return svg(fig)
