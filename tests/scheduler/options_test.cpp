// weft::options: every WEFT_* variable and every field is checked before anything runs,
// and a bad value is an option_error naming the variable and the field.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <thread>

#include <weft/weft.hpp>

#include "support.hpp"

using weft_test::options_for;
using weft_test::scoped_env;

namespace {

// The message of the option_error `run` throws; a test failure if it throws none.
template <class Run>
std::string option_error_of(Run run) {
  try {
    run();
  } catch (const weft::option_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no weft::option_error";
  return {};
}

std::string constructor_error() {
  return option_error_of([] { weft::options opt; });
}

// options() with `name` set to `text` throws an option_error whose message has `says`.
void expect_rejected(const char* name, const char* text, const char* says) {
  const scoped_env variable(name, text);
  const std::string error = constructor_error();
  EXPECT_NE(error.find(says), std::string::npos) << name << "=\"" << text << "\": " << error;
}

// The four workers per hardware thread (at least 4) that WEFT_WORKERS may ask for.
std::uint64_t worker_bound() {
  const std::uint64_t cores = std::thread::hardware_concurrency();
  return cores > 1 ? 4 * cores : 4;
}

// A body that counts its executions, to show that a rejected setting ran none.
int runs = 0;
void counted_body() {
  ++runs;
  weft::atomic<int> x{0};
  weft::thread t([&] { x.fetch_add(1); });
  x.fetch_add(1);
  t.join();
}

}  // namespace

TEST(Options, AVariableSetButEmptyIsAnErrorNamingIt) {
  for (const char* name : {"WEFT_STRATEGY", "WEFT_ITERATIONS", "WEFT_SEED", "WEFT_MAX_STEPS",
                           "WEFT_CHECK_LOCK_ACROSS_BLOCKING", "WEFT_CANCELLATIONS", "WEFT_BUGGIFY", "WEFT_SHARD",
                           "WEFT_WORKERS", "WEFT_QUIET", "WEFT_TRACE_DIR", "WEFT_STACK_SIZE",
                           "WEFT_STACK_MAPPINGS", "WEFT_STALL_TIMEOUT"}) {
    const scoped_env empty(name, "");
    EXPECT_NE(constructor_error().find(std::string(name) + " is set but empty"), std::string::npos) << name;
  }
}

// A misspelt variable was ignored: WEFT_REPLAYY=<token> explored instead of replaying.
TEST(Options, AnUnknownWeftVariableIsAnErrorNamingTheNearestKnownOne) {
  {
    const scoped_env typo("WEFT_ITERATONS", "5");
    const std::string error = constructor_error();
    EXPECT_NE(error.find("unknown environment variable WEFT_ITERATONS (did you mean WEFT_ITERATIONS?)"),
              std::string::npos)
        << error;
  }
  {
    const scoped_env typo("WEFT_REPLAYY", "W2Ew");
    EXPECT_NE(constructor_error().find("(did you mean WEFT_REPLAY?)"), std::string::npos);
  }
  const scoped_env launcher("WEFT_RUN_SOMETHING", "1");  // weft-run's own
  const scoped_env other("WEFTY", "1");                  // not weft's prefix
  EXPECT_NO_THROW(weft::options());
}

TEST(Options, WorkersAreBoundedByFourPerHardwareThread) {
  {
    const scoped_env workers("WEFT_WORKERS", "18446744073709551615");
    const std::string error = constructor_error();
    EXPECT_NE(error.find("WEFT_WORKERS (options::workers) is 18446744073709551615"), std::string::npos) << error;
    EXPECT_NE(error.find("it must be from 1 to " + std::to_string(worker_bound())), std::string::npos) << error;
    EXPECT_NE(error.find("four worker processes per hardware thread"), std::string::npos) << error;
  }
  {
    const scoped_env workers("WEFT_WORKERS", std::to_string(worker_bound()).c_str());
    EXPECT_EQ(weft::options().workers, worker_bound());
  }
  {
    const scoped_env workers("WEFT_WORKERS", std::to_string(worker_bound() + 1).c_str());
    EXPECT_NE(constructor_error().find("WEFT_WORKERS"), std::string::npos);
  }
  weft::options opt = options_for(10);
  opt.workers = worker_bound() + 1;
  runs = 0;
  EXPECT_NE(option_error_of([&] { weft::explore(opt, counted_body); }).find("options::workers"), std::string::npos);
  EXPECT_EQ(runs, 0);
}

TEST(Options, StackSizeComesFromWeftStackSizeWithSuffixes) {
  const struct {
    const char* text;
    std::size_t bytes;
  } good[] = {{"65536", 65536}, {"256K", 256u << 10}, {"4M", 4u << 20}, {"4m", 4u << 20}, {"1G", 1u << 30}};
  for (const auto& c : good) {
    const scoped_env size("WEFT_STACK_SIZE", c.text);
    EXPECT_EQ(weft::options().stack_size, c.bytes) << c.text;
  }
  const struct {
    const char* text;
    const char* says;
  } bad[] = {
      {"32K", "WEFT_STACK_SIZE (options::stack_size) is 32768 bytes; it must be from 64K"},
      {"2G", "WEFT_STACK_SIZE (options::stack_size) is 2147483648 bytes"},
      {"4MB", "WEFT_STACK_SIZE=\"4MB\" is not a size in bytes"},
      {"M", "is not a size in bytes"},
      {"-4M", "is not a size in bytes"},
      {"99999999999G", "is not a size in bytes"},
  };
  for (const auto& c : bad) expect_rejected("WEFT_STACK_SIZE", c.text, c.says);
  // The smallest size accepted leaves room for a body.
  weft::options opt = options_for(50);
  opt.stack_size = 64 << 10;
  const weft::report r = weft::explore(opt, counted_body);
  EXPECT_FALSE(r.failed()) << r;
}

TEST(Options, StackMappingsComeFromWeftStackMappings) {
  EXPECT_EQ(options_for(1).max_stack_mappings, 0u);  // half of vm.max_map_count
  {
    const scoped_env mappings("WEFT_STACK_MAPPINGS", "1000");
    EXPECT_EQ(weft::options().max_stack_mappings, 1000u);
  }
  {
    const scoped_env mappings("WEFT_STACK_MAPPINGS", "3");
    const std::string error = constructor_error();
    EXPECT_NE(error.find("WEFT_STACK_MAPPINGS (options::max_stack_mappings) is 3; it must be 0 (half of "
                         "vm.max_map_count) or at least 4"),
              std::string::npos)
        << error;
  }
  weft::options opt = options_for(1);
  opt.max_stack_mappings = 2;
  EXPECT_THROW(weft::explore(opt, [] {}), weft::option_error);
}

TEST(Options, StallTimeoutComesFromWeftStallTimeoutInSeconds) {
  EXPECT_EQ(options_for(1).stall_timeout, 10.0);
  const struct {
    const char* text;
    double seconds;
  } good[] = {{"0.5", 0.5}, {"30", 30.0}, {"0", 0.0}, {".25", 0.25}, {"86400", 86400.0}};
  for (const auto& c : good) {
    const scoped_env timeout("WEFT_STALL_TIMEOUT", c.text);
    EXPECT_EQ(weft::options().stall_timeout, c.seconds) << c.text;
  }
  const struct {
    const char* text;
    const char* says;
  } bad[] = {
      {"-1", "WEFT_STALL_TIMEOUT=\"-1\" is not a number of seconds"},
      {"inf", "is not a number of seconds"},
      {"nan", "is not a number of seconds"},
      {"1e3", "is not a number of seconds"},
      {"30s", "is not a number of seconds"},
      {"1.2.3", "is not a number of seconds"},
      {".", "is not a number of seconds"},
      {"100000", "WEFT_STALL_TIMEOUT (options::stall_timeout) is 100000; it must be a number of seconds from 0"},
  };
  for (const auto& c : bad) expect_rejected("WEFT_STALL_TIMEOUT", c.text, c.says);
}

TEST(Options, TheMemoryModelStoreHistoryAndThreadsComeFromTheEnvironment) {
  EXPECT_EQ(options_for(1).memory_model, weft::memory_model::c11);
  EXPECT_EQ(options_for(1).store_history, 8u);
  {
    const scoped_env model("WEFT_MEMORY_MODEL", "sc");
    EXPECT_EQ(weft::options().memory_model, weft::memory_model::sc);
  }
  {
    const scoped_env history("WEFT_STORE_HISTORY", "64");
    EXPECT_EQ(weft::options().store_history, 64u);
  }
  for (const auto& [text, backend] : {std::pair{"automatic", weft::thread_backend::automatic},
                                      std::pair{"fibers", weft::thread_backend::fibers},
                                      std::pair{"os_threads", weft::thread_backend::os_threads}}) {
    const scoped_env threads("WEFT_THREADS", text);
    EXPECT_EQ(weft::options().threads, backend) << text;
  }
  const struct {
    const char* name;
    const char* text;
    const char* says;
  } bad[] = {
      {"WEFT_MEMORY_MODEL", "tso", "WEFT_MEMORY_MODEL=\"tso\" is not a memory model weft knows: use c11"},
      {"WEFT_MEMORY_MODEL", "C11", "is not a memory model weft knows"},
      {"WEFT_STORE_HISTORY", "0", "WEFT_STORE_HISTORY (options::store_history) is 0; it must be from 1"},
      {"WEFT_STORE_HISTORY", "65", "WEFT_STORE_HISTORY (options::store_history) is 65; it must be from 1"},
      {"WEFT_STORE_HISTORY", "eight", "WEFT_STORE_HISTORY=\"eight\" is not a whole number"},
      {"WEFT_THREADS", "pthreads", "WEFT_THREADS=\"pthreads\" is not a way weft runs threads: use automatic"},
  };
  for (const auto& c : bad) expect_rejected(c.name, c.text, c.says);
  weft::options opt = options_for(1);
  opt.memory_model = static_cast<weft::memory_model>(7);
  EXPECT_THROW(weft::explore(opt, [] {}), weft::option_error);
  opt = options_for(1);
  opt.threads = static_cast<weft::thread_backend>(9);
  EXPECT_THROW(weft::explore(opt, [] {}), weft::option_error);
}

// WEFT_PLAIN_ACCESSES has no field (weft::interpose reads it where instrumented code's
// plain accesses reach it), but a bad value is the same option_error as any variable's.
TEST(Options, ABadPlainAccessesSettingIsAnOptionError) {
  for (const char* text : {"unlocked", "all", "off"}) {
    const scoped_env accesses("WEFT_PLAIN_ACCESSES", text);
    EXPECT_NO_THROW(weft::options()) << text;
  }
  expect_rejected("WEFT_PLAIN_ACCESSES", "none",
                  "WEFT_PLAIN_ACCESSES=\"none\" is not a choice of instrumented plain accesses: use unlocked");
  expect_rejected("WEFT_PLAIN_ACCESSES", "ALL", "is not a choice of instrumented plain accesses");
  expect_rejected("WEFT_PLAIN_ACCESSES", "", "WEFT_PLAIN_ACCESSES is set but empty");
}

// WEFT_PLAIN_RACES likewise: a yes/no value that weft::interpose reads.
TEST(Options, ABadPlainRacesSettingIsAnOptionError) {
  for (const char* text : {"1", "0", "on", "off"}) {
    const scoped_env races("WEFT_PLAIN_RACES", text);
    EXPECT_NO_THROW(weft::options()) << text;
  }
  expect_rejected("WEFT_PLAIN_RACES", "sometimes", "WEFT_PLAIN_RACES=\"sometimes\" is not a yes/no value");
  expect_rejected("WEFT_PLAIN_RACES", "", "WEFT_PLAIN_RACES is set but empty");
}

// Values set in code are held to the same limits, and rejected before the first
// execution, naming the field.
TEST(Options, ExploreChecksEveryFieldBeforeTheFirstExecution) {
  const struct {
    const char* says;
    void (*set)(weft::options&);
  } cases[] = {
      {"options::strategy", [](weft::options& o) { o.strategy = "bogus"; }},
      {"options::max_steps", [](weft::options& o) { o.max_steps = 0; }},
      {"options::shard_index/shard_count", [](weft::options& o) { o.shard_index = o.shard_count = 4; }},
      {"options::shard_index/shard_count", [](weft::options& o) { o.shard_count = 0; }},
      {"options::workers", [](weft::options& o) { o.workers = 0; }},
      {"options::stack_size", [](weft::options& o) { o.stack_size = 1024; }},
      {"options::stall_timeout", [](weft::options& o) { o.stall_timeout = -1; }},
      {"options::stall_timeout", [](weft::options& o) { o.stall_timeout = std::nan(""); }},
      {"options::minimize_seconds", [](weft::options& o) { o.minimize_seconds = -1; }},
      {"options::minimize_seconds",
       [](weft::options& o) { o.minimize_seconds = std::numeric_limits<double>::infinity(); }},
      {"options::iterations", [](weft::options& o) { o.iterations = 0; }},
      {"options::workers", [](weft::options& o) {
         o.strategy = "dfs";
         o.workers = 2;
       }},
      {"options::shard_index/shard_count", [](weft::options& o) {
         o.strategy = "dfs";
         o.shard_count = 2;
       }},
  };
  for (const auto& c : cases) {
    weft::options opt = options_for(10);
    c.set(opt);
    runs = 0;
    const std::string error = option_error_of([&] { weft::explore(opt, counted_body); });
    EXPECT_NE(error.find(c.says), std::string::npos) << c.says << ": " << error;
    EXPECT_EQ(runs, 0) << c.says << ": the body ran before the error";
  }
}

// WEFT_WORKERS with dfs used to fail inside each worker, whose "weft: ..." message the
// parent prefixed again.
TEST(Options, WorkersWithDfsAreOneClearErrorBeforeForking) {
  const scoped_env strategy("WEFT_STRATEGY", "dfs");
  const scoped_env workers("WEFT_WORKERS", "2");
  const scoped_env iterations("WEFT_ITERATIONS", "0");
  const std::string error = option_error_of([] { weft::explore(weft::options(), counted_body); });
  EXPECT_EQ(error.rfind("weft: WEFT_WORKERS (options::workers) is 2, but dfs is one search", 0), 0u) << error;
  EXPECT_EQ(error.find("weft: weft:"), std::string::npos) << error;
}

TEST(Options, AStrategyErrorNamesTheVariable) {
  const scoped_env strategy("WEFT_STRATEGY", "pct:depth=0");
  const std::string error = constructor_error();
  EXPECT_NE(error.find("WEFT_STRATEGY (options::strategy) \"pct:depth=0\" is not a strategy"), std::string::npos)
      << error;
}
