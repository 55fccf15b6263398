// The text forms of a report's parts.
#include <gtest/gtest.h>

#include <sstream>

#include <weft/report.hpp>

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
