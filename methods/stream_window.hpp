// The protocol's gatekeeper: one period's rows, and the window of periods a
// method may read (widened by the protocol only after a period has been scored).
// Implemented in methods/stream_window.cpp.
#pragma once

#include <stdexcept>
#include <vector>

#include "datasets/stream.hpp"

namespace crbench {

// Raised when a method asks for a period the protocol has not released yet.
class PeekError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

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
  const Stream& stream() const { return *stream_; }
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
