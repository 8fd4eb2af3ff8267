// Test helper: a stream whose future, as seen from inside a scored period, is
// different: every label from row `from` on flipped, and the histories of the rows
// from row `cut` on rebuilt as the flipped labels from `cut` on make them. Rows
// before `cut` keep their features (a history holds the positives strictly before
// its row), so a method that reads only what the protocol has released serves
// them the same scores on this stream as on the original.
#pragma once

#include <stdexcept>

#include "datasets/stream.hpp"
#include "datasets/stream_builder.hpp"

namespace crbench::test_support {

inline Stream with_future_flipped(const Stream& original, RowIndex from, RowIndex cut) {
  if (!(from <= cut && cut <= original.num_samples()))
    throw std::invalid_argument("with_future_flipped: need from <= cut <= rows");
  Stream s = original;
  for (RowIndex r = cut; r < s.num_samples(); ++r) s.label[r] = 1.0f - s.label[r];
  rebuild_histories(s);
  // Labels of [from, cut) flipped after the rebuild: their own rows' histories never
  // included them, and the rows after `cut` are not compared.
  for (RowIndex r = from; r < cut; ++r) s.label[r] = 1.0f - s.label[r];
  return s;
}

}  // namespace crbench::test_support
