// Timelines of failures (Chrome trace JSON, HTML) and exploration statistics.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <string>

#include <unistd.h>

#include <weft/trace_export.hpp>
#include <weft/weft.hpp>

#include "report/json.hpp"
#include "support.hpp"

using weft::failure_kind;

namespace {

// A deadlock found by the exhaustive search: the same schedule on every run.
weft::report abba_deadlock() {
  weft::options opt = weft_test::options_for(0, "dfs");
  opt.report_events = 1000;
  return weft::explore(opt, [] {
    weft::mutex a;
    weft::mutex b;
    weft::thread t1([&] {
      weft::this_thread::set_name("first");
      std::lock_guard g1(a);
      std::lock_guard g2(b);
    });
    weft::thread t2([&] {
      weft::this_thread::set_name("second");
      std::lock_guard g1(b);
      std::lock_guard g2(a);
    });
    t1.join();
    t2.join();
  });
}

std::string to_text(void (*write)(const weft::report&, std::ostream&), const weft::report& r) {
  std::ostringstream out;
  write(r, out);
  return out.str();
}

}  // namespace

TEST(Timeline, ChromeTraceOfADeadlockIsValidWithOneTrackPerThreadAndTheBlockedOperations) {
  const weft::report r = abba_deadlock();
  ASSERT_EQ(r.kind(), failure_kind::deadlock) << r;
  const weft_test::json trace = weft_test::json_parser::parse(to_text(&weft::write_chrome_trace, r));
  std::set<double> named_tracks;
  std::set<double> blocked_tracks;
  bool failure_marked = false;
  for (const weft_test::json& e : trace["traceEvents"].as_array()) {
    const std::string phase = e["ph"].as_string();
    if (phase == "M") named_tracks.insert(e["tid"].as_number());
    if (phase == "X" && e["cat"].as_string() == "blocked") blocked_tracks.insert(e["tid"].as_number());
    if (phase == "i" && e["cat"].as_string() == "failure") failure_marked = true;
  }
  EXPECT_EQ(named_tracks, (std::set<double>{0, 1, 2}));
  EXPECT_EQ(blocked_tracks, (std::set<double>{0, 1, 2})) << "every thread ends blocked in a deadlock";
  EXPECT_TRUE(failure_marked);
  EXPECT_EQ(trace["otherData"]["replay_token"].as_string(), r.replay_token());
}

TEST(Timeline, TextJsonAndHtmlAgreeOnTheEvents) {
  const weft::report r = abba_deadlock();
  const std::string text = to_text([](const weft::report& rep, std::ostream& out) { out << rep; }, r);
  const weft_test::json trace = weft_test::json_parser::parse(to_text(&weft::write_chrome_trace, r));
  const std::string html = to_text(&weft::write_html_trace, r);
  std::set<double> in_json;
  for (const weft_test::json& e : trace["traceEvents"].as_array()) {
    if (e.has("args") && e["args"].has("event")) in_json.insert(e["args"]["event"].as_number());
  }
  for (std::size_t i = 0; i < r.trace().size(); ++i) {
    const weft::trace_event& e = r.trace()[i];
    const std::string what = e.object.empty() ? e.operation : e.operation + " " + e.object;
    EXPECT_NE(text.find(what), std::string::npos) << "text lacks event " << i + 1 << ": " << what;
    EXPECT_NE(html.find("\"op\":\"" + e.operation + "\",\"object\":\"" + e.object + "\""), std::string::npos)
        << "html lacks event " << i + 1;
    if (e.operation != "woken on" && e.operation != "timed out on") {
      EXPECT_TRUE(in_json.count(static_cast<double>(i + 1))) << "json lacks event " << i + 1 << ": " << what;
    }
  }
}

TEST(Timeline, WeftTraceDirWritesFilesNamedAfterTheRunAndTheFailure) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("weft-timeline-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  weft::options opt = weft_test::options_for(500);
  opt.trace_dir = dir.string();
  opt.trace_name = "Suite.Name";
  const weft::report r = weft::explore(opt, [] {
    weft::atomic<int> x{0};
    weft::thread t([&] { x.store(x.load() + 1); });
    x.store(x.load() + 1);
    t.join();
    WEFT_ASSERT(x.load() == 2);
  });
  ASSERT_EQ(r.kind(), failure_kind::assertion);
  ASSERT_EQ(r.trace_files().size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(dir / "Suite.Name-assertion.json"));
  EXPECT_TRUE(std::filesystem::exists(dir / "Suite.Name-assertion.html"));
  std::ostringstream text;
  text << r;
  EXPECT_NE(text.str().find("timeline: " + (dir / "Suite.Name-assertion.html").string()), std::string::npos);
}

// Loads the HTML view in headless Chromium and checks what it drew. Chromium is a test
// dependency (scripts/install-deps installs Debian's package); a missing browser fails.
TEST(Timeline, HtmlViewRendersEveryLaneAndTheFailingEventInChromium) {
  const weft::report r = abba_deadlock();
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("weft-html-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path page = dir / "deadlock.html";
  {
    std::ofstream out(page);
    weft::write_html_trace(r, out);
  }
  const std::string flags = "--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
                            "--disable-component-update --disable-sync --user-data-dir=" + (dir / "profile").string();
  const std::string dom_file = (dir / "dom.html").string();
  const std::string command = "chromium " + flags + " --dump-dom file://" + page.string() + " > " + dom_file + " 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << "headless chromium failed: " << command;
  std::ifstream in(dom_file);
  const std::string dom((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t lanes = 0;
  for (std::size_t at = 0; (at = dom.find("class=\"lane\"", at)) != std::string::npos; ++at) ++lanes;
  EXPECT_EQ(lanes, r.threads().size()) << dom.substr(0, 2000);
  EXPECT_NE(dom.find("id=\"failing-event\""), std::string::npos);
  EXPECT_NE(dom.find("t1 first (blocked)"), std::string::npos);

  // A screenshot, kept as a test artifact beside the build.
  const std::string shot = (std::filesystem::current_path() / "timeline-deadlock.png").string();
  const std::string take = "chromium " + flags + " --window-size=1400,500 --screenshot=" + shot + " file://" +
                           page.string() + " > /dev/null 2>&1";
  EXPECT_EQ(std::system(take.c_str()), 0);
  EXPECT_TRUE(std::filesystem::exists(shot));
}

TEST(Statistics, ABodyWithExactlyTwoSchedulesReportsTwo) {
  // The only choice: at main's store, run main (which then waits in join) or the new
  // thread first (spawn and join are not scheduling points).
  const weft::report r = weft::explore(weft_test::options_for(100), [] {
    weft::atomic<int> x{0};
    weft::thread t([] {});
    x.store(1);
    t.join();
  });
  EXPECT_FALSE(r.failed()) << r;
  EXPECT_EQ(r.executions(), 100u);
  EXPECT_EQ(r.distinct_schedules(), 2u);
  EXPECT_GT(r.max_steps(), 0u);
  EXPECT_LE(r.min_steps(), r.median_steps());
  EXPECT_LE(r.median_steps(), r.max_steps());
}
