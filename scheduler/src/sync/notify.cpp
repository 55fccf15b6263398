#include "sync/notify.hpp"

#include "execution/execution.hpp"

namespace weft::inline sim_v1::detail {

void notify(sim_object& object, wait_queue& queue, op what, std::source_location where, bool all) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    report_foreign_use(object, all ? "notify_all" : "notify_one", where);
    return;
  }
  if (!refresh_queue(object, queue, where)) {
    ex->abort_if_stopping();
    return;
  }
  ex->point(what, target_of(&object), where);
  if (ex->stopping()) return;
  if (all) {
    ex->wake_all(queue);
  } else {
    ex->wake_one(queue);
  }
}

}  // namespace weft::inline sim_v1::detail
