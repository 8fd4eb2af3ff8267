// libFuzzer target: the generic interaction CSV. The first input byte chooses the
// options a user would give (label, category and probability columns, the
// separator, the labelling); the rest is the file. A file that loads is turned
// into a stream, so that the labelling checks and the negative sampler run too.
#include "datasets/loaders.hpp"
#include "datasets/stream_builder.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace crbench;
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  const std::string path =
      fuzz::write_input("log.csv", {reinterpret_cast<const char*>(data) + 1, size - 1});
  CsvColumns columns;
  if (flags & 1) columns.label = "label";
  if (flags & 2) columns.category = "category";
  if (flags & 4) columns.probability = "probability";
  columns.separator = (flags & 8) ? ';' : (flags & 16) ? '\t' : ',';
  fuzz::expect_clean_errors([&] {
    const RawLog raw = load_interaction_csv(path, columns);
    StreamOptions options;
    options.num_periods = 2 + (flags >> 6);
    options.label_rule = columns.label.empty() ? LabelRule::kImplicitSampled
                         : (flags & 32)        ? LabelRule::kRatingThreshold
                                               : LabelRule::kGivenLabel;
    build_stream(raw, options, 2);
  });
  return 0;
}
