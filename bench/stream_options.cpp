// Declarations and checks of the per-stream options (shared by the command line
// and grid configs, so both accept exactly the same keys).
#include "bench/stream_options.hpp"

#include <boost/program_options.hpp>
#include <sstream>

#include "core/errors.hpp"
#include "core/params.hpp"

namespace crbench {

namespace po = boost::program_options;

namespace {

void require_range(const char* option, double value, double lo, double hi) {
  if (!(value >= lo && value <= hi)) {
    std::ostringstream msg;
    msg << "--" << option << " must be in [" << lo << ", " << hi << "] (got " << value << ")";
    throw UsageError(msg.str());
  }
}

// One option per declared field of `target`, with the field's default and
// meaning; po::notify sets the field through the declaration, which checks it.
template <class P>
void add_declared_options(po::options_description& group, P& target) {
  const ParamDecls<P>& decls = declarations_of<P>();
  for (const ParamInfo& info : decls.info(P{})) {
    const std::string key = info.name;
    group.add_options()(
        key.c_str(),
        po::value<std::string>()
            ->default_value(info.default_text)
            ->notifier([&decls, &target, key](const std::string& text) {
              decls.set(target, key, text, "");
            }),
        (info.allowed.empty() ? info.description : info.description + " (" + info.allowed + ")")
            .c_str());
  }
}

}  // namespace

std::vector<std::uint64_t> parse_seed_list(const std::string& text) {
  std::vector<std::uint64_t> seeds;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
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

po::options_description stream_option_groups(StreamRunOptions& o) {
  DatasetOptions& data = o.data;
  po::options_description jobs("methods and seeds");
  jobs.add_options()("methods", po::value(&o.methods)->default_value("iu"),
                     "comma-separated method specs, e.g. iu,bu-3,spmf(ratio=1) (see crbench "
                     "methods); 'all' = every registered method; 'bu(w=3|5|7)' = one job per "
                     "value")("seeds", po::value(&o.seeds)->default_value("1"),
                              "comma-separated seeds");

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
      "separator", po::value(&o.separator)->default_value(","), "csv: field separator")(
      "labels", po::value(&data.labels), "rating | given | implicit (default: by format)")(
      "rating-threshold", po::value(&data.rating_threshold)->default_value(4.0f),
      "label = rating >= this")("periods", po::value(&data.periods)->default_value(31),
                                "equal-count periods")(
      "period-unit", po::value(&data.period_unit)->default_value("count"),
      "count | day | week | month")(
      "drop-leftover", po::value(&data.drop_leftover)->default_value("newest"),
      "equal-count periods: drop the n mod T newest rows (as the ASMG reference) or the oldest: "
      "newest | oldest")("history", po::value(&data.history)->default_value(30),
                         "positives kept per history")(
      "keep-periods", po::value(&o.keep_periods)->default_value(0),
      "use only the first N periods (0: all); for choosing settings on pre-training data")(
      "negative-seed", po::value(&data.negative_seed)->default_value(1),
      "implicit logs: seed of the negative sampler");

  po::options_description simulated("simulated stream (instead of --data)");
  simulated.add_options()(
      "scenario", po::value(&o.scenario),
      "simulator scenario spec, e.g. 'sudden(t0=15)' (see crbench scenarios); in a grid "
      "'incremental(rate=0|6|12)' sweeps a parameter")("param", po::value(&o.params)->composing(),
                                                       "scenario parameter override: key=value")(
      "stream-seed", po::value(&o.stream_seed)->default_value(1),
      "seed of the simulated world (the job seeds vary the methods)");

  po::options_description protocol("protocol and base model training");
  add_declared_options(protocol, o.protocol);

  po::options_description all;
  all.add(jobs).add(dataset).add(simulated).add(protocol);
  return all;
}

void finish_stream_options(StreamRunOptions& o) {
  if (o.separator.size() != 1) throw UsageError("--separator must be one character");
  o.data.columns.separator = o.separator[0];
  require_range("keep-periods", o.keep_periods, 0, 1e9);
  if (!o.scenario.empty() && !o.data.path.empty())
    throw UsageError("--scenario and --data name two streams; give one");
}

}  // namespace crbench
