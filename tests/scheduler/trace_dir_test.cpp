// WEFT_TRACE_DIR (options::trace_dir) is checked before exploring, and a timeline that
// still cannot be written after a failure is found never costs the report.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include <weft/weft.hpp>

#include "support.hpp"

using weft::failure_kind;
using weft_test::lost_update;
using weft_test::options_for;

namespace {

// A fresh, empty folder under the system's temporary directory, of this process alone
// (ctest runs the tests of this file side by side, and other build trees may too).
std::filesystem::path fresh_dir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

int runs = 0;
void counted_lost_update() {
  ++runs;
  lost_update();
}

// The option_error explore() throws for `trace_dir`; the body must not have run.
std::string trace_dir_error(const std::string& trace_dir) {
  weft::options opt = options_for(100);
  opt.trace_dir = trace_dir;
  runs = 0;
  try {
    weft::explore(opt, counted_lost_update);
    ADD_FAILURE() << "no error for trace_dir " << trace_dir;
  } catch (const weft::option_error& e) {
    EXPECT_EQ(runs, 0) << "the body ran before the trace dir was checked";
    return e.what();
  }
  return {};
}

}  // namespace

// Running as root, permissions do not stop a write; a path through a regular file
// fails for everyone.
TEST(TraceDir, AnUnusableDirectoryIsAnErrorBeforeAnyExecution) {
  const std::filesystem::path dir = fresh_dir("weft-trace-dir-test");
  const std::filesystem::path file = dir / "a-file";
  std::ofstream(file) << "not a directory";

  const std::string below_a_file = (file / "timelines").string();
  std::string error = trace_dir_error(below_a_file);
  EXPECT_NE(error.find("WEFT_TRACE_DIR (options::trace_dir) \"" + below_a_file + "\" cannot hold timelines"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("Not a directory"), std::string::npos) << error;

  error = trace_dir_error(file.string());
  EXPECT_NE(error.find("WEFT_TRACE_DIR (options::trace_dir) \"" + file.string() + "\""), std::string::npos) << error;
}

TEST(TraceDir, AMissingDirectoryIsCreatedAndLeftWithoutAProbe) {
  const std::filesystem::path dir = fresh_dir("weft-trace-dir-test") / "new" / "timelines";
  weft::options opt = options_for(20);
  opt.trace_dir = dir.string();
  const weft::report r = weft::explore(opt, [] {});
  EXPECT_FALSE(r.failed()) << r;
  ASSERT_TRUE(std::filesystem::is_directory(dir));
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

// The directory passes the check, but the file a timeline goes to cannot be written
// (here a directory stands in its way, as a full disk would): the report keeps its
// message and token and says why there is no timeline.
TEST(TraceDir, ATimelineThatCannotBeWrittenLeavesTheReportWhole) {
  const std::filesystem::path dir = fresh_dir("weft-trace-dir-test");
  std::filesystem::create_directories(dir / "Suite.Name-assertion.json");
  weft::options opt = options_for(1000);
  opt.trace_dir = dir.string();
  opt.trace_name = "Suite.Name";
  const weft::report r = weft::explore(opt, lost_update);
  ASSERT_EQ(r.kind(), failure_kind::assertion) << r;
  EXPECT_FALSE(r.message().empty());
  EXPECT_EQ(weft::replay(r.replay_token(), lost_update).kind(), failure_kind::assertion);
  EXPECT_TRUE(r.trace_files().empty());
  ASSERT_EQ(r.notes().size(), 1u);
  const std::string path = (dir / "Suite.Name-assertion.json").string();
  EXPECT_EQ(r.notes()[0].rfind("the timeline could not be written to " + path + ": ", 0), 0u) << r.notes()[0];
  std::ostringstream text;
  text << r;
  EXPECT_NE(text.str().find("note: the timeline could not be written"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find(r.replay_token()), std::string::npos) << text.str();
}

// A replay wrote no timeline: WEFT_REPLAY (or weft-run --replay) with WEFT_TRACE_DIR left
// the directory empty, though a replay is how one looks at a failure again.
TEST(TraceDir, AReplayWritesItsTimelineToo) {
  const weft::report found = weft::explore(options_for(1000), lost_update);
  ASSERT_EQ(found.kind(), failure_kind::assertion) << found;
  const std::filesystem::path dir = fresh_dir("weft-trace-dir-replay-test");
  weft::options opt = options_for(1);
  opt.trace_dir = dir.string();
  opt.trace_name = "Replayed";
  const weft::report again = weft::replay(found.replay_token(), lost_update, opt);
  ASSERT_EQ(again.kind(), failure_kind::assertion) << again;
  ASSERT_EQ(again.trace_files().size(), 2u) << again;
  for (const std::string& file : again.trace_files()) EXPECT_TRUE(std::filesystem::is_regular_file(file)) << file;
  EXPECT_TRUE(std::filesystem::is_regular_file(dir / "Replayed-assertion.html"));
}
