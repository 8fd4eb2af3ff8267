// What every base model (Embedding&MLP, logistic regression, MF, APG) offers the
// update strategies: scoring, a flat parameter buffer with named blocks, and the
// mean-BCE gradient of a batch with row-sparse embedding gradients. Strategies
// that are model-agnostic (ASMG, SML, the Bayesian prior, snapshots) see only this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "datasets/stream.hpp"
#include "methods/gradient.hpp"

namespace crbench {

// Serves scores. Must be safe to call from several threads at once.
class Scorer {
 public:
  virtual ~Scorer() = default;
  // Click probability of each row (features read from the stream; labels never read).
  virtual void score(const Stream& stream, std::span<const RowIndex> rows,
                     std::span<float> out) const = 0;
};

class BaseModel : public Scorer {
 public:
  virtual std::unique_ptr<BaseModel> clone() const = 0;
  virtual std::string kind() const = 0;  // "emb-mlp", ...

  virtual std::span<float> parameters() = 0;
  virtual std::span<const float> parameters() const = 0;
  virtual const std::vector<ParamBlock>& layout() const = 0;
  std::size_t parameter_count() const { return parameters().size(); }

  // Fresh seeded initialisation (Glorot-uniform for the reference model).
  virtual void initialise(std::uint64_t seed) = 0;

  // Mean binary cross-entropy of the rows against `targets` (probabilities in
  // [0, 1], aligned with rows; empty means the stream's labels). Adds the
  // gradient of that mean to `grad` (which must be cleared by the caller).
  virtual double loss_and_gradient(const Stream& stream, std::span<const RowIndex> rows,
                                   std::span<const float> targets, Gradient& grad) const = 0;

  // The rows of each row-sparse block that scoring or training on `rows` reads
  // (sorted, unique; empty for dense blocks), so that generators (ASMG, SML) build
  // and back-propagate only those rows of a batch. Models that can tell override
  // this; the default says every row, which is correct but slow.
  virtual std::vector<std::vector<std::int32_t>> rows_read(const Stream& stream,
                                                           std::span<const RowIndex> rows) const;
};

}  // namespace crbench
