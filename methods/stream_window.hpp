// The protocol's gatekeeper: one period's rows, and the window of periods a
// method may read (widened by the protocol only after a period has been scored).
// The window holds the stream but hands out only views of its released rows
// (datasets/stream_view.hpp). Implemented in methods/stream_window.cpp.
#pragma once

#include <stdexcept>
#include <vector>

#include "datasets/stream.hpp"
#include "datasets/stream_view.hpp"

namespace crbench {

// One period's labelled samples D_t: rows [begin, end) of the stream.
struct Period {
  int index = 0;
  RowIndex begin = 0;
  RowIndex end = 0;
  std::size_t size() const { return end - begin; }
  std::vector<RowIndex> rows() const;
};

// The part of the stream a method may read: periods [0, visible). The protocol
// widens it only after the models serving a period have been scored on it.
class StreamWindow {
 public:
  StreamWindow(const Stream& stream, int visible) : stream_(&stream), visible_(visible) {}
  // Features and labels of the rows of the visible periods, and of no other row.
  LabelledView released() const {
    return LabelledView(*stream_, visible_ > 0 ? stream_->period_end(visible_ - 1) : RowIndex{0});
  }
  int visible_periods() const { return visible_; }
  // Period p; throws PeekError when p is not yet visible.
  Period period(int p) const;
  // All rows of periods [first, last], in time order; throws PeekError past the window.
  std::vector<RowIndex> rows(int first, int last) const;
  void set_visible(int visible) { visible_ = visible; }

 private:
  const Stream* stream_;
  int visible_;
};

}  // namespace crbench
