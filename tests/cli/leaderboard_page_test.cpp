// The HTML pages of `crbench leaderboard` (scripts/leaderboard_html.py) for a
// small grid: headless Chromium renders each without a console message, with
// its plots and a table that sorts on a click; the table's static markup (what
// a reader sees with scripts off) against leaderboard.csv; one colour per
// method on every page and in a leaderboard of fewer methods; plot text as
// text; the run that made the numbers in the page. Labelled "slow"
// (tests/CMakeLists.txt): they check the Python script's output, which the
// sanitizer pass cannot make safer, and matplotlib and Chromium take seconds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bench/results.hpp"
#include "bench/run_info.hpp"
#include "tests/support/chromium.hpp"
#include "tests/support/run_binary.hpp"
#include "tests/support/small_leaderboard.hpp"

namespace crbench {
namespace {

using test_support::run_crbench;
namespace fs = std::filesystem;

std::string slurp(const fs::path& path) { return test_support::slurp_file(path); }

using test_support::read_csv;

// The static markup of a page's first sortable table, as a browser with scripts
// off shows it: the header texts, and per row each cell's data-sort value and
// inner HTML.
struct StaticTable {
  std::vector<std::string> headers;
  std::vector<std::vector<std::pair<std::string, std::string>>> rows;  // (data-sort, html)
  std::size_t column(const std::string& header) const {
    return static_cast<std::size_t>(std::find(headers.begin(), headers.end(), header) -
                                    headers.begin());
  }
};

std::string strip_tags(const std::string& html) {
  std::string out;
  bool in_tag = false;
  for (const char c : html) {
    if (c == '<') in_tag = true;
    if (!in_tag) out += c;
    if (c == '>') in_tag = false;
  }
  return out;
}

StaticTable first_sortable_table(const std::string& page) {
  StaticTable t;
  const std::size_t begin = page.find("<table class=\"leaderboard sortable\">");
  const std::string table = page.substr(begin, page.find("</table>", begin) - begin);
  const std::size_t body = table.find("<tbody>");
  for (std::size_t p = 0; (p = table.find("<th ", p)) < body; ++p) {
    const std::size_t a = table.find('>', p) + 1;
    t.headers.push_back(strip_tags(table.substr(a, table.find("</th>", a) - a)));
  }
  for (std::size_t r = body; (r = table.find("<tr", r)) != std::string::npos; ++r) {
    const std::size_t end = table.find("</tr>", r);
    auto& row = t.rows.emplace_back();
    for (std::size_t c = r; (c = table.find("<td", c)) < end; ++c) {
      const std::size_t open = table.find('>', c) + 1, close = table.find("</td>", open);
      const std::string attrs = table.substr(c, open - c);
      const std::size_t s = attrs.find("data-sort=\"") + 11;
      row.emplace_back(attrs.substr(s, attrs.find('"', s) - s), table.substr(open, close - open));
    }
  }
  return t;
}

// Method spec -> the colour of its swatch, for every swatch on a page (the
// leaderboard tables and the index's ranking); a spec seen twice on one page
// with two colours fails the test.
std::map<std::string, std::string> swatch_colours(const std::string& page) {
  std::map<std::string, std::string> out;
  const std::string marker = "<span class=\"swatch\" style=\"background:";
  for (std::size_t p = 0; (p = page.find(marker, p)) != std::string::npos; ++p) {
    const std::size_t spec_at = page.rfind("data-sort=\"", p) + 11;
    const std::string spec = page.substr(spec_at, page.find('"', spec_at) - spec_at);
    const std::size_t c = p + marker.size();
    const std::string colour = page.substr(c, page.find('"', c) - c);
    const auto [it, fresh] = out.emplace(spec, colour);
    EXPECT_TRUE(fresh || it->second == colour) << spec << ": " << it->second << " and " << colour;
  }
  return out;
}

struct LeaderboardPage : ::testing::Test {
  static void SetUpTestSuite() {
    dir = test_support::scratch_dir("leaderboard_page");
    results = dir / "results.csv";
    test_support::run_small_leaderboard(dir, "");
  }
  static void TearDownTestSuite() { fs::remove_all(dir); }
  static inline fs::path dir, results;
};

// The run that wrote the results (its sidecar) is in the page.
TEST_F(LeaderboardPage, TheRunIsShown) {
  const std::vector<RunInfo> runs = read_run_info(results.string());
  ASSERT_EQ(runs.size(), 1u);
  const std::string page = slurp(dir / "out" / "flat" / "leaderboard.html");
  EXPECT_NE(page.find(runs[0].cpu_model), std::string::npos);
  EXPECT_NE(page.find(runs[0].started_utc), std::string::npos);
  EXPECT_NE(page.find(runs[0].git_commit), std::string::npos);
  EXPECT_NE(page.find(runs[0].build_type + " build"), std::string::npos);
}

// Every page renders without a console message, with its plots (real SVG text)
// and a sortable table, under 1 MB.
TEST_F(LeaderboardPage, HeadlessChromiumRendersEveryPage) {
  if (!test_support::chromium_available())
    GTEST_SKIP() << "chromium is not installed (scripts/setup.sh installs it); the HTML pages "
                    "were written but not rendered";
  struct Page {
    fs::path path;
    std::size_t svgs, sortable;
    std::vector<const char*> texts;
  };
  const std::vector<Page> pages = {
      // 2 sweep plots (AUC, regret against share) + per board: AUC and regret per
      // period, accuracy against cost, the intervals.
      {dir / "out" / "sweep" / "leaderboard.html",
       2 + 2 * 4,
       2,
       {"Mean AUC against share", "sweep share=0", "sweep share=1", "drift point",
        "Pareto front of the learned methods", "recorded periods", "How to read this page",
        "AUC regret", "a world per job seed", "bu-3", "frozen"}},
      {dir / "out" / "flat" / "leaderboard.html",
       4,
       1,
       {"stationary", "band: range over seeds", "Cost × iu", "95% CI, periods"}},
      {dir / "out" / "index.html", 1, 1, {"Ranking across streams", "Critical difference", "flat"}},
  };
  for (const Page& p : pages) {
    SCOPED_TRACE(p.path.string());
    EXPECT_LT(fs::file_size(p.path), 1000000u);  // every plot inline, under 1 MB
    const auto r = test_support::render_page(p.path, dir / "chromium");
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_TRUE(r.console.empty()) << r.console.front();
    std::size_t svgs = 0, sortable = 0;
    for (std::size_t i = 0; (i = r.dom.find("<svg", i)) != std::string::npos; ++i) ++svgs;
    for (std::size_t i = 0;
         (i = r.dom.find("class=\"leaderboard sortable\"", i)) != std::string::npos; ++i)
      ++sortable;
    EXPECT_EQ(svgs, p.svgs);
    EXPECT_EQ(sortable, p.sortable);
    for (const char* t : p.texts) EXPECT_NE(r.dom.find(t), std::string::npos) << t;
  }
}

TEST_F(LeaderboardPage, ClickingAHeaderSortsTheTable) {
  if (!test_support::chromium_available()) GTEST_SKIP() << "chromium is not installed";
  const auto check =
      test_support::click_to_sort(dir / "out" / "flat" / "leaderboard.html", "AUC", dir / "sort");
  EXPECT_TRUE(check.console.empty()) << check.console.front();
  ASSERT_EQ(check.first.size(), 4u);  // oracle, iu, bu-3, frozen
  EXPECT_TRUE(test_support::sorted_up_then_down(check)) << check.aria_sort;
}

// With scripts off the table reads in rank order with human headers, one number
// format per column, intervals as [low, high] around the mean, the best mean
// starred and the verdicts marked as leaderboard.csv has them.
TEST_F(LeaderboardPage, TheTableReadsCorrectlyWithoutScripts) {
  const std::string page = slurp(dir / "out" / "flat" / "leaderboard.html");
  const StaticTable t = first_sortable_table(page);
  const auto csv = read_csv(dir / "out" / "flat" / "leaderboard.csv");
  const auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(csv[0].begin(), csv[0].end(), name) - csv[0].begin());
  };
  ASSERT_EQ(t.rows.size(), csv.size() - 1);  // oracle, iu, bu-3, frozen
  for (const std::string& h : t.headers) EXPECT_EQ(h.find('_'), std::string::npos) << h;
  for (const char* h : {"#", "Method", "AUC", "95% CI, seeds", "95% CI, periods", "vs iu"})
    ASSERT_LT(t.column(h), t.headers.size()) << h;
  // The best learned mean, found here from the CSV (the oracle is not a method).
  std::size_t best = 0;
  for (std::size_t i = 1; i < csv.size(); ++i)
    if (csv[i][col("method")] != "oracle" &&
        (best == 0 || std::stod(csv[i][col("auc_mean")]) > std::stod(csv[best][col("auc_mean")])))
      best = i;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    SCOPED_TRACE(csv[i + 1][col("method")]);
    const auto& row = t.rows[i];
    EXPECT_EQ(row[t.column("#")].first, std::to_string(i + 1));  // rank order, no script needed
    EXPECT_EQ(row[t.column("Method")].first, csv[i + 1][col("method")]);
    const double auc = std::stod(csv[i + 1][col("auc_mean")]);
    char four[32];
    std::snprintf(four, sizeof four, "%.4f", auc);
    const std::string auc_text = strip_tags(row[t.column("AUC")].second);
    EXPECT_EQ(auc_text.substr(0, auc_text.find(' ')), four);  // 4 decimals, always
    EXPECT_EQ(auc_text.find("★") != std::string::npos, i + 1 == best);
    for (const char* h : {"95% CI, seeds", "95% CI, periods"}) {
      const std::string cell = row[t.column(h)].second;
      double lo = 0, hi = 0;
      ASSERT_EQ(std::sscanf(cell.c_str(), "[%lf, %lf]", &lo, &hi), 2) << h << ": " << cell;
      EXPECT_LE(lo, auc + 5e-5) << h;
      EXPECT_GE(hi, auc - 5e-5) << h;
    }
    const std::string verdict = csv[i + 1][col("verdict")];
    const std::string shown = strip_tags(row[t.column("vs iu")].second);
    const std::string expected = verdict == "better"            ? "▲ better"
                                 : verdict == "worse"           ? "▼ worse"
                                 : verdict == "not significant" ? "n.s."
                                                                : verdict;
    EXPECT_EQ(shown, expected) << verdict;
  }
  // The script only reorders rows: the page carries it inline (works offline).
  EXPECT_NE(page.find("<script>"), std::string::npos);
  EXPECT_EQ(page.find("<script src"), std::string::npos);
}

