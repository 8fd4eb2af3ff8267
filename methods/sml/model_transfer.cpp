// ModelTransfer: the per-block transfer nets of SML over a flat parameter buffer;
// gathers the rows a batch needs, runs the nets, scatters results and gradients.
#include "methods/sml/model_transfer.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/errors.hpp"
#include "core/seeding.hpp"

namespace crbench {

namespace {

// docs/methods/sml.md: FC width 20 for embedding tables; for dense tensors the
// rule reproducing the reference's widths for the Emb&MLP (see the header).
int fc_width_for(const ParamBlock& block) {
  if (block.row_sparse) return 20;
  return static_cast<int>(2 * (block.rows > 1 ? block.rows : block.cols));
}

// Copies the listed rows (cols wide) of a block of a flat buffer into a dense batch.
void gather(std::span<const float> buffer, const ParamBlock& block,
            std::span<const std::int32_t> rows, std::vector<float>& out) {
  out.resize(rows.size() * block.cols);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const float* src =
        buffer.data() + block.offset + static_cast<std::size_t>(rows[k]) * block.cols;
    std::copy_n(src, block.cols, out.data() + k * block.cols);
  }
}

struct Scratch {
  std::vector<float> p, h, out, g_out, g_h;
  TransferCache<float> cache;
};

}  // namespace

ModelTransfer::ModelTransfer(const std::vector<ParamBlock>& model_layout, std::uint64_t seed)
    : model_layout_(model_layout) {
  std::size_t offset = 0;
  for (std::size_t b = 0; b < model_layout_.size(); ++b) {
    const ParamBlock& block = model_layout_[b];
    // A dense block is one row of all its entries; a table's row is one row.
    const std::size_t d = block.row_sparse ? block.cols : block.size();
    if (d == 0) throw std::invalid_argument("ModelTransfer: empty parameter block " + block.name);
    TransferShape shape{static_cast<int>(d), fc_width_for(block)};
    shapes_.push_back(shape);
    layout_.push_back({"transfer." + block.name, offset, 1, shape.parameter_count(), false});
    offset += shape.parameter_count();
  }
  // A dense block's net grows with its size squared (FC width 2 x rows over a
  // row of rows x cols entries); refuse rather than exhaust memory on a model
  // with big dense tensors (the Emb&MLP needs 0.44M, MF 2.5k).
  constexpr std::size_t kMaxTransferParameters = std::size_t{1} << 27;
  if (offset > kMaxTransferParameters) {
    throw UsageError("sml: the transfer nets for this base model would need " +
                     std::to_string(offset) + " parameters (limit " +
                     std::to_string(kMaxTransferParameters) +
                     "); its dense tensors are too large for SML's one-row-per-tensor transfer");
  }
  params_.assign(offset, 0.0f);
  for (std::size_t b = 0; b < shapes_.size(); ++b) {
    initialise_transfer<float>(
        shapes_[b], std::span<float>(params_).subspan(layout_[b].offset, layout_[b].cols),
        derive_seed(seed, "sml-transfer-net", b));
  }
}

void ModelTransfer::generate(std::span<const float> prev, std::span<const float> hat,
                             const std::vector<std::vector<std::int32_t>>& rows,
                             std::span<float> out) const {
  Scratch s;
  for (std::size_t b = 0; b < model_layout_.size(); ++b) {
    const ParamBlock& block = model_layout_[b];
    const auto net = std::span<const float>(params_).subspan(layout_[b].offset, layout_[b].cols);
    if (!block.row_sparse) {
      transfer_forward<float>(shapes_[b], net, 1, prev.data() + block.offset,
                              hat.data() + block.offset, out.data() + block.offset, nullptr);
      continue;
    }
    const std::vector<std::int32_t>& list = rows[b];
    if (list.empty()) continue;
    gather(prev, block, list, s.p);
    gather(hat, block, list, s.h);
    s.out.resize(s.p.size());
    transfer_forward<float>(shapes_[b], net, list.size(), s.p.data(), s.h.data(), s.out.data(),
                            nullptr);
    for (std::size_t k = 0; k < list.size(); ++k) {
      std::copy_n(s.out.data() + k * block.cols, block.cols,
                  out.data() + block.offset + static_cast<std::size_t>(list[k]) * block.cols);
    }
  }
}

void ModelTransfer::generate_all(std::span<const float> prev, std::span<const float> hat,
                                 std::span<float> out) const {
  // Whole tables at once are contiguous: no gather needed.
  for (std::size_t b = 0; b < model_layout_.size(); ++b) {
    const ParamBlock& block = model_layout_[b];
    const auto net = std::span<const float>(params_).subspan(layout_[b].offset, layout_[b].cols);
    const std::size_t n = block.row_sparse ? block.rows : 1;
    if (n == 0) continue;
    transfer_forward<float>(shapes_[b], net, n, prev.data() + block.offset,
                            hat.data() + block.offset, out.data() + block.offset, nullptr);
  }
}

void ModelTransfer::backward(std::span<const float> prev, std::span<const float> hat,
                             const Gradient& model_grad, Gradient* transfer_grad,
                             Gradient* hat_grad) const {
  Scratch s;
  const float* g = model_grad.data();
  for (std::size_t b = 0; b < model_layout_.size(); ++b) {
    const ParamBlock& block = model_layout_[b];
    const auto net = std::span<const float>(params_).subspan(layout_[b].offset, layout_[b].cols);
    // Empty when f is frozen (training Ŵ): its gradient is then not computed.
    const std::span<float> net_grad =
        transfer_grad == nullptr
            ? std::span<float>()
            : std::span<float>(transfer_grad->data() + layout_[b].offset, layout_[b].cols);
    if (!block.row_sparse) {
      s.out.resize(block.size());
      transfer_forward<float>(shapes_[b], net, 1, prev.data() + block.offset,
                              hat.data() + block.offset, s.out.data(), &s.cache);
      s.g_h.resize(block.size());
      transfer_backward<float>(shapes_[b], net, s.cache, g + block.offset, net_grad,
                               hat_grad ? s.g_h.data() : nullptr);
      if (hat_grad != nullptr) {
        float* dst = hat_grad->data() + block.offset;
        for (std::size_t k = 0; k < block.size(); ++k) dst[k] += s.g_h[k];
      }
      continue;
    }
    const std::span<const std::int32_t> touched = model_grad.touched_rows(b);
    if (touched.empty()) continue;
    gather(prev, block, touched, s.p);
    gather(hat, block, touched, s.h);
    gather(std::span<const float>(g, model_grad.size()), block, touched, s.g_out);
    s.out.resize(s.p.size());
    transfer_forward<float>(shapes_[b], net, touched.size(), s.p.data(), s.h.data(), s.out.data(),
                            &s.cache);
    s.g_h.resize(s.p.size());
    transfer_backward<float>(shapes_[b], net, s.cache, s.g_out.data(), net_grad,
                             hat_grad ? s.g_h.data() : nullptr);
    if (hat_grad == nullptr) continue;
    for (std::size_t k = 0; k < touched.size(); ++k) {
      float* dst =
          hat_grad->data() + block.offset + static_cast<std::size_t>(touched[k]) * block.cols;
      for (std::size_t j = 0; j < block.cols; ++j) dst[j] += s.g_h[k * block.cols + j];
      hat_grad->touch_row(b, touched[k]);
    }
  }
}

}  // namespace crbench
