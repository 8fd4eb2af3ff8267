#!/usr/bin/env python3
"""Writes DIR/leaderboard.html from the files `crbench leaderboard` wrote in DIR
(settings.json, leaderboard.csv, per_period.csv): a page that explains itself
(the settings, the run that made the numbers, how to read it, links to the
files), the sortable leaderboard table and its plots as inline SVG, so that the
page opens offline and reads correctly with scripts off. With --index OUT, also
OUT/index.html: the streams, the ranking across them (OUT/ranking.csv) and the
critical-difference diagram (OUT/critical_difference.svg).

Plots per board: AUC per test period as small multiples per method family (a
band for the seeds' range, the baseline in every panel, drift markers on
simulated streams); regret against the oracle per period (simulated streams);
accuracy against update cost with the Pareto front of the learned methods;
mean AUC with its intervals; for a swept stream, AUC and regret against the
swept parameter.

usage: scripts/leaderboard_html.py [--index OUT] DIR...
"""
import argparse
import html
import json
import os
import sys

try:
    import pandas as pd

    import report_plots as plots
    from report_style import SHORT_FAMILY, Styles
    from report_table import SORT_SCRIPT, table_html
except ImportError as e:  # a clear message instead of a traceback
    sys.stderr.write(
        f"leaderboard_html.py: {e}: install Python 3 with matplotlib and pandas "
        "(Debian: apt-get install python3-matplotlib python3-pandas)\n")
    sys.exit(2)

STYLE = """<style>
body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1300px;padding:0 1em;
color:#222;line-height:1.4}
h1{margin-bottom:.1em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}
.sub{color:#555;margin-top:0}
dl.settings{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;font-size:14px}
dl.settings dt{font-weight:600;color:#444}dl.settings dd{margin:0}
.howto{background:#f6f8fa;border-left:4px solid #8aa;padding:.5em 1em;font-size:14px}
.tablewrap{overflow-x:auto}
table.leaderboard{border-collapse:collapse;font-size:12px;margin:.5em 0}
table.leaderboard th,table.leaderboard td{border-bottom:1px solid #e2e2e2;padding:3px 5px;
white-space:nowrap}
table.leaderboard th{background:#f3f3f3;position:sticky;top:0;cursor:pointer;user-select:none;
white-space:normal;vertical-align:bottom;max-width:6.5em}
table.leaderboard th[aria-sort=ascending]::after{content:" ▲"}
table.leaderboard th[aria-sort=descending]::after{content:" ▼"}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.text,th.text{text-align:left}
tr.reference td{color:#666;font-style:italic}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.4em;
vertical-align:-1px}
.best{color:#b8860b}.better{color:#1a7f37;font-weight:600}.worse{color:#c62828;font-weight:600}
.ns{color:#888}
figure{margin:1.2em 0}figure svg{max-width:100%;height:auto}
figcaption{font-size:13px;color:#444;max-width:900px}
table.params{border-collapse:collapse;font-size:13px}table.params td,table.params th{
padding:1px 8px;border-bottom:1px solid #eee;text-align:left}.changed{font-weight:600}
small{color:#666}.note{color:#8a4b00}
</style>"""


def esc(v):
    return html.escape(str(v))


def plural(count, word):
    return f"{count} {word}" + ("" if str(count) == "1" else "s")


def number_text(v):
    """A setting's number as written ("0.00100000005", a float, shows as 0.001)."""
    try:
        f = float(v)
    except ValueError:
        return v
    return f"{f:g}" if f == f else v


def leaves(pairs):
    return {k: v for k, v in pairs}


def periods_text(periods):
    if not periods:
        return "none"
    return f"{periods[0]}–{periods[-1]} ({len(periods)})"


