// libFuzzer target: MovieLens ratings.dat (with movies.dat after "\n#genres\n"); see
// fuzz_movielens.hpp.
#include "fuzz/fuzz_movielens.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  crbench::fuzz::fuzz_movielens(data, size, "ratings.dat", "movies.dat");
  return 0;
}
