"""The leaderboard table of a crbench page: human headers, one number format per
column, intervals as [low, high], the best mean and the methods significantly
better or worse than the baseline marked, short method names with the full spec
on hover, and a data-sort value per cell for the sorting script (the table reads
in rank order without it). Columns crbench adds later (more metrics) are shown
too, after the known ones, with their CSV names as headers.
"""
import html
import math

from report_style import SHORT_FAMILY

# The columns of leaderboard.csv this table knows (shown, or folded into another).
KNOWN = {
    "stream", "variant", "rank", "method", "family", "seeds", "failed", "auc_mean", "auc_std",
    "auc_ci95_low", "auc_ci95_high", "auc_periods_ci95_low", "auc_periods_ci95_high", "log_loss",
    "gauc", "auc_regret", "excess_log_loss", "update_s", "base_train_s", "meta_train_s",
    "generation_s", "other_s", "parameters", "baseline", "auc_diff_vs_baseline",
    "n_periods_vs_baseline", "zeros_vs_baseline", "p_periods_vs_baseline", "p_periods_holm",
    "n_seeds_vs_baseline", "p_seeds_vs_baseline", "p_seeds_holm", "verdict", "noted_periods",
    "collapsed_seeds", "first_error", "first_note", "setting",
}

SORT_SCRIPT = """<script>
/* Click a header to sort by it (again to reverse); cells sort by data-sort,
   numerically when both are numbers; empty values ("–") always go last. */
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (th, col) {
    th.tabIndex = 0;
    var sort = function () {
      var up = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      var key = function (r) { var c = r.cells[col]; return c ? c.getAttribute("data-sort") : ""; };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x === "" || y === "") return (x === "") - (y === "");
        var nx = parseFloat(x), ny = parseFloat(y), d;
        d = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return up ? d : -d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
  });
});
</script>"""


def missing(v):
    return v is None or (isinstance(v, float) and math.isnan(v)) or v == ""


def fmt(v, spec):
    return "–" if missing(v) else format(v, spec)


class Column:
    def __init__(self, header, tip, cell, align="num", drop_if_constant=False):
        self.header, self.tip, self.cell, self.align = header, tip, cell, align
        # Shown only when its values differ (else the page's settings say it).
        self.drop_if_constant = drop_if_constant


def cell_html(text, sort, align, title=None, cls=None):
    classes = [align] + ([cls] if cls else [])
    attrs = f' class="{" ".join(classes)}" data-sort="{html.escape(sort)}"'
    if title:
        attrs += f' title="{html.escape(title)}"'
    return f"<td{attrs}>{text}</td>"


def sort_key(v):
    return "" if missing(v) else repr(float(v))


