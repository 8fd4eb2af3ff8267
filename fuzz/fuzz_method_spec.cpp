// libFuzzer target: method-spec lists as --methods takes them (lists, aliases,
// 'all', alternatives a|b, every method's declared parameters) and base-model specs.
#include <string>

#include "bench/grid_config.hpp"
#include "fuzz/fuzz_support.hpp"
#include "methods/base_model_registry.hpp"
#include "methods/registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace crbench;
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_clean_errors([&] { expand_methods(text, (size & 1) != 0); });
  fuzz::expect_clean_errors([&] {
    for (const std::string& spec : split_spec_list(text)) {
      const std::string canonical = MethodRegistry::global().canonical(spec);
      // A canonical spec parses back to itself.
      if (MethodRegistry::global().canonical(canonical) != canonical) std::abort();
    }
  });
  fuzz::expect_clean_errors([&] {
    const std::string canonical = BaseModelRegistry::global().canonical(text);
    if (BaseModelRegistry::global().canonical(canonical) != canonical) std::abort();
  });
  return 0;
}
