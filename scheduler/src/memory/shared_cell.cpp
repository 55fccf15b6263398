// Data-race checks of weft::shared<T> (memory/race_check.hpp), and the cell's making as
// its first write.
#include <weft/detail/sim/shared_core.hpp>

#include <string>

#include "execution/execution.hpp"
#include "memory/race_check.hpp"
#include "report/naming.hpp"

namespace weft::inline sim_v1::detail {

namespace {

// Whether the write `earlier` is the cell's construction: the one write recorded at the
// site the cell was made at (a read() or write() call is at a line and column of its own).
bool construction(const sim_object& cell, const shared_core::access& earlier) {
  return same_site(earlier.where, cell.declared());
}

void report_race(execution& ex, const sim_object& cell, const racing_access& race, bool writes,
                 std::source_location where) {
  ex.fail(failure_kind::data_race,
          race_message(object_label(cell.kind(), cell.id()), ex.running(), writes, where, race,
                       race.earlier_writes && construction(cell, race.earlier)) +
              (where.line() == 0 || race.earlier.where.line() == 0
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

bool shared_core::ordered_after(execution& ex, bool writes, std::source_location where) {
  const std::optional<racing_access> race =
      find_race(ex.memory(), ex.running(), writes, last_write_, reads_since_write_);
  if (!race) {
    record_access(ex.memory(), ex.running(), writes, where, last_write_, reads_since_write_);
    return true;
  }
  report_race(ex, object_, *race, writes, where);
  ex.abort_if_stopping();
  return false;
}

void shared_core::read(std::source_location where) {
  if (execution* ex = enter(op::load, where)) ordered_after(*ex, false, where);
}

void shared_core::write(std::source_location where) {
  if (execution* ex = enter(op::store, where)) ordered_after(*ex, true, where);
}

}  // namespace weft::detail
