// The families the registered methods belong to, in one table: reports group
// and colour methods by family (floors, retraining, replay, meta-learned,
// Bayesian, APG, and the oracle as the reference). A method's family follows
// from its registry name; tests/bench/method_family_test.cpp checks that every
// registered method has one.
#pragma once

#include <string>
#include <vector>

namespace crbench {

struct MethodFamily {
  std::string id;                    // "meta-learned": what files and pages key on
  std::string label;                 // "meta-learned (SML, ASMG)": what readers see
  std::vector<std::string> methods;  // registry names, in a fixed order (styles follow it)
};

// Every family, in display order (the reference first, then floors, ...).
const std::vector<MethodFamily>& method_families();

// The family id of a method spec or registry name ("asmg-linear(k=3)" ->
// "meta-learned"); "other" for a name in no family.
std::string family_of(const std::string& spec);

}  // namespace crbench
