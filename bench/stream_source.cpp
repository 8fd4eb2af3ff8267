// The closed-loop source: the served model, as the protocol scores it, ranks the
// simulator's candidates.
#include "bench/stream_source.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "bench/protocol.hpp"
#include "methods/trainer.hpp"

namespace crbench {

void ClosedLoopSource::reveal(int t, const Scorer& served) {
  if (t < loop_.periods_generated()) return;
  if (t != loop_.periods_generated())
    throw std::logic_error("closed loop: period " + std::to_string(t) + " asked before period " +
                           std::to_string(loop_.periods_generated()));
  loop_.next_period(
      [&](const Stream& stream, std::span<const RowIndex> rows, std::span<float> out) {
        const std::vector<float> scores = score_rows(served, stream, rows);
        for (const float v : scores)
          if (!std::isfinite(v))
            throw DivergedError("served a score that is not finite (" + std::to_string(v) +
                                ") while ranking the candidates of period " + std::to_string(t));
        std::copy(scores.begin(), scores.end(), out.begin());
      });
}

}  // namespace crbench
