// SML, sequential meta-learning (Zhang et al., SIGIR 2020; docs/methods/sml.md):
// W_t = f(W_{t-1}, Ŵ_t), with f the per-block transfer nets (model_transfer.hpp),
// Ŵ_t trained on D_t through the frozen f, and f trained on the next period with
// W_{t-1} and Ŵ_t frozen. Model-agnostic over the flat parameter buffer: "sml"
// runs on the shared pre-trained model, "sml-mf" pre-trains its own matrix
// factorisation (the paper's SML-MF).
//
// Timeline (the protocol shows D_t only once the model served on it is scored):
// observe(D_t) first trains f on D_t with (W_{t-2}, Ŵ_{t-1}), the pair that
// produced the W_{t-1} just scored on D_t; with multi_num > 1 it alternates that
// with retraining Ŵ_{t-1} on D_{t-1} (the reference's outer loop, which alternates
// Ŵ_t on D_t and f on D_{t+1}). Then, as the reference does after its loop,
// W_{t-1} = f(W_{t-2}, Ŵ_{t-1}) is rebuilt with the trained f and becomes W_prev;
// Ŵ_t starts from it (the reference assigns W_t to Ŵ's variable), is trained on
// D_t through the frozen f, and W_t = f(W_{t-1}, Ŵ_t) is served. In the first
// online period there is no earlier pair, so f is not trained and W_prev = Ŵ's
// start = the pre-trained model. Both optimisers (Adam) carry over.
//
// Epochs (the `epochs` parameter, else the protocol's update epochs): each phase
// makes that many shuffled passes. As in the reference's SML-MF scripts, Ŵ is
// replaced by f(W_prev, Ŵ) after each pass of f's training (their update op
// after every transfer epoch), so a later pass trains f on top of the earlier
// passes' output; the last replacement is the rebuild of W_{t-1} above. The
// reference reports its best epoch on the test period and carries on from its
// best transfer epoch; crbench serves and carries on from the last epoch
// (docs/departures.md).
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <vector>

#include "core/seeding.hpp"
#include "core/stopwatch.hpp"
#include "methods/adam.hpp"
#include "methods/base_models/matrix_factorisation.hpp"
#include "methods/own_pretraining.hpp"
#include "methods/registry.hpp"
#include "methods/sml/model_transfer.hpp"

namespace crbench {
namespace {

struct SmlParams {
  int multi_num = 1;
  double transfer_lr = 1e-3;
  double hat_lr = 1e-2;
  int batch_size = 0;  // 0: the protocol's
  int epochs = 0;      // 0: the protocol's update epochs

  template <class P>
  static void declare(ParamDecls<P>& d) {
    d.field("multi_num", &SmlParams::multi_num)
        .range(1, 20)
        .describe("alternations of training f on the new period and Ŵ on the previous one");
    d.field("transfer_lr", &SmlParams::transfer_lr)
        .range(1e-6, 1)
        .describe("Adam learning rate of the transfer module f");
    d.field("hat_lr", &SmlParams::hat_lr)
        .range(1e-6, 1)
        .describe("Adam learning rate of Ŵ (trained through f)");
    d.field("batch_size", &SmlParams::batch_size)
        .range(0, 1 << 20)
        .describe("batch size of both phases (0: the protocol's)");
    d.field("epochs", &SmlParams::epochs)
        .range(0, 1000)
        .unset_at(0)
        .describe("passes of each phase per period (0: the protocol's --update-epochs)");
  }
};

// sml-mf: SML on its own matrix factorisation (the `mf` base model's parameters).
struct SmlMfParams : SmlParams, MfParams {
  double pretrain_lr = 0.0;  // 0: the protocol's pre-training lr

  static void declare(ParamDecls<SmlMfParams>& d) {
    SmlParams::declare(d);
    MfParams::declare(d);
    d.field("pretrain_lr", &SmlMfParams::pretrain_lr)
        .range(0, 1)
        .unset_at(0.0)
        .describe("Adam learning rate of its MF's pre-training (0: the protocol's --lr)");
  }
};

struct SmlSettings {
  int multi_num = 1;
  float transfer_lr = 1e-3f;
  float hat_lr = 1e-2f;
  int batch_size = 0;
  int epochs = 0;
  std::optional<MfParams> own_mf;  // bring an own matrix factorisation
  float own_mf_pretrain_lr = 0.0f;

