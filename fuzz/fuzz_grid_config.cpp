// libFuzzer target: the INI reader and grid configs. The input is read as a grid
// config (every setting, method list, scenario and data file checked, nothing
// loaded) and as a plain option file of crbench run.
#include <boost/program_options.hpp>

#include "bench/grid_config.hpp"
#include "bench/stream_options.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace crbench;
  const std::string path =
      fuzz::write_input("grid.ini", {reinterpret_cast<const char*>(data), size});
  fuzz::expect_clean_errors([&] {
    try {
      if (is_grid_config(path)) {
        read_grid_config(path);
      } else {
        StreamRunOptions options;
        const auto desc = stream_option_groups(options);
        boost::program_options::variables_map vm;
        boost::program_options::store(read_option_file(path, desc), vm);
        boost::program_options::notify(vm);
        finish_stream_options(options);
      }
    } catch (const boost::program_options::error& e) {
      // crbench run reports these as usage errors too (bench/cli/main.cpp).
      throw UsageError(e.what());
    }
  });
  return 0;
}
