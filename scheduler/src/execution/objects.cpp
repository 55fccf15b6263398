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
  versions_[id] |= destroyed_version;
  // A destruction changes the object as much as any operation does: an operation on it
  // that could come after is a use after destruction, so a search that reorders
  // conflicting operations (dfs) must try it on the far side of this one.
  if (observing_ && !stopping_) strategy_.executed(running_, pending_op{op::destroy, o.kind, id});
}

thread_index execution::standing_at(op what, target about) const noexcept {
  for (const thread_index t : enabled_) {
    const activity& d = threads_[t]->doing;
    if (t != running_ && d.what == what && d.kind == about.kind && d.object == about.id) return t;
  }
  return no_thread;
}

void execution::broken_object_used(const sim_object& object, std::source_location where) noexcept {
  if (object.destroyed() && object.live() && object.id() <= objects_.size() && objects_[object.id() - 1].destroyed_by != no_thread) {
    used_after_destruction(object.id(), where);
    return;
  }
  fail(failure_kind::misuse,
       describe_thread(running_) + " used a weft object at " + place_label(where) +
           " whose memory no longer holds one: it was destroyed (in an earlier execution, or "
           "its memory was reused since), or the pointer to it dangles",
       where);
}

void execution::used_after_destruction(std::uint32_t id, std::source_location where) noexcept {
  const object_info& o = objects_[id - 1];
  fail(failure_kind::misuse,
       object_label(o.kind, id) + " (declared at " + place_label(o.declared) + ") used by " +
           describe_thread(running_) + " at " + place_label(where) + " after " + describe_thread(o.destroyed_by) +
           " destroyed it (its last weft operation before that was at " + place_label(o.destroyed_near) +
           "): a use after destruction is undefined behaviour",
       where);
}

}  // namespace weft::detail