  explicit SmlSettings(const SmlParams& p)
      : multi_num(p.multi_num),
        transfer_lr(static_cast<float>(p.transfer_lr)),
        hat_lr(static_cast<float>(p.hat_lr)),
        batch_size(p.batch_size),
        epochs(p.epochs) {}
  explicit SmlSettings(const SmlMfParams& p) : SmlSettings(static_cast<const SmlParams&>(p)) {
    own_mf = static_cast<const MfParams&>(p);
    own_mf_pretrain_lr = static_cast<float>(p.pretrain_lr);
  }
};

class Sml final : public Method {
 public:
  explicit Sml(const SmlSettings& settings) : settings_(settings) {}

  void start(const PretrainedModel& pretrained, const MethodContext& ctx) override {
    if (settings_.own_mf) {
      auto mf = std::make_unique<MatrixFactorisation>(shape_of(ctx.stream()), *settings_.own_mf,
                                                      pretrain_init_seed(ctx.seed));
      served_ = pretrain_own_model(std::move(mf), pretrained, ctx, settings_.own_mf_pretrain_lr)
                    .model->clone();
    } else {
      served_ = pretrained.state.model->clone();
    }
    work_ = served_->clone();
    const std::span<const float> theta = served_->parameters();
    prev_.assign(theta.begin(), theta.end());
    hat_.assign(theta.begin(), theta.end());
    transfer_ = ModelTransfer(served_->layout(), derive_seed(ctx.seed, "sml-transfer-init"));
    transfer_adam_ = Adam(transfer_.parameters().size());
    // Ŵ's embedding rows follow the protocol's embedding Adam (the reference trains
    // Ŵ with a dense Adam: its gradient reaches the tables through f as a dense tensor).
    hat_adam_ = Adam(hat_.size(), AdamSettings{.embedding = ctx.train.embedding_adam});
    model_grad_ = Gradient(served_->layout());
    hat_grad_ = Gradient(served_->layout());
    transfer_grad_ = Gradient(transfer_.layout());
    has_pair_ = false;
  }

  const Scorer& serving() const override { return *served_; }
  std::size_t parameter_count() const override {
    return served_->parameter_count() + transfer_.parameters().size();
  }

 private:
  enum class Phase { kTransfer, kHat };

  void update(const Period& d_t, MethodContext& ctx) override {
    const std::vector<RowIndex> rows_t = d_t.rows();
    if (has_pair_) {
      // prev_ = W_{t-2}, hat_ = Ŵ_{t-1}: the pair behind the model scored on D_t.
      for (int k = 0; k < settings_.multi_num; ++k) {
        const Stopwatch meta;
        train_phase(Phase::kTransfer, rows_t, ctx,
                    derive_seed(ctx.seed, "sml-transfer-shuffle",
                                static_cast<std::uint64_t>(d_t.index * 64 + k)));
        cost_.meta_train_seconds += meta.wall_seconds();
        if (k + 1 == settings_.multi_num) break;
        const Stopwatch base;
        train_phase(Phase::kHat, previous_rows_, ctx,
                    derive_seed(ctx.seed, "sml-hat-shuffle",
                                static_cast<std::uint64_t>((d_t.index - 1) * 64 + k + 1)));
        cost_.base_train_seconds += base.wall_seconds();
      }
      // W_{t-1} rebuilt with the trained f becomes W_prev (and Ŵ_t's start).
      const Stopwatch gen;
      transfer_.generate_all(prev_, hat_, served_->parameters());
      const std::span<const float> w = served_->parameters();
      prev_.assign(w.begin(), w.end());
      cost_.generation_seconds += gen.wall_seconds();
    }
    hat_ = prev_;
    const Stopwatch base;
    train_phase(
        Phase::kHat, rows_t, ctx,
        derive_seed(ctx.seed, "sml-hat-shuffle", static_cast<std::uint64_t>(d_t.index * 64)));
    cost_.base_train_seconds += base.wall_seconds();
    const Stopwatch gen;
    transfer_.generate_all(prev_, hat_, served_->parameters());
    cost_.generation_seconds += gen.wall_seconds();
    previous_rows_ = rows_t;
    has_pair_ = true;
  }

