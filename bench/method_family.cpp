// The family table.
#include "bench/method_family.hpp"

#include "core/spec.hpp"

namespace crbench {

const std::vector<MethodFamily>& method_families() {
  static const std::vector<MethodFamily> families = {
      {"reference", "reference (ground truth)", {"oracle"}},
      {"floor", "floors (no learning from new data)", {"popularity", "frozen"}},
      {"retraining",
       "retraining (incremental, windowed, full)",
       {"iu", "bu", "bu-3", "bu-5", "bu-7", "full-retrain"}},
      {"replay", "replay and distillation", {"reservoir", "spmf", "incctr"}},
      {"meta-learned",
       "meta-learned (SML, ASMG)",
       {"sml", "sml-mf", "asmg-linear", "asmg-gru-single", "asmg-gru-multi", "asmg-gru-unif",
        "asmg-gru-zero", "asmg-gru-full"}},
      {"bayesian",
       "Bayesian and logistic regression",
       {"bayes-lr", "bayes-lr-full", "lr-iu", "lr-retrain"}},
      {"apg", "APG (adaptive parameter generation)", {"apg"}},
  };
  return families;
}

std::string family_of(const std::string& spec) {
  const std::string name = spec_name(spec);
  for (const MethodFamily& f : method_families())
    for (const std::string& m : f.methods)
      if (m == name) return f.id;
  return "other";
}

}  // namespace crbench
