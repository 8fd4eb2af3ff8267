#include "bench/micro/model_flops.hpp"

namespace crbench::micro {

double embedding_inputs_forward(double d, bool categories, const BatchReads& b) {
  const double v = categories ? 2 * d : d;
  const double n = static_cast<double>(b.samples);
  const double h = static_cast<double>(b.history_entries);
  const double means = categories ? static_cast<double>(b.item_categories) * d +
                                        static_cast<double>(b.items_with_categories) * d
                                  : 0.0;
  return means + h * v + n * v;
}

double embedding_inputs_backward(double d, bool categories, const BatchReads& b) {
  const double v = categories ? 2 * d : d;
  const double n = static_cast<double>(b.samples);
  const double h = static_cast<double>(b.history_entries);
  const double shares = categories ? static_cast<double>(b.items_with_categories) * d +
                                         static_cast<double>(b.item_categories) * d
                                   : 0.0;
  return n * d + (n * v + h * v) + n * v + static_cast<double>(b.items) * d + shares;
}

double adam_flops(const std::vector<ParamBlock>& layout, double d, bool categories,
                  const BatchReads& b) {
  double dense = 0.0;
  for (const ParamBlock& block : layout) {
    if (!block.row_sparse) dense += static_cast<double>(block.size());
  }
  const double rows = static_cast<double>(b.users + b.items + (categories ? b.categories : 0));
  return 12 * (dense + d * rows);
}

double transfer_flops(double d, double l, bool backward) {
  const double products = 60 * d + 100 * d + 10 * d * l + 2 * l * d;
  const double activations = 10 * d + 5 * d + l;
  const double forward = 4 * d + 2 + products + l + d + 5 * activations;
  return backward ? forward + 2 * products + l + d + 10 * activations + 10 * d : forward;
}

}  // namespace crbench::micro
