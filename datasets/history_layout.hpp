// Each sample's history of its user's earlier positives, laid out over the whole
// stream: build_stream calls it once, and a stream grown period by period (the
// simulator's closed loop) calls it again after each period it appends.
#pragma once

#include "datasets/stream.hpp"

namespace crbench::internal {

// Fills user_positive_offset, positive_items, history_end and history_len from
// the user, item, label and timestamp columns (rows in time order): every user's
// positives in time order, and for each sample the span of them strictly earlier
// than the sample (rows with equal timestamps do not see each other). O(rows).
void lay_out_history(Stream& s);

}  // namespace crbench::internal