def run_lines(settings):
    """The runs that wrote the results, or a note that none were recorded."""
    out = []
    for source in settings["results"]:
        for r in source["runs"]:
            jobs = f"{r['jobs_run']} jobs run"
            if r["jobs_skipped"]:
                jobs += f", {r['jobs_skipped']} already done"
            if r["jobs_failed"]:
                jobs += f", {r['jobs_failed']} failed"
            shard = f", shard {r['shard']}" if r["shard"] else ""
            out.append(
                f"{esc(r['started_utc'])}: crbench {esc(r['crbench_version'])} (commit "
                f"<code>{esc(r['git_commit'])}</code>, {esc(r['build_type'])} build) on "
                f"{esc(r['cpu_model'])}, {r['threads']} of {r['hardware_threads']} hardware "
                f"threads{shard}; {jobs} in {r['wall_s']:.0f} s "
                f"<small title=\"{esc(r['command'])}\">(command on hover)</small>")
    if not out:
        files = ", ".join(os.path.basename(s["run_info"]) for s in settings["results"])
        out.append('<span class="note">not recorded: these results have no run-info file '
                   f"({esc(files)}; <code>crbench run --results</code> writes one since "
                   "crbench 0.1.0), so the date, code version and machine of the run are "
                   "unknown</span>")
    return out


def scenario_text(sc):
    changed = [p for p in sc["parameters"] if p["value"] != p["default"]]
    args = ", ".join(f"{p['name']}={p['value']}" for p in changed) or \
        "every parameter at its default"
    world = ("a world per job seed (world seed = job seed)" if sc.get("worlds") == "replicate"
             else f"world seed {sc['world_seed']}")
    return f"simulated: <b>{esc(sc['name'])}</b> ({esc(args)}), {world}"


def drift_text(sc, tested):
    if sc["note"]:
        return f'<span class="note">{esc(sc["note"])}</span>'
    if not sc["drift"]:
        return "none (no drift in this scenario)"
    parts = []
    for w in sc["drift"]:
        where = f"period {w['start']}" if w["start"] == w["end"] else \
            f"periods {w['start']}–{w['end']}"
        if tested and w["end"] < tested[0]:
            where += " (before the first test period)"
        parts.append(where)
    if len(parts) > 8:
        parts = parts[:8] + [f"… ({len(sc['drift'])} in all)"]
    return "; ".join(parts) + " <small>(computed by the simulator from the recorded spec)</small>"


def settings_html(board, settings):
    s, p = leaves(board["stream"]), leaves(board["protocol"])
    sc = board["scenario"]
    rows = []
    source = scenario_text(sc) if sc else f"log: <code>{esc(s.get('source', '?'))}</code>"
    name = settings["stream"]
    if s.get("name", name) != name:  # the data's own name, when the grid renamed it
        name += f" ({s['name']})"
    rows.append(("Stream", f"<b>{esc(name)}</b>; {source}; "
                 f"labels {esc(s.get('labelling', '?'))}; periods {esc(s.get('periods', '?'))}; "
                 f"{int(s.get('samples', 0)):,} samples; history {esc(s.get('history', '?'))}"))
    if sc:
        rows.append(("Drift", drift_text(sc, board["test_periods"])))
    known = {"pretrain_periods", "pretrain.batch", "pretrain.lr", "pretrain.epochs",
             "update.batch", "update.lr", "update.epochs", "recorded", "model"}
    P = p.get("pretrain_periods", "?")
    rows.append(("Protocol",
                 f"pre-training on periods 1–{esc(P)} (P = {esc(P)}): "
                 f"{esc(plural(p.get('pretrain.epochs', '?'), 'epoch'))}, batch "
                 f"{esc(p.get('pretrain.batch', '?'))}, Adam lr "
                 f"{esc(number_text(p.get('pretrain.lr', '?')))}; then each period's data "
                 f"updates the model ({esc(plural(p.get('update.epochs', '?'), 'epoch'))}, batch "
                 f"{esc(p.get('update.batch', '?'))}, lr "
                 f"{esc(number_text(p.get('update.lr', '?')))}) and the next period scores it"))
    model = p.get("model", "?")
    model_args = ", ".join(f"{k[len('model.'):]} = {v}" for k, v in board["protocol"]
                           if k.startswith("model."))
    rows.append(("Base model", esc(model) + (f" ({esc(model_args)})" if model_args else "")))
    other = [(k, v) for k, v in board["protocol"] if k not in known and not k.startswith("model.")]
    if other:
        rows.append(("Other settings", esc(", ".join(f"{k} = {v}" for k, v in other))))
    rows.append(("Test periods", f"{periods_text(board['test_periods'])}; recorded (the "
                 f"table's means): {periods_text(board['recorded_periods'])}"))
    seeds = ", ".join(str(x) for x in board["seeds"]) or "none"
    failed = board["seeds_with_failures"]
    rows.append(("Seeds", f"{seeds} ({len(board['seeds'])})" +
                 (f"; seeds with failed jobs: {', '.join(map(str, failed))}" if failed else "")))
    base = board["baseline"] or f"none ({board['baseline_note']})"
    rows.append(("Baseline", esc(base)))
    runs = run_lines(settings)
    rows.append(("Run" if len(runs) == 1 else "Runs", "<br>".join(runs)))
    rows.append(("Page", f"made by {esc(settings['made_by'])} with "
                 "<code>crbench leaderboard</code>"))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    out = f'<dl class="settings">{body}</dl>'
    if sc and sc["parameters"]:
        prow = "".join(
            f'<tr class="{"changed" if q["value"] != q["default"] else ""}"><td>{esc(q["name"])}'
            f'</td><td>{esc(q["value"])}</td><td>{esc(q["default"])}</td>'
            f'<td>{esc(q["description"])}</td></tr>' for q in sc["parameters"])
        out += ("<details><summary>All scenario parameters (changed ones in bold)</summary>"
                '<table class="params"><tr><th>parameter</th><th>value</th><th>default</th>'
                f"<th>meaning</th></tr>{prow}</table></details>")
    return out


