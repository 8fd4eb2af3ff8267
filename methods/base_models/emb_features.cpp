// The input features of the Emb&MLP (see emb_features.hpp): assembling them for a
// chunk of rows and scattering their gradient back to the embedding tables. Items
// are deduplicated per chunk (an item vector is built, and its gradient
// scattered, once however many histories it appears in), the table walks are
// prefetched and, for dense chunks, in item order; the small-vector loops use
// fixed-size Eigen arrays for the reference embedding size 8 (SSE without -march).
#include "methods/base_models/emb_features.hpp"

#include <Eigen/Core>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/cache_aligned.hpp"
#include "core/prefetch.hpp"
#include "methods/numerics.hpp"

namespace crbench {

namespace {

constexpr std::size_t kUserBlock = 0;
constexpr std::size_t kItemBlock = 1;
constexpr std::size_t kCategoryBlock = 2;

// Read-only view of the feature blocks that the kernels need; no allocation.
struct View {
  const StreamShape* shape;
  const std::vector<ParamBlock>* layout;
  const float* params;
  int d;         // embedding size
  bool has_cat;  // the model has a category slot
  int v;         // item vector size: d or 2d
  int in;        // feature width: d + 2v

  const ParamBlock& block(std::size_t b) const { return (*layout)[b]; }
};

View view_of(const EmbFeatureView& f) {
  const bool has_cat = f.shape->num_categories > 0;
  const int d = f.embedding_dim;
  return View{
      f.shape, f.layout, f.params, d, has_cat, has_cat ? 2 * d : d, emb_feature_dim(*f.shape, d)};
}

// One bit per row of a table: marking the rows a chunk reads and listing them in
// increasing order costs one word read per 64 rows plus one step per marked
// row, where a byte per row would cost a read per row. All zero between uses:
// Use::sweep zeroes what it reads, and a Use left unswept (by a throw) zeroes
// its whole range.
struct RowMarks {
  std::vector<std::uint64_t> words;

  class Use {
   public:
    Use(RowMarks& marks, std::int32_t rows) {
      const std::size_t n = (static_cast<std::size_t>(rows) + 63) / 64;
      if (marks.words.size() < n) marks.words.resize(n, 0);
      words_ = marks.words.data();
      num_words_ = n;
    }
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    ~Use() {
      if (!swept_) std::fill_n(words_, num_words_, 0);
    }
    // Marks `row` (in range); true when it was not marked yet.
    bool mark(std::int32_t row) {
      std::uint64_t& word = words_[static_cast<std::size_t>(row) >> 6];
      const std::uint64_t bit = std::uint64_t{1} << (static_cast<unsigned>(row) & 63u);
      const bool fresh = (word & bit) == 0;
      word |= bit;
      return fresh;
    }
    // Calls f(row) for every marked row in increasing order and clears the marks.
    template <class F>
    void sweep(F&& f) {
      for (std::size_t w = 0; w < num_words_; ++w) {
        std::uint64_t word = words_[w];
        if (word == 0) continue;
        words_[w] = 0;
        const auto base = static_cast<std::int32_t>(w * 64);
        while (word != 0) {
          f(base + std::countr_zero(word));
          word &= word - 1;
        }
      }
      swept_ = true;
    }
    void collect(std::vector<std::int32_t>& ids) {
      sweep([&ids](std::int32_t row) { ids.push_back(row); });
    }

