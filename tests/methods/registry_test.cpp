// The registry: spec parsing, validation from the declarations, canonical specs
// that round-trip (faiss's factory-string idea), and loud failures.
#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "methods/registry.hpp"

namespace crbench {
namespace {

TEST(MethodRegistry, CanonicalSpecRoundTripsForEveryMethod) {
  const MethodRegistry& r = MethodRegistry::global();
  for (const MethodEntry* e : r.entries()) {
    const std::string canonical = r.canonical(e->name);
    EXPECT_EQ(r.canonical(canonical), canonical) << e->name;
    EXPECT_NO_THROW(r.create(canonical)) << canonical;
  }
  // ... and with values other than the defaults, named choices included.
  const std::string changed = r.canonical("asmg-gru-multi(weighting=exponential,k=5,lr=0.003)");
  EXPECT_EQ(changed,
            "asmg-gru-multi(k=5,H=4,meta_lr=0.01,weighting=exponential,batch_size=0,lr=0.003)");
  EXPECT_EQ(r.canonical(changed), changed);
}

TEST(MethodRegistry, OverridesAppearInCanonicalSpec) {
  const MethodRegistry& r = MethodRegistry::global();
  EXPECT_EQ(r.canonical("bu-3(w=11)"), "bu-3(w=11)");
  EXPECT_EQ(r.canonical("bu-7"), "bu-7(w=7)");
  EXPECT_EQ(r.canonical("iu"), "iu");
  EXPECT_EQ(r.canonical("bayes-lr-full"),
            "bayes-lr-full(delta=0.8,lambda=1,log2_hash_size=10,item_effects=0,rounds=2,"
            "max_iterations=200,tolerance=1e-06)");
}

// An alias resolves to its target: same canonical spec (hence the same job), the
// alias's arguments applied to the target.
TEST(MethodRegistry, AliasesCanonicaliseToTheirTarget) {
  const MethodRegistry& r = MethodRegistry::global();
  EXPECT_EQ(r.canonical("bu"), "bu-3(w=3)");
  EXPECT_EQ(r.canonical("bu"), r.canonical("bu-3"));
  EXPECT_EQ(r.canonical("bu(w=5)"), "bu-3(w=5)");
  EXPECT_EQ(r.resolve("bu").entry, &r.find("bu-3"));
  try {
    r.create("bu(w=0)");
    FAIL() << "expected a UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("method 'bu' (bu-3): w=0 is out of range"),
              std::string::npos)
        << e.what();
  }
  for (const MethodEntry* e : r.entries()) {
    if (e->alias_of.empty()) continue;
    EXPECT_EQ(r.find(e->alias_of).alias_of, "") << e->name;  // no chains
    EXPECT_EQ(r.canonical(e->name), r.canonical(e->alias_of)) << e->name;
  }
}

// Choices are written by name; the numbers that used to stand for them are refused.
TEST(MethodRegistry, ChoicesAreNamed) {
  const MethodRegistry& r = MethodRegistry::global();
  EXPECT_NE(r.canonical("asmg-gru-unif").find("weighting=uniform"), std::string::npos);
  EXPECT_NE(r.canonical("asmg-gru-multi").find("weighting=linear"), std::string::npos);
  EXPECT_NE(r.canonical("apg").find("condition=user"), std::string::npos);
  try {
    r.create("asmg-gru-multi(weighting=1)");
    FAIL() << "expected a UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("weighting=1 is not one of linear, uniform, exponential"),
              std::string::npos)
        << e.what();
  }
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
  EXPECT_THROW(r.create("iu(w=3)"), UsageError);         // undeclared
  EXPECT_THROW(r.create("iu(lr=-1)"), UsageError);       // below the lower bound
  EXPECT_THROW(r.create("bu(w=abc)"), UsageError);       // not a number
  EXPECT_THROW(r.create("bu(w=3"), UsageError);          // bad syntax
  try {
    r.create("spmf(frac=2)");
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("frac=2"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("[0, 1]"), std::string::npos);
  }
}

TEST(MethodRegistry, OnlyTheOracleNeedsGroundTruth) {
  for (const MethodEntry* e : MethodRegistry::global().entries())
    EXPECT_EQ(e->needs_ground_truth, e->name == "oracle") << e->name;
}

TEST(MethodRegistry, HasTheSpineMethods) {
  for (const char* name : {"popularity", "frozen", "iu", "bu", "bu-3", "bu-5", "bu-7",
                           "full-retrain", "reservoir", "spmf"})
    EXPECT_NO_THROW(MethodRegistry::global().find(name)) << name;
}

}  // namespace
}  // namespace crbench
