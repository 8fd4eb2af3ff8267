// ASMG, adaptive sequential model generation (Peng et al., RecSys 2021;
// docs/methods/asmg.md): a meta generator maps the newest IU models to the
// serving model. Six registry entries: asmg-linear and the GRU variants single,
// multi (the proposed method), unif, zero and full.
//
// observe(D_t): (1) one epoch of Adam on the generator, so that windows ending
// at the previous IU models do well on the periods after them (D_t is the newest
// such period); (2) the IU update on D_t (the same seeds as the "iu" entry, so
// the chain is the plain IU chain); (3) generate the serving model from the
// newest k IU models. A training step generates, and back-propagates through,
// only the embedding rows its batches read (BaseModel::rows_read) and the dense
// blocks; the serving model is generated whole once per period.
//
// The first periods follow the reference's training loops (MovieLens/ASMG*/
// train_ml.py): the chain is the IU models of the online periods only (the
// pre-trained model is never an input); the windowed variants start once k IU
// models exist, with a fresh generator and a zero initial state, and serve the
// newest IU model until then (the reference runs nothing, and records nothing,
// for those periods); GRUfull starts at the first online period with a window
// of one. The generator is trained only on complete windows. The carried
// initial state of a window starting at model M_a is the state after M_a's step
// in the previous window (computed with the weights just trained).
#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/seeding.hpp"
#include "core/stopwatch.hpp"
#include "methods/adam.hpp"
#include "methods/asmg/asmg_generator.hpp"
#include "methods/asmg/asmg_method.hpp"
#include "methods/registry.hpp"

namespace crbench {

std::vector<float> asmg_loss_weights(LossWeighting weighting, int length) {
  std::vector<float> w(static_cast<std::size_t>(length));
  double total = 0.0;
  for (int j = 0; j < length; ++j) {
    double v = 1.0;
    if (weighting == LossWeighting::linear) v = j + 1;
    if (weighting == LossWeighting::exponential) v = std::exp(static_cast<double>(j - length + 1));
    w[static_cast<std::size_t>(j)] = static_cast<float>(v);
    total += v;
  }
  for (float& v : w) v = static_cast<float>(v / total);
  return w;
}

void AsmgParams::declare(ParamDecls<AsmgParams>& d) {
  d.field("k", &AsmgParams::k)
      .range(1, 30)
      .describe("input window: the newest k IU models (GRUfull: unused, all)");
  d.field("H", &AsmgParams::H).range(1, 32).describe("GRU hidden size (Linear: unused)");
  d.field("meta_lr", &AsmgParams::meta_lr)
      .range(1e-6, 1.0)
      .describe("Adam learning rate of the generator");
  d.field("weighting", &AsmgParams::weighting)
      .choice("linear", LossWeighting::linear)
      .choice("uniform", LossWeighting::uniform)
      .choice("exponential", LossWeighting::exponential)
      .describe("multi-step loss weights: linear j/sum(i), uniform 1/k, exponential e^j/sum");
  d.field("batch_size", &AsmgParams::batch_size)
      .range(0, 1e7)
      .describe("base and meta batch size (0: the protocol's)");
  d.field("lr", &AsmgParams::lr).range(0, 1.0).describe("IU learning rate (0: the protocol's)");
}

namespace {

// The rows the window's batches read (reads[j][b]: the sorted rows of block b
// that step j's batch reads), split by the last step whose batch reads them:
// by_length[s][b] holds, sorted, the rows of row-sparse block b that step s's
// batch reads and no later step's. The generator is causal, so such a row needs
// only the window's first s + 1 inputs: a training step runs one generator pass
// per prefix length (which matters most for GRUfull's long windows). A merge of
// the sorted lists, so no sorting and no per-row marks over the whole table.
std::vector<RowSelection> split_by_last_reader(const std::vector<RowSelection>& reads,
                                               const std::vector<ParamBlock>& layout) {
  const std::size_t steps = reads.size();
  std::vector<RowSelection> by_length(steps, RowSelection(layout.size()));
  std::vector<std::size_t> next(steps);
  for (std::size_t b = 0; b < layout.size(); ++b) {
    if (!layout[b].row_sparse) continue;
    std::fill(next.begin(), next.end(), 0);
    for (;;) {
      // The smallest row at the head of any list, and the last step holding it.
      std::int32_t row = 0;
      std::size_t last = steps;
      for (std::size_t j = 0; j < steps; ++j) {
        const std::vector<std::int32_t>& list = reads[j][b];
        if (next[j] == list.size()) continue;
        if (last == steps || list[next[j]] <= row) {
          if (last == steps || list[next[j]] < row) row = list[next[j]];
          last = j;
        }
      }
      if (last == steps) break;
      for (std::size_t j = 0; j < steps; ++j) {
        const std::vector<std::int32_t>& list = reads[j][b];
        if (next[j] < list.size() && list[next[j]] == row) ++next[j];
      }
      by_length[last][b].push_back(row);
    }
  }
  return by_length;
}

// What distinguishes the six entries besides their defaults.
struct AsmgVariant {
  GeneratorKind kind = GeneratorKind::gru;
  bool multi_step = true;  // every output scored on its next period (else the last only)
  bool carried = true;     // carried initial state (else zero)
  bool full = false;       // the whole chain since the first online period (GRUfull)
};

class Asmg final : public Method {
 public:
  Asmg(const AsmgVariant& variant, const AsmgParams& params) : v_(variant), p_(params) {}

