// The spec-string grammar: parsing and printing, lists, sweeps and extra arguments.
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "core/spec.hpp"

namespace crbench {
namespace {

TEST(Spec, ParsesNameAndArgumentsInOrder) {
  const Spec s = Spec::parse(" spmf( ratio = 1, frac=0.25 ) ");
  EXPECT_EQ(s.name, "spmf");
  EXPECT_EQ(s.args, (std::vector<SpecArg>{{"ratio", "1"}, {"frac", "0.25"}}));
  EXPECT_EQ(s.text(), "spmf(ratio=1,frac=0.25)");
  EXPECT_TRUE(Spec::parse("iu").args.empty());
  EXPECT_EQ(Spec::parse("iu").text(), "iu");
  EXPECT_EQ(Spec::parse("iu()").text(), "iu");
  EXPECT_EQ(Spec::parse("apg(condition=mix-input)").args[0].value, "mix-input");
}

TEST(Spec, RejectsBadSyntax) {
  for (const char* bad :
       {"bu(w=3", "bu(w)", "bu(w=1,w=2)", "(w=1)", "bu(=3)", "bu(w=)", "bu(w=(3))", "bu)w=3("}) {
    EXPECT_THROW(Spec::parse(bad), UsageError) << bad;
  }
}

TEST(Spec, ListsSplitAtTopLevelCommasOnly) {
  EXPECT_EQ(split_spec_list("iu, bu(w=3), spmf(ratio=1,frac=0.2)"),
            (std::vector<std::string>{"iu", "bu(w=3)", "spmf(ratio=1,frac=0.2)"}));
  EXPECT_TRUE(split_spec_list(" , ").empty());
}

TEST(Spec, AlternativesExpandToTheirProductInOrder) {
  using Expanded = std::vector<SpecAlternative>;
  EXPECT_EQ(expand_alternatives("bu(w=3|5|7)"),
            (Expanded{{"bu(w=3)", "w=3"}, {"bu(w=5)", "w=5"}, {"bu(w=7)", "w=7"}}));
  EXPECT_EQ(expand_alternatives("x(a=1|2,b=0,c=5|6)"), (Expanded{{"x(a=1,b=0,c=5)", "a=1,c=5"},
                                                                 {"x(a=1,b=0,c=6)", "a=1,c=6"},
                                                                 {"x(a=2,b=0,c=5)", "a=2,c=5"},
                                                                 {"x(a=2,b=0,c=6)", "a=2,c=6"}}));
  EXPECT_EQ(expand_alternatives("iu"), (Expanded{{"iu", ""}}));
  EXPECT_EQ(expand_alternatives("bu(w=3)"), (Expanded{{"bu(w=3)", ""}}));
  EXPECT_THROW(expand_alternatives("bu(w=3|)"), UsageError);
}

TEST(Spec, ExtraArgumentsJoinTheSpecsOwn) {
  EXPECT_EQ(with_extra_args("sudden(t0=3)", {"share=0.5", "dim=4"}, "--param"),
            "sudden(t0=3,share=0.5,dim=4)");
  EXPECT_EQ(with_extra_args("sudden", {"share=0.5"}, "--param"), "sudden(share=0.5)");
  EXPECT_EQ(with_extra_args("sudden", {}, "--param"), "sudden");
  try {
    with_extra_args("sudden", {"share"}, "--param");
    FAIL() << "expected a UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--param 'share' is not key=value"), std::string::npos);
  }
}

}  // namespace
}  // namespace crbench
