// weft::atomic_ref<T> in the simulated build: atomic operations on an object the code
// owns, as std::atomic_ref's.
//
// The object's simulated state (its scheduling points, the memory model's store history,
// its waiters) is a twin the running execution keeps for the object's address from the
// first operation of any atomic_ref on it to the execution's end, so that atomic_refs
// made one after the other on the same object (a release store through one, an acquire
// load through another) see one atomic. C++ lets the object be written plainly while no
// atomic_ref refers to it: a twin whose newest store is not what the object holds then
// is begun again from what it holds. Outside an execution the operations are
// std::atomic_ref's.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <source_location>
#include <type_traits>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/atomic_core.hpp>
#include <weft/detail/sim/atomic_operations.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

// The twin of the `size` bytes at `object` in the running execution, made at the first
// operation on them (`where`, which reports give as where it was declared), or nullptr
// outside an execution. Requires that only simulated threads call it.
atomic_core* atomic_twin(void* object, std::size_t size, std::source_location where);

}  // namespace detail

template <class T>
class atomic_ref : public detail::atomic_operations<atomic_ref<T>, T> {
  using operations = detail::atomic_operations<atomic_ref<T>, T>;
  friend operations;

 public:
  static constexpr bool is_always_lock_free = std::atomic_ref<T>::is_always_lock_free;
  static constexpr std::size_t required_alignment = std::atomic_ref<T>::required_alignment;

  // Requires `object` to outlive the atomic_ref, as std does. An object not aligned to
  // required_alignment (undefined behaviour in std) is a misuse reported at `where`.
  explicit atomic_ref(T& object, detail::call_site where = {})
      : object_(std::addressof(object)) {
    if (reinterpret_cast<std::uintptr_t>(object_) % required_alignment != 0) {
      detail::misuse("weft::atomic_ref to an object not aligned to its required_alignment (undefined behaviour)",
                     where);
    }
  }
  atomic_ref(const atomic_ref&) noexcept = default;
  atomic_ref& operator=(const atomic_ref&) = delete;
  using operations::operator=;

  bool is_lock_free() const noexcept { return is_always_lock_free; }

 private:
  static constexpr bool may_be_outside = true;
  detail::atomic_access<T> access(std::source_location where) const {
    return {*object_, detail::atomic_twin(object_, sizeof(T), where)};
  }

  T* object_;
};

WEFT_END_NAMESPACE