def table_html(b, styles, baseline):
    """The board's rows (leaderboard.csv, ranked) as an HTML table."""
    base = styles.short_name(baseline) if baseline else "baseline"
    base_time = None
    if baseline:
        t = b[b["method"] == baseline]["update_s"]
        if len(t) == 1 and not missing(t.iloc[0]) and t.iloc[0] > 0:
            base_time = t.iloc[0]
    scored = b[[styles.family(m) != "reference" for m in b["method"]]]["auc_mean"].dropna()
    best = scored.max() if len(scored) else None

    def method_cell(r):
        spec = r["method"]
        swatch = (f'<span class="swatch" style="background:{styles.colour(spec)}"></span>')
        return (swatch + html.escape(styles.short_name(spec)), spec, spec)

    def auc_cell(r):
        v = r["auc_mean"]
        if missing(v):
            return ("–", "", None)
        mark = ' <span class="best" title="best mean AUC (oracle excluded)">★</span>' \
            if best is not None and v == best and styles.family(r["method"]) != "reference" else ""
        return (f"{v:.4f}{mark}", repr(v), None)

    def interval(lo, hi):
        def f(r):
            if missing(r[lo]):
                return ("–", "", None)
            return (f"[{r[lo]:.4f}, {r[hi]:.4f}]", repr(float(r[lo])), None)
        return f

    def number(col, spec, scale=1.0):
        def f(r):
            v = r[col]
            return (fmt(None if missing(v) else v * scale, spec), sort_key(v), None)
        return f

    def p_cell(p, n, zeros=None):
        def f(r):
            if missing(r[p]):
                return ("–", "", None)
            extra = ""
            if zeros and not missing(r[zeros]) and int(r[zeros]) > 0:
                z = int(r[zeros])
                extra = f", {z} zero" + ("s" if z > 1 else "")
            return (f"{r[p]:.3g} <small>({int(r[n])}{extra})</small>", repr(float(r[p])), None)
        return f

    def verdict_cell(r):
        v = r["verdict"] if not missing(r["verdict"]) else ""
        shown = {"better": '<span class="better">▲ better</span>',
                 "worse": '<span class="worse">▼ worse</span>',
                 "not significant": '<span class="ns">n.s.</span>',
                 "baseline": "baseline", "reference": "reference"}.get(v, "–")
        order = {"better": "0", "not significant": "1", "worse": "2", "baseline": "3",
                 "reference": "4"}.get(v, "")
        return (shown, order, None)

    def cost_cell(r):
        if base_time is None or missing(r["update_s"]):
            return ("–", "", None)
        v = r["update_s"] / base_time
        return (f"{v:,.2f}×", repr(v), None)

    def flags_cell(r):
        flags = []
        if int(r["failed"]) > 0:
            flags.append(f"{int(r['failed'])} failed: {r['first_error']}")
        if int(r["collapsed_seeds"]) > 0:
            flags.append(f"collapsed in {int(r['collapsed_seeds'])} seeds (AUC 0.5 throughout)")
        if int(r["noted_periods"]) > 0:
            flags.append(f"update note in {int(r['noted_periods'])} periods: {r['first_note']}")
        text = "; ".join(flags)
        return (html.escape(text) if text else "", text, None)

    columns = [
        Column("#", "rank by mean AUC", lambda r: (str(int(r["rank"])), str(int(r["rank"])),
                                                   None)),
        Column("Method", "registry name; hover for the full canonical spec", method_cell,
               align="text"),
        Column("Family", "method family", lambda r: (
            SHORT_FAMILY[styles.family(r["method"])], SHORT_FAMILY[styles.family(r["method"])],
            styles.family_label(styles.family(r["method"]))), align="text"),
        Column("Seeds", "successful seeds (failed jobs are left out)",
               lambda r: (str(int(r["seeds"])), str(int(r["seeds"])), None),
               drop_if_constant=True),
        Column("AUC", "mean over seeds of each seed's mean AUC over the recorded periods",
               auc_cell),
        Column("± std", "sample standard deviation over seeds (– with one seed)",
               number("auc_std", ".4f")),
        Column("95% CI, seeds", "mean ± t(0.975, n−1)·std/√n over the n seeds",
               interval("auc_ci95_low", "auc_ci95_high")),
        Column("95% CI, periods",
               "percentile bootstrap over the recorded periods of the seed-averaged AUC",
               interval("auc_periods_ci95_low", "auc_periods_ci95_high")),
        Column("Log loss", "mean log loss over seeds and recorded periods",
               number("log_loss", ".4f")),
        Column("GAUC", "per-user AUC weighted by samples, mean over seeds and recorded periods",
               number("gauc", ".4f")),
    ]
    extra = [c for c in b.columns if c not in KNOWN and not b[c].isna().all()]
    for c in extra:  # metrics crbench added after this page was written
        numeric = b[c].dtype.kind in "if"
        columns.append(Column(c.replace("_", " "), f"leaderboard.csv column {c}",
                              number(c, ".4f") if numeric else
                              (lambda r, c=c: (html.escape(str(r[c])), str(r[c]), None))))
    columns += [
        Column("AUC regret", "oracle AUC − method AUC, mean over seeds and recorded periods",
               number("auc_regret", ".4f")),
        Column("Excess log loss", "method log loss − oracle log loss",
               number("excess_log_loss", ".4f")),
        Column("Update, ms", "wall time of one period's update, mean over recorded periods "
               "and seeds", number("update_s", ",.1f", 1000.0)),
        Column(f"Cost × {base}", f"update time relative to {base}", cost_cell),
        Column("Parameters", "parameters of the served model (plus generator or posterior)",
               lambda r: (f"{int(r['parameters']):,}", str(int(r["parameters"])), None)),
        Column(f"ΔAUC vs {base}", "mean over recorded periods of the difference of "
               "seed-averaged AUCs", number("auc_diff_vs_baseline", "+.4f")),
        Column("p, periods (n)", "two-sided exact Wilcoxon signed-rank test over the n "
               "recorded periods' differences", p_cell("p_periods_vs_baseline",
                                                       "n_periods_vs_baseline",
                                                       "zeros_vs_baseline")),
        Column("Holm p", "period p adjusted for the methods tested against the baseline",
               number("p_periods_holm", ".3g")),
        Column("p, seeds (n)", "paired t-test over n seeds (5 or more) of per-seed mean "
               "differences", p_cell("p_seeds_vs_baseline", "n_seeds_vs_baseline")),
        Column("Holm p, seeds", "seed p adjusted for the methods tested",
               number("p_seeds_holm", ".3g")),
        Column(f"vs {base}", "better or worse where the Holm-adjusted period p ≤ 0.05",
               verdict_cell, align="text"),
        Column("Flags", "failed jobs, collapsed seeds, update notes", flags_cell, align="text"),
    ]
    rows = [r for _, r in b.iterrows()]
    cells = [[c.cell(r) for c in columns] for r in rows]
    # Leave out columns with nothing in them (no regret on real logs, no seed test
    # with fewer than 5 seeds, no flags).
    def shown(j):
        values = {row[j][1] for row in cells}
        return values != {""} and not (columns[j].drop_if_constant and len(values) == 1)

    keep = [j for j in range(len(columns)) if shown(j)]
    head = "".join(f'<th class="{columns[j].align}" title="{html.escape(columns[j].tip)}">'
                   f"{html.escape(columns[j].header)}</th>" for j in keep)
    body = []
    for r, row in zip(rows, cells):
        cls = ' class="reference"' if styles.family(r["method"]) == "reference" else ""
        tds = "".join(cell_html(row[j][0], row[j][1], columns[j].align, row[j][2])
                      for j in keep)
        body.append(f"<tr{cls}>{tds}</tr>")
    return ('<div class="tablewrap"><table class="leaderboard sortable"><thead><tr>' + head +
            "</tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table></div>")
