// `crbench run`: methods x seeds on one dataset through the protocol; prints the
// leaderboard table and optionally writes results and predictions. Every option
// can also come from an INI file (--config), command line taking precedence.
#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bench/cli/commands.hpp"
#include "bench/cli/scenario_option.hpp"
#include "bench/dataset_source.hpp"
#include "bench/job_runner.hpp"
#include "bench/summary.hpp"
#include "datasets/errors.hpp"
#include "sim/simulator.hpp"

namespace crbench::cli {

namespace po = boost::program_options;

namespace {

std::vector<std::uint64_t> parse_seeds(const std::string& text) {
  std::vector<std::uint64_t> seeds;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item.empty()) continue;
    std::size_t used = 0;
    unsigned long long v = 0;
    try {
      v = std::stoull(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size() || item[0] == '-')
      throw UsageError("--seeds: '" + item + "' is not a non-negative whole number");
    seeds.push_back(v);
  }
  return seeds;
}

void require_range(const char* option, double value, double lo, double hi) {
  if (!(value >= lo && value <= hi)) {
    std::ostringstream msg;
    msg << "--" << option << " must be in [" << lo << ", " << hi << "] (got " << value << ")";
    throw UsageError(msg.str());
  }
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  DatasetOptions data;
  JobPlan plan;
  std::string methods_text, seeds_text, config_path;
  ProtocolSettings& p = plan.protocol;
  float update_lr = 0.0f;
  std::string sep = ",";
  int keep_periods = 0;
  std::string scenario_spec;
  std::vector<std::string> scenario_params;
  std::uint64_t stream_seed = 1;

  po::options_description general("general");
  general.add_options()("help,h", "show this help")(
      "config", po::value(&config_path), "INI file with any of these options (key = value)")(
      "methods", po::value(&methods_text)->default_value("iu"),
      "comma-separated method specs, e.g. iu,bu-3,spmf(ratio=1) (see crbench methods)")(
      "seeds", po::value(&seeds_text)->default_value("1"), "comma-separated seeds")(
      "threads", po::value(&plan.threads)->default_value(0), "worker threads (0: all cores)")(
      "results", po::value(&plan.results_path), "append result rows to this CSV file")(
      "predictions-out", po::value(&plan.predictions_path),
      "write every test sample's (method, seed, period, user, item, label, score)")(
      "quiet", po::bool_switch(&plan.quiet), "no per-job lines on stderr");

  po::options_description dataset("dataset");
  dataset.add_options()("dataset", po::value(&data.format)->default_value("movielens"),
                        "format: movielens | csv (see crbench datasets)")(
      "data", po::value(&data.path), "ratings / interaction file")(
      "genres", po::value(&data.genres), "movielens genres file (u.item, movies.dat, movies.csv)")(
      "user-col", po::value(&data.columns.user)->default_value("user"), "csv: user id column")(
      "item-col", po::value(&data.columns.item)->default_value("item"), "csv: item id column")(
      "time-col", po::value(&data.columns.timestamp)->default_value("timestamp"),
      "csv: timestamp column (Unix seconds)")("label-col", po::value(&data.columns.label),
                                              "csv: label or rating column (optional)")(
      "category-col", po::value(&data.columns.category), "csv: category column (optional)")(
      "probability-col", po::value(&data.columns.probability),
      "csv: ground-truth probability column (simulated logs)")(
      "separator", po::value(&sep)->default_value(","), "csv: field separator")(
      "labels", po::value(&data.labels), "rating | given | implicit (default: by format)")(
      "rating-threshold", po::value(&data.rating_threshold)->default_value(4.0f),
      "label = rating >= this")("periods", po::value(&data.periods)->default_value(31),
                                "equal-count periods")(
      "period-unit", po::value(&data.period_unit)->default_value("count"),
      "count | day | week | month")("history", po::value(&data.history)->default_value(30),
                                    "positives kept per history")(
      "keep-periods", po::value(&keep_periods)->default_value(0),
      "use only the first N periods (0: all); for choosing settings on pre-training data")(
      "negative-seed", po::value(&data.negative_seed)->default_value(1),
      "implicit logs: seed of the negative sampler");

  po::options_description simulated("simulated stream (instead of --data)");
  simulated.add_options()("scenario", po::value(&scenario_spec),
                          "simulator scenario spec, e.g. 'sudden(t0=15)' (see crbench scenarios)")(
      "param", po::value(&scenario_params)->composing(), "scenario parameter override: key=value")(
      "stream-seed", po::value(&stream_seed)->default_value(1),
      "seed of the simulated world (the job seeds vary the methods)");

  po::options_description protocol("protocol and base model training");
  protocol.add_options()("pretrain-periods", po::value(&p.pretrain_periods)->default_value(10),
                         "periods used for pre-training")(
      "pretrain-epochs", po::value(&p.pretrain.epochs)->default_value(10), "pre-training epochs")(
      "batch-size", po::value(&p.pretrain.batch_size)->default_value(1024), "mini-batch size")(
      "lr", po::value(&p.pretrain.learning_rate)->default_value(1e-3f), "Adam learning rate")(
      "update-lr", po::value(&update_lr)->default_value(0.0f),
      "learning rate of period updates (0: same as --lr)")(
      "update-epochs", po::value(&p.update.epochs)->default_value(1), "epochs per period update")(
      "test-periods", po::value(&p.recorded_periods)->default_value(7),
      "summarise the last N test periods (0: all online test periods)")(
      "base-model", po::value(&p.base_model)->default_value("emb-mlp"),
      "base model of the shared pre-trained model (`crbench base-models` lists them)");

  po::options_description all("crbench run options");
  all.add(general).add(dataset).add(simulated).add(protocol);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).run(), vm);
  if (vm.count("help")) {
    std::cout << "usage: crbench run --data FILE [--genres FILE] --methods LIST --seeds LIST "
                 "[options]\n\n"
              << all;
    return kExitOk;
  }
  if (vm.count("config")) {
    const std::string path = vm["config"].as<std::string>();
    std::ifstream in(path);
    if (!in) throw DataError(path, 0, "cannot open the config file");
    try {
      po::store(po::parse_config_file(in, all), vm);
    } catch (const po::error& e) {
      throw UsageError(path + ": " + e.what());
    }
  }
  po::notify(vm);

  if (sep.size() != 1) throw UsageError("--separator must be one character");
  data.columns.separator = sep[0];
  require_range("pretrain-epochs", p.pretrain.epochs, 0, 1000);
  require_range("update-epochs", p.update.epochs, 1, 1000);
  require_range("batch-size", p.pretrain.batch_size, 1, 1 << 20);
  require_range("lr", p.pretrain.learning_rate, 1e-8, 10);
  require_range("update-lr", update_lr, 0, 10);
  require_range("threads", plan.threads, 0, 1024);
  p.update.batch_size = p.pretrain.batch_size;
  p.update.learning_rate = update_lr > 0 ? update_lr : p.pretrain.learning_rate;
  plan.methods = split_method_list(methods_text);
  plan.seeds = parse_seeds(seeds_text);

  require_range("keep-periods", keep_periods, 0, 1e9);
  if (!scenario_spec.empty() && !data.path.empty())
    throw UsageError("--scenario and --data name two streams; give one");
  Stream stream = scenario_spec.empty()
                      ? load_dataset(data, p.pretrain_periods + 2)
                      : sim::simulate_stream(scenario_from_options(scenario_spec, scenario_params),
                                             stream_seed, data.history);
  if (keep_periods > 0) {
    stream.keep_first_periods(keep_periods);
    p.validate(stream);
  }
  std::fprintf(stderr, "%s: %zu samples, %d users, %d items, %d categories, %d periods\n",
               stream.meta.name.c_str(), stream.num_samples(), stream.num_users, stream.num_items,
               stream.num_categories, stream.num_periods());
  const JobRunReport report = run_jobs(stream, plan);

  const int tests = stream.num_periods() - p.pretrain_periods - 1;
  const int recorded = p.recorded_periods == 0 ? tests : std::min(p.recorded_periods, tests);
  std::printf("## %s: %d test periods recorded (%d..%d), seeds %s\n\n", stream.meta.name.c_str(),
              recorded, stream.num_periods() - recorded + 1, stream.num_periods(),
              seeds_text.c_str());
  std::printf("%s", leaderboard_markdown(summarise(report.results)).c_str());
  std::printf("\n### AUC per test period (mean over seeds; * = recorded in the summary)\n\n%s",
              per_period_markdown(report.results).c_str());
  if (report.skipped > 0)
    std::printf("\n%zu job(s) skipped: already in %s\n", report.skipped, plan.results_path.c_str());
  if (report.failed > 0) {
    std::fprintf(stderr, "crbench run: %zu job(s) failed (see the table and stderr)\n",
                 report.failed);
    return kExitJobsFailed;
  }
  return kExitOk;
}

}  // namespace crbench::cli
