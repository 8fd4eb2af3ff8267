// libFuzzer target: the results reader and what crbench leaderboard makes of a
// results file: boards, summaries, paired tests, the Markdown and CSV pages.
#include "bench/boards.hpp"
#include "bench/cross_stream.hpp"
#include "bench/leaderboard.hpp"
#include "bench/results.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace crbench;
  const std::string path =
      fuzz::write_input("results.csv", {reinterpret_cast<const char*>(data), size});
  fuzz::expect_clean_errors([&] {
    std::vector<IncompleteJob> incomplete;
    const std::vector<StreamResults> streams = collect_results({path}, &incomplete);
    for (const StreamResults& s : streams) {
      leaderboard_md(s);
      leaderboard_csv(s);
      per_period_csv(s);
    }
    const CrossStreamRanking ranking = rank_across_boards(streams, kDefaultBaseline);
    ranking_markdown(ranking);
  });
  return 0;
}