   private:
    std::uint64_t* words_ = nullptr;
    std::size_t num_words_ = 0;
    bool swept_ = false;
  };
};

// ensure() for a cache-aligned buffer.
float* ensure_aligned(CacheAlignedVector<float>& buffer, std::size_t n) {
  if (buffer.size() < n) buffer.resize(n);
  return buffer.data();
}

// Per-thread scratch. Scoring is const and runs on several threads at once,
// so nothing mutable is shared; thread_local buffers only grow, so the steady
// state allocates nothing.
struct Workspace {
  std::vector<float> x;         // chunk x in: the features
  std::vector<float> inv_hist;  // per sample: 1 / history length (0 when empty)
  // The chunk's distinct items (targets and history items). Popular items recur
  // in many histories, so each item vector [e_item ; category mean] is built, and
  // its gradient scattered to the tables, once per chunk rather than per use.
  std::vector<std::int32_t> slot_of_item;  // item -> slot in unique_items, -1 when absent
  std::vector<std::int32_t> unique_items;  // slot -> item (the first num_unique)
  RowMarks item_marks;                     // for numbering the items in item order
  std::size_t num_unique = 0;
  // Whether the chunk's item vectors have category means (the model and the
  // stream both have categories), and the distinct categories they read, for
  // marking those gradient rows touched. The backward pass rereads each item's
  // categories from the stream: in item order that is a near-sequential walk,
  // cheaper than storing per-item lists.
  bool cats = false;
  std::vector<std::uint8_t> cat_seen;      // category -> 1 when in seen_cats
  std::vector<std::int32_t> seen_cats;     // in order of first use
  std::vector<std::int32_t> sample_slots;  // per sample: target slot, then history slots
  std::vector<std::size_t> slots_begin;    // per sample: offset into sample_slots (n + 1)
  // slot x v: the item vectors, then, once the forward pass no longer needs
  // them, dLoss/d(item vector): one buffer instead of two keeps more in cache.
  CacheAlignedVector<float> item_vecs;  // a 64-byte item vector in one cache line
};

Workspace& workspace() {
  thread_local Workspace ws;
  return ws;
}

[[noreturn]] void throw_id(const char* what, std::int64_t id, std::int64_t bound) {
  throw std::out_of_range(std::string("Emb&MLP features: ") + what + " id " + std::to_string(id) +
                          " outside the model's range [0, " + std::to_string(bound) + ")");
}

// Fixed-size (kD > 0) or runtime-size (kD == 0) float vector views, so that the
// reference size d = 8 compiles to SSE packets without -march.
template <int kN>
using Vec = Eigen::Array<float, kN == 0 ? Eigen::Dynamic : kN, 1>;
template <int kN>
using VecMap = Eigen::Map<Vec<kN>>;
template <int kN>
using ConstVecMap = Eigen::Map<const Vec<kN>>;

// How many samples or rows ahead the loops prefetch.
constexpr std::size_t kAhead = 8;

// Lists the distinct items of the chunk and, per sample, the slots of its target
// and history items; checks every id against the model's shape.
void collect_items(const View& m, const FeatureView& stream, std::span<const RowIndex> rows,
                   Workspace& ws) {
  const std::int32_t num_items = m.shape->num_items;
  const std::int32_t num_users = m.shape->num_users;
  if (ws.slot_of_item.size() < static_cast<std::size_t>(num_items)) {
    ws.slot_of_item.resize(static_cast<std::size_t>(num_items), -1);
  }
  // Pass 1: sizes, and prefetches of every history window (independent loads, so
  // the misses overlap instead of stalling the dependent pass 2 one by one).
  std::size_t total = 0;
  for (const RowIndex row : rows) {
    const std::span<const std::int32_t> history = stream.history(row);
    const std::size_t len = history.size();
    total += 1 + len;
    const std::int32_t* window = history.data();
    for (std::size_t k = 0; k < len; k += 16) prefetch(window + k);
    if (len > 0) prefetch(window + len - 1);
  }
  if (ws.sample_slots.size() < total) ws.sample_slots.resize(total);
  if (ws.unique_items.size() < total) ws.unique_items.resize(total);
  if (ws.slots_begin.size() < rows.size() + 1) ws.slots_begin.resize(rows.size() + 1);

  // Pass 2 lists every sample's items (target first, then history) and checks
  // the ids. Raw pointers: the vectors are thread_local, and writing through them
  // would reload their fields on every store.
  std::int32_t* slot_of_item = ws.slot_of_item.data();
  std::int32_t* unique = ws.unique_items.data();
  std::int32_t* out = ws.sample_slots.data();
  std::size_t* begin = ws.slots_begin.data();
  std::size_t written = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const RowIndex row = rows[r];
    const std::int32_t user = stream.user[row];
    if (user < 0 || user >= num_users) throw_id("user", user, num_users);
    begin[r] = written;
    const std::int32_t item = stream.item[row];
    if (item < 0 || item >= num_items) throw_id("item", item, num_items);
    out[written++] = item;
    for (const std::int32_t h : stream.history(row)) {
      if (h < 0 || h >= num_items) throw_id("history item", h, num_items);
      out[written++] = h;
    }
  }
  begin[rows.size()] = written;

