// libFuzzer target: scenario specs as --scenario and a grid's scenario key take
// them: alternatives a|b expanded, each alternative parsed and validated, its
// canonical spec parsed back to the same scenario.
#include <string>

#include "core/spec.hpp"
#include "fuzz/fuzz_support.hpp"
#include "sim/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace crbench;
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_clean_errors([&] {
    for (const SpecAlternative& alternative : expand_alternatives(text)) {
      const std::string canonical = sim::parse_scenario(alternative.spec).canonical();
      if (sim::parse_scenario(canonical).canonical() != canonical) std::abort();
    }
  });
  return 0;
}
