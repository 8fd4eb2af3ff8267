// Test helper: renders an HTML page in headless Chromium (Debian's chromium)
// and returns the DOM after its scripts ran and every console message it
// logged; and checks a page's sortable table by clicking a header in a copy of
// the page with a small test script appended.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace crbench::test_support {

inline const char* kChromium = "/usr/bin/chromium";

inline bool chromium_available() { return std::filesystem::exists(kChromium); }

struct RenderedPage {
  int exit_code = -1;
  std::string dom;
  std::vector<std::string> console;  // every console message (errors, uncaught exceptions, logs)
};

inline std::string slurp_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `scratch`: a directory for the profile and the captured output.
inline RenderedPage render_page(const std::filesystem::path& page,
                                const std::filesystem::path& scratch) {
  namespace fs = std::filesystem;
  fs::create_directories(scratch);
  const fs::path dom = scratch / "dom.html", log = scratch / "chromium.log";
  const std::string cmd = std::string(kChromium) +
                          " --headless --no-sandbox --disable-gpu --no-first-run "
                          "--disable-background-networking --disable-component-update "
                          "--disable-sync --enable-logging=stderr --v=0 --user-data-dir=" +
                          (scratch / "profile").string() + " --dump-dom 'file://" +
                          fs::absolute(page).string() + "' > " + dom.string() + " 2> " +
                          log.string();
  RenderedPage out;
  out.exit_code = std::system(cmd.c_str());
  out.dom = slurp_file(dom);
  std::istringstream lines(slurp_file(log));
  for (std::string line; std::getline(lines, line);)
    if (line.find(":CONSOLE") != std::string::npos) out.console.push_back(line);
  return out;
}

// Clicks the header `column` of the page's first sortable table twice (a copy
// of the page with a test script appended) and returns the cells' data-sort
// values after each click, and the header's aria-sort after the second.
struct SortCheck {
  std::vector<std::string> first, second;
  std::string aria_sort;
  std::vector<std::string> console;
};

inline std::vector<std::string> split_bar(const std::string& text) {
  std::vector<std::string> out;
  std::size_t b = 0;
  while (b <= text.size()) {
    const std::size_t e = text.find('|', b);
    out.push_back(text.substr(b, e == std::string::npos ? e : e - b));
    if (e == std::string::npos) break;
    b = e + 1;
  }
  return out;
}

inline std::string between(const std::string& text, const std::string& open,
                           const std::string& close) {
  const std::size_t a = text.find(open);
  if (a == std::string::npos) return "";
  const std::size_t b = text.find(close, a + open.size());
  return text.substr(a + open.size(), b - a - open.size());
}

inline SortCheck click_to_sort(const std::filesystem::path& page, const std::string& column,
                               const std::filesystem::path& scratch) {
  namespace fs = std::filesystem;
  fs::create_directories(scratch);
  // The page is self-contained (inline SVG, inline script), so a copy elsewhere renders the same.
  const fs::path copy = scratch / ("sort-check-" + page.filename().string());
  std::string html = slurp_file(page);
  const std::string script =
      "<script>(function(){var t=document.querySelector('table.sortable');"
      "var h=t.tHead.rows[0].cells,c=-1;for(var i=0;i<h.length;i++)"
      "if(h[i].textContent.trim()==='" +
      column +
      "')c=i;"
      "var read=function(){return Array.prototype.map.call(t.tBodies[0].rows,"
      "function(r){return r.cells[c].getAttribute('data-sort');}).join('|');};"
      "h[c].click();var a=read();h[c].click();var b=read();"
      "var p=document.createElement('pre');p.id='sort-check';"
      "p.textContent='FIRST['+a+']SECOND['+b+']ARIA['+h[c].getAttribute('aria-sort')+']';"
      "document.body.appendChild(p);})();</script>";
  html.insert(html.rfind("</body>"), script);
  std::ofstream(copy) << html;
  const RenderedPage r = render_page(copy, scratch);
  fs::remove(copy);
  // The result element (the script's own text holds the same markers).
  const std::string result = between(r.dom, "<pre id=\"sort-check\">", "</pre>");
  SortCheck out;
  out.first = split_bar(between(result, "FIRST[", "]SECOND"));
  out.second = split_bar(between(result, "SECOND[", "]ARIA"));
  out.aria_sort = between(result, "ARIA[", "]");
  out.console = r.console;
  return out;
}

// The clicked column's values (numbers) ascend after the first click and
// descend after the second, and the header says so.
inline bool sorted_up_then_down(const SortCheck& c) {
  std::vector<double> up, down;
  for (const auto& v : c.first) up.push_back(std::stod(v));
  for (const auto& v : c.second) down.push_back(std::stod(v));
  return std::is_sorted(up.begin(), up.end()) && std::is_sorted(down.rbegin(), down.rend()) &&
         c.aria_sort == "descending";
}

}  // namespace crbench::test_support
