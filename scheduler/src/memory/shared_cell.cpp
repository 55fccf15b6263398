// Data-race checks of weft::shared<T>, in the manner of FastTrack (Flanagan & Freund,
// PLDI 2009): the last write as one epoch, the reads since as one epoch per thread.
#include <weft/detail/sim/shared_core.hpp>

#include <algorithm>
#include <string>

#include "execution/execution.hpp"
#include "report/naming.hpp"

namespace weft::inline sim_v1::detail {

namespace {

// Whether the write `earlier` is the cell's construction: the one write recorded at the
// site the cell was made at (a read() or write() call is at a line and column of its own).
bool construction(const sim_object& cell, const shared_core::access& earlier) {
  return same_site(earlier.where, cell.declared());
}

void report_race(execution& ex, const sim_object& cell, const shared_core::access& earlier, bool earlier_writes,
                 bool writes, std::source_location where) {
  const thread_index me = ex.running();
  const char* earlier_did = !earlier_writes              ? " read it at "
                            : construction(cell, earlier) ? " made it (a write) at "
                                                          : " wrote it at ";
  ex.fail(failure_kind::data_race,
          "data race on " + object_label(cell.kind(), cell.id()) + ": " + thread_label(me) +
              (writes ? " writes it at " : " reads it at ") + place_label(where) + ", and " +
              thread_label(earlier.thread) + earlier_did + place_label(earlier.where) +
              "; nothing orders the two (no lock, join, channel, or release/acquire pair between them: "
              "neither happens before the other)" +
              (where.line() == 0 || earlier.where.line() == 0
                   ? std::string("; an unknown line is an access through weft::shared's operator= or conversion, "
                                 "which cannot say where it is: read() and write() can")
                   : std::string()),
          where);
}

}  // namespace

void shared_core::constructed(std::source_location where) noexcept {
  execution* ex = execution::current();  // born_in is not 0: one runs on this OS thread
  if (!ex->tracked() || ex->stopping() || ex->evaluating_invariants()) return;
  const thread_index me = ex->running();
  // The running thread was started: its clock is there (now() allocates nothing).
  last_write_ = access{me, ex->memory().now(me).tick, where};
}

execution* shared_core::enter(op what, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    // An OS thread weft did not start, while an execution that owns the cell runs: its
    // accesses are invisible to the race checks, so the execution reports them.
    report_foreign_use(object_, what == op::load ? "read" : "write", where);
    return nullptr;
  }
  if (ex->stopping() || ex->evaluating_invariants()) return nullptr;
  switch (object_.enter_execution(where)) {
    case sim_object::touch::broken:
      ex->abort_if_stopping();
      return nullptr;
    case sim_object::touch::first:
      // Made in this execution, the cell's state is its construction (constructed). Made
      // before it (outside any, or in an earlier one), what it holds is the past's.
      if (object_.born_in() != ex->generation()) {
        last_write_ = access{};
        reads_since_write_.clear();
      }
      break;
    case sim_object::touch::known:
      break;
  }
  ex->note(what, target_of(&object_), where);  // shown in reports, not a scheduling point
  if (!ex->tracked()) {
    ex->needs_tracking();
    return nullptr;
  }
  return ex;
}

bool shared_core::ordered_after(execution& ex, const access& earlier, bool earlier_writes, bool writes,
                                std::source_location where) {
  const thread_index me = ex.running();
  if (earlier.thread == no_thread || earlier.thread == me ||
      epoch{earlier.thread, earlier.tick}.happens_before(ex.memory().clock(me))) {
    return true;
  }
  report_race(ex, object_, earlier, earlier_writes, writes, where);
  ex.abort_if_stopping();
  return false;
}

void shared_core::read(std::source_location where) {
  execution* ex = enter(op::load, where);
  if (ex == nullptr || !ordered_after(*ex, last_write_, true, false, where)) return;
  const thread_index me = ex->running();
  const access now{me, ex->memory().now(me).tick, where};
  const auto mine = std::find_if(reads_since_write_.begin(), reads_since_write_.end(),
                                 [me](const access& a) { return a.thread == me; });
  if (mine == reads_since_write_.end()) {
    reads_since_write_.push_back(now);
  } else {
    *mine = now;
  }
}

void shared_core::write(std::source_location where) {
  execution* ex = enter(op::store, where);
  if (ex == nullptr || !ordered_after(*ex, last_write_, true, true, where)) return;
  for (const access& read : reads_since_write_) {
    if (!ordered_after(*ex, read, false, true, where)) return;
  }
  const thread_index me = ex->running();
  last_write_ = access{me, ex->memory().now(me).tick, where};
  reads_since_write_.clear();
}

}  // namespace weft::detail
