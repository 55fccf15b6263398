// A failure caused by weak memory is explained in the user's terms: which store each
// stale load read (thread, line) and which newer stores it did not see, in the report,
// on the load's event, and as reads-from arrows in the timelines.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include <weft/trace_export.hpp>
#include <weft/weft.hpp>

#include "support.hpp"

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

unsigned first_store_line = 0;
unsigned second_store_line = 0;

// The writer stores 1 then 2 into `data`, then raises `flag`; a reader that sees the flag
// expects the last data. Relaxed, it may read 1.
void stale_message() {
  weft::atomic<int> data{0}, flag{0};
  weft::thread writer([&] {
    first_store_line = __LINE__ + 1;
    data.store(1, relaxed);
    second_store_line = __LINE__ + 1;
    data.store(2, relaxed);
    flag.store(1, relaxed);
  });
  if (flag.load(relaxed) == 1) {
    const int seen = data.load(relaxed);
    WEFT_ASSERT(seen != 1, "read the first of the writer's two values");
  }
  writer.join();
}

weft::report found() {
  weft::options opt = weft_test::options_for(0, "dfs");
  const weft::report r = weft::explore(opt, stale_message);
  EXPECT_EQ(r.kind(), weft::failure_kind::assertion) << r;
  return r;
}

std::string line_text(unsigned line) { return "stale_read_report_test.cpp:" + std::to_string(line) + ")"; }

}  // namespace

TEST(StaleReadReport, NamesTheStoreReadAndTheNewerOneNotSeen) {
  const weft::report r = found();
  ASSERT_EQ(r.stale_reads().size(), 1u) << r;
  const weft::trace_event& load = r.stale_reads().front();
  EXPECT_EQ(load.operation, "load");
  EXPECT_NE(load.explanation.find("read 1 (stored by t1 at"), std::string::npos) << load.explanation;
  EXPECT_NE(load.explanation.find(line_text(first_store_line) + " while 2 (stored by t1 at"), std::string::npos)
      << load.explanation;
  EXPECT_NE(load.explanation.find(line_text(second_store_line) + " was already in atomic#"),
            std::string::npos)
      << load.explanation;

  // The event it read from is the first store, in the same trace.
  ASSERT_GT(load.reads_from_event, 0u);
  const weft::trace_event& store = r.trace()[load.reads_from_event - r.first_event_number()];
  EXPECT_EQ(store.operation, "store");
  EXPECT_EQ(store.where.line, first_store_line);

  std::ostringstream printed;
  printed << r;
  EXPECT_NE(printed.str().find("stale reads (each one the C++ memory model allows):"), std::string::npos) << r;
  EXPECT_NE(printed.str().find("stale: the store of event " + std::to_string(load.reads_from_event)),
            std::string::npos)
      << r;
}

TEST(StaleReadReport, TimelinesDrawAnArrowFromTheStoreToTheLoad) {
  const weft::report r = found();
  std::ostringstream chrome, html;
  weft::write_chrome_trace(r, chrome);
  weft::write_html_trace(r, html);
  EXPECT_NE(chrome.str().find("\"cat\":\"reads_from\""), std::string::npos);
  EXPECT_NE(chrome.str().find("\"stale_read\":\"read 1 (stored by t1"), std::string::npos);
  const std::size_t arrows = html.str().find("\"reads_from\":[[");
  EXPECT_NE(arrows, std::string::npos);
}

TEST(StaleReadReport, ALoadOfTheNewestStoreHasNoExplanation) {
  weft::options opt = weft_test::options_for(1, "random");
  opt.memory_model = weft::memory_model::sc;
  const weft::report r = weft::explore(opt, [] {
    weft::atomic<int> x{0};
    x.store(1, relaxed);
    WEFT_ASSERT(x.load(relaxed) == 2);
  });
  ASSERT_TRUE(r.failed());
  EXPECT_TRUE(r.stale_reads().empty());
  for (const weft::trace_event& e : r.trace()) EXPECT_TRUE(e.explanation.empty());
}