def howto_html(board, simulated, styles):
    base = styles.short_name(board["baseline"]) if board["baseline"] else "the baseline"
    text = (
        "<b>How to read this page.</b> Each method updates the same pre-trained model period "
        "by period and is scored on the next period before it sees it. The table ranks "
        "methods by mean AUC over the recorded test periods (higher is better; ★ marks the "
        "best): first averaged over the periods of each seed, then over seeds. The two "
        "intervals show how much that mean depends on the seeds and on which periods were "
        f"recorded. ΔAUC and the p-values compare each method with {esc(base)}, period by "
        "period (Wilcoxon signed-rank, Holm-corrected over the methods); ▲/▼ mark "
        "significant differences, and with few recorded periods none may be reachable. "
        "Click a header to sort; hover a method for its full spec. ")
    if simulated:
        text += ("On this simulated stream the oracle serves the true click probabilities: "
                 "regret is how far a method's AUC falls short of it, and the dashed red lines "
                 "mark where the world drifts. ")
    text += ("Timings come from the machine and load of the run (see Run): compare them "
             "within a page. Definitions: docs/statistics.md and docs/results.md in the "
             "crbench repository.")
    return f'<p class="howto">{text}</p>'


def links_html(d, settings):
    names = ["leaderboard.csv", "per_period.csv", "leaderboard.json", "per_period.json",
             "leaderboard.md", "settings.json", "ranking.md", "critical_difference.svg"]
    links = [f'<a href="{n}">{n}</a>' for n in names if os.path.exists(os.path.join(d, n))]
    for source in settings["results"]:
        rel = os.path.relpath(source["path"], d)
        links.append(f'<a href="{esc(rel)}">{esc(os.path.basename(source["path"]))}</a> '
                     "<small>(every job's rows)</small>")
        if os.path.exists(source["run_info"]):
            rel = os.path.relpath(source["run_info"], d)
            links.append(f'<a href="{esc(rel)}">{esc(os.path.basename(source["run_info"]))}</a>')
    return "<p><b>Files:</b> " + " · ".join(links) + "</p>"


def figure(svg_text, title, caption):
    if not svg_text:
        return ""
    return (f"<figure><h3>{esc(title)}</h3>{svg_text}<figcaption>{caption}</figcaption>"
            "</figure>")


