// The protocol's declared run options: the command line's options and checks come
// from the declaration, every option reaches the description that results rows
// carry (and hash), and that description keeps the text results have always held.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "bench/protocol.hpp"
#include "bench/results.hpp"
#include "bench/stream_options.hpp"
#include "core/errors.hpp"
#include "tests/support/parse_run_options.hpp"

namespace crbench {
namespace {

// Parses a command line into StreamRunOptions the way `crbench run` does.
StreamRunOptions parse(const std::vector<std::string>& args) {
  return test_support::parse_run_options(args);
}

// The text of the default grid's results files (batch 256; the lr is the float
// 1e-3 printed with 9 significant digits): the job hashes of results depend on
// it byte for byte. Results written before embedding Adam became a setting
// (dense by default) lack ";embedding_adam=...": their jobs ran lazy Adam and
// the old initialisation, so they must not count as finished runs of today's jobs.
TEST(ProtocolSettings, DescriptionKeepsTheTextResultsHold) {
  ProtocolSettings p;
  p.batch_size = 256;
  EXPECT_EQ(describe_protocol(p),
            "pretrain_periods=10;pretrain=batch=256/lr=0.00100000005/epochs=10;update=batch=256/"
            "lr=0.00100000005/epochs=1;recorded=7;model=emb-mlp/d=8/hidden=20-10;"
            "embedding_adam=dense");
  p.base_model = "mf";
  EXPECT_NE(describe_protocol(p).find(";model=mf(dim=8)/d=8/hidden=20-10"), std::string::npos);
  p.base_model = "emb-mlp(hidden=40-20,d=16)";
  EXPECT_NE(describe_protocol(p).find(";model=emb-mlp/d=16/hidden=40-20"), std::string::npos);
  p.base_model = "apg(condition=self)";
  EXPECT_NE(
      describe_protocol(p).find(";model=apg(k_div=4,p_mult=4,condition=self)/d=8/hidden=20-10"),
      std::string::npos);
}

// Two settings that differ must be two jobs: each declared option, set to another
// value, changes the description. A new option without a value here fails.
TEST(ProtocolSettings, EveryDeclaredOptionReachesTheDescription) {
  const std::map<std::string, std::string> other = {
      {"pretrain-periods", "5"},  {"pretrain-epochs", "3"},
      {"batch-size", "64"},       {"lr", "0.01"},
      {"update-lr", "0.002"},     {"update-epochs", "2"},
      {"test-periods", "0"},      {"base-model", "mf"},
      {"embedding-adam", "lazy"}, {"ranking-metrics", "10"},
      {"ranking-users", "50"}};
  const ParamDecls<ProtocolSettings>& decls = declarations_of<ProtocolSettings>();
  const std::string reference = describe_protocol(ProtocolSettings{});
  for (const ParamInfo& info : decls.info(ProtocolSettings{})) {
    const auto it = other.find(info.name);
    ASSERT_NE(it, other.end()) << "give --" << info.name << " another value in this test";
    ProtocolSettings p;
    decls.set(p, info.name, it->second, "");
    EXPECT_NE(describe_protocol(p), reference) << info.name;
  }
}

// The ranking evaluation is in the description only when it is on, cutoffs
// sorted and distinct, so that "20,10" and "10,20,10" are one job.
TEST(ProtocolSettings, RankingOptionsReachTheDescriptionOnlyWhenSet) {
  const ProtocolSettings off;
  EXPECT_EQ(describe_protocol(off).find("ranking"), std::string::npos);
  ProtocolSettings p = parse({"--ranking-metrics", "20,10,10", "--ranking-users", "50"}).protocol;
  EXPECT_EQ(p.ranking().cutoffs, (std::vector<int>{10, 20}));
  EXPECT_EQ(p.ranking().max_users, 50);
  EXPECT_EQ(describe_protocol(p), describe_protocol(off) + ";ranking=10,20;ranking_users=50");
  p.ranking_users = 0;
  EXPECT_EQ(describe_protocol(p), describe_protocol(off) + ";ranking=10,20");
}

TEST(ProtocolSettings, CommandLineOptionsSetTheSettings) {
  const StreamRunOptions o = parse({"--batch-size", "256", "--lr", "0.001", "--update-lr", "0.01",
                                    "--pretrain-epochs", "3", "--base-model", "mf(dim=4)"});
  const ProtocolSettings& p = o.protocol;
  EXPECT_EQ(p.batch_size, 256);
  EXPECT_EQ(p.learning_rate, 1e-3f);
  EXPECT_EQ(p.pretrain_settings().learning_rate, 1e-3f);
  EXPECT_EQ(p.update_settings().learning_rate, 0.01f);
  EXPECT_EQ(p.update_settings().batch_size, 256);
  EXPECT_EQ(p.pretrain_settings().epochs, 3);
  EXPECT_EQ(p.update_settings().epochs, 1);  // the default
  EXPECT_EQ(p.base_model, "mf(dim=4)");
  // Without --update-lr, updates use --lr.
  EXPECT_EQ(parse({"--lr", "0.02"}).protocol.update_settings().learning_rate, 0.02f);
}

std::string usage_error(std::vector<std::string> args) {
  try {
    parse(std::move(args));
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(ProtocolSettings, BadOptionsAreNamed) {
  EXPECT_EQ(usage_error({"--batch-size", "0"}), "--batch-size=0 is out of range [1, 1048576]");
  EXPECT_EQ(usage_error({"--update-epochs", "1.5"}), "--update-epochs=1.5 is not a whole number");
  EXPECT_EQ(usage_error({"--lr", "fast"}), "--lr=fast is not a number");
  EXPECT_NE(usage_error({"--base-model", "nope"}).find("--base-model=nope is not a base model"),
            std::string::npos);
  EXPECT_NE(usage_error({"--ranking-metrics", "10,x"})
                .find("--ranking-metrics=10,x is not a list "
                      "of cutoffs"),
            std::string::npos);
  EXPECT_NE(usage_error({"--ranking-metrics", "0"}).find("--ranking-metrics=0 is not a list"),
            std::string::npos);
  EXPECT_NE(usage_error({"--ranking-metrics", "10,"}).find("ends with a comma"), std::string::npos);
  EXPECT_EQ(usage_error({"--ranking-users", "-1"}),
            "--ranking-users=-1 is out of range [0, 1000000000]");
  {
    ProtocolSettings q;
    q.ranking_users = 5;
    Stream empty;
    try {
      q.validate(empty);
      ADD_FAILURE() << "--ranking-users without --ranking-metrics was accepted";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("--ranking-users needs --ranking-metrics"),
                std::string::npos);
    }
  }
  // Settings filled in by code are checked by the same declaration.
  ProtocolSettings p;
  p.pretrain_periods = 0;
  Stream empty;
  EXPECT_THROW(p.validate(empty), UsageError);
}

}  // namespace
}  // namespace crbench