  void start(const PretrainedModel& pretrained, const MethodContext& ctx) override {
    iu_ = pretrained.state;
    const BaseModel& model = *iu_.model;
    chain_.clear();
    chain_period_.clear();
    first_index_ = 0;
    generator_ = std::make_unique<AsmgGenerator>(model.layout(), v_.kind, p_.H, p_.k,
                                                 derive_seed(ctx.seed, "asmg-generator", 0));
    meta_adam_ = Adam(generator_->meta_parameters().size());
    meta_grad_ = Gradient({ParamBlock{"meta", 0, 1, generator_->meta_parameters().size(), false}});
    serving_ = model.clone();
    carry_.clear();
    carry_start_ = 0;
    work_.clear();
  }

  const Scorer& serving() const override { return *serving_; }
  std::size_t parameter_count() const override {
    return serving_->parameter_count() + generator_->meta_parameters().size();
  }

 private:
  void update(const Period& d_t, MethodContext& ctx) override {
    TrainSettings settings = ctx.train;
    if (p_.batch_size > 0) settings.batch_size = p_.batch_size;
    if (p_.lr > 0.0) settings.learning_rate = static_cast<float>(p_.lr);

    const Stopwatch meta_watch;
    if (window_complete()) train_generator(d_t, ctx, settings);
    cost_.meta_train_seconds = meta_watch.wall_seconds();

    const Stopwatch iu_watch;
    train(iu_, ctx.stream(), d_t.rows(), {}, settings,
          derive_seed(ctx.seed, "update-shuffle", static_cast<std::uint64_t>(d_t.index)));
    chain_.emplace_back(iu_.model->parameters().begin(), iu_.model->parameters().end());
    chain_period_.push_back(d_t.index);
    cost_.base_train_seconds = iu_watch.wall_seconds();

    const Stopwatch gen_watch;
    const int newest = newest_index();
    const int first = window_start(newest);
    if (!window_complete()) {
      // Fewer than k IU models: the reference has no generator yet; serve IU.
      std::copy(iu_.model->parameters().begin(), iu_.model->parameters().end(),
                serving_->parameters().begin());
      cost_.generation_seconds = gen_watch.wall_seconds();
      return;
    }
    advance_carry(first);
    std::vector<const float*> window = window_of(first, newest);
    std::vector<float*> outputs(window.size(), nullptr);
    outputs.back() = serving_->parameters().data();
    generator_->forward(window, initial_state(), {}, outputs);
    for (const float v : serving_->parameters()) {
      if (!std::isfinite(v)) throw DivergedError("asmg: the generated serving model is not finite");
    }
    // Only the last k models (all for GRUfull) are ever read again.
    if (!v_.full) {
      while (newest - first_index_ + 1 > p_.k) {
        chain_.erase(chain_.begin());
        chain_period_.erase(chain_period_.begin());
        ++first_index_;
      }
    }
    cost_.generation_seconds = gen_watch.wall_seconds();
  }

