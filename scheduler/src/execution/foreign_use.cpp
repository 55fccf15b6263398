#include "execution/foreign_use.hpp"

#include <algorithm>
#include <vector>

#include "report/naming.hpp"

namespace weft::inline sim_v1::detail {

namespace {

// Held while a mailbox is added, removed, or written by a foreign thread: a mailbox found
// under it outlives the write.
std::mutex& registry_guard() {
  static std::mutex guard;
  return guard;
}
std::vector<foreign_mailbox*>& mailboxes() {
  static std::vector<foreign_mailbox*> all;
  return all;
}

}  // namespace

void register_mailbox(foreign_mailbox& box) {
  const std::lock_guard hold(registry_guard());
  mailboxes().push_back(&box);
}

void unregister_mailbox(foreign_mailbox& box) noexcept {
  const std::lock_guard hold(registry_guard());
  std::erase(mailboxes(), &box);
}

bool report_foreign_use(const sim_object& object, const char* operation, std::source_location where) noexcept {
  if (!object.intact()) return false;
  const std::uint64_t of = object.generation();
  const std::uint64_t born = object.born_in();
  const std::lock_guard hold(registry_guard());
  for (foreign_mailbox* box : mailboxes()) {
    const std::uint64_t running = box->generation.load(std::memory_order_acquire);
    if (running == 0 || (running != of && running != born)) continue;
    const std::lock_guard write(box->guard);
    if (box->pending.load(std::memory_order_relaxed)) return true;  // the first one is reported
    std::string label = running == of ? object_label(object.kind(), object.id()) : std::string(kind_name(object.kind()));
    box->message = "a weft " + label + " used by an OS thread that is not a simulated thread (" + operation + " at " +
                   place_label(where) +
                   "): a real std::thread or another library's thread? weft schedules only its own threads "
                   "(weft::thread, weft::jthread), so this use is invisible to the exploration";
    box->where = where;
    box->pending.store(true, std::memory_order_release);
    return true;
  }
  return false;
}

}  // namespace weft::inline sim_v1::detail
