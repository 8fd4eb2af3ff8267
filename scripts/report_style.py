"""How methods look in every plot and page of a crbench report: one colour,
marker and line style per method, fixed across plots, pages and runs.

Which family a method belongs to, and its place in the family, come from the
leaderboard's settings.json ("families", written by crbench from its one family
table, bench/method_family.cpp); this module only turns (family, place) into a
look. Families get a hue (retraining blues, replay greens, meta-learned reds and
oranges, Bayesian purples, APG olive, floors greys, the oracle black); the
place in the family picks the shade and the marker. Specs that share a registry
name (a sweep such as bu(w=3|5|7)) share its colour and differ in line style.
"""

FAMILY_COLOURS = {
    "reference": ["#000000"],
    "floor": ["#7f7f7f", "#3d3d3d"],
    "retraining": ["#1f77b4", "#6baed6", "#17becf", "#08519c", "#00305e", "#3a8f9e"],
    "replay": ["#2ca02c", "#66a61e", "#00441b"],
    "meta-learned": ["#d62728", "#ff7f0e", "#e377c2", "#8c564b", "#e6ab02", "#7f0000",
                     "#c51b8a", "#f46d43"],
    "bayesian": ["#9467bd", "#54278f", "#b084cc", "#3f007d"],
    "apg": ["#bcbd22"],
    "other": ["#555555", "#999999", "#333333", "#bbbbbb"],
}
# Shown in this order; "other" holds methods crbench's table does not know.
FAMILY_ORDER = ["reference", "floor", "retraining", "replay", "meta-learned", "bayesian", "apg",
                "other"]
SHORT_FAMILY = {"reference": "reference", "floor": "floor", "retraining": "retraining",
                "replay": "replay", "meta-learned": "meta-learned", "bayesian": "Bayesian/LR",
                "apg": "APG", "other": "other"}
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
SWEEP_DASHES = ["-", "--", "-.", ":"]


def darker(colour, amount=0.35):
    c = colour.lstrip("#")
    rgb = [int(c[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(v * (1 - amount)):02x}" for v in rgb)


def registry_name(spec):
    return spec.split("(")[0]


class Styles:
    """Method spec -> look, from a settings.json's families and a board's methods."""

    def __init__(self, settings):
        self.families = {f["id"]: f for f in settings["families"]}
        self.family_of_name = {}
        self.place = {}
        for f in settings["families"]:
            for i, name in enumerate(f["methods"]):
                self.family_of_name[name] = f["id"]
                self.place[name] = i
        self.short = {}
        self.family_of_spec = {}
        specs_of_name = {}
        for board in settings["boards"]:
            for m in board["methods"]:
                self.short.setdefault(m["method"], m["short"])
                self.family_of_spec[m["method"]] = m["family"]
                specs_of_name.setdefault(registry_name(m["method"]), set()).add(m["method"])
        # A sweep's specs: the same colour, a line style each (in spec order).
        self.dash = {}
        for specs in specs_of_name.values():
            for i, spec in enumerate(sorted(specs)):
                self.dash[spec] = SWEEP_DASHES[i % len(SWEEP_DASHES)]
        self._other = {}

    def family(self, spec):
        fam = self.family_of_spec.get(spec) or self.family_of_name.get(registry_name(spec))
        return fam if fam in FAMILY_COLOURS else "other"

    def family_label(self, family):
        f = self.families.get(family)
        return f["label"] if f else "other methods"

    def short_name(self, spec):
        return self.short.get(spec, spec)

    def _place(self, spec):
        name = registry_name(spec)
        if name in self.place:
            return self.place[name]
        return self._other.setdefault(name, len(self._other))

    def colour(self, spec):
        colours = FAMILY_COLOURS[self.family(spec)]
        return colours[self._place(spec) % len(colours)]

    def marker(self, spec):
        return MARKERS[self._place(spec) % len(MARKERS)]

    def linestyle(self, spec):
        fam = self.family(spec)
        if fam == "reference":
            return ":"
        if fam == "floor":
            return "--"
        return self.dash.get(spec, "-")

    def text_colour(self, spec):
        """The colour darkened by a third: labels in pale colours stay legible."""
        return darker(self.colour(spec))

    def line_kwargs(self, spec):
        return dict(color=self.colour(spec), marker=self.marker(spec),
                    linestyle=self.linestyle(spec), markersize=3.5, linewidth=1.4)
