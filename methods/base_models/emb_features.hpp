// The input features of the reference Emb&MLP (docs/methods/base-models.md), shared by
// the base models built on it (EmbMlp, APG): MLP input x = [e_user ; history mean
// of item vectors ; item vector], item vector = [e_item ; mean of its categories'
// e_cat], read from embedding blocks 0 (user), 1 (item) and 2 (category, when the
// shape has categories) of a model's flat parameter buffer. Implemented in
// methods/base_models/emb_features.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "methods/base_model.hpp"

namespace crbench {

struct EmbFeatureView {
  const StreamShape* shape = nullptr;
  const std::vector<ParamBlock>* layout = nullptr;  // blocks 0..2 as EmbMlp lays them out
  const float* params = nullptr;
  int embedding_dim = 8;
};

// Width of x: d + 2v, v = 2d with categories, else d.
int emb_feature_dim(const StreamShape& shape, int embedding_dim);

// Assembles x (rows.size() x emb_feature_dim) for a chunk of rows into this
// thread's scratch and returns it; valid until the next call on this thread.
// Throws std::out_of_range for ids outside the shape.
const float* emb_features_forward(const EmbFeatureView& view, const FeatureView& stream,
                                  std::span<const RowIndex> rows);

// The item vectors [e_item ; mean of its categories' e_cat] of `items` into
// out (items.size() x v, v = (emb_feature_dim - d) / 2), computed as the forward
// pass computes them. Throws std::out_of_range for ids outside the shape.
void emb_item_vectors(const EmbFeatureView& view, const FeatureView& stream,
                      std::span<const std::int32_t> items, float* out);

// The user side of x for a user with the given history (most recent positives):
// [e_user ; history mean of item vectors] into out (d + v), bit for bit what
// emb_features_forward assembles for a sample of that user with that history.
void emb_user_features(const EmbFeatureView& view, const FeatureView& stream, std::int32_t user,
                       std::span<const std::int32_t> history, float* out);

// Adds dLoss/dx (rows.size() x emb_feature_dim) of the chunk last passed to
// emb_features_forward on this thread to the embedding rows of `grad`, marking
// them touched. Scales the history part of dx in place.
void emb_features_backward(const EmbFeatureView& view, const FeatureView& stream,
                           std::span<const RowIndex> rows, float* dx, Gradient& grad);

// The rows of blocks 0..2 that the features of `rows` read (sorted, unique; the
// category rows only when the shape and the stream have categories), into
// out[0..2]. Throws std::out_of_range for ids outside the shape.
void emb_features_rows_read(const EmbFeatureView& view, const FeatureView& stream,
                            std::span<const RowIndex> rows,
                            std::vector<std::vector<std::int32_t>>& out);

}  // namespace crbench
