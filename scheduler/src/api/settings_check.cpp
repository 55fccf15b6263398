#include "api/settings_check.hpp"

#include <cmath>
#include <string>
#include <thread>

#include <weft/errors.hpp>

#include "api/timelines.hpp"
#include "memory/store_history.hpp"
#include "strategy/strategy.hpp"

namespace weft::inline sim_v1::detail {

namespace {

[[noreturn]] void bad(const char* setting, const std::string& why) {
  throw option_error(std::string("weft: ") + setting + " " + why);
}

// "0.5" rather than std::to_string's "0.500000".
std::string seconds_text(double seconds) {
  std::string text = std::to_string(seconds);
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

void check_seconds(const char* setting, double seconds, const char* zero_means) {
  if (!std::isfinite(seconds) || seconds < 0 || seconds > max_seconds) {
    bad(setting, "is " + seconds_text(seconds) + "; it must be a number of seconds from 0 (" + zero_means + ") to " +
                     seconds_text(max_seconds) + " (a day)");
  }
}

}  // namespace

std::uint64_t max_workers() noexcept {
  // Asked once: std::thread::hardware_concurrency() asks the kernel at each call, and
  // every explore() checks its options.
  static const std::uint64_t cores = std::thread::hardware_concurrency();
  return cores > 1 ? 4 * cores : 4;
}

namespace {

// check_values but the strategy spec, which the callers check by making the strategy.
void check_values_but_strategy(const options& opt) {
  if (opt.max_steps == 0) bad("WEFT_MAX_STEPS (options::max_steps)", "is 0; an execution needs at least 1 step");
  if (opt.shard_count == 0 || opt.shard_index >= opt.shard_count) {
    bad("WEFT_SHARD (options::shard_index/shard_count)",
        "is " + std::to_string(opt.shard_index) + "/" + std::to_string(opt.shard_count) +
            "; it must be i/n with 0 <= i < n (for example WEFT_SHARD=0/4 ... WEFT_SHARD=3/4)");
  }
  if (opt.workers == 0 || opt.workers > max_workers()) {
    bad("WEFT_WORKERS (options::workers)",
        "is " + std::to_string(opt.workers) + "; it must be from 1 to " + std::to_string(max_workers()) +
            ", four worker processes per hardware thread of this machine (" +
            std::to_string(std::thread::hardware_concurrency()) +
            "): more only take turns on the same cores, and a larger count is most likely a typo");
  }
  if (opt.stack_size < min_stack_size || opt.stack_size > max_stack_size) {
    bad("WEFT_STACK_SIZE (options::stack_size)",
        "is " + std::to_string(opt.stack_size) + " bytes; it must be from 64K (" + std::to_string(min_stack_size) +
            ") to 1G (" + std::to_string(max_stack_size) + ")");
  }
  if (opt.max_stack_mappings != 0 && opt.max_stack_mappings < min_stack_mappings) {
    bad("WEFT_STACK_MAPPINGS (options::max_stack_mappings)",
        "is " + std::to_string(opt.max_stack_mappings) + "; it must be 0 (half of vm.max_map_count) or at least " +
            std::to_string(min_stack_mappings));
  }
  check_seconds("WEFT_STALL_TIMEOUT (options::stall_timeout)", opt.stall_timeout, "no stall check");
  check_seconds("options::minimize_seconds", opt.minimize_seconds, "no minimizing");
  if (opt.memory_model != memory_model::c11 && opt.memory_model != memory_model::sc) {
    bad("WEFT_MEMORY_MODEL (options::memory_model)",
        "is " + std::to_string(static_cast<int>(opt.memory_model)) +
            ", which is neither memory_model::c11 nor memory_model::sc");
  }
  if (opt.threads != thread_backend::automatic && opt.threads != thread_backend::fibers &&
      opt.threads != thread_backend::os_threads) {
    bad("WEFT_THREADS (options::threads)",
        "is " + std::to_string(static_cast<int>(opt.threads)) + ", which is not a thread_backend");
  }
  if (opt.store_history < 1 || opt.store_history > max_store_history) {
    bad("WEFT_STORE_HISTORY (options::store_history)",
        "is " + std::to_string(opt.store_history) + "; it must be from 1 (every load reads the latest store) to " +
            std::to_string(max_store_history));
  }
}

}  // namespace

void check_values(const options& opt) {
  make_strategy(opt.strategy, opt.seed);
  check_values_but_strategy(opt);
}

void check_exploration(const options& opt) {
  const auto chooser = make_strategy(opt.strategy, opt.seed);
  check_values_but_strategy(opt);
  if (opt.iterations == 0 && !chooser->exhaustive()) {
    bad("WEFT_ITERATIONS (options::iterations)",
        "is 0, which asks to run until " + chooser->describe() +
            " has nothing left to explore; that never happens for it, so give a count");
  }
  if (chooser->exhaustive() && opt.workers > 1) {
    bad("WEFT_WORKERS (options::workers)", "is " + std::to_string(opt.workers) + ", but " + chooser->describe() +
                                               " is one search and cannot be split into workers; use 1");
  }
  if (chooser->exhaustive() && opt.shard_count > 1) {
    bad("WEFT_SHARD (options::shard_index/shard_count)",
        "splits the run into " + std::to_string(opt.shard_count) + " shards, but " + chooser->describe() +
            " is one search and cannot be split; use 0/1");
  }
  check_trace_dir(opt.trace_dir);
}

}  // namespace weft::detail
