// Data-race checks of weft::shared<T>, in the manner of FastTrack (Flanagan & Freund,
// PLDI 2009): the last write as one epoch, the reads since as one epoch per thread.
#include <weft/detail/sim/shared_core.hpp>

#include <algorithm>
#include <string>

#include "execution/execution.hpp"
#include "report/naming.hpp"

namespace weft::inline sim_v1::detail {

namespace {

bool ordered_before(const shared_core::access& earlier, happens_before& hb, thread_index now) {
  return earlier.thread == no_thread || earlier.thread == now ||
         epoch{earlier.thread, earlier.tick}.happens_before(hb.clock(now));
}

void report_race(execution& ex, const sim_object& cell, const shared_core::access& earlier, bool earlier_writes,
                 bool writes, std::source_location where) {
  const thread_index me = ex.running();
  ex.fail(failure_kind::data_race,
          "data race on " + object_label(cell.kind(), cell.id()) + ": " + thread_label(me) +
              (writes ? " writes it at " : " reads it at ") + place_label(where) + ", and " +
              thread_label(earlier.thread) + (earlier_writes ? " wrote it at " : " read it at ") +
              place_label(earlier.where) +
              "; nothing orders the two (no lock, join, channel, or release/acquire pair between them: "
              "neither happens before the other)",
          where);
}

}  // namespace

bool shared_core::enter(std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr || ex->stopping()) return false;
  switch (object_.enter_execution(where)) {
    case sim_object::touch::broken:
      ex->abort_if_stopping();
      return false;
    case sim_object::touch::first:
      last_write_ = access{};
      reads_since_write_.clear();
      break;
    case sim_object::touch::known:
      break;
  }
  return true;
}

void shared_core::read(std::source_location where) {
  if (!enter(where)) return;
  execution& ex = *execution::current();
  ex.note(op::load, target_of(&object_), where);  // shown in reports, not a scheduling point
  if (!ex.tracked()) return ex.needs_tracking();
  const thread_index me = ex.running();
  happens_before& hb = ex.memory();
  if (!ordered_before(last_write_, hb, me)) {
    report_race(ex, object_, last_write_, true, false, where);
    ex.abort_if_stopping();
    return;
  }
  const access now{me, hb.now(me).tick, where};
  const auto mine = std::find_if(reads_since_write_.begin(), reads_since_write_.end(),
                                 [me](const access& a) { return a.thread == me; });
  if (mine == reads_since_write_.end()) {
    reads_since_write_.push_back(now);
  } else {
    *mine = now;
  }
}

void shared_core::write(std::source_location where) {
  if (!enter(where)) return;
  execution& ex = *execution::current();
  ex.note(op::store, target_of(&object_), where);
  if (!ex.tracked()) return ex.needs_tracking();
  const thread_index me = ex.running();
  happens_before& hb = ex.memory();
  if (!ordered_before(last_write_, hb, me)) {
    report_race(ex, object_, last_write_, true, true, where);
    ex.abort_if_stopping();
    return;
  }
  for (const access& read : reads_since_write_) {
    if (!ordered_before(read, hb, me)) {
      report_race(ex, object_, read, false, true, where);
      ex.abort_if_stopping();
      return;
    }
  }
  last_write_ = access{me, hb.now(me).tick, where};
  reads_since_write_.clear();
}

}  // namespace weft::detail
