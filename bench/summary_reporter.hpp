// A console reporter that also keeps each benchmark's items/s, so a program can print
// ratios of figures measured in the same run.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

namespace weft_bench {

class summary_reporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      const auto items = run.counters.find("items_per_second");
      if (items != run.counters.end()) rate_[run.benchmark_name()] = items->second.value;
    }
  }
  // items/s of the named benchmark, 0 if it did not run.
  double rate(const std::string& name) const {
    const auto it = rate_.find(name);
    return it == rate_.end() ? 0.0 : it->second;
  }

 private:
  std::map<std::string, double> rate_;
};

}  // namespace weft_bench
