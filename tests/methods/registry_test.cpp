// The registry: spec parsing, validation from the declarations, canonical specs
// that round-trip (faiss's factory-string idea), and loud failures.
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "methods/registry.hpp"

namespace crbench {
namespace {

TEST(MethodSpec, ParsesNameAndOverrides) {
  const MethodSpec s = MethodSpec::parse("spmf(ratio=1, frac=0.25)");
  EXPECT_EQ(s.name, "spmf");
  ASSERT_EQ(s.overrides.size(), 2u);
  EXPECT_DOUBLE_EQ(s.overrides.at("ratio"), 1.0);
  EXPECT_DOUBLE_EQ(s.overrides.at("frac"), 0.25);
  EXPECT_TRUE(MethodSpec::parse("iu").overrides.empty());
}

TEST(MethodSpec, RejectsBadSyntax) {
  EXPECT_THROW(MethodSpec::parse("bu(w=3"), UsageError);
  EXPECT_THROW(MethodSpec::parse("bu(w)"), UsageError);
  EXPECT_THROW(MethodSpec::parse("bu(w=abc)"), UsageError);
  EXPECT_THROW(MethodSpec::parse("bu(w=1,w=2)"), UsageError);
  EXPECT_THROW(MethodSpec::parse("(w=1)"), UsageError);
}

TEST(MethodRegistry, CanonicalSpecRoundTripsForEveryMethod) {
  const MethodRegistry& r = MethodRegistry::global();
  for (const MethodEntry* e : r.entries()) {
    const std::string canonical = r.canonical(e->name, r.resolve(MethodSpec::parse(e->name)));
    const MethodSpec again = MethodSpec::parse(canonical);
    EXPECT_EQ(r.canonical(again.name, r.resolve(again)), canonical) << e->name;
  }
}

TEST(MethodRegistry, OverridesAppearInCanonicalSpec) {
  const MethodRegistry& r = MethodRegistry::global();
  EXPECT_EQ(r.canonical("bu", r.resolve(MethodSpec::parse("bu(w=11)"))), "bu(w=11)");
  EXPECT_EQ(r.canonical("bu-7", r.resolve(MethodSpec::parse("bu-7"))), "bu-7(w=7)");
  EXPECT_EQ(r.canonical("iu", r.resolve(MethodSpec::parse("iu"))), "iu");
}

TEST(MethodRegistry, UnknownMethodListsRegisteredNames) {
  try {
    MethodRegistry::global().create("no-such-method");
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("no-such-method"), std::string::npos);
    EXPECT_NE(msg.find("iu"), std::string::npos);
    EXPECT_NE(msg.find("spmf"), std::string::npos);
  }
}

TEST(MethodRegistry, ValidatesValuesAgainstDeclarations) {
  const MethodRegistry& r = MethodRegistry::global();
  EXPECT_THROW(r.create("bu(w=0)"), UsageError);         // below the lower bound
  EXPECT_THROW(r.create("bu(w=2.5)"), UsageError);       // not a whole number
  EXPECT_THROW(r.create("spmf(ratio=-1)"), UsageError);  // negative ratio
  EXPECT_THROW(r.create("iu(lr=1)"), UsageError);        // undeclared
  try {
    r.create("spmf(frac=2)");
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("frac=2"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("[0, 1]"), std::string::npos);
  }
}

// An alias is another name for a registered, non-alias method with the same
// hyper-parameters and defaults; bu is the one for bu-3.
TEST(MethodRegistry, AliasesNameAnEntryWithTheSameHyperParameters) {
  const MethodRegistry& r = MethodRegistry::global();
  EXPECT_EQ(r.find("bu").alias_of, "bu-3");
  EXPECT_EQ(r.find("bu-3").alias_of, "");
  for (const MethodEntry* e : r.entries()) {
    if (e->alias_of.empty()) continue;
    const MethodEntry& target = r.find(e->alias_of);
    EXPECT_EQ(target.alias_of, "") << e->name;
    ASSERT_EQ(e->params.size(), target.params.size()) << e->name;
    for (std::size_t i = 0; i < e->params.size(); ++i) {
      EXPECT_EQ(e->params[i].name, target.params[i].name) << e->name;
      EXPECT_EQ(e->params[i].default_value, target.params[i].default_value) << e->name;
      EXPECT_EQ(e->params[i].lower, target.params[i].lower) << e->name;
      EXPECT_EQ(e->params[i].upper, target.params[i].upper) << e->name;
      EXPECT_EQ(e->params[i].integer, target.params[i].integer) << e->name;
    }
  }
}

TEST(MethodRegistry, HasTheSpineMethods) {
  for (const char* name : {"popularity", "frozen", "iu", "bu", "bu-3", "bu-5", "bu-7",
                           "full-retrain", "reservoir", "spmf"})
    EXPECT_NO_THROW(MethodRegistry::global().find(name)) << name;
}

}  // namespace
}  // namespace crbench
