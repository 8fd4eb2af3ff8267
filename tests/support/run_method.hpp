// Test helper: one method run through the protocol on a stream (pre-training
// included), with every score it served, in order; and the bit-for-bit
// comparison of two such score lists.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "bench/protocol.hpp"
#include "methods/registry.hpp"
#include "tests/support/bundled_data.hpp"

namespace crbench::test_support {

struct MethodRun {
  JobResult result;
  std::vector<float> scores;  // every scored test sample, in order
};

// With a given pre-trained model (of a stream whose pre-training periods are the same).
inline MethodRun run_method(const Stream& stream, const PretrainedModel& pre,
                            const std::string& spec, std::uint64_t seed,
                            const ProtocolSettings& protocol = quick_protocol()) {
  auto method = MethodRegistry::global().create(spec);
  MethodRun run;
  run.result = run_protocol(stream, pre, *method, spec, protocol, seed,
                            [&](int, RowIndex, float score) { run.scores.push_back(score); });
  return run;
}

inline MethodRun run_method(const Stream& stream, const std::string& spec, std::uint64_t seed,
                            const ProtocolSettings& protocol = quick_protocol()) {
  return run_method(stream, pretrain(stream, protocol, seed), spec, seed, protocol);
}

inline bool bit_equal(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace crbench::test_support
