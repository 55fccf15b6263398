// What an exploration found, in a form to print or to inspect in a test.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <weft/config.hpp>

WEFT_BEGIN_NAMESPACE

enum class failure_kind {
  none,
  assertion,        // WEFT_ASSERT or a GoogleTest assertion failed
  exception,        // an exception escaped a simulated thread
  deadlock,         // every thread blocked, nothing pending that could wake one
  livelock,         // the execution exceeded options::max_steps
  leaked_thread,    // a thread still running or never joined when the body returned
  misuse,           // a primitive used against its contract (unlock of a mutex not held, ...)
  lock_across_blocking,  // a blocking call made while holding a weft mutex (opt-in check)
  nondeterminism,   // the same schedule did not fail the same way twice
  replay_diverged,  // a replayed schedule no longer matches what the body does
  stall,            // a thread stopped reaching scheduling points (options::stall_timeout);
                    // printed by the watchdog, which then ends the process
  data_race,        // two accesses to a weft::shared cell, one a write, not ordered by
                    // happens-before
  leaked_task,      // a spawned task still pending when the body returned
  lock_across_await,  // a co_await in a weft::task while holding a weft mutex
};

std::string_view to_string(failure_kind kind) noexcept;
// Writes to_string(kind): `std::cout << r.kind()`, and GoogleTest's messages name the kind.
std::ostream& operator<<(std::ostream& out, failure_kind kind);

// Where in the user's code something happened.
struct source_line {
  std::string file;
  unsigned line = 0;
  bool known() const noexcept { return line != 0; }
};

// One step of the failing execution, in order.
struct trace_event {
  std::uint64_t step = 0;
  std::int64_t virtual_ns = 0;  // virtual time when it happened
  std::uint32_t thread = 0;
  std::string thread_name;
  std::string operation;  // "lock", "load", "join", ...
  std::string object;     // "mutex#1", "thread t2", or empty
  source_line where;
  // For an atomic load that read an older store than the newest (the C++ memory model
  // allows it): "read 0 (stored by t2 at deque.hpp:40) while 1 (stored by t1 at
  // deque.hpp:57) was already in atomic#2's modification order"; empty otherwise.
  std::string explanation;
  // The number (from 1) of the event whose store it read; 0 for the atomic's initial value.
  std::uint64_t reads_from_event = 0;
  // This event's number (from 1) in the execution's trace.
  std::uint64_t number = 0;
};

// A simulated thread at the moment the failure was found.
struct thread_state {
  std::uint32_t id = 0;
  std::string name;
  std::string state;      // "runnable", "blocked", "finished"
  std::string operation;  // what it was doing or waiting in
  std::string detail;     // "mutex#1 held by t2 (bob)", ...
  source_line where;
  // For a blocked thread: the virtual time (ns) at which its wait times out, or -1 when it
  // waits without a timeout.
  std::int64_t timeout_at = -1;
};

// A simulated object the failing execution touched, and where the user declared it.
struct object_declaration {
  std::string label;  // "mutex#1", as threads and events name it
  source_line declared;
  // Constructed inside the standard library (std::make_shared, a container's emplace):
  // `declared` is then the object's first use in the trace, the closest line of the
  // user's that weft knows (or unknown if the trace never uses it).
  bool made_by_library = false;
  // Its first operation in the trace (unknown if none). Reports show it when `declared`
  // does not tell the object apart: class members are all declared at the enclosing
  // constructor's call, objects made in a loop at the loop's line.
  source_line first_used;
};

