// Test helper: writes results files through the real ResultsWriter from jobs
// whose per-period AUCs a test chooses, so that leaderboard statistics can be
// checked against values computed by hand.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/protocol.hpp"
#include "bench/results.hpp"

namespace crbench::test_support {

inline const char* kHandmadeStream =
    "name=hand;source=stationary(periods=8,users=10) seed=1;labelling=given-label;"
    "periods=equal-count:8;samples=800;history=7";
inline const char* kHandmadeProtocol =
    "pretrain_periods=3;pretrain=batch=256/lr=0.001/epochs=1;update=batch=256/lr=0.001/"
    "epochs=1;recorded=4;model=emb-mlp/d=8/hidden=20-10";

// A successful job whose recorded test periods (numbered from `first_period`,
// 0-based) have these AUCs; `notes[i]`, when given, is period i's update note.
inline JobResult handmade_job(const std::string& method, std::uint64_t seed,
                              const std::vector<double>& aucs,
                              const std::vector<std::string>& notes = {}, int first_period = 4) {
  JobResult r;
  r.method = method;
  r.seed = seed;
  r.parameter_count = 100;
  for (std::size_t i = 0; i < aucs.size(); ++i) {
    PeriodResult p;
    p.test_period = first_period + static_cast<int>(i);
    p.recorded = true;
    p.metrics = {aucs[i], 0.69, aucs[i], 100, 0.5};
    p.update_wall_seconds = 0.01;
    if (i < notes.size()) p.cost.note = notes[i];
    r.periods.push_back(p);
  }
  return r;
}

// The hand-computed design of tests/cli/leaderboard_statistics_test.cpp (its
// comment gives the statistics by hand): for seed s = 1..5, four recorded
// periods t with iu = a_s + b_t, bu-3 = iu + d_s + e_t, frozen = iu - 0.05,
// a = 0.58 .. 0.62, b = 0, 0.01, -0.01, 0, d = 0.01 .. 0.05, e = -0.03, -0.01, -0.05, 0.02.
struct HandmadeDesign {
  std::vector<double> iu, bu, frozen;
};
inline HandmadeDesign handmade_design(std::uint64_t seed) {
  const std::vector<double> a = {0.58, 0.59, 0.60, 0.61, 0.62}, b = {0, 0.01, -0.01, 0},
                            d = {0.01, 0.02, 0.03, 0.04, 0.05}, e = {-0.03, -0.01, -0.05, 0.02};
  HandmadeDesign out;
  for (std::size_t t = 0; t < 4; ++t) {
    out.iu.push_back(a[seed - 1] + b[t]);
    out.bu.push_back(out.iu.back() + d[seed - 1] + e[t]);
    out.frozen.push_back(out.iu.back() - 0.05);
  }
  return out;
}

inline JobConfig handmade_config(const std::string& method, std::uint64_t seed,
                                 const std::string& stream_name = "hand",
                                 const std::string& stream = kHandmadeStream,
                                 const std::string& protocol = kHandmadeProtocol) {
  return JobConfig{stream_name, "", stream, protocol, method, seed};
}

}  // namespace crbench::test_support
