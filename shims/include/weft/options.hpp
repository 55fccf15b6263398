// Settings of one exploration.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <weft/config.hpp>

WEFT_BEGIN_NAMESPACE

// What a load of a weft::atomic may return (options::memory_model).
enum class memory_model : unsigned char {
  // The C++20 model: a load may read any store that coherence, happens-before and the
  // seq_cst order allow, not only the latest, so relaxed and acquire/release code shows
  // the stale values it can see on real hardware. Code that uses only seq_cst sees
  // sequential consistency either way. A compare_exchange_weak may fail spuriously.
  c11,
  // Every load reads the latest store, whatever its order, and compare_exchange_weak
  // fails only when the values differ: faster, and for code written to assume it.
  // Orders still decide happens-before, which weft::shared<T>'s race checks use.
  sc,
};

// What runs the simulated threads (options::threads).
enum class thread_backend : unsigned char {
  // os_threads in a binary linked with weft::interpose (code not written for weft),
  // fibers otherwise.
  automatic,
  // Fibers on the exploring OS thread: the fastest; every simulated thread shares that
  // thread's thread_locals, errno and pthread_self.
  fibers,
  // One real OS thread per simulated thread, exactly one running at a time: thread_local,
  // errno, pthread_self and std::this_thread::get_id are per simulated thread, at the
  // cost of a kernel handoff per switch.
  os_threads,
};

struct options {
  // Defaults, overridden by WEFT_STRATEGY, WEFT_ITERATIONS, WEFT_SEED, WEFT_MAX_STEPS,
  // WEFT_CHECK_LOCK_ACROSS_BLOCKING, WEFT_CANCELLATIONS, WEFT_BUGGIFY, WEFT_SHARD,
  // WEFT_WORKERS, WEFT_QUIET, WEFT_STATS, WEFT_TRACE_DIR, WEFT_STACK_SIZE,
  // WEFT_STACK_MAPPINGS, WEFT_STALL_TIMEOUT, WEFT_MEMORY_MODEL, WEFT_STORE_HISTORY and
  // WEFT_THREADS when set. Throws weft::option_error naming the variable for a bad value, a value out of
  // range, or a variable that is set but empty (unset it for the default); so does a bad
  // WEFT_PLAIN_ACCESSES or WEFT_PLAIN_RACES, which have no field (weft::interpose reads
  // them, README).
  options();
  // The defaults alone, for code that sets fields and then lets the environment have the
  // last word (WEFT_TEST's per-test settings): options(options::defaults_only), set the
  // fields, then apply_environment().
  struct defaults_only_t {};
  static constexpr defaults_only_t defaults_only{};
  explicit options(defaults_only_t) noexcept {}
  // Overrides every field whose WEFT_* variable is set, then checks every field. Throws
  // weft::option_error as the constructor does.
  options& apply_environment();

  // Every field below is checked again by explore() before its first execution, so a
  // value set in code out of range is the same option_error, naming the field.

