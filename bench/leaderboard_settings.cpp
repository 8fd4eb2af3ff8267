// Boards, scenarios, runs and families -> settings.json.
#include "bench/leaderboard_settings.hpp"

#include <set>

#include "bench/leaderboard_table.hpp"
#include "bench/method_family.hpp"
#include "bench/scenario_info.hpp"
#include "bench/summary.hpp"
#include "core/version.hpp"

namespace crbench {

namespace {

Json leaves(const std::vector<std::pair<std::string, std::string>>& items) {
  Json out = Json::array();
  for (const auto& [key, value] : items) out.push(Json::array().push(key).push(value));
  return out;
}

template <class Set>
Json numbers(const Set& values) {
  Json out = Json::array();
  for (const auto v : values) out.push(Json(static_cast<std::int64_t>(v)));
  return out;
}

Json scenario_json(const ScenarioInfo& s) {
  if (!s.simulated) return Json();
  Json params = Json::array();
  for (const ScenarioParameter& p : s.parameters)
    params.push(Json::object()
                    .set("name", p.name)
                    .set("value", p.value)
                    .set("default", p.default_value)
                    .set("description", p.description));
  Json drift = Json::array();
  for (const DriftWindow& w : s.drift)
    drift.push(Json::object().set("start", w.start).set("end", w.end));
  return Json::object()
      .set("name", s.name)
      .set("spec", s.spec)
      .set("world_seed",
           s.replicate_worlds ? Json() : Json(static_cast<std::int64_t>(s.world_seed)))
      .set("worlds", std::string(s.replicate_worlds ? "replicate" : "fixed"))
      .set("parameters", std::move(params))
      .set("drift", std::move(drift))
      .set("note", s.note);
}

Json board_json(const Board& b, const std::string& baseline) {
  std::set<std::uint64_t> seeds, failed_seeds;
  std::set<int> tested, recorded;
  std::vector<std::string> methods;
  for (const JobResult& r : b.jobs) {
    if (methods.empty() || methods.back() != r.method) methods.push_back(r.method);
    (r.ok ? seeds : failed_seeds).insert(r.seed);
    if (!r.ok) continue;
    for (const PeriodResult& p : r.periods) {
      tested.insert(p.test_period + 1);
      if (p.recorded) recorded.insert(p.test_period + 1);
    }
  }
  const BoardSummary summary = summarise_board(b.jobs, baseline);
  const std::vector<std::string> shorts = short_method_names(methods);
  Json method_info = Json::array();
  for (std::size_t i = 0; i < methods.size(); ++i)
    method_info.push(Json::object()
                         .set("method", methods[i])
                         .set("short", shorts[i])
                         .set("family", family_of(methods[i])));
  const auto [stream_text, protocol_text] = split_setting(b.setting);
  return Json::object()
      .set("label", b.label)
      .set("name", b.name())
      .set("variant", b.variant)
      .set("setting", b.setting)
      .set("stream", leaves(flatten_setting(stream_text)))
      .set("protocol", leaves(flatten_setting(protocol_text)))
      .set("seeds", numbers(seeds))
      .set("seeds_with_failures", numbers(failed_seeds))
      .set("test_periods", numbers(tested))
      .set("recorded_periods", numbers(recorded))
      .set("baseline", summary.baseline)
      .set("baseline_note", summary.baseline_note)
      .set("scenario", scenario_json(scenario_of_stream(stream_text)))
      .set("methods", std::move(method_info));
}

}  // namespace

Json run_info_json(const RunInfo& i) {
  return Json::object()
      .set("started_utc", i.started_utc)
      .set("wall_s", i.wall_seconds)
      .set("crbench_version", i.crbench_version)
      .set("git_commit", i.git_commit)
      .set("build_type", i.build_type)
      .set("cpu_model", i.cpu_model)
      .set("hardware_threads", i.hardware_threads)
      .set("threads", i.threads)
      .set("shard", i.shard)
      .set("jobs_run", i.jobs_run)
      .set("jobs_skipped", i.jobs_skipped)
      .set("jobs_failed", i.jobs_failed)
      .set("command", i.command);
}

Json leaderboard_settings(const StreamResults& sr, const std::string& baseline,
                          const std::vector<ResultsSource>& sources) {
  Json boards = Json::array();
  for (const Board& b : sr.boards) boards.push(board_json(b, baseline));
  Json files = Json::array();
  for (const ResultsSource& s : sources) {
    Json runs = Json::array();
    for (const RunInfo& r : s.runs) runs.push(run_info_json(r));
    files.push(Json::object()
                   .set("path", s.path)
                   .set("run_info", run_info_path(s.path))
                   .set("runs", std::move(runs)));
  }
  Json families = Json::array();
  for (const MethodFamily& f : method_families()) {
    Json names = Json::array();
    for (const std::string& m : f.methods) names.push(m);
    families.push(
        Json::object().set("id", f.id).set("label", f.label).set("methods", std::move(names)));
  }
  return Json::object()
      .set("stream", sr.stream)
      .set("mixed_settings", sr.mixed)
      .set("baseline_requested", baseline)
      .set("made_by", crbench_version_line())
      .set("results", std::move(files))
      .set("families", std::move(families))
      .set("boards", std::move(boards));
}

}  // namespace crbench
