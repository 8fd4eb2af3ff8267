// The protocol's ordering and its no-peeking guarantee.
#include <gtest/gtest.h>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench/protocol.hpp"
#include "core/errors.hpp"
#include "tests/support/bundled_data.hpp"

namespace crbench {
namespace {

using test_support::movielens_prefix;
using test_support::quick_protocol;

// Records the order of events: "observe t" and "score p" (p = the period whose
// rows the protocol asks the serving model to score).
struct EventLog {
  std::mutex mutex;  // the protocol scores a period in parallel chunks
  std::vector<std::string> events;
};

class SpyScorer final : public Scorer {
 public:
  SpyScorer(EventLog* log, const Stream* stream) : log_(log), stream_(stream) {}
  void score(const FeatureView& view, std::span<const RowIndex> rows,
             std::span<float> out) const override {
    int period = 0;
    while (stream_->period_end(period) <= rows[0]) ++period;
    // The serving model sees the rows up to the end of the period it scores, no further.
    const std::string e = "score " + std::to_string(period) +
                          (view.end() == stream_->period_end(period) ? "" : " (view too long)");
    const std::lock_guard<std::mutex> lock(log_->mutex);
    if (log_->events.empty() || log_->events.back() != e) log_->events.push_back(e);
    std::fill(out.begin(), out.end(), 0.5f);
  }

 private:
  EventLog* log_;
  const Stream* stream_;
};

class SpyMethod final : public Method {
 public:
  SpyMethod(EventLog* log, bool peek, const Stream* stream)
      : log_(log), scorer_(log, stream), peek_(peek), stream_(stream) {}
  void start(const PretrainedModel&, const MethodContext& ctx) override {
    log_->events.push_back("start visible " + std::to_string(ctx.window->visible_periods()));
  }
  const Scorer& serving() const override { return scorer_; }
  std::size_t parameter_count() const override { return 0; }

 private:
  void update(const Period& d_t, MethodContext& ctx) override {
    // What the method can read ends with the period just released.
    log_->events.push_back(
        "observe " + std::to_string(d_t.index) +
        (ctx.stream().end() == stream_->period_end(d_t.index) ? "" : " (view ends elsewhere)"));
    if (peek_) ctx.window->period(d_t.index + 1);  // must throw
  }

  EventLog* log_;
  SpyScorer scorer_;
  bool peek_;
  const Stream* stream_;
};

TEST(Protocol, ScoresEachPeriodBeforeTheMethodSeesIt) {
  const Stream s = movielens_prefix(14);
  ProtocolSettings p = quick_protocol();
  p.pretrain_epochs = 0;
  const PretrainedModel pre = pretrain(s, p, 1);
  EventLog log;
  SpyMethod spy(&log, false, &s);
  const JobResult r = run_protocol(s, pre, spy, "spy", p, 1);
  ASSERT_TRUE(r.ok) << r.error;
  // P = 10: observe D_10, score D_11, observe D_11, score D_12, ... (0-based).
  const std::vector<std::string> expected = {"start visible 10", "observe 10", "score 11",
                                             "observe 11",       "score 12",   "observe 12",
                                             "score 13"};
  EXPECT_EQ(log.events, expected);
  ASSERT_EQ(r.periods.size(), 3u);
  EXPECT_EQ(r.periods.front().test_period, 11);
  EXPECT_EQ(r.periods.back().test_period, 13);
}

TEST(Protocol, AMethodThatPeeksFailsWithAClearReason) {
  const Stream s = movielens_prefix(13);
  ProtocolSettings p = quick_protocol();
  p.pretrain_epochs = 0;
  const PretrainedModel pre = pretrain(s, p, 1);
  EventLog log;
  SpyMethod peeker(&log, true, &s);
  const JobResult r = run_protocol(s, pre, peeker, "peeker", p, 1);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("period 11 is not visible"), std::string::npos) << r.error;
}

// A scorer is given features and no labels: reading one does not compile.
template <class View>
concept HasLabels = requires(const View& v) {
  v.label;
};
static_assert(!HasLabels<FeatureView>, "a scorer must not be able to read labels");
static_assert(HasLabels<LabelledView>);

// A method that trains on the rows after the released ones (here: the next
// period's) is stopped by the view it is given, whatever way it found the rows.
class TrainsOnTheNextPeriod final : public Method {
 public:
  void start(const PretrainedModel& pre, const MethodContext&) override { state_ = pre.state; }
  const Scorer& serving() const override { return *state_.model; }
  std::size_t parameter_count() const override { return 0; }

