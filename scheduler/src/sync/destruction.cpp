#include "sync/destruction.hpp"

#include <string>

#include "execution/execution.hpp"
#include "report/naming.hpp"

namespace weft::inline sim_v1::detail {

void drop_waiters_of_destroyed(const sim_object& object, std::initializer_list<wait_queue*> queues) noexcept {
  execution* ex = execution::current();
  if (ex == nullptr || !object.live()) return;
  for (const wait_queue* queue : queues) {
    if (ex->stopping() || queue->head == no_thread) continue;
    ex->fail(failure_kind::misuse,
             object_label(object.kind(), object.id()) + " destroyed while t" + std::to_string(queue->head) +
                 " waits on it (undefined behaviour)",
             std::source_location{});
    ex->wait_for_teardown();  // its waiters are unwound (and leave its queues) while it exists
  }
  for (wait_queue* queue : queues) ex->abandon(*queue);
}

}  // namespace weft::inline sim_v1::detail
