// ASMG's meta generator (docs/methods/asmg.md): tiles the selected coordinates of
// every block and runs the GRU (methods/asmg/asmg_gru.hpp) or the softmax mix over
// each tile. Dense blocks are tiled in place (their weights are per scalar, so a
// tile's weights are contiguous); row-sparse blocks are gathered a few rows at a
// time, with their per-column weights repeated across the tile's rows so that the
// same vectorised kernels apply, and the repeated gradients summed per column.
#include "methods/asmg/asmg_generator.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

#include "methods/asmg/asmg_gru.hpp"
#include "methods/glorot.hpp"

namespace crbench {

using asmg::kTile;

namespace {

// Softmax mix over a tile: y_i = sum_j s_ij x_ji with s_i = softmax over the
// window of the last L of the K weights alpha (the newest input gets the last).
void linear_forward(std::size_t n, int length, int max_window, const float* const* xs,
                    const float* weights, std::size_t stride, float* s, float* y) {
  const auto L = static_cast<std::size_t>(length);
  const auto first = static_cast<std::size_t>(max_window - length);
  float mx[kTile];
  float sum[kTile];
  for (std::size_t i = 0; i < n; ++i) mx[i] = weights[first * stride + i];
  for (std::size_t j = 1; j < L; ++j) {
    const float* a = weights + (first + j) * stride;
    for (std::size_t i = 0; i < n; ++i) mx[i] = std::max(mx[i], a[i]);
  }
  for (std::size_t i = 0; i < n; ++i) sum[i] = 0.0f;
  for (std::size_t j = 0; j < L; ++j) {
    const float* a = weights + (first + j) * stride;
    float* sj = s + j * n;
    for (std::size_t i = 0; i < n; ++i) {
      sj[i] = std::exp(a[i] - mx[i]);
      sum[i] += sj[i];
    }
  }
  for (std::size_t i = 0; i < n; ++i) y[i] = 0.0f;
  for (std::size_t j = 0; j < L; ++j) {
    float* sj = s + j * n;
    const float* x = xs[j];
    for (std::size_t i = 0; i < n; ++i) {
      sj[i] /= sum[i];
      y[i] += sj[i] * x[i];
    }
  }
}

// d alpha_j = s_j (x_j - y) dy (the softmax Jacobian applied to dy x).
void linear_backward(std::size_t n, int length, int max_window, const float* const* xs,
                     const float* s, const float* y, const float* dy, float* grads,
                     std::size_t stride) {
  const auto first = static_cast<std::size_t>(max_window - length);
  for (std::size_t j = 0; j < static_cast<std::size_t>(length); ++j) {
    const float* sj = s + j * n;
    const float* x = xs[j];
    float* g = grads + (first + j) * stride;
    for (std::size_t i = 0; i < n; ++i) g[i] += sj[i] * (x[i] - y[i]) * dy[i];
  }
}

// One embedding row. The reference model's rows are 8 floats, for which a
// library memcpy call costs more than the copy itself, and a batch step copies
// each row it generates about 17 times (inputs, state, outputs, gradients).
void copy_row(float* dst, const float* src, std::size_t cols) {
  if (cols == 8) {
    std::memcpy(dst, src, 8 * sizeof(float));
  } else {
    std::memcpy(dst, src, cols * sizeof(float));
  }
}

// An embedding block's per-column weights as the kernels read them: in place
// (stride = columns, every row of a tile reads the same ones) when `in_place`,
// else repeated across the tile's rows in `expanded`.
struct ColumnWeights {
  const float* weights;
  std::size_t stride;
};
ColumnWeights column_weights(const float* meta, std::size_t cols, std::size_t tile_rows,
                             std::size_t per_group, bool in_place, std::vector<float>& expanded) {
  if (in_place) return {meta, cols};
  const std::size_t stride = tile_rows * cols;
  expanded.assign(per_group * stride, 0.0f);
  for (std::size_t p = 0; p < per_group; ++p) {
    for (std::size_t r = 0; r < tile_rows; ++r) {
      std::memcpy(expanded.data() + p * stride + r * cols, meta + p * cols, cols * sizeof(float));
    }
  }
  return {expanded.data(), stride};
}

}  // namespace

AsmgGenerator::AsmgGenerator(std::vector<ParamBlock> layout, GeneratorKind kind, int hidden,
                             int max_window, std::uint64_t seed, SimdLevel level)
    : layout_(std::move(layout)),
      kind_(kind),
      hidden_(hidden),
      max_window_(max_window),
      level_(level) {
  if (!simd_supported(level)) {
    throw std::invalid_argument("AsmgGenerator: this CPU does not support SIMD level " +
                                std::string(simd_name(level)));
  }
  if (hidden < 1 || hidden > 32) {
    throw std::invalid_argument("AsmgGenerator: hidden size must be in [1, 32]");
  }
  if (max_window < 1) throw std::invalid_argument("AsmgGenerator: window must be positive");
  std::size_t offset = 0;
  for (const ParamBlock& b : layout_) {
    model_size_ = std::max(model_size_, b.offset + b.size());
    if (b.row_sparse && b.cols > kTile) {
      throw std::invalid_argument("AsmgGenerator: embedding block '" + b.name + "' has more than " +
                                  std::to_string(kTile) + " columns");
    }
    BlockMeta m;
    m.offset = offset;
    m.groups = b.row_sparse ? b.cols : b.size();
    blocks_.push_back(m);
    offset += m.groups * per_group();
  }
  meta_.assign(offset, 0.0f);
  if (kind_ == GeneratorKind::gru) initialise_gru(seed);
  // Linear: alpha = 0, the uniform mix (the reference's constant initialiser).
}

void AsmgGenerator::initialise_gru(std::uint64_t seed) {
  // The reference (Sobazaar/Tmall ASMGgru_*/model.py, gru_parallel) creates the
  // weights of all P coordinates of a parameter tensor as one variable each:
  // u_z, u_r, u_g of shape [P, 1, H], w_z, w_r, w_g of [P, H, H], w_hy of
  // [P, H, 1] and b_y of [P, 1, 1], with P the tensor's size for an MLP tensor
  // and the embedding size for a table (whose rows share them). Each is
  // Glorot-uniform by TensorFlow's fans for that 3-D shape (methods/glorot.hpp),
  // e.g. u within +-sqrt(6 / (P (1 + H))). One generator per block; a block's
  // variables are drawn one after another, coordinate by coordinate.
  const asmg::GruIndex ix{static_cast<std::size_t>(hidden_)};
  const auto H = static_cast<std::size_t>(hidden_);
  for (std::size_t b = 0; b < blocks_.size(); ++b) {
    std::mt19937_64 gen(seed ^ (0x9E3779B97F4A7C15ULL * (b + 1)));
    const BlockMeta& m = blocks_[b];
    const std::size_t P = m.groups;
    float* w = meta_.data() + m.offset;
    // Draws one variable: `cols` weights per hidden unit of every coordinate.
    auto draw = [&](double limit, std::size_t cols, auto index) {
      for (std::size_t g = 0; g < P; ++g) {
        for (std::size_t a = 0; a < H; ++a) {
          for (std::size_t c = 0; c < cols; ++c) {
            w[meta_index(P, g, index(a, c))] = static_cast<float>(uniform_draw(gen, limit));
          }
        }
      }
    };
    const double u_limit = glorot_limit({P, 1, H});
    const double w_limit = glorot_limit({P, H, H});
    draw(u_limit, 1, [&](std::size_t a, std::size_t) { return ix.uz(a); });
    draw(w_limit, H, [&](std::size_t a, std::size_t c) { return ix.wz(a, c); });
    draw(u_limit, 1, [&](std::size_t a, std::size_t) { return ix.ur(a); });
    draw(w_limit, H, [&](std::size_t a, std::size_t c) { return ix.wr(a, c); });
    draw(u_limit, 1, [&](std::size_t a, std::size_t) { return ix.ug(a); });
    draw(w_limit, H, [&](std::size_t a, std::size_t c) { return ix.wg(a, c); });
    draw(glorot_limit({P, H, 1}), 1, [&](std::size_t a, std::size_t) { return ix.wy(a); });
    const double by_limit = glorot_limit({P, 1, 1});
    for (std::size_t g = 0; g < P; ++g) {
      w[meta_index(P, g, ix.by())] = static_cast<float>(uniform_draw(gen, by_limit));
    }
  }
}

bool AsmgGenerator::columns_in_place(std::size_t cols) const {
  // The GRU kernels wrap a stride that is whole lane blocks; the Linear mix
  // indexes weights by tile position.
  return kind_ == GeneratorKind::gru && cols % asmg::kLanes == 0;
}

std::size_t AsmgGenerator::selected_coordinates(const RowSelection& rows, DenseBlocks dense) const {
  std::size_t total = 0;
  for (std::size_t b = 0; b < layout_.size(); ++b) {
    const ParamBlock& block = layout_[b];
    if (!block.row_sparse && dense == DenseBlocks::skip) continue;
    total += block.row_sparse && !rows.empty() ? rows[b].size() * block.cols : block.size();
  }
  return total;
}

std::size_t AsmgGenerator::meta_index(std::size_t groups, std::size_t group, std::size_t p) const {
  // GRU: lane groups (asmg::WeightLayout); Linear: [tile][p][group].
  const std::size_t run = kind_ == GeneratorKind::gru ? asmg::kLaneGroup : kTile;
  const std::size_t first = group - group % run;
  const std::size_t width = std::min(run, groups - first);
  return first * per_group() + p * width + (group - first);
}

std::size_t AsmgGenerator::per_group() const {
  return kind_ == GeneratorKind::linear ? static_cast<std::size_t>(max_window_)
                                        : asmg::gru_meta_size(hidden_);
}

void AsmgGenerator::forward(std::span<const float* const> window, const float* h0,
                            const RowSelection& rows, std::span<float* const> outputs,
                            GeneratorTape* tape, DenseBlocks dense) const {
  run<false>(window, h0, rows, outputs, {}, {}, {}, tape, dense);
}

void AsmgGenerator::backward(std::span<const float* const> window, const float* h0,
                             const RowSelection& rows, std::span<const float* const> d_outputs,
                             std::span<const float> weights, std::span<float> meta_grad,
                             GeneratorTape* tape, DenseBlocks dense) const {
  if (meta_grad.size() != meta_.size() || weights.size() != d_outputs.size()) {
    throw std::invalid_argument("AsmgGenerator::backward: size mismatch");
  }
  run<true>(window, h0, rows, {}, d_outputs, weights, meta_grad, tape, dense);
}

template <bool kBackward>
void AsmgGenerator::run(std::span<const float* const> window, const float* h0,
                        const RowSelection& rows, std::span<float* const> outputs,
                        std::span<const float* const> d_outputs, std::span<const float> weights,
                        std::span<float> meta_grad, GeneratorTape* tape, DenseBlocks dense) const {
  const int length = static_cast<int>(window.size());
  const auto L = window.size();
  if (length < 1) throw std::invalid_argument("AsmgGenerator: empty window");
  const std::span<const float* const> wanted =
      kBackward ? d_outputs : std::span<const float* const>(outputs.data(), outputs.size());
  if (wanted.size() != L) throw std::invalid_argument("AsmgGenerator: one output slot per input");
  const bool linear = kind_ == GeneratorKind::linear;
  if (linear) {
    if (length > max_window_) throw std::invalid_argument("AsmgGenerator: window longer than k");
    for (std::size_t j = 0; j + 1 < L; ++j) {
      if (wanted[j]) throw std::invalid_argument("AsmgGenerator: Linear emits the last step only");
    }
  }
  if (!rows.empty() && rows.size() != layout_.size()) {
    throw std::invalid_argument("AsmgGenerator: row selection does not match the layout");
  }
  const auto H = static_cast<std::size_t>(hidden_);
  const std::size_t P = model_size_;

  // Scratch for one tile (allocated once per call, not per tile or coordinate).
  std::vector<float> x_tile(L * kTile), y_tile(L * kTile), h0_tile(H * kTile);
  // The tape holds every tile's activations, in tile order, at a fixed size each.
  const std::size_t tile_tape = asmg::gru_cache_size(hidden_, length, kTile);
  std::vector<float> cache_buf(linear ? L * kTile : tile_tape);
  std::vector<float> w_exp, g_exp;
  std::vector<const float*> xs(L);
  std::vector<float*> ys(L);
  std::vector<const float*> dys(L);
  std::vector<float*> no_outputs(L, nullptr);
  std::size_t tile_index = 0;
  if (tape && linear) tape = nullptr;  // the mix is cheap to recompute
  if (tape && !kBackward) {
    // Record only what stays in cache: past that, writing the activations out and
    // reading them back costs more than recomputing them in the backward pass
    // (see kMaxTapeScalars).
    tape->recorded =
        selected_coordinates(rows, dense) * asmg::gru_cache_size(hidden_, length, asmg::kLanes) <=
        kMaxTapeScalars * asmg::kLanes;
    tape->inputs_recorded = true;
  }
  // The gathered inputs of each tile: [L inputs][H state units] x kTile.
  const std::size_t tile_inputs = (L + H) * kTile;
  GeneratorTape* inputs_tape = tape && tape->inputs_recorded ? tape : nullptr;
  if (tape && !tape->recorded) tape = nullptr;
  const std::size_t pg = per_group();

  for (std::size_t b = 0; b < layout_.size(); ++b) {
    const ParamBlock& block = layout_[b];
    const BlockMeta& bm = blocks_[b];
    if (block.size() == 0 || (!block.row_sparse && dense == DenseBlocks::skip)) continue;
    const float* meta_b = meta_.data() + bm.offset;
    float* grad_b = kBackward ? meta_grad.data() + bm.offset : nullptr;
    const std::vector<std::int32_t>* row_list =
        block.row_sparse && !rows.empty() ? &rows[b] : nullptr;
    const std::size_t cols = block.row_sparse ? block.cols : 1;
    const std::size_t tile_rows = block.row_sparse ? std::max<std::size_t>(1, kTile / cols) : 0;
    const std::size_t units = block.row_sparse ? (row_list ? row_list->size() : block.rows)
                                               : (block.size() + kTile - 1) / kTile;
    const std::size_t step = block.row_sparse ? tile_rows : 1;
    std::size_t stride = bm.groups;
    const float* tile_weights_base = meta_b;
    float* tile_grads_base = grad_b;
    const bool expanded = block.row_sparse && !columns_in_place(cols);
    if (block.row_sparse) {
      const ColumnWeights cw = column_weights(meta_b, cols, tile_rows, pg, !expanded, w_exp);
      tile_weights_base = cw.weights;
      stride = cw.stride;
      if (kBackward && expanded) {
        g_exp.assign(pg * stride, 0.0f);
        tile_grads_base = g_exp.data();
      }
    }

    for (std::size_t u0 = 0; u0 < units; u0 += step, ++tile_index) {
      // The tile's coordinates: n of them, coordinate i at buffer position pos(i).
      std::size_t n = 0;
      std::size_t dense_begin = 0;
      std::size_t row_count = 0;
      auto row_at = [&](std::size_t r) -> std::size_t {
        return row_list ? static_cast<std::size_t>((*row_list)[u0 + r]) : u0 + r;
      };
      if (block.row_sparse) {
        row_count = std::min(tile_rows, units - u0);
        n = row_count * cols;
      } else {
        dense_begin = u0 * kTile;
        n = std::min(kTile, block.size() - dense_begin);
      }
      // A dense tile's weights are contiguous (see meta_index): lane groups for
      // the GRU, [p][coordinate] for the Linear mix.
      const std::size_t tile_offset = block.row_sparse ? 0 : dense_begin * pg;
      if (!block.row_sparse) stride = n;
      const asmg::WeightLayout layout =
          block.row_sparse ? asmg::columns(stride) : asmg::lane_groups();
      const float* tw = tile_weights_base + tile_offset;
      float* tg = tile_grads_base ? tile_grads_base + tile_offset : nullptr;

      // Gather inputs (dense tiles are read in place): the rows of an embedding
      // tile once per batch, in its forward pass, into the tape when there is one.
      float* kept = nullptr;
      if (inputs_tape && block.row_sparse) {
        if (!kBackward && inputs_tape->inputs.size() < (tile_index + 1) * tile_inputs) {
          inputs_tape->inputs.resize(
              std::max((tile_index + 1) * tile_inputs, 2 * inputs_tape->inputs.size()));
        }
        kept = inputs_tape->inputs.data() + tile_index * tile_inputs;
      }
      const bool gather = block.row_sparse && !(kBackward && kept);
      for (std::size_t j = 0; j < L; ++j) {
        if (!block.row_sparse) {
          xs[j] = window[j] + block.offset + dense_begin;
          continue;
        }
        float* xt = (kept ? kept : x_tile.data()) + j * n;
        if (gather) {
          for (std::size_t r = 0; r < row_count; ++r) {
            copy_row(xt + r * cols, window[j] + block.offset + row_at(r) * cols, cols);
          }
        }
        xs[j] = xt;
      }
      // The state is an input of the forward pass only (a taped backward pass
      // reads it from the tape).
      const float* h0t = nullptr;
      if (h0 && !linear && !(kBackward && tape)) {
        float* state = kept ? kept + L * n : h0_tile.data();
        for (std::size_t a = 0; a < H; ++a) {
          float* dst = state + a * n;
          if (!block.row_sparse) {
            std::memcpy(dst, h0 + a * P + block.offset + dense_begin, n * sizeof(float));
          } else if (gather) {
            for (std::size_t r = 0; r < row_count; ++r) {
              copy_row(dst + r * cols, h0 + a * P + block.offset + row_at(r) * cols, cols);
            }
          }
        }
        h0t = state;
      }
      // Output slots: in place for dense forward, else the tile buffer.
      for (std::size_t j = 0; j < L; ++j) {
        ys[j] = nullptr;
        if (!wanted[j]) continue;
        ys[j] = (!kBackward && !block.row_sparse) ? outputs[j] + block.offset + dense_begin
                                                  : y_tile.data() + j * n;
      }
      if constexpr (kBackward) {
        // dLoss/dy_j of the tile, scaled by the step's loss weight.
        for (std::size_t j = 0; j < L; ++j) {
          dys[j] = nullptr;
          if (!d_outputs[j]) continue;
          float* dy = y_tile.data() + j * n;
          const float wj = weights[j];
          for (std::size_t r = 0; r < (block.row_sparse ? row_count : 1); ++r) {
            const float* src =
                d_outputs[j] + block.offset + (block.row_sparse ? row_at(r) * cols : dense_begin);
            const std::size_t len = block.row_sparse ? cols : n;
            for (std::size_t c = 0; c < len; ++c) dy[r * cols + c] = wj * src[c];
          }
          dys[j] = dy;
        }
        if (linear) {
          float* s = cache_buf.data();
          float y_last[kTile];
          linear_forward(n, length, max_window_, xs.data(), tw, stride, s, y_last);
          linear_backward(n, length, max_window_, xs.data(), s, y_last, dys[L - 1], tg, stride);
        } else {
          float* cache =
              tape ? tape->activations.data() + tile_index * tile_tape : cache_buf.data();
          if (!tape) {
            // No recorded forward pass: recompute this tile's activations.
            asmg::gru_forward(hidden_, n, length, xs.data(), h0t, tw, layout, no_outputs.data(),
                              cache, nullptr, level_);
          }
          asmg::gru_backward(hidden_, n, length, xs.data(), tw, layout, dys.data(), cache, tg,
                             level_);
        }
      } else {
        if (linear) {
          linear_forward(n, length, max_window_, xs.data(), tw, stride, cache_buf.data(),
                         ys[L - 1]);
        } else {
          if (tape) {
            // Record the tile's activations for the backward pass of the same batch.
            if (tape->activations.size() < (tile_index + 1) * tile_tape) {
              tape->activations.resize(
                  std::max((tile_index + 1) * tile_tape, 2 * tape->activations.size()));
            }
            float* cache = tape->activations.data() + tile_index * tile_tape;
            asmg::gru_forward(hidden_, n, length, xs.data(), h0t, tw, layout, ys.data(), cache,
                              nullptr, level_);
          } else {
            asmg::gru_forward(hidden_, n, length, xs.data(), h0t, tw, layout, ys.data(), nullptr,
                              nullptr, level_);
          }
        }
        if (block.row_sparse) {
          for (std::size_t j = 0; j < L; ++j) {
            if (!ys[j]) continue;
            for (std::size_t r = 0; r < row_count; ++r) {
              copy_row(outputs[j] + block.offset + row_at(r) * cols, ys[j] + r * cols, cols);
            }
          }
        }
      }
    }
    if (kBackward && expanded) {
      // Sum the repeated per-column gradients back into the shared weights.
      for (std::size_t p = 0; p < pg; ++p) {
        for (std::size_t r = 0; r < tile_rows; ++r) {
          const float* src = g_exp.data() + p * stride + r * cols;
          for (std::size_t c = 0; c < cols; ++c) grad_b[p * cols + c] += src[c];
        }
      }
    }
  }
}

void AsmgGenerator::first_state(const float* x0, const float* h0, std::span<float> h_out) const {
  if (kind_ != GeneratorKind::gru) throw std::logic_error("AsmgGenerator: Linear has no state");
  if (h_out.size() != state_size()) throw std::invalid_argument("AsmgGenerator: state size");
  // One GRU step over every coordinate, keeping only the state after it.
  const auto H = static_cast<std::size_t>(hidden_);
  const std::size_t P = model_size_;
  std::vector<float> h1_tile(H * kTile);
  std::vector<float> h0_tile(H * kTile);
  std::vector<float> x_tile(kTile);
  std::vector<float> w_exp;
  const std::size_t pg = per_group();
  for (std::size_t b = 0; b < layout_.size(); ++b) {
    const ParamBlock& block = layout_[b];
    const BlockMeta& bm = blocks_[b];
    const float* meta_b = meta_.data() + bm.offset;
    // Coordinates are handled in tiles of consecutive buffer positions; row-sparse
    // blocks repeat their column weights over whole rows of the tile.
    const std::size_t cols = block.row_sparse ? block.cols : 1;
    std::size_t tile = kTile;
    std::size_t stride = bm.groups;
    const float* column_base = nullptr;
    if (block.row_sparse) {
      const std::size_t tile_rows = std::max<std::size_t>(1, kTile / cols);
      tile = tile_rows * cols;
      const ColumnWeights cw =
          column_weights(meta_b, cols, tile_rows, pg, columns_in_place(cols), w_exp);
      column_base = cw.weights;
      stride = cw.stride;
    }
    for (std::size_t c0 = 0; c0 < block.size(); c0 += tile) {
      const std::size_t n = std::min(tile, block.size() - c0);
      const float* tw = block.row_sparse ? column_base : meta_b + c0 * pg;
      if (!block.row_sparse) stride = n;
      const float* xs[1] = {x0 + block.offset + c0};
      const float* h0t = nullptr;
      if (h0) {
        for (std::size_t a = 0; a < H; ++a) {
          std::memcpy(h0_tile.data() + a * n, h0 + a * P + block.offset + c0, n * sizeof(float));
        }
        h0t = h0_tile.data();
      }
      float* ys[1] = {nullptr};
      const asmg::WeightLayout layout =
          block.row_sparse ? asmg::columns(stride) : asmg::lane_groups();
      asmg::gru_forward(hidden_, n, 1, xs, h0t, tw, layout, ys, nullptr, h1_tile.data(), level_);
      for (std::size_t a = 0; a < H; ++a) {
        std::memcpy(h_out.data() + a * P + block.offset + c0, h1_tile.data() + a * n,
                    n * sizeof(float));
      }
    }
  }
}

}  // namespace crbench
