// SML's transfer module over a whole base model (docs/methods/sml.md), model-
// agnostic over the flat parameter buffer: one transfer net per parameter block.
// A row-sparse block (embedding table) is transformed row by row by a net shared
// by its rows (FC width 20); a dense block is flattened into a single row with a
// net of its own, of FC width 2 x (rows when the block has several, else cols):
// for the Emb&MLP's kernels (in x out) and biases (1 x out) that is exactly the
// reference's 80/40/40/20/20/2; for MF's global bias (1 x 1) it is 2.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "methods/adam.hpp"
#include "methods/base_model.hpp"
#include "methods/sml/transfer_net.hpp"

namespace crbench {

class ModelTransfer {
 public:
  ModelTransfer() = default;
  // Nets for a model of this layout, initialised from seed.
  ModelTransfer(const std::vector<ParamBlock>& model_layout, std::uint64_t seed);

  // The nets' parameters (flat, one dense block per net) and their layout.
  std::span<float> parameters() { return params_; }
  std::span<const float> parameters() const { return params_; }
  const std::vector<ParamBlock>& layout() const { return layout_; }
  const TransferShape& net_shape(std::size_t block) const { return shapes_[block]; }

  // out = f(prev, hat) on the given rows of every row-sparse block and on every
  // dense block; other entries of out are left as they are. rows is laid out as
  // BaseModel::rows_read returns it. prev, hat, out: flat model buffers.
  void generate(std::span<const float> prev, std::span<const float> hat,
                const std::vector<std::vector<std::int32_t>>& rows, std::span<float> out) const;
  // out = f(prev, hat) everywhere.
  void generate_all(std::span<const float> prev, std::span<const float> hat,
                    std::span<float> out) const;

  // Back-propagates a model gradient (dLoss/dout, with its touched rows) through
  // f: adds dLoss/d(net parameters) to transfer_grad (laid out like layout()) and
  // dLoss/dhat to hat_grad (laid out like the model, rows touched), either may be
  // null. Only the touched rows and the dense blocks are visited.
  void backward(std::span<const float> prev, std::span<const float> hat, const Gradient& model_grad,
                Gradient* transfer_grad, Gradient* hat_grad) const;

 private:
  std::vector<ParamBlock> model_layout_;
  std::vector<TransferShape> shapes_;  // per model block
  std::vector<ParamBlock> layout_;     // per model block: its net's slice of params_
  std::vector<float> params_;
};

}  // namespace crbench