  // "random" | "pct" | "pct:depth=N" | "pos" | "surw" | "feedback" | "portfolio" |
  // "portfolio:random=N,pct=N,pos=N,surw=N" | "dfs" | "dfs:preemptions=N" (README,
  // "Strategies"). A bad spec is an option_error listing the known strategies.
  std::string strategy = "portfolio";
  // Executions to run; 0 runs until the strategy has nothing left to explore (dfs only).
  std::uint64_t iterations = 1000;
  // The first seed; execution i derives its own from (seed, i).
  std::uint64_t seed = 1;
  // Scheduling points one execution may take, and threads it may start (spawns and joins
  // are not points); more of either is reported as a livelock.
  std::uint64_t max_steps = 100000;
  // Let the strategy wake condition-variable waiters without a notify, as the standard
  // allows; finds waits that are not in a predicate loop.
  bool spurious_wakeups = true;
  // Let the strategy fire a pending timeout before its deadline, as on a slow machine
  // where the reply arrives late: finds code that assumes "the reply always comes
  // before the timeout". Sleeps are never cut short.
  bool early_timeouts = true;
  // Report a thread that makes a blocking call (channel send/recv, sleep, join,
  // semaphore acquire, latch/barrier wait, a condition-variable wait with another mutex
  // held) while holding a weft mutex, with both lines. WEFT_CHECK_LOCK_ACROSS_BLOCKING=1.
  bool check_lock_across_blocking = false;
  // How many cancellations one execution may inject: request_stop() on a stop source
  // registered with weft::cancellable() (and on every jthread's, with cancel_jthreads),
  // at a scheduling point the strategy picks. 0 never injects. WEFT_CANCELLATIONS.
  std::uint64_t max_cancellations = 1;
  bool cancel_jthreads = false;
  // The same for the stop source of every task weft::spawn starts (a cancellation at any
  // co_await of any task). WEFT_CANCEL_TASKS=1.
  bool cancel_tasks = false;
  // Report a co_await in a weft::task made while the task holds a weft mutex (the thread
  // kind), with both lines: on a real executor the task may resume on another thread,
  // and while it is suspended its thread runs tasks that may need the same mutex. On by
  // default (the first rule of async code); WEFT_CHECK_LOCK_ACROSS_AWAIT=0 turns it off.
  bool check_lock_across_await = true;
  // Let weft::buggify() call sites fail (each at most once per execution). WEFT_BUGGIFY.
  bool buggify = true;
  // Replay the first execution and every failing one, and compare event by event: a body
  // that depends on real threads, real time or unseeded randomness is reported as
  // nondeterministic (naming the first event that differed) instead of yielding a token
  // that does not replay. (Off, a failing execution other than the first is still run
  // once more when it had more events than it kept, to show them all: the executions
  // that pass keep only their latest; if that run differs, the failure is reported as
  // found, with the events it kept.)
  bool check_determinism = true;
  // This process runs only executions i with i % shard_count == shard_index (of the
  // `iterations` the whole run would do), so shards on different machines split one
  // exploration disjointly. WEFT_SHARD=i/n (0 <= i < n).
  std::uint64_t shard_index = 0;
  std::uint64_t shard_count = 1;
  // Explore in this many forked worker processes, each taking a disjoint part of this
  // process's share; all stop at the first failure. WEFT_WORKERS. At most four per
  // hardware thread (and at least 4 are allowed); not with dfs, which is one search.
  std::uint64_t workers = 1;
  // No progress line on stderr (it is shown only on a terminal anyway). WEFT_QUIET=1.
  bool quiet = false;
  // WEFT_TEST prints the statistics of an exploration that found nothing too (executions,
  // distinct schedules, steps per execution). WEFT_STATS=1.
  bool stats = false;
  // Time allowed for shrinking a failing schedule (fewer deviations from the default
  // schedule, then fewer steps) before it is reported; 0 reports it as found.
  double minimize_seconds = 2.0;
  // Where to write each failure's timeline (name-kind.json for Perfetto / chrome://tracing
  // and name-kind.html); empty writes none. WEFT_TRACE_DIR. WEFT_TEST names files after
  // the test. explore() creates it if missing and checks that it takes a file before it
  // explores; a timeline that still cannot be written after a failure is found is a note
  // in the report, which keeps its message and replay token.
  std::string trace_dir;
  std::string trace_name = "weft";
  // How many of the failing execution's last events a report shows.
  std::size_t report_events = 40;
  // Stack of each simulated thread in bytes (pooled; only touched pages cost memory), from
  // 64 KiB to 1 GiB. WEFT_STACK_SIZE, with an optional K, M or G suffix: 4M.
  std::size_t stack_size = std::size_t{1} << 20;
  // How many kernel memory mappings the fiber stacks of this process may take; 0 means
  // half of vm.max_map_count (65530 by default), leaving the rest to the program. A
  // stack with a guard region below it takes 2 mappings, so past 7/8 of this budget
  // (about 14,000 threads by default) stacks are carved 64 at a time out of larger
  // mappings, each checked for overflow by a red zone below it instead, at a system call
  // per switch (see fiber/stack_pool.hpp); 100,000 live threads fit.
  // Running out is a weft::resource_error naming the limit, never a crash. From 4 (one
  // guarded stack and one block of 64) up. WEFT_STACK_MAPPINGS.
  std::size_t max_stack_mappings = 0;
  // Wall-clock seconds an execution may go without reaching a scheduling point before it
  // is reported as a stall: a thread blocked in something weft does not simulate (a
  // std::mutex, std::future::get, I/O) or looping without a weft operation. The report
  // names the thread and its last weft operation and gives the replay token; the process
  // then exits with status 124 (the thread cannot be unwound). 0 turns the watchdog off;
  // at most a day. WEFT_STALL_TIMEOUT=30 or 0.5.
  double stall_timeout = 10.0;
  // WEFT_MEMORY_MODEL=c11 or sc (see memory_model).
  weft::memory_model memory_model = weft::memory_model::c11;
  // How many of its latest stores each atomic keeps for loads to read, from 1 (every
  // load reads the latest store) to 64. More finds staler reads and costs more per store.
  // WEFT_STORE_HISTORY.
  std::size_t store_history = 8;
  // WEFT_THREADS=automatic, fibers or os_threads (see thread_backend). An OS thread's stack
  // is at least the 8 MiB a program's threads usually get.
  weft::thread_backend threads = weft::thread_backend::automatic;
};

WEFT_END_NAMESPACE