  int newest_index() const { return first_index_ + static_cast<int>(chain_.size()) - 1; }
  // Whether the window ending at the newest model has all its inputs: k models
  // (any number of at least one for GRUfull).
  bool window_complete() const { return v_.full ? !chain_.empty() : newest_index() + 1 >= p_.k; }
  int window_start(int newest) const { return v_.full ? 0 : std::max(0, newest - p_.k + 1); }
  std::vector<const float*> window_of(int first, int last) const {
    std::vector<const float*> w;
    for (int m = first; m <= last; ++m) {
      w.push_back(chain_[static_cast<std::size_t>(m - first_index_)].data());
    }
    return w;
  }
  const float* initial_state() const {
    return v_.carried && !carry_.empty() ? carry_.data() : nullptr;
  }
  // Moves the carried state forward to the window starting at model `first`:
  // the state after M_{carry_start_}'s step from the current carried state.
  void advance_carry(int first) {
    if (!v_.carried) return;
    while (carry_start_ < first) {
      std::vector<float> next(generator_->state_size());
      const float* x0 = chain_[static_cast<std::size_t>(carry_start_ - first_index_)].data();
      generator_->first_state(x0, initial_state(), next);
      carry_ = std::move(next);
      ++carry_start_;
    }
  }

  // One epoch of Adam on the generator (docs/methods/asmg.md, "Algorithm as
  // implemented", step 1): the window ending at the newest IU model M_n; output j, generated after
  // input M_{a+j}, is scored on the period after M_{a+j} (D_t for the last).
  void train_generator(const Period& d_t, const MethodContext& ctx, const TrainSettings& settings) {
    const LabelledView stream = ctx.stream();
    const int newest = newest_index();
    const int first = window_start(newest);
    const auto length = static_cast<std::size_t>(newest - first + 1);
    const std::vector<const float*> window = window_of(first, newest);
    const bool multi = v_.multi_step;
    const std::vector<float> lambda =
        multi ? asmg_loss_weights(p_.weighting, static_cast<int>(length))
              : std::vector<float>(length, 0.0f);
    std::vector<float> weights = lambda;
    if (!multi) weights.back() = 1.0f;

    // Each scored period shuffled (seeded) and split into the same number of
    // batches as the newest one has at the update batch size.
    std::vector<std::vector<RowIndex>> period_rows(length);
    for (std::size_t j = 0; j < length; ++j) {
      if (weights[j] == 0.0f) continue;
      const int p =
          chain_period_[static_cast<std::size_t>(first + static_cast<int>(j) - first_index_)] + 1;
      period_rows[j] = ctx.window->period(p).rows();
      std::mt19937_64 gen(derive_seed(
          derive_seed(ctx.seed, "asmg-meta-shuffle", static_cast<std::uint64_t>(d_t.index)),
          "window-step", j));
      std::vector<RowIndex>& r = period_rows[j];
      for (std::size_t i = r.size(); i > 1; --i) {
        std::swap(r[i - 1], r[static_cast<std::size_t>(uniform_below(gen, i))]);
      }
    }
    const std::size_t newest_size = period_rows.back().size();
    const auto batch = static_cast<std::size_t>(settings.batch_size);
    const std::size_t num_batches = std::max<std::size_t>(1, (newest_size + batch - 1) / batch);

    while (work_.size() < length) {
      work_.push_back({iu_.model->clone(), Gradient(iu_.model->layout())});
    }
    std::vector<float*> outputs(length, nullptr);
    std::vector<const float*> d_outputs(length, nullptr);
    const std::vector<ParamBlock>& layout = iu_.model->layout();
    if (tapes_.size() < length) tapes_.resize(length);
    const float* h0 = initial_state();

    for (std::size_t nb = 0; nb < num_batches; ++nb) {
      // The batch of every scored step and the rows they read, by prefix length.
      std::vector<std::span<const RowIndex>> chunks(length);
      std::vector<RowSelection> reads(length, RowSelection(layout.size()));
      for (std::size_t j = 0; j < length; ++j) {
        if (weights[j] == 0.0f) continue;
        const std::size_t size = period_rows[j].size();
        const std::size_t lo = nb * size / num_batches;
        const std::size_t hi = (nb + 1) * size / num_batches;
        chunks[j] = std::span<const RowIndex>(period_rows[j]).subspan(lo, hi - lo);
        reads[j] = iu_.model->rows_read(stream, chunks[j]);
      }
      const std::vector<RowSelection> by_length = split_by_last_reader(reads, layout);
      for (std::size_t j = 0; j < length; ++j) {
        outputs[j] = weights[j] != 0.0f && !chunks[j].empty() ? work_[j].model->parameters().data()
                                                              : nullptr;
      }
      // One pass per prefix length that has rows; the whole window also covers
      // the dense blocks.
      auto for_each_pass = [&](auto&& pass) {
        for (std::size_t len = 1; len <= length; ++len) {
          const RowSelection& rows = by_length[len - 1];
          const bool whole = len == length;
          bool any = whole;
          for (const auto& r : rows) any = any || !r.empty();
          if (any) pass(len, rows, whole ? DenseBlocks::include : DenseBlocks::skip);
        }
      };
      for_each_pass([&](std::size_t len, const RowSelection& rows, DenseBlocks dense) {
        generator_->forward(std::span(window).first(len), h0, rows, std::span(outputs).first(len),
                            &tapes_[len - 1], dense);
      });
      for (std::size_t j = 0; j < length; ++j) {
        d_outputs[j] = nullptr;
        if (!outputs[j]) continue;
        Gradient& g = work_[j].grad;
        g.clear();
        const double loss = work_[j].model->loss_and_gradient(stream, chunks[j], {}, g);
        if (!std::isfinite(loss)) {
          std::ostringstream message;
          message << "asmg: non-finite generator loss at period " << d_t.index << ", batch "
                  << nb + 1 << " of " << num_batches << " (meta_lr too high?)";
          throw DivergedError(message.str());
        }
        d_outputs[j] = g.data();
      }
      meta_grad_.clear();
      const std::span<float> meta_grad(meta_grad_.data(), meta_grad_.size());
      for_each_pass([&](std::size_t len, const RowSelection& rows, DenseBlocks dense) {
        generator_->backward(std::span(window).first(len), h0, rows,
                             std::span(d_outputs).first(len), std::span(weights).first(len),
                             meta_grad, &tapes_[len - 1], dense);
      });
      meta_adam_.step(generator_->meta_parameters(), meta_grad_, static_cast<float>(p_.meta_lr));
    }
  }

