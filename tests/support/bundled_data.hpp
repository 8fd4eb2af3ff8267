// Test helper: the bundled MovieLens log (../shared/datasets/ml-latest-small),
// loaded once per test binary, and small protocol settings for fast runs on it.
#pragma once

#include <string>

#include "bench/protocol.hpp"
#include "datasets/loaders.hpp"
#include "datasets/stream_builder.hpp"
#include "tests/support/build_paths.hpp"

namespace crbench::test_support {

inline std::string bundled_dir() {
  return std::string(CRBENCH_SOURCE_DIR) + "/../shared/datasets/ml-latest-small";
}

// The full 31-period stream (label = rating >= 4, genres as categories).
inline const Stream& movielens_small() {
  static const Stream stream = [] {
    const RawLog raw =
        load_movielens(bundled_dir() + "/ratings.csv", bundled_dir() + "/movies.csv");
    return build_stream(raw, StreamOptions{});
  }();
  return stream;
}

// Its first `periods` periods only: a short stream for contract tests.
inline Stream movielens_prefix(int periods) {
  Stream s = movielens_small();
  s.keep_first_periods(periods);
  return s;
}

// Quick settings: P = 10, few epochs, small batches.
inline ProtocolSettings quick_protocol() {
  ProtocolSettings p;
  p.pretrain_periods = 10;
  p.pretrain_epochs = 2;
  p.batch_size = 256;
  p.learning_rate = 1e-2f;
  p.update_epochs = 1;
  p.recorded_periods = 0;
  return p;
}

}  // namespace crbench::test_support