class report {
 public:
  bool failed() const noexcept { return kind_ != failure_kind::none; }
  failure_kind kind() const noexcept { return kind_; }
  const std::string& message() const noexcept { return message_; }
  // Where the failure happened (the failed assertion, the blocked operation, ...).
  const source_line& location() const noexcept { return location_; }
  std::uint64_t executions() const noexcept { return executions_; }
  const std::string& replay_token() const noexcept { return replay_token_; }
  const std::string& strategy() const noexcept { return strategy_; }
  std::uint64_t seed() const noexcept { return seed_; }
  const std::vector<thread_state>& threads() const noexcept { return threads_; }
  // The failing execution's last events, as many as it prints (options::report_events):
  // a report keeps what it shows, not a long run's whole trace. The timelines
  // (options::trace_dir) are written from the whole trace.
  const std::vector<trace_event>& trace() const noexcept { return trace_; }
  // How many events the failing execution had, and the number (from 1) of trace()[0].
  std::uint64_t total_events() const noexcept { return total_events_; }
  std::uint64_t first_event_number() const noexcept { return first_event_number_; }
  // Everything the exploration injected into the failing execution (cancellations,
  // buggify failures, timeouts fired early), wherever it happened.
  const std::vector<trace_event>& injected() const noexcept { return injected_; }
  // Every load of the failing execution that read an older store than the newest,
  // wherever it happened, with its explanation: the weak behaviour behind the failure.
  const std::vector<trace_event>& stale_reads() const noexcept { return stale_reads_; }
  std::uint64_t steps() const noexcept { return steps_; }
  // True when an exhaustive strategy (dfs) ran out of schedules: every schedule of the
  // body, up to the order of independent operations, was checked.
  // False after a bounded search (dfs:preemptions=N) that needed more preemptions.
  bool complete() const noexcept { return complete_; }
  // True when a bounded search ran out of the schedules within its bound and left out
  // some past it.
  bool bound_reached() const noexcept { return bound_reached_; }
  // The size of the failing schedule as found and as reported after minimization: how
  // many choices differ from the default (keep running the current thread), and steps.
  std::size_t found_deviations() const noexcept { return found_deviations_; }
  std::uint64_t found_steps() const noexcept { return found_steps_; }
  std::size_t deviations() const noexcept { return deviations_; }
  // How many of the executions made different choices from all the others: tells a
  // thorough exploration from one that ran the same schedule many times.
  std::size_t distinct_schedules() const noexcept { return distinct_schedules_; }
  // Whether distinct_schedules() is an estimate: past 65,536 distinct schedules an
  // exploration stops keeping each one and estimates the count (within about 2%), so
  // its memory stays the same however long it runs.
  bool distinct_schedules_estimated() const noexcept { return distinct_schedules_estimated_; }
  // The index of the failing execution in the whole run (seeds derive from it).
  std::uint64_t failing_index() const noexcept { return failing_index_; }
  // Steps per execution over the exploration.
  std::uint64_t min_steps() const noexcept { return min_steps_; }
  std::uint64_t median_steps() const noexcept { return median_steps_; }
  std::uint64_t max_steps() const noexcept { return max_steps_; }
  // The timeline files written for this failure (options::trace_dir), if any.
  const std::vector<std::string>& trace_files() const noexcept { return trace_files_; }
  // What the reader should know besides the failure, e.g. that its timeline could not
  // be written into options::trace_dir; printed under the report.
  const std::vector<std::string>& notes() const noexcept { return notes_; }
  // Which variable each "mutex#N" / "atomic#N" of the report is.
  const std::vector<object_declaration>& objects() const noexcept { return objects_; }

  // How to replay, printed under the report; WEFT_TEST sets a full command line.
  void set_replay_command(std::string command) { replay_command_ = std::move(command); }
  const std::string& replay_command() const noexcept { return replay_command_; }

  // Kind, message, threads and what each waits on, the last events with source lines,
  // and the replay command.
  friend std::ostream& operator<<(std::ostream& out, const report& r);

 private:
  friend struct report_builder;
  failure_kind kind_ = failure_kind::none;
  std::string message_;
  source_line location_;
  std::uint64_t executions_ = 0;
  std::uint64_t seed_ = 0;
  std::uint64_t steps_ = 0;
  std::string strategy_;
  std::string replay_token_;
  std::string replay_command_;
  std::vector<thread_state> threads_;
  std::vector<trace_event> trace_;
  std::uint64_t total_events_ = 0;
  std::uint64_t first_event_number_ = 1;
  std::vector<trace_event> injected_;
  std::vector<trace_event> stale_reads_;
  std::vector<object_declaration> objects_;
  std::size_t shown_events_ = 40;
  bool complete_ = false;
  bool bound_reached_ = false;
  std::size_t found_deviations_ = 0;
  std::uint64_t found_steps_ = 0;
  std::size_t deviations_ = 0;
  std::size_t distinct_schedules_ = 0;
  bool distinct_schedules_estimated_ = false;
  std::uint64_t failing_index_ = 0;
  std::uint64_t min_steps_ = 0;
  std::uint64_t median_steps_ = 0;
  std::uint64_t max_steps_ = 0;
  std::vector<std::string> trace_files_;
  std::vector<std::string> notes_;
};

WEFT_END_NAMESPACE
