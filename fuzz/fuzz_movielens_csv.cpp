// libFuzzer target: MovieLens ratings.csv (with movies.csv after "\n#genres\n"); see
// fuzz_movielens.hpp.
#include "fuzz/fuzz_movielens.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  crbench::fuzz::fuzz_movielens(data, size, "ratings.csv", "movies.csv");
  return 0;
}
