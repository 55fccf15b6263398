// The simulated atomics weft::atomic_ref operates on: one twin per address and execution.
#include <memory>
#include <string>

#include <weft/detail/sim/atomic_ref.hpp>

#include "execution/execution.hpp"
#include "sync/twins_by_address.hpp"

namespace weft::inline sim_v1::detail {

namespace {

struct twin {
  twin(std::size_t bytes, std::source_location where) : size(bytes), core(where) {}
  std::size_t size;  // of the atomic_refs' T
  atomic_core core;
};

twins_by_address<twin>& twins() {
  static twins_by_address<twin> table;
  return table;
}

}  // namespace

atomic_core* atomic_twin(void* object, std::size_t size, std::source_location where) {
  if (execution::current() == nullptr) return nullptr;
  twins_by_address<twin>& table = twins();
  if (twin* known = table.find(object); known != nullptr) {
    if (!known->core.holds_newest(object, known->size)) {
      // Written plainly since the last atomic operation (allowed while no atomic_ref
      // refers to it; the memory may also be another object's now): its stores so far are
      // no longer what a load may read.
      table.retire(object);
    } else if (known->size != size) {
      // Two atomics in one place, which the C++ memory model does not have: each would be
      // explored as independent of the other. (Only at one address: overlaps at an offset
      // go unseen.)
      misuse(("atomic_refs of " + std::to_string(known->size) + " and " + std::to_string(size) +
              " bytes on one object: C++ defines no order between atomics of different sizes")
                 .c_str(),
             where);
    }
  }
  return &table.get(object, [&] { return std::make_unique<twin>(size, where); }).core;
}

}  // namespace weft::inline sim_v1::detail
