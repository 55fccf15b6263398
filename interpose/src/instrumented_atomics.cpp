// Atomic operations of code compiled with -fsanitize=thread (and linked without libtsan):
// the compiler turns each std::atomic operation into a call of a __tsan_atomicN_* entry
// point, defined here. Inside an execution each is a weft atomic operation on the
// address (a scheduling point, with the memory model's choice of which store a load
// reads); outside one it is done as the plain atomic it stands for.
#include <atomic>
#include <cstdint>

#include <weft/detail/sim/atomic.hpp>
#include <weft/detail/sim/atomic_core.hpp>

#include "intercepted_call.hpp"
#include "sync/twins_by_address.hpp"

namespace weft::inline sim_v1::detail::interpose {

namespace {

twins_by_address<atomic_core> atomics;

// The tsan ABI passes the C++ memory orders by their values (relaxed 0 ... seq_cst 5);
// g++ may add hardware-lock-elision flags above the low byte.
std::memory_order order_of(int tsan_order) noexcept {
  const int order = tsan_order & 0xff;
  return order <= 5 ? static_cast<std::memory_order>(order) : std::memory_order_seq_cst;
}

// The value, read or written by the one running simulated thread (a relaxed access is
// enough; 16 bytes, which no x86-64 instruction loads atomically without cmpxchg16b, are
// copied).
template <class T>
T read(const volatile T* address) noexcept {
  if constexpr (sizeof(T) <= sizeof(std::uint64_t)) {
    return __atomic_load_n(address, __ATOMIC_RELAXED);
  } else {
    return *address;
  }
}
template <class T>
void write(volatile T* address, T value) noexcept {
  if constexpr (sizeof(T) <= sizeof(std::uint64_t)) {
    __atomic_store_n(address, value, __ATOMIC_RELAXED);
  } else {
    *address = value;
  }
}

// Outside an execution, the operation as a real atomic one: 16-byte ones under a lock.
std::atomic_flag wide_lock;
template <class T, class Operation>
auto outside(Operation operation) {
  if constexpr (sizeof(T) <= sizeof(std::uint64_t)) {
    return operation();
  } else {
    while (wide_lock.test_and_set(std::memory_order_acquire)) {
    }
    struct release {
      ~release() { wide_lock.clear(std::memory_order_release); }
    } unlock;
    return operation();
  }
}

atomic_core& twin_of(const volatile void* address, std::source_location where) {
  return atomics.get(const_cast<const void*>(address), [&] { return std::make_unique<atomic_core>(where); });
}

template <class T>
T load(const volatile T* address, int order, const void* return_address) {
  const auto call = intercepted_call(return_address);
  if (!call) return outside<T>([&] { return read(address); });
  atomic_core& twin = twin_of(address, *call);
  twin.before(op::load, *call);
  T value = read(address);
  twin.load(&value, sizeof(T), order_of(order), *call, &value_text<T>);
  return value;
}

template <class T>
void store(volatile T* address, T desired, int order, const void* return_address) {
  const auto call = intercepted_call(return_address);
  if (!call) return outside<T>([&] { write(address, desired); });
  atomic_core& twin = twin_of(address, *call);
  twin.before(op::store, *call);
  const T current = read(address);
  if (twin.store(&current, &desired, sizeof(T), order_of(order), *call)) write(address, desired);
}

// A read-modify-write computing the new value from the old with `change`; returns the old.
template <class T, class Change>
T modify(volatile T* address, int order, op what, const void* return_address, Change change) {
  const auto call = intercepted_call(return_address);
  if (!call) {
    return outside<T>([&] {
      if constexpr (sizeof(T) <= sizeof(std::uint64_t)) {
        T old = __atomic_load_n(address, __ATOMIC_SEQ_CST);
        while (!__atomic_compare_exchange_n(address, &old, change(old), false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        }
        return old;
      } else {
        const T old = read(address);
        write(address, change(old));
        return old;
      }
    });
  }
  atomic_core& twin = twin_of(address, *call);
  twin.before(what, *call);
  const T old = read(address);
  const T desired = change(old);
  twin.modify(&old, &desired, sizeof(T), order_of(order), *call);
  write(address, desired);
  // A read-modify-write that leaves the value as it was (an exchange of what it held: a
  // test_and_set that finds it set; a fetch_or of bits already set) is a failed try.
  attempted(!(old == desired));
  return old;
}

// compare_exchange: true and `desired` stored if the atomic held *expected; else false and
// *expected updated to what it held. A `weak` one may also fail when it held *expected
// (atomic_core::fails_spuriously), as the compiled program's own may on ARM.
template <class T>
bool compare_exchange(volatile T* address, T* expected, T desired, int order, int failure_order, bool weak,
                      const void* return_address) {
  const auto call = intercepted_call(return_address);
  if (!call) {
    return outside<T>([&] {
      if constexpr (sizeof(T) <= sizeof(std::uint64_t)) {
        return __atomic_compare_exchange_n(address, expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
      } else {
        const T old = read(address);
        if (old == *expected) write(address, desired);
        const bool equal = old == *expected;
        *expected = old;
        return equal;
      }
    });
  }
  atomic_core& twin = twin_of(address, *call);
  twin.before(op::compare_exchange, *call);
  const T old = read(address);
  const bool exchanged = old == *expected && !(weak && twin.fails_spuriously(*call));
  attempted(exchanged);
  if (exchanged) {
    twin.modify(&old, &desired, sizeof(T), order_of(order), *call);
    write(address, desired);
    return true;
  }
  twin.load_newest(&old, sizeof(T), order_of(failure_order));
  *expected = old;
  return false;
}

}  // namespace

}  // namespace weft::detail::interpose

using namespace weft::detail;
using namespace weft::detail::interpose;

#define WEFT_RETURN_ADDRESS __builtin_return_address(0)

// The entry points of one size: T is its integer type, N its width in bits.
#define WEFT_TSAN_ATOMICS(T, N)                                                                                     \
  extern "C" T __tsan_atomic##N##_load(const volatile T* a, int mo) { return load(a, mo, WEFT_RETURN_ADDRESS); }    \
  extern "C" void __tsan_atomic##N##_store(volatile T* a, T v, int mo) { store(a, v, mo, WEFT_RETURN_ADDRESS); }    \
  extern "C" T __tsan_atomic##N##_exchange(volatile T* a, T v, int mo) {                                          \
    return modify(a, mo, op::exchange, WEFT_RETURN_ADDRESS, [v](T) { return v; });                               \
  }                                                                                                               \
  extern "C" T __tsan_atomic##N##_fetch_add(volatile T* a, T v, int mo) {                                         \
    return modify(a, mo, op::fetch_modify, WEFT_RETURN_ADDRESS, [v](T old) { return static_cast<T>(old + v); }); \
  }                                                                                                               \
  extern "C" T __tsan_atomic##N##_fetch_sub(volatile T* a, T v, int mo) {                                         \
    return modify(a, mo, op::fetch_modify, WEFT_RETURN_ADDRESS, [v](T old) { return static_cast<T>(old - v); }); \
  }                                                                                                               \
  extern "C" T __tsan_atomic##N##_fetch_and(volatile T* a, T v, int mo) {                                         \
    return modify(a, mo, op::fetch_modify, WEFT_RETURN_ADDRESS, [v](T old) { return static_cast<T>(old & v); }); \
  }                                                                                                               \
  extern "C" T __tsan_atomic##N##_fetch_or(volatile T* a, T v, int mo) {                                          \
    return modify(a, mo, op::fetch_modify, WEFT_RETURN_ADDRESS, [v](T old) { return static_cast<T>(old | v); }); \
  }                                                                                                               \
  extern "C" T __tsan_atomic##N##_fetch_xor(volatile T* a, T v, int mo) {                                         \
    return modify(a, mo, op::fetch_modify, WEFT_RETURN_ADDRESS, [v](T old) { return static_cast<T>(old ^ v); }); \
  }                                                                                                               \
  extern "C" T __tsan_atomic##N##_fetch_nand(volatile T* a, T v, int mo) {                                        \
    return modify(a, mo, op::fetch_modify, WEFT_RETURN_ADDRESS, [v](T old) { return static_cast<T>(~(old & v)); }); \
  }                                                                                                               \
  extern "C" int __tsan_atomic##N##_compare_exchange_strong(volatile T* a, T* c, T v, int mo, int fmo) {          \
    return compare_exchange(a, c, v, mo, fmo, false, WEFT_RETURN_ADDRESS);                                        \
  }                                                                                                               \
  extern "C" int __tsan_atomic##N##_compare_exchange_weak(volatile T* a, T* c, T v, int mo, int fmo) {            \
    return compare_exchange(a, c, v, mo, fmo, true, WEFT_RETURN_ADDRESS);                                         \
  }                                                                                                               \
  extern "C" T __tsan_atomic##N##_compare_exchange_val(volatile T* a, T c, T v, int mo, int fmo) {                \
    compare_exchange(a, &c, v, mo, fmo, false, WEFT_RETURN_ADDRESS);                                              \
    return c;                                                                                                     \
  }

WEFT_TSAN_ATOMICS(std::uint8_t, 8)
WEFT_TSAN_ATOMICS(std::uint16_t, 16)
WEFT_TSAN_ATOMICS(std::uint32_t, 32)
WEFT_TSAN_ATOMICS(std::uint64_t, 64)
__extension__ using uint128 = unsigned __int128;
WEFT_TSAN_ATOMICS(uint128, 128)

extern "C" void __tsan_atomic_thread_fence(int mo) {
  if (const auto call = WEFT_INTERCEPTED_CALL()) return thread_fence(order_of(mo), *call);
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

extern "C" void __tsan_atomic_signal_fence(int) { __atomic_signal_fence(__ATOMIC_SEQ_CST); }