 private:
  void update(const Period& d_t, MethodContext& ctx) override {
    const LabelledView released = ctx.stream();
    std::vector<RowIndex> rows = d_t.rows();
    rows.push_back(d_t.end);  // the first row of D_{t+1}
    train(state_, released, rows, {}, ctx.train, 1);
  }
  TrainingState state_;
};

TEST(Protocol, AMethodCannotReachRowsPastTheReleasedPeriods) {
  const Stream s = movielens_prefix(13);
  ProtocolSettings p = quick_protocol();
  p.pretrain_epochs = 0;
  const PretrainedModel pre = pretrain(s, p, 1);
  TrainsOnTheNextPeriod peeker;
  const JobResult r = run_protocol(s, pre, peeker, "peeker", p, 1);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("row " + std::to_string(s.period_end(10)) + " is past the released rows"),
            std::string::npos)
      << r.error;
  // The serving model is held to the view the protocol gives it, too.
  const FeatureView up_to_period_10(s, s.period_end(10));
  const std::vector<RowIndex> next = {s.period_end(10)};
  std::vector<float> out(1);
  EXPECT_THROW(pre.state.model->score(up_to_period_10, next, out), PeekError);
}

TEST(Protocol, RecordsOnlyTheLastTestPeriods) {
  const Stream s = movielens_prefix(16);
  ProtocolSettings p = quick_protocol();
  p.pretrain_epochs = 0;
  p.recorded_periods = 2;
  const PretrainedModel pre = pretrain(s, p, 1);
  EventLog log;
  SpyMethod spy(&log, false, &s);
  const JobResult r = run_protocol(s, pre, spy, "spy", p, 1);
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.periods.size(), 5u);  // test periods 11..15
  for (const PeriodResult& pr : r.periods) EXPECT_EQ(pr.recorded, pr.test_period >= 14);
  // Constant scores: every period's AUC is exactly 1/2 (all ties).
  EXPECT_DOUBLE_EQ(r.mean_recorded().auc, 0.5);
}

TEST(Protocol, RejectsStreamsWithTooFewPeriods) {
  const Stream s = movielens_prefix(11);
  ProtocolSettings p = quick_protocol();
  EXPECT_THROW(p.validate(s), UsageError);
  try {
    p.validate(s);
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("needs at least 12"), std::string::npos) << e.what();
  }
}

// A method books the time of the period it is updating only: observe() starts
// every period's cost from zero, whatever the method's own step does.
class BooksTheFirstPeriodOnly final : public Method {
 public:
  void start(const PretrainedModel&, const MethodContext&) override {}
  const Scorer& serving() const override { return scorer_; }
  std::size_t parameter_count() const override { return 0; }

 private:
  void update(const Period&, MethodContext&) override {
    if (booked_) return;
    booked_ = true;
    cost_.base_train_seconds = 1.0;
    cost_.note = "first";
  }

  EventLog log_;
  SpyScorer scorer_{&log_, nullptr};
  bool booked_ = false;
};

// Scoring runs inside a job on the grid's arena (with parallel_for_in_job, as the
// per-entity solves of the logistic-regression family do). A thread that waits
// there for chunks another thread took must not run another job meanwhile: that
// job's time would stretch this one's. As in the grid, a task spawns the jobs,
// and each job scores 8 slow chunks; no job may start on a thread that is inside
// a scoring. (Without the isolation, 10-12 of the 48 jobs did, in five runs.)
class SlowScorer final : public Scorer {
 public:
  void score(const FeatureView&, std::span<const RowIndex>, std::span<float> out) const override {
    std::this_thread::sleep_for(std::chrono::microseconds(500));
    std::fill(out.begin(), out.end(), 0.5f);
  }
};

thread_local int scoring_depth = 0;

TEST(Protocol, ScoringInsideAJobNeverRunsAnotherJob) {
  const tbb::global_control threads(tbb::global_control::max_allowed_parallelism, 4);
  const Stream empty;  // the scorer reads no rows
  const std::vector<RowIndex> rows(8 * 2048, 0);
  const SlowScorer scorer;
  std::atomic<int> nested{0}, done{0};
  tbb::task_arena arena(4);
  arena.execute([&] {
    tbb::task_group jobs;
    jobs.run([&] {
      for (int k = 0; k < 48; ++k) {
        jobs.run([&] {
          if (scoring_depth > 0) ++nested;
          ++scoring_depth;
          score_rows(scorer, empty, rows);
          --scoring_depth;
          ++done;
        });
      }
    });
    jobs.wait();
  });
  EXPECT_EQ(done, 48);
  EXPECT_EQ(nested, 0);
}

TEST(Protocol, ObserveStartsEveryPeriodsCostFromZero) {
  const Stream s = movielens_prefix(12);
  StreamWindow window(s, 10);
  MethodContext ctx{&window, quick_protocol().update_settings(), 1};
  BooksTheFirstPeriodOnly method;
  method.start(PretrainedModel{}, ctx);
  window.set_visible(11);
  method.observe(window.period(10), ctx);
  EXPECT_EQ(method.last_cost().base_train_seconds, 1.0);
  EXPECT_EQ(method.last_cost().note, "first");
  window.set_visible(12);
  method.observe(window.period(11), ctx);
  EXPECT_EQ(method.last_cost().base_train_seconds, 0.0);
  EXPECT_EQ(method.last_cost().note, "");
}

}  // namespace
}  // namespace crbench
