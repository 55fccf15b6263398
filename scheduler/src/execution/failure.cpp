// Recording failures, with a snapshot of every thread at the moment one is found.
#include "execution/execution.hpp"
#include "report/run_time_locations.hpp"

namespace weft::inline sim_v1::detail {

std::vector<thread_snapshot> execution::snapshot() const {
  std::vector<thread_snapshot> threads;
  for (thread_index i = 0; i < threads_.size(); ++i) {
    threads.push_back({i, thread_name(i), states_[i], threads_[i]->doing});
  }
  return threads;
}

void execution::fail(failure_kind kind, std::string message, std::source_location where) noexcept {
  if (failed()) return;
  resolve_run_time_locations();
  if (where.line() == 0 && running_ < threads_.size()) where = threads_[running_]->doing.where;
  fail(kind, std::move(message), source_line{where.line() == 0 ? "" : where.file_name(), where.line()});
}

void execution::fail(failure_kind kind, std::string message, source_line where) noexcept {
  if (failed()) return;  // the first failure is the one reported
  failure_.kind = kind;
  failure_.message = std::move(message);
  failure_.thread = running_;
  failure_.where = std::move(where);
  failure_.step = steps_;
  failure_.threads = snapshot();
  stop();
}

void execution::report_deadlock() {
  std::size_t blocked = 0;
  std::source_location where = self().doing.where;
  for (thread_index i = 0; i < threads_.size(); ++i) {
    if (states_[i] != thread_state::blocked) continue;
    if (blocked++ == 0 && states_[running_] != thread_state::blocked) where = threads_[i]->doing.where;
  }
  fail(failure_kind::deadlock,
       blocked == 1 ? "the only unfinished thread is blocked and nothing can wake it"
                    : "all " + std::to_string(blocked) +
                          " unfinished threads are blocked and nothing can wake any of them",
       where);
}

}  // namespace weft::detail
