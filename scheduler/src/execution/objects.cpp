// The simulated objects of an execution: registered at their first touch, marked when
// destroyed, and reported when used after that.
#include "execution/execution.hpp"
#include "report/naming.hpp"

namespace weft::inline sim_v1::detail {

std::uint32_t execution::register_object(object_kind kind, std::source_location declared,
                                         std::source_location first_used) {
  objects_.push_back({kind, declared, first_used, no_thread, {}});
  versions_.push_back(0);
  return static_cast<std::uint32_t>(objects_.size());
}

void execution::object_destroyed(std::uint32_t id) noexcept {
  if (id == 0 || id > objects_.size() || running_ >= threads_.size()) return;
  object_info& o = objects_[id - 1];
  o.destroyed_by = running_;
  o.destroyed_near = self().doing.where;
}

void execution::broken_object_used(const sim_object& object, std::source_location where) noexcept {
  std::string message;
  if (object.destroyed() && object.live() && object.id() <= objects_.size() && objects_[object.id() - 1].destroyed_by != no_thread) {
    const object_info& o = objects_[object.id() - 1];
    message = object_label(o.kind, object.id()) + " (declared at " + place_label(o.declared) + ") used by " +
              describe_thread(running_) + " at " + place_label(where) + " after " + describe_thread(o.destroyed_by) +
              " destroyed it (its last weft operation before that was at " + place_label(o.destroyed_near) +
              "): a use after destruction is undefined behaviour";
  } else {
    message = describe_thread(running_) + " used a weft object at " + place_label(where) +
              " whose memory no longer holds one: it was destroyed (in an earlier execution, or "
              "its memory was reused since), or the pointer to it dangles";
  }
  fail(failure_kind::misuse, std::move(message), where);
}

}  // namespace weft::detail
