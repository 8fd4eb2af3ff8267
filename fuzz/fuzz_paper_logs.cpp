// libFuzzer target: the Sobazaar and Tmall logs as distributed. The first input
// byte chooses the reader and the filters a preset gives (a day range, the top
// users, the frequent items); the rest is the file. A file that loads is turned
// into a stream with sampled negatives, as the presets do.
#include "datasets/loaders.hpp"
#include "datasets/stream_builder.hpp"
#include "fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace crbench;
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  const std::string path =
      fuzz::write_input("log.csv", {reinterpret_cast<const char*>(data) + 1, size - 1});
  LogFilters filters;
  if (flags & 2) filters.first_day = "2014-10-01";
  if (flags & 4) filters.last_day = "2014-10-31";
  if (flags & 8) filters.top_users = 1 + (flags >> 6);
  if (flags & 16) filters.min_item_rows = 2;
  fuzz::expect_clean_errors([&] {
    RawLog raw;
    if (flags & 1) {
      raw = load_tmall(path, filters);
    } else {
      raw = load_sobazaar(path);
      apply_log_filters(raw, filters);
    }
    StreamOptions options;
    options.label_rule = LabelRule::kImplicitSampled;
    if (flags & 32) {
      options.period_rule = PeriodRule::kCalendar;
      options.calendar_unit = CalendarUnit::kDay;
    } else {
      options.num_periods = 2;
    }
    build_stream(raw, options, 2);
  });
  return 0;
}