  // Pass 3 numbers the distinct items and turns item ids into slots. The item ->
  // slot map is all -1 between calls; ResetSlots restores that even on a throw.
  std::int32_t num_unique = 0;
  struct ResetSlots {
    std::int32_t* slot_of_item;
    const std::int32_t* unique;
    const std::int32_t& count;
    ~ResetSlots() {
      for (std::int32_t u = 0; u < count; ++u) slot_of_item[unique[u]] = -1;
    }
  } reset{slot_of_item, unique, num_unique};
  if (static_cast<std::size_t>(num_items) <= 16 * written) {
    // The chunk covers a good share of the catalogue: mark the items, then number
    // them in item order by one sweep of the marks (a counting sort). The item
    // table, its gradient rows and the optimiser (which follows the touched-row
    // order) then walk memory upwards instead of jumping around it.
    RowMarks::Use marks(ws.item_marks, num_items);
    for (std::size_t k = 0; k < written; ++k) marks.mark(out[k]);
    marks.sweep([&](std::int32_t item) {
      unique[num_unique] = item;
      slot_of_item[item] = num_unique++;
    });
    for (std::size_t k = 0; k < written; ++k) out[k] = slot_of_item[out[k]];
  } else {
    // A huge catalogue: number the items in order of first appearance instead.
    for (std::size_t k = 0; k < written; ++k) {
      std::int32_t& s = slot_of_item[out[k]];
      if (s < 0) {
        s = num_unique;
        unique[num_unique++] = out[k];
      }
      out[k] = s;
    }
  }
  ws.num_unique = static_cast<std::size_t>(num_unique);
}

// Records category c (already range-checked) as read by this chunk.
inline void mark_category(Workspace& ws, std::int32_t c) {
  std::uint8_t& seen = ws.cat_seen[static_cast<std::size_t>(c)];
  if (seen == 0) {
    seen = 1;
    ws.seen_cats.push_back(c);
  }
}

// Items have few categories, in varying numbers: a loop over them mispredicts its
// exit about once per item. With up to kMaxFastCats categories the d = 8 paths
// instead visit kMaxFastCats entries, the missing ones clamped to the last real
// one and masked out.
constexpr std::int32_t kMaxFastCats = 4;

// Item vector of every distinct item: [e_item ; mean of its categories' e_cat]
// (zeros in the category half when the item has none); also lists the distinct
// categories for the backward pass.
template <int kD>
void build_item_vectors(const View& m, const FeatureView& stream, Workspace& ws) {
  const int d = m.d;
  const auto v = static_cast<std::size_t>(m.v);
  const std::size_t num_unique = ws.num_unique;
  const float* item_table = m.params + m.block(kItemBlock).offset;
  float* vecs = ensure_aligned(ws.item_vecs, num_unique * v);
  const std::int32_t* unique = ws.unique_items.data();
  // Categories are read only when both the model and the stream have them.
  const bool cats = m.has_cat && stream.has_categories();
  ws.cats = cats;
  for (const std::int32_t c : ws.seen_cats) ws.cat_seen[static_cast<std::size_t>(c)] = 0;
  ws.seen_cats.clear();
  if (!cats) {
    for (std::size_t u = 0; u < num_unique; ++u) {
      if (u + kAhead < num_unique) {
        prefetch(item_table + static_cast<std::size_t>(unique[u + kAhead]) * d);
      }
      float* out = vecs + u * v;
      VecMap<kD>(out, d) = ConstVecMap<kD>(item_table + static_cast<std::size_t>(unique[u]) * d, d);
      if (m.has_cat) VecMap<kD>(out + d, d).setZero();
    }
    return;
  }

  const float* cat_table = m.params + m.block(kCategoryBlock).offset;
  const std::int32_t num_cats = m.shape->num_categories;
  const std::int32_t* cat_offset = stream.item_category_offset.data();
  const std::int32_t* cat_ids = stream.item_categories.data();
  if (ws.cat_seen.size() < static_cast<std::size_t>(num_cats)) {
    ws.cat_seen.resize(static_cast<std::size_t>(num_cats), 0);
  }
  auto check = [num_cats](std::int32_t c) {
    if (c < 0 || c >= num_cats) throw_id("category", c, num_cats);
  };
  for (std::size_t u = 0; u < num_unique; ++u) {
    if (u + kAhead < num_unique) {
      const std::int32_t ahead = unique[u + kAhead];
      prefetch(item_table + static_cast<std::size_t>(ahead) * d);
      prefetch(cat_offset + ahead);
    }
    const std::int32_t item = unique[u];
    float* out = vecs + u * v;
    VecMap<kD>(out, d) = ConstVecMap<kD>(item_table + static_cast<std::size_t>(item) * d, d);
    const std::int32_t b = cat_offset[item];
    const std::int32_t count = cat_offset[item + 1] - b;
#if defined(__SSE2__)
    if constexpr (kD == 8) {
      if (count > 0 && count <= kMaxFastCats) {
        __m128 lo = _mm_setzero_ps();
        __m128 hi = _mm_setzero_ps();
        for (std::int32_t k = 0; k < kMaxFastCats; ++k) {
          const std::int32_t c = cat_ids[b + std::min(k, count - 1)];
          check(c);
          mark_category(ws, c);
          const __m128 keep = _mm_castsi128_ps(_mm_set1_epi32(-static_cast<int>(k < count)));
          const float* row = cat_table + static_cast<std::size_t>(c) * 8;
          lo = _mm_add_ps(lo, _mm_and_ps(keep, _mm_loadu_ps(row)));
          hi = _mm_add_ps(hi, _mm_and_ps(keep, _mm_loadu_ps(row + 4)));
        }
        const __m128 scale = _mm_set1_ps(1.0f / static_cast<float>(count));
        _mm_storeu_ps(out + 8, _mm_mul_ps(lo, scale));
        _mm_storeu_ps(out + 12, _mm_mul_ps(hi, scale));
        continue;
      }
    }
#endif
    VecMap<kD> cat_mean(out + d, d);
    cat_mean.setZero();
    for (std::int32_t k = b; k < b + count; ++k) {
      const std::int32_t c = cat_ids[k];
      check(c);
      mark_category(ws, c);
      cat_mean += ConstVecMap<kD>(cat_table + static_cast<std::size_t>(c) * d, d);
    }
    if (count > 0) cat_mean *= 1.0f / static_cast<float>(count);
  }
}

// Assembles the MLP input [e_user ; history mean ; item vector] of every sample
// into x (n x in) and 1/|history| into inv_hist. Only the sample's real history
// entries are read, so nothing is padded and an empty history stays zero.
// kD and kV are d and the item vector size when known at compile time, else 0.
template <int kD, int kV>
void assemble_inputs(const View& m, const FeatureView& stream, std::span<const RowIndex> rows,
                     Workspace& ws, float* x, float* inv_hist) {
  const int d = m.d;
  const int v = m.v;
  const std::size_t in = static_cast<std::size_t>(m.in);
  const float* user_table = m.params + m.block(kUserBlock).offset;
  const float* vecs = ws.item_vecs.data();
  auto item_vec = [&](std::int32_t slot) {
    return ConstVecMap<kV>(vecs + static_cast<std::size_t>(slot) * static_cast<std::size_t>(v), v);
  };
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (r + kAhead < rows.size()) {
      prefetch(user_table + static_cast<std::size_t>(stream.user[rows[r + kAhead]]) * d);
    }
    float* xr = x + r * in;
    const std::int32_t user = stream.user[rows[r]];
    VecMap<kD>(xr, d) = ConstVecMap<kD>(user_table + static_cast<std::size_t>(user) * d, d);
    if (r + 2 < rows.size()) {
      // The item vectors of the next-but-one sample: rows of a table of megabytes.
      for (std::size_t k = ws.slots_begin[r + 2]; k < ws.slots_begin[r + 3]; ++k) {
        prefetch(vecs + static_cast<std::size_t>(ws.sample_slots[k]) * static_cast<std::size_t>(v));
      }
    }
    const std::int32_t* slots = ws.sample_slots.data() + ws.slots_begin[r];
    const std::size_t history = ws.slots_begin[r + 1] - ws.slots_begin[r] - 1;
    const float inv = history == 0 ? 0.0f : 1.0f / static_cast<float>(history);
    inv_hist[r] = inv;
    if constexpr (kV > 0) {
      // A fixed-size local accumulator stays in SSE registers.
      Vec<kV> sum = Vec<kV>::Zero();
      for (std::size_t j = 1; j <= history; ++j) sum += item_vec(slots[j]);
      VecMap<kV>(xr + d, v) = sum * inv;
    } else {
      VecMap<kV> sum(xr + d, v);  // summed in place: a dynamic local would allocate
      sum.setZero();
      for (std::size_t j = 1; j <= history; ++j) sum += item_vec(slots[j]);
      sum *= inv;
    }
    VecMap<kV>(xr + d + v, v) = item_vec(slots[0]);
  }
}