// A method has one colour on every page and in every plot, its own on a page,
// and the same in a leaderboard of other methods: it comes from the method's
// place in crbench's family table, not from the board.
TEST_F(LeaderboardPage, EveryMethodKeepsItsColourAcrossPages) {
  const fs::path out = dir / "out";
  const auto flat = swatch_colours(slurp(out / "flat" / "leaderboard.html"));
  ASSERT_EQ(flat.size(), 4u);
  std::set<std::string> distinct;
  for (const auto& [spec, colour] : flat) distinct.insert(colour);
  EXPECT_EQ(distinct.size(), flat.size());
  for (const fs::path& page : {out / "sweep" / "leaderboard.html", out / "index.html"}) {
    const std::string text = slurp(page);
    const auto colours = swatch_colours(text);
    EXPECT_GE(colours.size(), 3u) << page;
    for (const auto& [spec, colour] : colours) EXPECT_EQ(colour, flat.at(spec)) << page << spec;
  }
  // The plots draw each learned method in its table colour (matplotlib's SVG
  // writes it as a style value).
  const std::string flat_page = slurp(out / "flat" / "leaderboard.html");
  for (const auto& [spec, colour] : flat) {
    if (spec == "oracle") continue;  // a reference line in the cost plot, not a point
    EXPECT_NE(flat_page.find("stroke: " + colour), std::string::npos) << spec << " " << colour;
  }
  // The flat stream's results without iu and the oracle: bu-3 is the only
  // retraining method left, and keeps its colour.
  const auto rows = read_csv(results);
  const auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(rows[0].begin(), rows[0].end(), name) -
                                    rows[0].begin());
  };
  const std::size_t method = column("method"), stream = column("stream");
  std::ifstream in(results);
  std::ofstream subset(dir / "subset.csv");
  std::string line;
  for (std::size_t i = 0; std::getline(in, line); ++i)
    if (i == 0 ||
        (rows[i][stream] == "flat" && rows[i][method] != "iu" && rows[i][method] != "oracle"))
      subset << line << "\n";
  subset.close();
  const auto o = run_crbench("leaderboard " + (dir / "subset.csv").string() + " --out " +
                             (dir / "subset").string() + " --baseline frozen");
  ASSERT_EQ(o.exit_code, 0) << o.output;
  // One stream: the folder is the stream's.
  const auto fewer = swatch_colours(slurp(dir / "subset" / "leaderboard.html"));
  ASSERT_EQ(fewer.size(), 2u);
  for (const auto& [spec, colour] : fewer) EXPECT_EQ(colour, flat.at(spec)) << spec;
}

// Plot text is SVG text (searchable, copyable), not glyph outlines, and the
// period axes carry whole periods only.
TEST_F(LeaderboardPage, PlotTextIsTextAndPeriodsAreWhole) {
  const std::string page = slurp(dir / "out" / "flat" / "leaderboard.html");
  EXPECT_NE(page.find("test period</text>"), std::string::npos);
  EXPECT_EQ(page.find("<path id=\"DejaVu"), std::string::npos);  // no glyph outlines
  const std::regex half(">[1-9][0-9]*\\.5</text>");
  EXPECT_FALSE(std::regex_search(page, half));
}

}  // namespace
}  // namespace crbench
