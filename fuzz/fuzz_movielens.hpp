// The MovieLens targets' one body: the input is a ratings file, optionally
// followed by "\n#genres\n" and a genres file. It is loaded (format detected from
// the content, as crbench run does) and, when that succeeds, turned into a stream
// the way crbench run labels it, so that the stream builder is fuzzed as well.
#pragma once

#include <string>
#include <string_view>

#include "datasets/loaders.hpp"
#include "datasets/stream_builder.hpp"
#include "fuzz/fuzz_support.hpp"

namespace crbench::fuzz {

inline void fuzz_movielens(const std::uint8_t* data, std::size_t size,
                           std::string_view ratings_name, std::string_view genres_name) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  bool has_genres = false;
  const auto [ratings, genres] = split_at(input, "\n#genres\n", has_genres);
  const std::string ratings_path = write_input(ratings_name, ratings);
  const std::string genres_path = has_genres ? write_input(genres_name, genres) : "";
  expect_clean_errors([&] {
    const RawLog raw = load_movielens(ratings_path, genres_path);
    StreamOptions options;
    options.num_periods = 3;
    build_stream(raw, options, 2);
    options.period_rule = PeriodRule::kCalendar;
    options.calendar_unit = CalendarUnit::kMonth;
    build_stream(raw, options, 1);
  });
}

}  // namespace crbench::fuzz
