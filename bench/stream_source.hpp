// Where a job's stream comes from. A log or an open-loop simulated world is
// complete before the job starts (FixedStream); a closed-loop world grows period
// by period, each period drawn with the model the job serves for it
// (ClosedLoopSource over sim/closed_loop.hpp), so that its stream depends on the
// method. The protocol asks for each period just before it scores it.
#pragma once

#include "datasets/stream.hpp"
#include "methods/base_model.hpp"
#include "sim/closed_loop.hpp"

namespace crbench {

class StreamSource {
 public:
  virtual ~StreamSource() = default;
  // The periods so far. The object stays the same while it grows, so windows and
  // methods may keep a reference to it (not to its columns).
  virtual const Stream& stream() const = 0;
  // The periods the stream will have.
  virtual int total_periods() const = 0;
  // Makes period t exist (t is at most the number of periods so far): `served` is
  // the model that will be scored on it.
  virtual void reveal(int t, const Scorer& served) = 0;
};

class FixedStream final : public StreamSource {
 public:
  // `total_periods` < 0: the stream's own; else the stream is the start of one
  // that will have that many (to pre-train on a closed loop's open periods).
  explicit FixedStream(const Stream& stream, int total_periods = -1)
      : stream_(&stream), total_(total_periods) {}
  const Stream& stream() const override { return *stream_; }
  int total_periods() const override { return total_ < 0 ? stream_->num_periods() : total_; }
  void reveal(int, const Scorer&) override {}

 private:
  const Stream* stream_;
  int total_;
};

// A job's own closed-loop world, started from a copy of the shared open-loop
// prefix (the pre-training periods, the same for every method of a world).
class ClosedLoopSource final : public StreamSource {
 public:
  explicit ClosedLoopSource(const sim::ClosedLoopStream& prefix) : loop_(prefix) {}
  const Stream& stream() const override { return loop_.stream(); }
  int total_periods() const override { return loop_.total_periods(); }
  // Draws period t when it is the next one; the served model ranks the
  // candidates (scored in parallel chunks, as test periods are).
  void reveal(int t, const Scorer& served) override;

 private:
  sim::ClosedLoopStream loop_;
};

}  // namespace crbench
