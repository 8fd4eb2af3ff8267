// "Did you mean": the edit distance against values worked out by hand, and which
// names count as close.
#include <gtest/gtest.h>

#include "core/suggest.hpp"

namespace crbench {
namespace {

TEST(EditDistance, KnownValues) {
  // kitten -> sitten (substitute) -> sittin (substitute) -> sitting (insert): 3.
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("iu", "iu"), 0u);
  // A swap of neighbours is one edit (plain Levenshtein would count 2).
  EXPECT_EQ(edit_distance("iu", "ui"), 1u);
  EXPECT_EQ(edit_distance("asgm", "asmg"), 1u);
  // stationry -> stationary: one insertion.
  EXPECT_EQ(edit_distance("stationry", "stationary"), 1u);
  EXPECT_EQ(edit_distance("abc", "xyz"), 3u);
}

TEST(ClosestNames, OnlyPlausibleMisspellings) {
  const std::vector<std::string> methods = {"bu-3", "bu-5", "frozen", "iu", "spmf", "sml"};
  EXPECT_EQ(closest_names("iuu", methods), (std::vector<std::string>{"iu"}));
  EXPECT_EQ(closest_names("FROZEN", methods), (std::vector<std::string>{"frozen"}));
  // "bu-4" is one edit from bu-3 and from bu-5: both, in the given order.
  EXPECT_EQ(closest_names("bu-4", methods), (std::vector<std::string>{"bu-3", "bu-5"}));
  // Three letters allow one edit: "xyz" is nothing like any of them.
  EXPECT_TRUE(closest_names("xyz", methods).empty());
  // "smpf" (a swap) is one edit from spmf, and two from sml.
  EXPECT_EQ(closest_names("smpf", methods), (std::vector<std::string>{"spmf"}));
}

TEST(DidYouMean, Text) {
  EXPECT_EQ(did_you_mean("stationry", {"stationary", "sudden"}), " (did you mean 'stationary'?)");
  EXPECT_EQ(did_you_mean("bu-4", {"bu-3", "bu-5", "bu-7"}),
            " (did you mean 'bu-3', 'bu-5' or 'bu-7'?)");
  EXPECT_EQ(did_you_mean("zzzzzz", {"iu"}), "");
}

}  // namespace
}  // namespace crbench
