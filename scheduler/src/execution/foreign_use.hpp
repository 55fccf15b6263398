// Weft objects used from OS threads that are not simulated threads.
//
// A real std::thread (or any OS thread weft did not start) that locks a weft mutex of a
// running execution is invisible to the scheduler: weft would treat it as code outside
// any exploration and let it through. The executions register here, each saying which
// generation it runs; a shim called on an OS thread without an execution asks whether its
// object belongs to one, and if so hands that execution a misuse report, which the
// execution raises at its next scheduling point.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <source_location>
#include <string>

#include <weft/detail/sim/runtime.hpp>

namespace weft::inline sim_v1::detail {

// One execution's mailbox for foreign uses. Owned by the execution; registered for its
// lifetime.
struct foreign_mailbox {
  std::atomic<std::uint64_t> generation{0};  // the execution's current run; 0 between runs
  std::atomic<bool> pending{false};          // a report waits in `message`
  std::mutex guard;                          // for `message` and `where`
  std::string message;
  std::source_location where;
};

void register_mailbox(foreign_mailbox& box);
void unregister_mailbox(foreign_mailbox& box) noexcept;

// Called on an OS thread that runs no execution, before an operation on `object`: if the
// object belongs to an execution running on another OS thread, posts a misuse report to
// it and returns true (the caller then does nothing to the object); otherwise false.
bool report_foreign_use(const sim_object& object, const char* operation, std::source_location where) noexcept;

}  // namespace weft::inline sim_v1::detail