// Scatters dLoss/dX (n x in) of a chunk back to the embedding rows and marks those
// rows touched. The history part is a mean, so each history item vector gets
// 1/|history| of it; item vector gradients are summed per distinct item, then
// split into the item row and, the category half being a mean, 1/|categories|
// to each of the item's categories. Scales dx in place; overwrites ws.item_vecs.
template <int kD, int kV>
void scatter_embedding_gradient(const View& m, const FeatureView& stream,
                                std::span<const RowIndex> rows, float* dx, Workspace& ws,
                                Gradient& grad) {
  const int d = m.d;
  const int v = m.v;
  const std::size_t in = static_cast<std::size_t>(m.in);
  float* g = grad.data();
  float* g_user = g + m.block(kUserBlock).offset;
  float* g_item = g + m.block(kItemBlock).offset;
  float* g_cat = m.has_cat ? g + m.block(kCategoryBlock).offset : nullptr;
  const std::size_t num_unique = ws.num_unique;
  float* dvecs = ensure_aligned(ws.item_vecs, num_unique * static_cast<std::size_t>(v));
  std::fill_n(dvecs, num_unique * static_cast<std::size_t>(v), 0.0f);
  auto d_item_vec = [&](std::int32_t slot) {
    return VecMap<kV>(dvecs + static_cast<std::size_t>(slot) * static_cast<std::size_t>(v), v);
  };

  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (r + kAhead < rows.size()) {
      prefetch(g_user + static_cast<std::size_t>(stream.user[rows[r + kAhead]]) * d);
    }
    float* dxr = dx + r * in;
    const std::int32_t user = stream.user[rows[r]];
    VecMap<kD>(g_user + static_cast<std::size_t>(user) * d, d) += ConstVecMap<kD>(dxr, d);
    grad.touch_row(kUserBlock, user);

    if (r + 2 < rows.size()) {
      for (std::size_t k = ws.slots_begin[r + 2]; k < ws.slots_begin[r + 3]; ++k) {
        prefetch(dvecs +
                 static_cast<std::size_t>(ws.sample_slots[k]) * static_cast<std::size_t>(v));
      }
    }
    const std::int32_t* slots = ws.sample_slots.data() + ws.slots_begin[r];
    const std::size_t history = ws.slots_begin[r + 1] - ws.slots_begin[r] - 1;
    VecMap<kV> d_history(dxr + d, v);
    d_history *= ws.inv_hist[r];
    if constexpr (kV > 0) {
      // A register copy: the stores to the item gradients could alias dx, so
      // through the map every addition would reload it.
      const Vec<kV> share = d_history;
      for (std::size_t j = 1; j <= history; ++j) d_item_vec(slots[j]) += share;
    } else {
      for (std::size_t j = 1; j <= history; ++j) d_item_vec(slots[j]) += d_history;
    }
    d_item_vec(slots[0]) += ConstVecMap<kV>(dxr + d + v, v);
  }

  const std::int32_t* unique = ws.unique_items.data();
  const bool cats = ws.cats;
  const std::int32_t* cat_offset = stream.item_category_offset.data();
  const std::int32_t* cat_ids = stream.item_categories.data();
  // Where the masked-out category entries of the fast path add their share. One
  // row per entry, so that they do not chain through one row's store and reload.
  alignas(16) float sink[kMaxFastCats][8];
  for (std::size_t u = 0; u < num_unique; ++u) {
    if (u + kAhead < num_unique) {
      const std::int32_t ahead = unique[u + kAhead];
      prefetch(g_item + static_cast<std::size_t>(ahead) * d);
      if (cats) prefetch(cat_offset + ahead);
    }
    const std::int32_t item = unique[u];
    float* dv = dvecs + u * static_cast<std::size_t>(v);
    VecMap<kD>(g_item + static_cast<std::size_t>(item) * d, d) += ConstVecMap<kD>(dv, d);
    if (!cats) continue;
    // The category half is a mean: each category gets 1/count of its gradient.
    const std::int32_t b = cat_offset[item];
    const std::int32_t count = cat_offset[item + 1] - b;
    if (count == 0) continue;
    VecMap<kD> share(dv + d, d);
    share *= 1.0f / static_cast<float>(count);
    if constexpr (kD == 8) {
      if (count <= kMaxFastCats) {
        for (std::int32_t k = 0; k < kMaxFastCats; ++k) {
          const std::int32_t c = cat_ids[b + std::min(k, count - 1)];
          // Selected by mask arithmetic: g++ compiles the conditional operator
          // here to a branch, which mispredicts as often as the loop it replaces.
          const auto real =
              reinterpret_cast<std::uintptr_t>(g_cat + static_cast<std::size_t>(c) * 8);
          const auto spare = reinterpret_cast<std::uintptr_t>(sink[k]);
          const std::uintptr_t keep = std::uintptr_t{0} - static_cast<std::uintptr_t>(k < count);
          VecMap<8>(reinterpret_cast<float*>(spare ^ ((real ^ spare) & keep)), 8) += share;
        }
        continue;
      }
    }
    for (std::int32_t k = b; k < b + count; ++k) {
      VecMap<kD>(g_cat + static_cast<std::size_t>(cat_ids[k]) * d, d) += share;
    }
  }
  for (std::size_t u = 0; u < num_unique; ++u) grad.touch_row(kItemBlock, unique[u]);
  for (const std::int32_t c : ws.seen_cats) grad.touch_row(kCategoryBlock, c);
}

}  // namespace

