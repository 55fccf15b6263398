#include "sync/notify.hpp"

#include "execution/execution.hpp"

namespace weft::inline sim_v1::detail {

namespace {

void wake_all_after_point(void* queue, std::source_location) {
  execution& ex = *execution::current();
  if (!ex.stopping()) ex.wake_all(*static_cast<wait_queue*>(queue));
}

void wake_one_after_point(void* queue, std::source_location) {
  execution& ex = *execution::current();
  if (!ex.stopping()) ex.wake_one(*static_cast<wait_queue*>(queue));
}

}  // namespace

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
  // The waking is done from the point's frame (execution::point_then), this one gone.
  ex->point_then(what, target_of(&object), where, all ? &wake_all_after_point : &wake_one_after_point, &queue);
}

}  // namespace weft::inline sim_v1::detail
