// ASMG's meta generator over any base model's flat parameter buffer
// (docs/methods/asmg.md): maps a window of input models (oldest first) to generated models,
// coordinate by coordinate, and back-propagates a loss on the generated models
// into its meta-parameters. Two kinds: the coordinate-wise GRU and the softmax
// mix (Linear). Dense blocks have meta-parameters per scalar; row-sparse
// (embedding) blocks per column, shared by all rows. A pass can be restricted to
// some rows of the row-sparse blocks: a batch's loss reads only those.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/simd_level.hpp"
#include "methods/base_model.hpp"

namespace crbench {

enum class GeneratorKind { linear, gru };

// Which rows of each row-sparse block a pass covers (indexed by block; sorted
// row lists). An empty selection covers every row. Dense blocks are whole, or
// left out when a pass says so (the rows of a pass over a shorter window).
using RowSelection = std::vector<std::vector<std::int32_t>>;
enum class DenseBlocks { include, skip };

// What a forward pass keeps for the backward pass of the same batch (same
// window, state and rows): the GRU's activations, so that it need not recompute
// them, while they fit in kMaxTapeScalars; and always the inputs and initial
// state it gathered from the embedding rows, so that the backward pass reads
// them in sequence instead of from rows scattered over the models again.
struct GeneratorTape {
  std::vector<float> activations;
  bool recorded = false;  // false: too large to keep; backward() recomputes
  std::vector<float> inputs;
  bool inputs_recorded = false;
};

// Largest tape kept, in scalars (4 MB). Writing the activations out and reading
// them back is cheaper than recomputing them only while they stay near the core:
// BM_AsmgGeneratorStep (embedding, AVX-512) ran 1.3x faster taped at 16k
// coordinates (3.4 MB of tape) but 1.15x slower at 32k and 64k.
constexpr std::size_t kMaxTapeScalars = std::size_t{1} << 20;

class AsmgGenerator {
 public:
  // max_window: the Linear mix's number of weights per group (its k); unused by
  // the GRU, whose weights do not depend on the window length.
  // level: the SIMD level of the GRU kernels (the same results at every level;
  // tests and benchmarks pick one, everything else uses the best).
  AsmgGenerator(std::vector<ParamBlock> layout, GeneratorKind kind, int hidden, int max_window,
                std::uint64_t seed, SimdLevel level = simd_level());

  GeneratorKind kind() const { return kind_; }
  SimdLevel simd() const { return level_; }
  int hidden() const { return hidden_; }
  std::size_t model_size() const { return model_size_; }
  std::span<float> meta_parameters() { return meta_; }
  std::span<const float> meta_parameters() const { return meta_; }
  // Hidden-state buffer size for every coordinate: state[a * model_size + c].
  std::size_t state_size() const { return static_cast<std::size_t>(hidden_) * model_size_; }

  // Runs the generator over the window (each a model_size() buffer). h0: initial
  // hidden state (state_size(), or nullptr for zero). outputs[j] (nullptr: not
  // wanted) receives the model generated at step j, at the selected coordinates.
  // With a tape, records the activations for backward().
  void forward(std::span<const float* const> window, const float* h0, const RowSelection& rows,
               std::span<float* const> outputs, GeneratorTape* tape = nullptr,
               DenseBlocks dense = DenseBlocks::include) const;

  // Adds to meta_grad the gradient of sum_j weights[j] * <d_outputs[j], output_j>
  // over the selected coordinates (d_outputs[j] nullptr: step j has no loss),
  // with the initial state held constant (truncated BPTT over the window). With
  // the tape of the forward pass over the same inputs, reuses its activations.
  void backward(std::span<const float* const> window, const float* h0, const RowSelection& rows,
                std::span<const float* const> d_outputs, std::span<const float> weights,
                std::span<float> meta_grad, GeneratorTape* tape = nullptr,
                DenseBlocks dense = DenseBlocks::include) const;

  // GRU only: the hidden state after the first input x0 from h0 (nullptr: zero),
  // for every coordinate: the carried initial state of the next window.
  void first_state(const float* x0, const float* h0, std::span<float> h_out) const;

 private:
  struct BlockMeta {
    std::size_t offset = 0;  // into meta_
    std::size_t groups = 0;  // scalars (dense) or columns (row-sparse)
  };
  std::size_t per_group() const;
  // The GRU's meta weights as the reference creates them (asmg_generator.cpp).
  void initialise_gru(std::uint64_t seed);
  // Whether an embedding block with `cols` columns hands the kernels its column
  // weights in place rather than repeated across a tile's rows.
  bool columns_in_place(std::size_t cols) const;
  // Coordinates a pass over this selection covers.
  std::size_t selected_coordinates(const RowSelection& rows, DenseBlocks dense) const;
  // Where meta weight p of group g (of `groups`) sits in its block: tile-major,
  // weight p of the kTile groups of one tile contiguous ([tile][p][group]), so
  // that a tile's weights are one contiguous run of memory. A row-sparse block
  // (at most kTile columns) is one tile: [p][column].
  std::size_t meta_index(std::size_t groups, std::size_t group, std::size_t p) const;
  template <bool kBackward>
  void run(std::span<const float* const> window, const float* h0, const RowSelection& rows,
           std::span<float* const> outputs, std::span<const float* const> d_outputs,
           std::span<const float> weights, std::span<float> meta_grad, GeneratorTape* tape,
           DenseBlocks dense) const;

  std::vector<ParamBlock> layout_;
  GeneratorKind kind_;
  int hidden_;
  int max_window_;
  SimdLevel level_;
  std::size_t model_size_ = 0;
  std::vector<BlockMeta> blocks_;
  std::vector<float> meta_;
};

}  // namespace crbench