int emb_feature_dim(const StreamShape& shape, int embedding_dim) {
  const int v = shape.num_categories > 0 ? 2 * embedding_dim : embedding_dim;
  return embedding_dim + 2 * v;
}

const float* emb_features_forward(const EmbFeatureView& view, const FeatureView& stream,
                                  std::span<const RowIndex> rows) {
  const View m = view_of(view);
  Workspace& ws = workspace();
  float* x = ensure(ws.x, rows.size() * static_cast<std::size_t>(m.in));
  float* inv_hist = ensure(ws.inv_hist, rows.size());
  collect_items(m, stream, rows, ws);
  if (m.d == 8) {
    build_item_vectors<8>(m, stream, ws);
    if (m.has_cat) {
      assemble_inputs<8, 16>(m, stream, rows, ws, x, inv_hist);
    } else {
      assemble_inputs<8, 8>(m, stream, rows, ws, x, inv_hist);
    }
  } else {
    build_item_vectors<0>(m, stream, ws);
    assemble_inputs<0, 0>(m, stream, rows, ws, x, inv_hist);
  }
  return x;
}

void emb_item_vectors(const EmbFeatureView& view, const FeatureView& stream,
                      std::span<const std::int32_t> items, float* out) {
  const View m = view_of(view);
  Workspace& ws = workspace();
  const std::int32_t num_items = m.shape->num_items;
  if (ws.unique_items.size() < items.size()) ws.unique_items.resize(items.size());
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (items[k] < 0 || items[k] >= num_items) throw_id("item", items[k], num_items);
    ws.unique_items[k] = items[k];
  }
  // The forward pass's own builder, on these items as the chunk's distinct items.
  ws.num_unique = items.size();
  if (m.d == 8) {
    build_item_vectors<8>(m, stream, ws);
  } else {
    build_item_vectors<0>(m, stream, ws);
  }
  std::copy_n(ws.item_vecs.data(), items.size() * static_cast<std::size_t>(m.v), out);
}

