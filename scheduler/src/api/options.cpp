// weft::options defaults and the WEFT_* environment variables that override them.
#include <charconv>
#include <string>
#include <string_view>

#include <weft/errors.hpp>
#include <weft/options.hpp>

#include "api/environment.hpp"
#include "api/settings_check.hpp"

WEFT_BEGIN_NAMESPACE

namespace {

using namespace detail;

// WEFT_SHARD=i/n into (shard_index, shard_count); whether i < n is check_values' job.
void shard_from_env(std::uint64_t& index, std::uint64_t& count) {
  const auto text = env_text("WEFT_SHARD");
  if (!text) return;
  const auto slash = text->find('/');
  const auto parse = [](std::string_view part, std::uint64_t& into) {
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), into);
    return error == std::errc{} && end == part.data() + part.size() && !part.empty();
  };
  if (slash == std::string::npos || !parse(std::string_view(*text).substr(0, slash), index) ||
      !parse(std::string_view(*text).substr(slash + 1), count)) {
    throw option_error("weft: WEFT_SHARD=\"" + *text +
                       "\" is not i/n with 0 <= i < n (for example WEFT_SHARD=0/4 ... WEFT_SHARD=3/4)");
  }
}

// WEFT_MEMORY_MODEL=c11|sc.
void memory_model_from_env(memory_model& into) {
  const auto text = env_text("WEFT_MEMORY_MODEL");
  if (!text) return;
  if (*text == "c11") {
    into = memory_model::c11;
  } else if (*text == "sc") {
    into = memory_model::sc;
  } else {
    throw option_error("weft: WEFT_MEMORY_MODEL=\"" + *text +
                       "\" is not a memory model weft knows: use c11 (the C++ model, the default) or sc "
                       "(every load reads the latest store)");
  }
}

// WEFT_THREADS=automatic|fibers|os_threads.
void threads_from_env(thread_backend& into) {
  const auto text = env_text("WEFT_THREADS");
  if (!text) return;
  if (*text == "automatic") {
    into = thread_backend::automatic;
  } else if (*text == "fibers") {
    into = thread_backend::fibers;
  } else if (*text == "os_threads") {
    into = thread_backend::os_threads;
  } else {
    throw option_error("weft: WEFT_THREADS=\"" + *text +
                       "\" is not a way weft runs threads: use automatic (the default), fibers or os_threads");
  }
}

// WEFT_PLAIN_ACCESSES=unlocked|all|off, read by weft::interpose where it reaches
// instrumented code's plain accesses (no field: interposition reads it once per process);
// checked here so that a typo is the same option_error as every other variable's, before
// the first execution, instead of a misuse reported at the first access.
void check_plain_accesses_env() {
  const auto text = env_text("WEFT_PLAIN_ACCESSES");
  if (!text || plain_accesses_named(*text)) return;
  throw option_error("weft: WEFT_PLAIN_ACCESSES=\"" + *text +
                     "\" is not a choice of instrumented plain accesses: use unlocked (the default, accesses made "
                     "holding no lock are scheduling points), all or off");
}

}  // namespace

options::options() { apply_environment(); }

options& options::apply_environment() {
  check_no_unknown_variables();
  strategy = env_text("WEFT_STRATEGY").value_or(strategy);
  iterations = env_count("WEFT_ITERATIONS", "1000").value_or(iterations);
  seed = env_count("WEFT_SEED", "42").value_or(seed);
  max_steps = env_count("WEFT_MAX_STEPS", "100000").value_or(max_steps);
  check_lock_across_blocking = env_flag("WEFT_CHECK_LOCK_ACROSS_BLOCKING").value_or(check_lock_across_blocking);
  max_cancellations = env_count("WEFT_CANCELLATIONS", "1").value_or(max_cancellations);
  cancel_tasks = env_flag("WEFT_CANCEL_TASKS").value_or(cancel_tasks);
  check_lock_across_await = env_flag("WEFT_CHECK_LOCK_ACROSS_AWAIT").value_or(check_lock_across_await);
  buggify = env_flag("WEFT_BUGGIFY").value_or(buggify);
  workers = env_count("WEFT_WORKERS", "4").value_or(workers);
  quiet = env_flag("WEFT_QUIET").value_or(quiet);
  stats = env_flag("WEFT_STATS").value_or(stats);
  trace_dir = env_text("WEFT_TRACE_DIR").value_or(trace_dir);
  shard_from_env(shard_index, shard_count);
  stack_size = env_bytes("WEFT_STACK_SIZE").value_or(stack_size);
  max_stack_mappings = env_count("WEFT_STACK_MAPPINGS", "40000").value_or(max_stack_mappings);
  stall_timeout = env_seconds("WEFT_STALL_TIMEOUT").value_or(stall_timeout);
  memory_model_from_env(memory_model);
  store_history = env_count("WEFT_STORE_HISTORY", "8").value_or(store_history);
  threads_from_env(threads);
  check_plain_accesses_env();
  // WEFT_PLAIN_RACES, weft::interpose's as WEFT_PLAIN_ACCESSES is: checked, not kept.
  static_cast<void>(env_flag("WEFT_PLAIN_RACES"));
  check_values(*this);
  return *this;
}

WEFT_END_NAMESPACE
