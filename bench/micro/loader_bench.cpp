// Microbenchmarks of the dataset loaders at MovieLens-25M's size: a
// ratings.csv-shaped file (header userId,movieId,rating,timestamp; 162,541
// users, movie ids up to 209,171, half-star ratings, increasing timestamps) of
// 2.5M or 25M rows is written to the temporary directory once per process (and
// removed at exit), then read by load_movielens (build 0), or read and turned
// into the stream crbench runs on (build 1: labels, 31 equal-count periods,
// 30-positive histories). items_per_second is rows per second. The 25M-row
// variants run one iteration each (about a minute with the file's writing);
// select them with --benchmark_filter=Loader. FLOPs: none (parsing and
// indexing), reported as 0.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <string>

#include "bench/micro/flops.hpp"
#include "datasets/loaders.hpp"
#include "datasets/stream_builder.hpp"

namespace crbench {
namespace {

// The generated files, written on first use and removed when the process ends.
class RatingsFiles {
 public:
  ~RatingsFiles() {
    for (const auto& [rows, path] : paths_) std::filesystem::remove(path);
  }
  const std::string& get(std::int64_t rows) {
    auto it = paths_.find(rows);
    if (it != paths_.end()) return it->second;
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("crbench_loader_bench_" + std::to_string(::getpid()) + "_" +
                               std::to_string(rows) + ".csv"))
                                 .string();
    write(path, rows);
    return paths_.emplace(rows, path).first->second;
  }

 private:
  static void write(const std::string& path, std::int64_t rows) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (f == nullptr) throw std::runtime_error("cannot write " + path);
    std::mt19937_64 rng(7);
    std::fputs("userId,movieId,rating,timestamp\n", f);
    std::int64_t time = 789652009;  // MovieLens-25M's first rating
    for (std::int64_t r = 0; r < rows; ++r) {
      const std::uint64_t u = rng();
      const auto user = 1 + static_cast<int>(u % 162541);
      const auto movie = 1 + static_cast<int>((u >> 20) % 209171);
      const int halves = 1 + static_cast<int>((u >> 40) % 10);
      time += static_cast<std::int64_t>((u >> 50) % 64);
      std::fprintf(f, "%d,%d,%d.%d,%lld\n", user, movie, halves / 2, halves % 2 == 0 ? 0 : 5,
                   static_cast<long long>(time));
    }
    std::fclose(f);
  }
  std::map<std::int64_t, std::string> paths_;
};

RatingsFiles& files() {
  static RatingsFiles instance;
  return instance;
}

void BM_LoaderMovielensCsv(benchmark::State& state) {
  const std::int64_t rows = state.range(0);
  const bool build = state.range(1) != 0;
  const std::string& path = files().get(rows);
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    const RawLog log = load_movielens(path);
    if (build) {
      const Stream stream = build_stream(log, StreamOptions{}, 31);
      benchmark::DoNotOptimize(stream.user.data());
    }
    benchmark::DoNotOptimize(log.user.data());
  }
  flops.report(0.0);
  state.SetItemsProcessed(state.iterations() * rows);
  state.SetBytesProcessed(state.iterations() *
                          static_cast<std::int64_t>(std::filesystem::file_size(path)));
}
BENCHMARK(BM_LoaderMovielensCsv)
    ->ArgNames({"rows", "build"})
    ->Args({2'500'000, 0})
    ->Args({2'500'000, 1})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoaderMovielensCsv)
    ->ArgNames({"rows", "build"})
    ->Args({25'000'000, 0})
    ->Args({25'000'000, 1})
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

}  // namespace
}  // namespace crbench