void emb_user_features(const EmbFeatureView& view, const FeatureView& stream, std::int32_t user,
                       std::span<const std::int32_t> history, float* out) {
  const View m = view_of(view);
  const std::int32_t num_users = m.shape->num_users;
  if (user < 0 || user >= num_users) throw_id("user", user, num_users);
  const auto d = static_cast<std::size_t>(m.d);
  const auto v = static_cast<std::size_t>(m.v);
  const float* row = m.params + m.block(kUserBlock).offset + static_cast<std::size_t>(user) * d;
  std::copy_n(row, d, out);
  thread_local std::vector<float> vecs;
  emb_item_vectors(view, stream, history, ensure(vecs, history.size() * v));
  // As assemble_inputs: the sum in history order, then times 1/|history| (zeros
  // for an empty history). Element-wise float additions give the same bits
  // whether Eigen packs them into SSE lanes or not.
  float* mean = out + d;
  std::fill_n(mean, v, 0.0f);
  for (std::size_t j = 0; j < history.size(); ++j)
    for (std::size_t c = 0; c < v; ++c) mean[c] += vecs[j * v + c];
  const float inv = history.empty() ? 0.0f : 1.0f / static_cast<float>(history.size());
  for (std::size_t c = 0; c < v; ++c) mean[c] *= inv;
}

