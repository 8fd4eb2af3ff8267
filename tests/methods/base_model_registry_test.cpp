// The base-model registry behind --base-model, and own-model pre-training: a
// method that pre-trains its own reference model must get exactly the
// protocol's shared model (same seeds, same data, same settings).
#include <gtest/gtest.h>

#include <cstring>

#include "bench/protocol.hpp"
#include "core/errors.hpp"
#include "methods/base_model_registry.hpp"
#include "methods/own_pretraining.hpp"
#include "sim/simulator.hpp"
#include "tests/support/bundled_data.hpp"

namespace crbench {
namespace {

const Stream& small_stream() {
  static const Stream s = sim::simulate_stream(
      sim::parse_scenario("stationary(periods=13,samples_per_period=600,users=100,items=150)"), 4);
  return s;
}

TEST(BaseModelRegistry, EveryEntryBuildsAModelWhoseCanonicalSpecRoundTrips) {
  const BaseModelRegistry& r = BaseModelRegistry::global();
  ASSERT_FALSE(r.entries().empty());
  for (const BaseModelEntry* e : r.entries()) {
    const std::string canonical = r.canonical(e->name);
    EXPECT_EQ(r.canonical(canonical), canonical) << e->name;
    const auto model = r.create(e->name, shape_of(small_stream()), 1);
    EXPECT_GT(model->parameter_count(), 0u) << e->name;
    EXPECT_EQ(model->kind(), e->name);
  }
}

// The Emb&MLP's sizes are emb-mlp's own parameters.
TEST(BaseModelRegistry, EmbMlpSizesComeFromItsSpec) {
  const BaseModelRegistry& r = BaseModelRegistry::global();
  EXPECT_EQ(r.canonical("emb-mlp"), "emb-mlp(d=8,hidden=20-10)");
  const auto model = r.create("emb-mlp(d=4,hidden=6)", shape_of(small_stream()), 1);
  const std::vector<ParamBlock>& layout = model->layout();
  EXPECT_EQ(layout[0].name, "user_embedding");
  EXPECT_EQ(layout[0].cols, 4u);
  // Categories: x = [user ; history ; item] = 4 + 8 + 8 inputs, one hidden layer of 6.
  const auto block = [&](const std::string& name) {
    for (const ParamBlock& b : layout)
      if (b.name == name) return b;
    ADD_FAILURE() << "no block " << name;
    return ParamBlock{};
  };
  EXPECT_EQ(block("mlp.0.weight").rows, 20u);
  EXPECT_EQ(block("mlp.0.weight").cols, 6u);
  EXPECT_EQ(block("mlp.1.weight").rows, 6u);
  EXPECT_EQ(block("mlp.1.weight").cols, 1u);
  EXPECT_EQ(layout.back().name, "mlp.1.bias");
  EXPECT_THROW(r.create("emb-mlp(d=0)", shape_of(small_stream()), 1), UsageError);
  EXPECT_THROW(r.create("emb-mlp(hidden=20-x)", shape_of(small_stream()), 1), UsageError);
}

TEST(BaseModelRegistry, UnknownNameListsTheRegisteredOnes) {
  try {
    BaseModelRegistry::global().find("no-such-model");
    FAIL() << "expected a UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("emb-mlp"), std::string::npos) << e.what();
  }
  ProtocolSettings p = test_support::quick_protocol();
  p.base_model = "no-such-model";
  EXPECT_THROW(p.validate(small_stream()), UsageError);
}

TEST(OwnPretraining, ReproducesTheProtocolsSharedModel) {
  const ProtocolSettings p = test_support::quick_protocol();
  const PretrainedModel shared = pretrain(small_stream(), p, 9);
  StreamWindow window(small_stream(), p.pretrain_periods);
  const MethodContext ctx{&window, p.update_settings(), 9};
  // Built with a different init seed on purpose: pretrain_own_model re-initialises.
  const TrainingState own = pretrain_own_model(
      BaseModelRegistry::global().create("emb-mlp", shape_of(small_stream()), 12345), shared, ctx);
  const auto a = shared.state.model->parameters();
  const auto b = own.model->parameters();
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(0, std::memcmp(a.data(), b.data(), a.size() * sizeof(float)));
}

}  // namespace
}  // namespace crbench