  struct Work {
    std::unique_ptr<BaseModel> model;
    Gradient grad;
  };

  AsmgVariant v_;
  AsmgParams p_;
  TrainingState iu_;
  std::vector<std::vector<float>> chain_;  // IU models M_first_index_ .. M_newest
  std::vector<int> chain_period_;          // the last period each was trained on
  int first_index_ = 0;
  std::unique_ptr<AsmgGenerator> generator_;
  Adam meta_adam_;
  Gradient meta_grad_;
  std::unique_ptr<BaseModel> serving_;
  std::vector<float> carry_;  // initial state of windows starting at M_carry_start_
  int carry_start_ = 0;
  std::vector<Work> work_;  // one generated model per window step, for its loss
  // A batch's generator activations, forward to backward, per prefix length.
  std::vector<GeneratorTape> tapes_;
};

MethodEntry asmg_entry(const std::string& name, const std::string& description,
                       const AsmgVariant& variant, const AsmgParams& defaults = {}) {
  return method_entry(name, description, defaults, [variant](const AsmgParams& p) {
    return std::make_unique<Asmg>(variant, p);
  });
}

CRBENCH_REGISTER_METHOD(asmg_entry("asmg-linear",
                                   "ASMG Linear: softmax mix of the newest k IU models, alpha per "
                                   "MLP scalar and embedding column, single-step loss",
                                   {GeneratorKind::linear, false, false, false}));
CRBENCH_REGISTER_METHOD(asmg_entry("asmg-gru-single",
                                   "ASMG GRUsingle: GRU generator over the newest k IU models, "
                                   "carried state, loss on the last output only",
                                   {GeneratorKind::gru, false, true, false}));
CRBENCH_REGISTER_METHOD(asmg_entry("asmg-gru-multi",
                                   "ASMG GRUmulti (proposed): carried state, every output trained "
                                   "on its next period, linearly growing loss weights",
                                   {GeneratorKind::gru, true, true, false}));
CRBENCH_REGISTER_METHOD(asmg_entry("asmg-gru-unif",
                                   "ASMG GRUunif: GRUmulti with uniform loss weights",
                                   {GeneratorKind::gru, true, true, false},
                                   {.weighting = LossWeighting::uniform}));
CRBENCH_REGISTER_METHOD(asmg_entry("asmg-gru-zero",
                                   "ASMG GRUzero: GRUmulti with a zero initial state every period",
                                   {GeneratorKind::gru, true, false, false}));
CRBENCH_REGISTER_METHOD(asmg_entry("asmg-gru-full",
                                   "ASMG GRUfull: GRU over every IU model since the first online "
                                   "period, zero state, multi-step loss (expensive)",
                                   {GeneratorKind::gru, true, false, true}));

}  // namespace
}  // namespace crbench
