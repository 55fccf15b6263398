// The simulated atomics weft::atomic_ref operates on: one twin per address and execution.
#include <memory>

#include <weft/detail/sim/atomic_ref.hpp>

#include "execution/execution.hpp"
#include "sync/twins_by_address.hpp"

namespace weft::inline sim_v1::detail {

namespace {

twins_by_address<atomic_core>& twins() {
  static twins_by_address<atomic_core> table;
  return table;
}

}  // namespace

atomic_core* atomic_twin(void* object, std::size_t size, std::source_location where) {
  if (execution::current() == nullptr) return nullptr;
  twins_by_address<atomic_core>& table = twins();
  // Written plainly since the last atomic operation (allowed while no atomic_ref refers to
  // it; the memory may also be another object's now): its stores so far are no longer what
  // a load may read.
  if (atomic_core* twin = table.find(object); twin != nullptr && !twin->holds_newest(object, size)) {
    table.retire(object);
  }
  return &table.get(object, [&] { return std::make_unique<atomic_core>(where); });
}

}  // namespace weft::inline sim_v1::detail
