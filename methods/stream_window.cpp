// The protocol's gatekeeper: a method reads periods only through this window.
#include <numeric>
#include <string>

#include "methods/stream_window.hpp"

namespace crbench {

std::vector<RowIndex> Period::rows() const {
  std::vector<RowIndex> out(size());
  std::iota(out.begin(), out.end(), begin);
  return out;
}

Period StreamWindow::period(int p) const {
  if (p < 0 || p >= visible_)
    throw PeekError("period " + std::to_string(p) + " is not visible yet (visible: 0.." +
                    std::to_string(visible_ - 1) + ")");
  return {p, stream_->period_begin(p), stream_->period_end(p)};
}

std::vector<RowIndex> StreamWindow::rows(int first, int last) const {
  if (first > last) return {};
  const Period a = period(first);
  const Period b = period(last);
  return Period{first, a.begin, b.end}.rows();
}

}  // namespace crbench