void emb_features_backward(const EmbFeatureView& view, const FeatureView& stream,
                           std::span<const RowIndex> rows, float* dx, Gradient& grad) {
  const View m = view_of(view);
  Workspace& ws = workspace();
  if (m.d == 8 && m.has_cat) {
    scatter_embedding_gradient<8, 16>(m, stream, rows, dx, ws, grad);
  } else if (m.d == 8) {
    scatter_embedding_gradient<8, 8>(m, stream, rows, dx, ws, grad);
  } else {
    scatter_embedding_gradient<0, 0>(m, stream, rows, dx, ws, grad);
  }
}

void emb_features_rows_read(const EmbFeatureView& view, const FeatureView& stream,
                            std::span<const RowIndex> rows,
                            std::vector<std::vector<std::int32_t>>& out) {
  const StreamShape& shape = *view.shape;
  const bool cats = shape.num_categories > 0 && stream.has_categories();
  // ASMG and SML call this for every batch: a byte per row of every table,
  // allocated and scanned per call, cost more than the batch's own work on a
  // large catalogue. A bit per row, kept per thread and all zero between calls,
  // costs one word read per 64 rows to sweep; the sweep lists the marked ids in
  // increasing order (sorted, unique) and zeroes the words it reads.
  thread_local RowMarks user_marks;
  thread_local RowMarks item_marks;
  thread_local RowMarks cat_marks;
  RowMarks::Use users(user_marks, shape.num_users);
  RowMarks::Use items(item_marks, shape.num_items);
  RowMarks::Use categories(cat_marks, shape.num_categories);
  for (const RowIndex row : rows) {
    const std::int32_t user = stream.user[row];
    if (user < 0 || user >= shape.num_users) throw_id("user", user, shape.num_users);
    users.mark(user);
    auto mark_item = [&](std::int32_t item) {
      if (item < 0 || item >= shape.num_items) throw_id("item", item, shape.num_items);
      if (!items.mark(item) || !cats) return;
      for (const std::int32_t c : stream.categories(item)) {
        if (c < 0 || c >= shape.num_categories) throw_id("category", c, shape.num_categories);
        categories.mark(c);
      }
    };
    mark_item(stream.item[row]);
    for (const std::int32_t h : stream.history(row)) mark_item(h);
  }
  users.collect(out[kUserBlock]);
  items.collect(out[kItemBlock]);
  if (shape.num_categories > 0) categories.collect(out[kCategoryBlock]);
}

}  // namespace crbench