def board_section(d, board, rows, seed_rows, mean_rows, settings, styles):
    parts = [settings_html(board, settings)]
    sc = board["scenario"]
    simulated = sc is not None
    parts.append(howto_html(board, simulated, styles))
    parts.append(table_html(rows, styles, board["baseline"]))
    parts.append('<p><small>★ best mean AUC (the oracle excluded). ▲/▼: significantly better / '
                 "worse than the baseline (Holm-adjusted period p ≤ 0.05). n.s.: not "
                 "significant. –: does not exist (one seed's spread, a test not run)."
                 "</small></p>")
    drift = sc["drift"] if sc and not sc["note"] else []
    recorded = board["recorded_periods"]
    base = board["baseline"]
    parts.append(figure(plots.period_panels(
        seed_rows, mean_rows, styles, "auc", "AUC", base, recorded, drift),
        "AUC per test period",
        "AUC of every scored test period, one panel per method family: the line is the mean "
        "over seeds, the band the range over seeds, the grey line the baseline. The shaded "
        "periods are the recorded ones the table averages." +
        (" The oracle is left out (its AUC is in the table); the regret plot measures each "
         "method against it." if simulated else "")))
    if simulated and mean_rows["auc_regret"].notna().any():
        parts.append(figure(plots.period_panels(
            seed_rows, mean_rows, styles, "auc_regret", "AUC regret", base, recorded, drift),
            "Regret per test period: oracle AUC − method AUC (lower is better)",
            "How far each method falls short of the ground truth in every period; a jump after "
            "a drift marker and its decay show the cost of the drift and the time to recover."))
    parts.append(figure(plots.cost_plot(rows, styles, base), "Accuracy against update cost",
                        "Each learned method's mean AUC against its update time per period; the "
                        "dashed staircase joins the methods no other method beats on both. The "
                        "oracle and the floors (popularity, frozen) are reference lines, not "
                        "points: they learn nothing from the update."))
    parts.append(figure(plots.interval_plot(rows, styles, base), "Mean AUC and its intervals",
                        "Mean AUC with the 95% interval over seeds (thin line; a point for "
                        "deterministic methods) and the 95% bootstrap interval over the "
                        "recorded periods (wide pale bar); the dashed line is the baseline's "
                        "mean."))
    return "\n".join(p for p in parts if p)


def sweep_section(board_rows, settings, styles):
    variants = list(dict.fromkeys(board_rows["variant"]))
    try:
        keys = {v.split("=")[0] for v in variants}
        xs = {v: float(v.split("=")[1]) for v in variants}
        xlabel = keys.pop() if len(keys) == 1 and all("," not in v for v in variants) else None
    except (IndexError, ValueError):
        xlabel = None
    if xlabel is None:
        return ""
    parts = ["<h2>Sweep</h2>"]
    parts.append(figure(plots.sweep_panels(board_rows, styles, "auc_mean", "mean AUC", xs, xlabel),
                        f"Mean AUC against {xlabel}",
                        f"Each method's mean AUC over the recorded periods at every value of "
                        f"{esc(xlabel)} (one board per value)."))
    if board_rows["auc_regret"].notna().any():
        parts.append(figure(plots.sweep_panels(board_rows, styles, "auc_regret", "AUC regret", xs,
                                               xlabel),
                            f"Regret against {xlabel}",
                            f"Oracle AUC − method AUC at every value of {esc(xlabel)}."))
    return "\n".join(p for p in parts if p)


def read_dir(d):
    with open(os.path.join(d, "settings.json"), encoding="utf-8") as f:
        settings = json.load(f)
    board = pd.read_csv(os.path.join(d, "leaderboard.csv"),
                        dtype={"variant": str, "method": str, "verdict": str})
    periods = pd.read_csv(os.path.join(d, "per_period.csv"), dtype={"variant": str, "method": str})
    for t in (board, periods):
        t["variant"] = t["variant"].fillna("")
    return settings, board, periods