  // The phase's passes over rows, one shuffle generator for all of them. Between
  // passes of f's training, Ŵ becomes f(W_prev, Ŵ) (see the top of the file).
  void train_phase(Phase phase, const std::vector<RowIndex>& rows, const MethodContext& ctx,
                   std::uint64_t seed) {
    const int epochs = settings_.epochs > 0 ? settings_.epochs : std::max(1, ctx.train.epochs);
    std::mt19937_64 gen(seed);
    for (int epoch = 0; epoch < epochs; ++epoch) {
      run_pass(phase, rows, ctx, gen);
      if (phase == Phase::kTransfer && epoch + 1 < epochs) {
        transfer_.generate_all(prev_, hat_, served_->parameters());
        const std::span<const float> w = served_->parameters();
        hat_.assign(w.begin(), w.end());
      }
    }
    hat_adam_.catch_up_all(hat_);  // Ŵ is read whole next (generate_all, hat_ = prev_)
  }

  // One pass over rows in a seeded shuffled order (Fisher-Yates, as the trainer
  // does). Each batch builds f(prev_, hat_) for the rows the batch reads into the
  // working model, takes the model's BCE gradient and back-propagates it through
  // f to f's weights (kTransfer) or to Ŵ (kHat), then steps that part's Adam.
  void run_pass(Phase phase, const std::vector<RowIndex>& rows, const MethodContext& ctx,
                std::mt19937_64& gen) {
    const LabelledView stream = ctx.stream();
    const int batch_setting =
        settings_.batch_size > 0 ? settings_.batch_size : ctx.train.batch_size;
    const auto batch_size = static_cast<std::size_t>(std::max(1, batch_setting));
    std::vector<RowIndex> order(rows);
    std::vector<RowIndex> batch;
    for (std::size_t i = order.size(); i > 1; --i) {
      std::swap(order[i - 1], order[static_cast<std::size_t>(uniform_below(gen, i))]);
    }
    for (std::size_t begin = 0; begin < order.size(); begin += batch_size) {
      const std::size_t end = std::min(order.size(), begin + batch_size);
      batch.assign(order.begin() + static_cast<std::ptrdiff_t>(begin),
                   order.begin() + static_cast<std::ptrdiff_t>(end));
      const std::vector<std::vector<std::int32_t>> read = work_->rows_read(stream, batch);
      // Dense embedding Adam: the rows of Ŵ that f reads are caught up first.
      if (phase == Phase::kHat) hat_adam_.catch_up_rows(hat_, read);
      transfer_.generate(prev_, hat_, read, work_->parameters());
      model_grad_.clear();
      const double loss = work_->loss_and_gradient(stream, batch, {}, model_grad_);
      if (!std::isfinite(loss)) {
        std::ostringstream message;
        message << "sml: non-finite loss while training "
                << (phase == Phase::kTransfer ? "the transfer module" : "W-hat")
                << " (loss = " << loss << "); the model diverged";
        throw DivergedError(message.str());
      }
      if (phase == Phase::kTransfer) {
        transfer_grad_.clear();
        transfer_.backward(prev_, hat_, model_grad_, &transfer_grad_, nullptr);
        transfer_adam_.step(transfer_.parameters(), transfer_grad_, settings_.transfer_lr);
      } else {
        hat_grad_.clear();
        transfer_.backward(prev_, hat_, model_grad_, nullptr, &hat_grad_);
        hat_adam_.step(hat_, hat_grad_, settings_.hat_lr);
      }
    }
  }

  SmlSettings settings_;
  std::unique_ptr<BaseModel> served_;  // W_t
  std::unique_ptr<BaseModel> work_;    // f(prev_, hat_) on the rows a batch reads
  std::vector<float> prev_;            // W_prev
  std::vector<float> hat_;             // Ŵ
  ModelTransfer transfer_;             // f
  Adam transfer_adam_;
  Adam hat_adam_;
  Gradient model_grad_, hat_grad_, transfer_grad_;
  std::vector<RowIndex> previous_rows_;  // D_{t-1}, for multi_num > 1
  bool has_pair_ = false;
};

CRBENCH_REGISTER_METHOD(method_entry(
    "sml",
    "sequential meta-learning: W_t = f(W_{t-1}, Ŵ_t) by a CNN transfer trained on the next period",
    SmlParams{}, [](const SmlParams& p) { return std::make_unique<Sml>(SmlSettings(p)); }));

CRBENCH_REGISTER_METHOD(method_entry(
    "sml-mf",
    "SML on its own matrix factorisation (dim 8 + biases), pre-trained like the shared model",
    SmlMfParams{}, [](const SmlMfParams& p) { return std::make_unique<Sml>(SmlSettings(p)); }));

}  // namespace
}  // namespace crbench
