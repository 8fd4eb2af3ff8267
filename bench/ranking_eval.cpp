// Full-ranking evaluation of one test period: the candidate set, each user's
// state at the start of the period, the period's positives, and the per-user
// metrics scored in parallel.
#include "bench/ranking_eval.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "bench/ranking_metrics.hpp"
#include "core/seeding.hpp"
#include "core/stopwatch.hpp"
#include "methods/parallel.hpp"
#include "methods/trainer.hpp"

namespace crbench {

namespace {

// The user sample is a property of the evaluation, not of a job: one seed for
// every job, so that all methods on a board are scored on the same users (as
// --negative-seed gives every job the same negatives).
constexpr std::uint64_t kRankingSampleSeed = 1;

// One user's answer key and state at the start of the test period.
struct EvaluatedUser {
  std::int32_t user = 0;
  std::vector<std::int32_t> positives;  // candidate indices
  std::vector<std::int32_t> past;       // candidate indices of items interacted with before
  std::int64_t positives_before = 0;
};

void sort_unique(std::vector<std::int32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

std::vector<std::string> ranking_metric_names(const std::vector<int>& cutoffs) {
  std::vector<std::string> names;
  for (const char* metric : {"recall", "ndcg", "hr"})
    for (const int k : cutoffs) names.push_back(std::string(metric) + "@" + std::to_string(k));
  names.push_back("mrr");
  return names;
}

double RankingResult::value(const std::string& name) const {
  for (const auto& [n, v] : metrics)
    if (n == name) return v;
  return NAN;
}

RankingResult evaluate_ranking(const Scorer& scorer, const Stream& stream, int test_period,
                               const RankingSettings& settings) {
  const Stopwatch watch;
  RankingResult out;
  if (settings.cutoffs.empty()) return out;
  const RowIndex begin = stream.period_begin(test_period), end = stream.period_end(test_period);
  const auto num_items = static_cast<std::size_t>(stream.num_items);
  const auto num_users = static_cast<std::size_t>(stream.num_users);
  // With implicit labelling the label-0 rows were drawn by the sampler: they are
  // neither interactions nor evidence that an item exists.
  const auto interaction = [&](RowIndex r) {
    return !stream.sampled_negatives || stream.label[r] == 1.0f;
  };

  // Candidates: the items of the rows before the period, in id order.
  std::vector<std::int32_t> candidate_of(num_items, -1);
  std::vector<std::int32_t> candidates;
  {
    std::vector<std::uint8_t> known(num_items, 0);
    for (RowIndex r = 0; r < begin; ++r)
      if (interaction(r)) known[static_cast<std::size_t>(stream.item[r])] = 1;
    for (std::size_t i = 0; i < num_items; ++i)
      if (known[i] != 0) {
        candidate_of[i] = static_cast<std::int32_t>(candidates.size());
        candidates.push_back(static_cast<std::int32_t>(i));
      }
  }
  out.candidates = candidates.size();

  // The period's positives per user (users in id order), then each such user's
  // interactions and positive count before the period.
  std::vector<std::int32_t> slot_of(num_users, -1);
  std::vector<EvaluatedUser> users;
  std::vector<std::vector<std::int32_t>> period_items;  // item ids, per slot
  for (RowIndex r = begin; r < end; ++r) {
    if (stream.label[r] != 1.0f) continue;
    const auto u = static_cast<std::size_t>(stream.user[r]);
    if (slot_of[u] < 0) slot_of[u] = 0;  // marked; numbered in id order below
  }
  for (std::size_t u = 0; u < num_users; ++u)
    if (slot_of[u] >= 0) {
      slot_of[u] = static_cast<std::int32_t>(users.size());
      users.push_back({static_cast<std::int32_t>(u), {}, {}, 0});
    }
  period_items.resize(users.size());
  for (RowIndex r = begin; r < end; ++r)
    if (stream.label[r] == 1.0f)
      period_items[static_cast<std::size_t>(slot_of[static_cast<std::size_t>(stream.user[r])])]
          .push_back(stream.item[r]);
  for (RowIndex r = 0; r < begin; ++r) {
    const std::int32_t s = slot_of[static_cast<std::size_t>(stream.user[r])];
    if (s < 0) continue;
    EvaluatedUser& e = users[static_cast<std::size_t>(s)];
    if (stream.label[r] == 1.0f) ++e.positives_before;
    if (interaction(r)) e.past.push_back(candidate_of[static_cast<std::size_t>(stream.item[r])]);
  }
  std::vector<EvaluatedUser> eligible;
  for (std::size_t s = 0; s < users.size(); ++s) {
    EvaluatedUser& e = users[s];
    sort_unique(e.past);
    sort_unique(period_items[s]);
    for (const std::int32_t item : period_items[s]) {
      const std::int32_t c = candidate_of[static_cast<std::size_t>(item)];
      if (c < 0) {
        ++out.new_item_positives;
      } else if (std::binary_search(e.past.begin(), e.past.end(), c)) {
        ++out.repeat_positives;
      } else {
        e.positives.push_back(c);
      }
    }
    if (!e.positives.empty()) eligible.push_back(std::move(e));
  }
  out.eligible_users = eligible.size();

  const auto wanted = static_cast<std::size_t>(settings.max_users);
  if (wanted > 0 && eligible.size() > wanted) {
    // A partial Fisher-Yates draw, then back to user order.
    std::mt19937_64 rng(
        derive_seed(kRankingSampleSeed, "ranking-users", static_cast<std::uint64_t>(test_period)));
    for (std::size_t k = 0; k < wanted; ++k)
      std::swap(eligible[k], eligible[k + uniform_below(rng, eligible.size() - k)]);
    eligible.resize(wanted);
    std::sort(eligible.begin(), eligible.end(),
              [](const EvaluatedUser& a, const EvaluatedUser& b) { return a.user < b.user; });
  }
  out.users = eligible.size();
  for (const EvaluatedUser& e : eligible) out.positives += e.positives.size();

  const std::vector<std::string> names = ranking_metric_names(settings.cutoffs);
  std::vector<UserRankingMetrics> per_user(eligible.size());
  if (!eligible.empty()) {
    // The scorer sees the features of the rows before the period (no labels); the
    // users' states at its start come with each call.
    const std::unique_ptr<CandidateScorer> ranker =
        scorer.candidate_scorer(FeatureView(stream, begin), test_period, candidates);
    parallel_for_in_job(eligible.size(), [&](std::size_t k) {
      const EvaluatedUser& e = eligible[k];
      // The history a sample of the user would carry at the start of the period:
      // the last max_history of the positives before it.
      const auto offset =
          static_cast<std::size_t>(stream.user_positive_offset[static_cast<std::size_t>(e.user)]);
      const auto count = static_cast<std::size_t>(e.positives_before);
      const std::size_t len = std::min(count, static_cast<std::size_t>(stream.max_history));
      const UserState state{
          e.user, {stream.positive_items.data() + offset + count - len, len}, e.positives_before};
      std::vector<float> scores(candidates.size());
      ranker->score(state, scores);
      for (const float s : scores)
        if (!std::isfinite(s) || s < 0.0f || s > 1.0f)
          throw DivergedError("served a ranking score that is not a probability (" +
                              std::to_string(s) + ") on period " + std::to_string(test_period));
      std::vector<CandidateRole> roles(candidates.size(), CandidateRole::kNegative);
      for (const std::int32_t c : e.past)
        roles[static_cast<std::size_t>(c)] = CandidateRole::kExcluded;
      for (const std::int32_t c : e.positives)
        roles[static_cast<std::size_t>(c)] = CandidateRole::kPositive;
      per_user[k] = rank_user(scores, roles, settings.cutoffs);
    });
  }

  // Means in user order, whatever order the users were scored in.
  std::vector<double> sums(names.size(), 0.0);
  for (const UserRankingMetrics& m : per_user) {
    const std::size_t ks = settings.cutoffs.size();
    for (std::size_t c = 0; c < ks; ++c) {
      sums[c] += m.at[c].recall;
      sums[ks + c] += m.at[c].ndcg;
      sums[2 * ks + c] += m.at[c].hit_rate;
    }
    sums.back() += m.mrr;
  }
  for (std::size_t j = 0; j < names.size(); ++j)
    out.metrics.emplace_back(
        names[j], per_user.empty() ? NAN : sums[j] / static_cast<double>(per_user.size()));
  out.seconds = watch.wall_seconds();
  return out;
}

}  // namespace crbench
