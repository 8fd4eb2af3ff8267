// Declared parameters: every field type's text form, the checks a declaration
// gives (ranges, whole numbers, choices, widths, a field's own check, checks
// across fields), canonical arguments that parse back to the same values, and
// what listings show.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/params.hpp"

namespace crbench {
namespace {

enum class Shape { kRound, kSquare };

struct Example {
  int count = 3;
  double rate = 0.5;
  float lr = 1e-3f;
  bool flag = false;
  Shape shape = Shape::kRound;
  std::vector<int> widths = {20, 10};
  std::string name = "a";
  int low = 1;
  int high = 2;

  static void declare(ParamDecls<Example>& d) {
    d.field("count", &Example::count).range(1, 10).describe("how many");
    d.field("rate", &Example::rate).range(0, 1).describe("a share");
    d.field("lr", &Example::lr).range(1e-8, 10).describe("a float");
    d.field("flag", &Example::flag).describe("on or off");
    d.field("shape", &Example::shape)
        .choice("round", Shape::kRound)
        .choice("square", Shape::kSquare)
        .describe("a named choice");
    d.field("widths", &Example::widths).range(1, 64).describe("layer widths");
    d.field("name", &Example::name)
        .check([](const std::string& v) { return v.size() == 1 ? "" : "is not one letter"; })
        .describe("a checked text");
    d.field("low", &Example::low).range(0, 100);
    d.field("high", &Example::high).range(0, 100);
    d.check(
        [](const Example& e) -> std::string { return e.low <= e.high ? "" : "low exceeds high"; });
  }
};

std::string usage_error(const std::vector<SpecArg>& args) {
  try {
    declarations_of<Example>().resolve("example 'x'", args, Example{});
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(Params, DefaultsPrintAsSpecsWriteThem) {
  const std::vector<SpecArg> args = declarations_of<Example>().args(Example{});
  EXPECT_EQ(args, (std::vector<SpecArg>{{"count", "3"},
                                        {"rate", "0.5"},
                                        {"lr", "0.001"},
                                        {"flag", "0"},
                                        {"shape", "round"},
                                        {"widths", "20-10"},
                                        {"name", "a"},
                                        {"low", "1"},
                                        {"high", "2"}}));
}

TEST(Params, ArgumentsSetTheirTypedFields) {
  const Example e = declarations_of<Example>().resolve("example 'x'",
                                                       {{"count", "7"},
                                                        {"rate", "0.25"},
                                                        {"lr", "0.01"},
                                                        {"flag", "1"},
                                                        {"shape", "square"},
                                                        {"widths", "64-8-1"},
                                                        {"name", "b"}},
                                                       Example{});
  EXPECT_EQ(e.count, 7);
  EXPECT_EQ(e.rate, 0.25);
  EXPECT_EQ(e.lr, 0.01f);  // read as a float, not a rounded double
  EXPECT_TRUE(e.flag);
  EXPECT_EQ(e.shape, Shape::kSquare);
  EXPECT_EQ(e.widths, (std::vector<int>{64, 8, 1}));
  EXPECT_EQ(e.name, "b");
  // Whole numbers may be written as reals that are whole.
  EXPECT_EQ(declarations_of<Example>().resolve("x", {{"count", "4.0"}}, Example{}).count, 4);
}

TEST(Params, CanonicalArgumentsParseBackToTheSameValues) {
  const ParamDecls<Example>& d = declarations_of<Example>();
  Example e;
  e.rate = 1.0 / 3.0;
  e.lr = 3e-4f;
  e.shape = Shape::kSquare;
  e.widths = {5};
  const std::vector<SpecArg> args = d.args(e);
  const Example back = d.resolve("x", args, Example{});
  EXPECT_EQ(back.rate, std::stod(args[1].value));  // 10 significant digits
  EXPECT_EQ(back.lr, e.lr);                        // the float's shortest exact text
  EXPECT_EQ(args[2].value, "0.0003");
  EXPECT_EQ(d.args(back), args);
}

TEST(Params, BadValuesNameTheOwnerTheKeyAndWhatIsWrong) {
  EXPECT_EQ(usage_error({{"count", "0"}}), "example 'x': count=0 is out of range [1, 10]");
  EXPECT_EQ(usage_error({{"count", "2.5"}}), "example 'x': count=2.5 is not a whole number");
  EXPECT_EQ(usage_error({{"rate", "abc"}}), "example 'x': rate=abc is not a number");
  EXPECT_EQ(usage_error({{"rate", "inf"}}), "example 'x': rate=inf is not a number");
  EXPECT_EQ(usage_error({{"flag", "2"}}), "example 'x': flag=2 is not 0 or 1");
  EXPECT_EQ(usage_error({{"shape", "1"}}), "example 'x': shape=1 is not one of round, square");
  EXPECT_EQ(usage_error({{"widths", "20-0"}}),
            "example 'x': widths=20-0 has a width that is out of range [1, 64]");
  EXPECT_EQ(usage_error({{"widths", "20--10"}}),
            "example 'x': widths=20--10 is not widths such as 20-10");
  EXPECT_EQ(usage_error({{"name", "bc"}}), "example 'x': name=bc is not one letter");
  EXPECT_EQ(usage_error({{"low", "5"}, {"high", "4"}}), "example 'x': low exceeds high");
  EXPECT_EQ(usage_error({{"size", "1"}}),
            "example 'x' has no parameter 'size' (it has: count, rate, lr, flag, shape, widths, "
            "name, low, high)");
}

TEST(Params, OptionsWithoutAnOwnerAreNamedAsOptions) {
  Example e;
  try {
    declarations_of<Example>().set(e, "count", "11", "");
    FAIL() << "expected a UsageError";
  } catch (const UsageError& error) {
    EXPECT_EQ(std::string(error.what()), "--count=11 is out of range [1, 10]");
  }
}

TEST(Params, ValidateChecksAStructFilledInByCode) {
  Example e;
  EXPECT_NO_THROW(declarations_of<Example>().validate(e, "x"));
  e.count = 11;
  EXPECT_THROW(declarations_of<Example>().validate(e, "x"), UsageError);
  e = Example{};
  e.widths = {};
  EXPECT_THROW(declarations_of<Example>().validate(e, "x"), UsageError);
  e = Example{};
  e.shape = static_cast<Shape>(7);
  EXPECT_THROW(declarations_of<Example>().validate(e, "x"), UsageError);
  e = Example{};
  e.low = 50;
  EXPECT_THROW(declarations_of<Example>().validate(e, "x"), UsageError);
}

TEST(Params, InfoListsDefaultsAndWhatValuesMayBe) {
  const std::vector<ParamInfo> info = declarations_of<Example>().info(Example{});
  ASSERT_EQ(info.size(), 9u);
  EXPECT_EQ(info[0].allowed, "whole number in [1, 10]");
  EXPECT_EQ(info[1].allowed, "number in [0, 1]");
  EXPECT_EQ(info[3].allowed, "0 or 1");
  EXPECT_EQ(info[4].allowed, "one of round, square");
  EXPECT_EQ(info[4].default_text, "round");
  EXPECT_EQ(info[4].description, "a named choice");
  EXPECT_EQ(info[5].allowed, "widths such as 20-10, each in [1, 64]");
}

// A schema keeps an entry's own defaults and hands the typed struct back.
TEST(Params, SchemaResolvesAgainstTheEntrysDefaults) {
  Example defaults;
  defaults.count = 9;
  const ParamSchema schema(defaults);
  EXPECT_EQ(schema.info()[0].default_text, "9");
  const ParamValues v = schema.resolve("x", {{"rate", "0.75"}});
  EXPECT_EQ(v.get<Example>().count, 9);
  EXPECT_EQ(v.get<Example>().rate, 0.75);
  EXPECT_EQ(v.args()[1], (SpecArg{"rate", "0.75"}));
  EXPECT_TRUE(ParamSchema().info().empty());
  EXPECT_TRUE(ParamSchema().resolve("x", {}).args().empty());
  EXPECT_THROW(ParamSchema().resolve("x", {{"a", "1"}}), UsageError);
}

}  // namespace
}  // namespace crbench
