// SVG drawing of the critical-difference diagram.
#include "bench/cd_diagram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace crbench {

namespace {

std::string escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string line(double x1, double y1, double x2, double y2, const char* cls) {
  return "<line class=\"" + std::string(cls) + "\" x1=\"" + fmt("%.1f", x1) + "\" y1=\"" +
         fmt("%.1f", y1) + "\" x2=\"" + fmt("%.1f", x2) + "\" y2=\"" + fmt("%.1f", y2) + "\"/>\n";
}

std::string text(double x, double y, const char* anchor, const std::string& s,
                 const char* cls = "label") {
  return "<text class=\"" + std::string(cls) + "\" x=\"" + fmt("%.1f", x) + "\" y=\"" +
         fmt("%.1f", y) + "\" text-anchor=\"" + anchor + "\">" + escape(s) + "</text>\n";
}

}  // namespace

std::string critical_difference_svg(const CdDiagram& d) {
  const std::size_t k = d.methods.size();
  const double width = 960, label_width = 250, row = 18;
  const double x0 = label_width, x1 = width - label_width;
  const double top_rank = 1.0, bottom_rank = std::max<double>(2.0, static_cast<double>(k));
  auto x = [&](double rank) {
    return x0 + (rank - top_rank) / (bottom_rank - top_rank) * (x1 - x0);
  };
  // Group bars in lanes: a group goes to the first lane whose last bar ends left of it.
  std::vector<double> lane_end;
  std::vector<std::size_t> lane_of;
  for (const auto& [a, b] : d.groups) {
    std::size_t lane = 0;
    while (lane < lane_end.size() && lane_end[lane] >= d.average_ranks[a]) ++lane;
    if (lane == lane_end.size()) lane_end.push_back(0);
    lane_end[lane] = d.average_ranks[b];
    lane_of.push_back(lane);
  }
  const double shift = 16.0 * static_cast<double>(d.caption.size());  // caption lines
  const double axis_y = 79 + shift, lanes_y = axis_y + 14,
               rows_y = lanes_y + 8.0 * lane_end.size() + 18;
  const std::size_t left = (k + 1) / 2;  // the better half, labelled on the left
  const double height = rows_y + row * static_cast<double>(left) + 10;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fmt("%.0f", width) +
                    "\" height=\"" + fmt("%.0f", height) + "\" viewBox=\"0 0 " +
                    fmt("%.0f", width) + " " + fmt("%.0f", height) + "\">\n";
  svg +=
      "<style>text{font-family:sans-serif;font-size:12px;fill:#000}.title{font-size:14px;"
      "font-weight:bold}.caption{fill:#444}line{stroke:#000;stroke-width:1}"
      "line.group{stroke-width:4}line.cd{stroke-width:2}</style>\n";
  svg += text(width / 2, 18, "middle",
              "Critical difference diagram: average rank by AUC (1 = best)", "title");
  for (std::size_t i = 0; i < d.caption.size(); ++i)
    svg += text(width / 2, 36 + 16.0 * static_cast<double>(i), "middle", d.caption[i], "caption");
  // The CD bar, from rank 1; drawn to the end of the axis when CD is wider.
  const double cd_end = std::min(bottom_rank, top_rank + d.critical_difference);
  const double cd_y = 42 + shift;
  svg += line(x(top_rank), cd_y, x(cd_end), cd_y, "cd");
  svg += line(x(top_rank), cd_y - 5, x(top_rank), cd_y + 5, "cd");
  svg += line(x(cd_end), cd_y - 5, x(cd_end), cd_y + 5, "cd");
  svg += text(x(top_rank), cd_y - 8, "start",
              "CD = " + fmt("%.2f", d.critical_difference) +
                  (top_rank + d.critical_difference > bottom_rank ? " (wider than the axis)" : ""),
              "cd");
  svg += line(x0, axis_y, x1, axis_y, "axis");
  for (std::size_t r = 1; r <= static_cast<std::size_t>(bottom_rank); ++r) {
    svg += line(x(static_cast<double>(r)), axis_y - 5, x(static_cast<double>(r)), axis_y, "tick");
    svg += text(x(static_cast<double>(r)), axis_y - 8, "middle", std::to_string(r), "tick");
  }
  for (std::size_t g = 0; g < d.groups.size(); ++g) {
    const double y = lanes_y + 8.0 * static_cast<double>(lane_of[g]);
    svg += line(x(d.average_ranks[d.groups[g].first]) - 3, y,
                x(d.average_ranks[d.groups[g].second]) + 3, y, "group");
  }
  for (std::size_t i = 0; i < k; ++i) {
    const bool on_left = i < left;
    // Left: best at the top; right: worst at the top, so that no lines cross.
    const double y = rows_y + row * static_cast<double>(on_left ? i : k - 1 - i);
    const double xr = x(d.average_ranks[i]);
    const std::string label = d.methods[i] + " (" + fmt("%.2f", d.average_ranks[i]) + ")";
    svg += line(xr, axis_y, xr, y, "method");
    if (on_left) {
      svg += line(xr, y, x0 - 10, y, "method");
      svg += text(x0 - 14, y + 4, "end", label);
    } else {
      svg += line(xr, y, x1 + 10, y, "method");
      svg += text(x1 + 14, y + 4, "start", label);
    }
  }
  return svg + "</svg>\n";
}

}  // namespace crbench