def write_page(d, index_href=None):
    settings, board, periods = read_dir(d)
    styles = Styles(settings)
    stream = settings["stream"]
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width,initial-scale=1">',
             f"<title>crbench leaderboard: {esc(stream)}</title>", STYLE, "</head><body>"]
    if index_href:
        parts.append(f'<p><a href="{esc(index_href)}">← all streams</a></p>')
    parts.append(f"<h1>{esc(stream)}</h1>")
    kinds = {b["scenario"]["name"] for b in settings["boards"] if b["scenario"]}
    kind = f"simulated stream ({', '.join(sorted(kinds))})" if kinds else "logged data"
    parts.append(f'<p class="sub">crbench leaderboard · {esc(kind)} · '
                 f"{len(settings['boards'])} board{'s' if len(settings['boards']) > 1 else ''}"
                 "</p>")
    if settings["mixed_settings"]:
        labels = "; ".join(b["label"] for b in settings["boards"])
        parts.append(f'<p class="note"><b>These results mix {len(settings["boards"])} settings '
                     f"of this stream</b> ({esc(labels)}). Settings are never pooled: each has "
                     "its own board below, labelled by what differs.</p>")
    parts.append(links_html(d, settings))
    if len(settings["boards"]) > 1 and not settings["mixed_settings"]:
        parts.append(sweep_section(board, settings, styles))
    for b in settings["boards"]:
        label = b["label"]
        rows = board[board["variant"] == label]
        p = periods[periods["variant"] == label]
        if len(settings["boards"]) > 1:
            parts.append(f'<h2 id="{esc(label)}">{esc(b["name"])}</h2>')
        parts.append(board_section(d, b, rows, p[p["kind"] == "seed"], p[p["kind"] == "mean"],
                                   settings, styles))
    parts += [SORT_SCRIPT, "</body></html>\n"]
    path = os.path.join(d, "leaderboard.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(x for x in parts if x))
    print(f"wrote {path}", file=sys.stderr)
    return settings, board


def index_page(out, dirs, pages):
    """OUT/index.html: the streams, the ranking across them and the CD diagram."""
    first = pages[0][0]
    runs = run_lines(first)
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width,initial-scale=1">',
             f"<title>crbench leaderboards: {esc(os.path.basename(os.path.abspath(out)))}</title>",
             STYLE, "</head><body>",
             f"<h1>crbench leaderboards: {esc(os.path.basename(os.path.abspath(out)))}</h1>",
             f'<p class="sub">{len(dirs)} streams · made by {esc(first["made_by"])}</p>',
             '<dl class="settings"><dt>' + ("Run" if len(runs) == 1 else "Runs") + "</dt><dd>" +
             "<br>".join(runs) + "</dd></dl>"]
    parts.append('<p class="howto"><b>How to read this page.</b> One leaderboard per stream '
                 "(below, each with its settings, table and plots). The ranking ranks methods by "
                 "mean AUC within each data set (each board of each stream) and averages the "
                 "ranks; Friedman's test asks whether the average ranks differ at all, and "
                 "Nemenyi's critical difference (CD) which pairs do: in the diagram, methods "
                 "joined by a bar are not significantly different. Few data sets make the CD "
                 "large. Definitions: docs/statistics.md.</p>")
    rows = []
    for d, (settings, board) in zip(dirs, pages):
        rel = os.path.relpath(os.path.join(d, "leaderboard.html"), out)
        styles = Styles(settings)
        for b in settings["boards"]:
            r = board[board["variant"] == b["label"]]
            learned = r[[styles.family(m) != "reference" for m in r["method"]]].dropna(
                subset=["auc_mean"])
            base = r[r["method"] == b["baseline"]]
            sc = b["scenario"]
            anchor = f"#{b['label']}" if len(settings["boards"]) > 1 else ""
            cells = [(f'<a href="{esc(rel + anchor)}">{esc(b["name"])}</a>', "text"),
                     (f"simulated: {esc(sc['name'])}" if sc else "logged data", "text"),
                     (str(len(r)), "num"), (str(len(b["seeds"])), "num")]
            if len(learned):
                top = learned.iloc[0]
                cells += [(esc(styles.short_name(top["method"])), "text"),
                          (f"{top['auc_mean']:.4f}", "num")]
            else:
                cells += [("–", "text"), ("–", "num")]
            cells.append((f"{base['auc_mean'].iloc[0]:.4f}" if len(base) else "–", "num"))
            rows.append("<tr>" + "".join(f'<td class="{a}">{t}</td>' for t, a in cells) + "</tr>")
    parts.append("<h2>Streams</h2><div class=\"tablewrap\"><table class=\"leaderboard\">"
                 "<thead><tr><th class=\"text\">Stream</th><th class=\"text\">Data</th>"
                 "<th class=\"num\">Methods</th><th class=\"num\">Seeds</th><th class=\"text\">"
                 "Best mean AUC</th><th class=\"num\">its AUC</th><th class=\"num\">"
                 "Baseline's AUC</th></tr></thead><tbody>" + "\n".join(rows) +
                 "</tbody></table></div>")
    ranking_csv = os.path.join(out, "ranking.csv")
    cd = os.path.join(out, "critical_difference.svg")
    if os.path.exists(ranking_csv) and len(pd.read_csv(ranking_csv)):
        parts.append("<h2>Ranking across streams</h2>")
        parts.append(ranking_html(pd.read_csv(ranking_csv), Styles(first)))
    else:
        parts.append('<h2>Ranking across streams</h2><p class="note">No ranking: see '
                     '<a href="ranking.md">ranking.md</a> for why.</p>')
    if os.path.exists(cd):
        with open(cd, encoding="utf-8") as f:
            svg_text = f.read()
        svg_text = svg_text[svg_text.index("<svg"):]
        parts.append(figure(svg_text, "Critical-difference diagram", "Demšar (2006): average rank "
                            "on the axis (1 = best); methods joined by a thick bar do not differ "
                            "significantly (Nemenyi, α = 0.05)."))
    links = [f'<a href="{n}">{n}</a>' for n in ("ranking.md", "ranking.csv",
                                                  "critical_difference.svg")
             if os.path.exists(os.path.join(out, n))]
    parts.append("<p><b>Files:</b> " + " · ".join(links) + "</p>")
    parts += [SORT_SCRIPT, "</body></html>\n"]
    path = os.path.join(out, "index.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(x for x in parts if x))
    print(f"wrote {path}", file=sys.stderr)


def ranking_html(r, styles):
    boards = [c[len("rank:"):] for c in r.columns if c.startswith("rank:")]
    base = r["baseline"].dropna().iloc[0] if r["baseline"].notna().any() else ""
    head = [("#", "num"), ("Method", "text"), ("Family", "text"), ("Average rank", "num")]
    head += [(b, "num") for b in boards]
    if base:
        head += [(f"p vs {styles.short_name(base)} (N)", "num"), ("Holm p", "num")]
    body = []
    for _, x in r.iterrows():
        spec = x["method"]
        fam = styles.family(spec)
        cells = [(str(int(x["rank"])), str(int(x["rank"])), "num"),
                 (f'<span class="swatch" style="background:{styles.colour(spec)}"></span>'
                  f'<span title="{esc(spec)}">{esc(styles.short_name(spec))}</span>', spec,
                  "text"),
                 (SHORT_FAMILY[fam], SHORT_FAMILY[fam], "text"),
                 (f"{x['average_rank']:.2f}", repr(x["average_rank"]), "num")]
        for b in boards:
            cells.append((f"{x['rank:' + b]:g} <small>({x['auc:' + b]:.4f})</small>",
                          repr(x["rank:" + b]), "num"))
        if base:
            if pd.isna(x["p_vs_baseline"]):
                cells += [("baseline", "", "num"), ("–", "", "num")]
            else:
                cells += [(f"{x['p_vs_baseline']:.3g} <small>({int(x['data_sets'])})</small>",
                           repr(x["p_vs_baseline"]), "num"),
                          (f"{x['p_holm']:.3g}", repr(x["p_holm"]), "num")]
        body.append("<tr>" + "".join(f'<td class="{a}" data-sort="{esc(s)}">{t}</td>'
                                     for t, s, a in cells) + "</tr>")
    x = r.iloc[0]
    k, n = int(x["methods"]), int(x["data_sets"])
    f_text = "∞" if str(x["iman_davenport_f"]) == "inf" else f"{float(x['iman_davenport_f']):.2f}"
    summary = (f"<p><small>Friedman χ²({k - 1}) = {x['friedman_chi2']:.2f}, "
               f"p = {x['friedman_p']:.2g}; "
               f"Iman-Davenport F({k - 1}, {(k - 1) * (n - 1)}) = {f_text}, p = "
               f"{x['iman_davenport_p']:.2g}; Nemenyi critical difference (α = 0.05) = "
               f"{x['nemenyi_cd']:.2f} ranks, for k = {k} methods on N = {n} data sets. Cells: "
               "rank on that data set (its mean AUC).</small></p>")
    return (summary + '<div class="tablewrap"><table class="leaderboard sortable"><thead><tr>' +
            "".join(f'<th class="{a}">{esc(h)}</th>' for h, a in head) + "</tr></thead><tbody>\n" +
            "\n".join(body) + "\n</tbody></table></div>")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", help="also write INDEX/index.html over the given directories")
    ap.add_argument("dirs", nargs="+")
    args = ap.parse_args()
    pages = []
    for d in args.dirs:
        index_href = os.path.relpath(os.path.join(args.index, "index.html"), d) \
            if args.index else None
        pages.append(write_page(d, index_href))
    if args.index:
        index_page(args.index, args.dirs, pages)


if __name__ == "__main__":
    main()
