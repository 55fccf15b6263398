// The text forms of a report's parts.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include <weft/explore.hpp>
#include <weft/report.hpp>
#include <weft/weft.hpp>

TEST(ReportPrint, AFailureKindPrintsItsName) {
  for (const weft::failure_kind kind : {weft::failure_kind::none, weft::failure_kind::deadlock,
                                        weft::failure_kind::data_race, weft::failure_kind::lock_across_await}) {
    std::ostringstream printed;
    printed << kind;
    EXPECT_EQ(printed.str(), weft::to_string(kind));
  }
  std::ostringstream printed;
  printed << weft::failure_kind::livelock << ".";
  EXPECT_EQ(printed.str(), "livelock.");
}

// A deadlock of 200 threads queued on one mutex printed a row for each.
TEST(ReportPrint, ThreadsWhoseRowsReadAlikeShowAsTheirFirstAndLastRow) {
  weft::options options;
  options.iterations = 1;
  const weft::report r = weft::explore(options, [] {
    weft::mutex gate;
    std::vector<weft::thread> waiters;
    gate.lock();
    for (int i = 0; i < 200; ++i) waiters.emplace_back([&] { std::lock_guard hold(gate); });
    waiters.front().join();  // never: t1 waits for the gate main holds
  });
  ASSERT_EQ(r.kind(), weft::failure_kind::deadlock) << r;
  std::ostringstream printed;
  printed << r;
  const std::string text = printed.str();
  const auto section = text.find("threads when it happened:\n");
  ASSERT_NE(section, std::string::npos) << text;
  const std::string rows = text.substr(section, text.find("\n\n", section) - section);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), '\n'), 4) << rows;  // after the heading, main, t1 and "..."
  EXPECT_NE(rows.find("\n  ... 198 more threads the same, t2 to t199\n"), std::string::npos) << rows;
  EXPECT_NE(rows.find("\n  t200 thread-200  blocked"), std::string::npos) << rows;
}
