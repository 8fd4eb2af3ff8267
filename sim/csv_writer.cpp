// write_simulated_csv: the simulated stream as CSV, generated and written one
// period at a time so that memory stays at one period whatever the stream's length.
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "core/errors.hpp"
#include "sim/simulator.hpp"

namespace crbench::sim {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

void append_int(std::string& buf, std::int64_t v) {
  char tmp[24];
  const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  buf.append(tmp, r.ptr);
}

// Shortest form that reads back to the same float (std::to_chars).
void append_float(std::string& buf, float v) {
  char tmp[32];
  const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  buf.append(tmp, r.ptr);
}

}  // namespace

void write_simulated_csv(const Scenario& scenario, std::uint64_t seed, const std::string& path) {
  Simulator sim(scenario, seed);
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
  if (!file)
    throw DataError(path, 0, std::string("cannot open for writing: ") + std::strerror(errno));
  const auto fail = [&] {
    throw DataError(path, 0, std::string("write failed: ") + std::strerror(errno));
  };
  std::string buf = "user,item,timestamp,label,probability,category,concept,realised_probability\n";
  SimulatedPeriod period;
  for (int t = 0; t < sim.num_periods(); ++t) {
    sim.next_period(period);
    for (std::size_t j = 0; j < period.user.size(); ++j) {
      append_int(buf, period.user[j]);
      buf += ',';
      append_int(buf, period.item[j]);
      buf += ',';
      append_int(buf, period.timestamp[j]);
      buf += period.label[j] == 1.0f ? ",1," : ",0,";
      append_float(buf, period.probability[j]);
      buf += ',';
      const auto& cats = sim.item_categories()[static_cast<std::size_t>(period.item[j])];
      for (std::size_t k = 0; k < cats.size(); ++k) {
        if (k > 0) buf += '|';
        buf += sim.category_names()[static_cast<std::size_t>(cats[k])];
      }
      buf += ',';
      append_int(buf, period.concept_id[j]);
      buf += ',';
      append_float(buf, period.realised_probability[j]);
      buf += '\n';
      if (buf.size() >= (1u << 20)) {
        if (std::fwrite(buf.data(), 1, buf.size(), file.get()) != buf.size()) fail();
        buf.clear();
      }
    }
  }
  if (std::fwrite(buf.data(), 1, buf.size(), file.get()) != buf.size()) fail();
  if (std::fclose(file.release()) != 0) fail();
}

}  // namespace crbench::sim
