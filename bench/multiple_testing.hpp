// Correction of p-values for comparing several methods with one baseline.
#pragma once

#include <vector>

namespace crbench {

// Holm's step-down adjusted p-values (Holm 1979): with the m available p-values
// sorted ascending, p_(i) is adjusted to max over j <= i of min(1, (m - j + 1) p_(j)).
// Rejecting where the adjusted value is <= alpha controls the family-wise error
// rate at alpha. NaN entries (no test) stay NaN and do not count towards m.
std::vector<double> holm_adjust(const std::vector<double>& p_values);

}  // namespace crbench
