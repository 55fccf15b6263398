#include "execution/throw_sites.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>

#include <weft/detail/sim/runtime.hpp>

#include "report/code_locations.hpp"

namespace weft::inline sim_v1::detail {

namespace {

struct noted_throw {
  const void* object = nullptr;
  call_path path{};
};

// The latest throws of simulated threads, oldest overwritten first. One simulated thread
// runs at a time (on whichever backend), so the running one alone reads or writes them.
std::array<noted_throw, 16> latest_throws;
std::size_t next_throw = 0;

void note_throw(const void* object, call_path path) noexcept {
  latest_throws[next_throw] = {object, path};
  next_throw = (next_throw + 1) % latest_throws.size();
}

// The type information is a std::type_info*; GCC declares the function with void*.
using throw_function = void (*)(void*, void*, void (*)(void*));

}  // namespace

}  // namespace weft::detail

// Built with AddressSanitizer, whose runtime defines __cxa_throw as a weak alias of its
// interceptor (it unpoisons the stack the exception leaves), weft's definition must be
// the strong one to be called at all where that runtime is linked statically (clang's
// default), and calls the interceptor, which goes on to the C++ runtime's.
#if defined(__SANITIZE_ADDRESS__)
#define WEFT_THROW_HOOK_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WEFT_THROW_HOOK_UNDER_ASAN 1
#endif
#endif
#ifdef WEFT_THROW_HOOK_UNDER_ASAN
extern "C" [[gnu::weak]] void __interceptor___cxa_throw(void*, void*, void (*)(void*));
#define WEFT_THROW_HOOK_LINKAGE gnu::noinline
#else
#define WEFT_THROW_HOOK_LINKAGE gnu::weak, gnu::noinline
#endif

namespace weft::inline sim_v1::detail {

namespace {

// The C++ runtime's __cxa_throw (through AddressSanitizer's interceptor, where weft is
// built with it): the next definition after weft's. Found at the first throw (a race
// between OS threads finds the same function).
throw_function runtime_throw() noexcept {
#ifdef WEFT_THROW_HOOK_UNDER_ASAN
  if (&__interceptor___cxa_throw != nullptr) return &__interceptor___cxa_throw;
#endif
  static std::atomic<throw_function> found{nullptr};
  throw_function runtime = found.load(std::memory_order_acquire);
  if (runtime == nullptr) {
    runtime = reinterpret_cast<throw_function>(::dlsym(RTLD_NEXT, "__cxa_throw"));
    found.store(runtime, std::memory_order_release);
  }
  return runtime;
}

// A reference to another function of the runtime's file that defines __cxa_throw, so that
// a link with the runtime's static library takes that file, and its __cxa_throw, which
// then replaces this weak one (without it this one could be the only definition).
extern "C" [[noreturn]] void __cxa_rethrow();
[[gnu::used]] void (*const keep_runtimes_throw)() = &__cxa_rethrow;

// The thrown object an exception_ptr holds: its only member in libstdc++ and libc++
// alike, and the pointer __cxa_throw was given.
const void* thrown_object(const std::exception_ptr& exception) noexcept {
  static_assert(sizeof(std::exception_ptr) == sizeof(void*));
  const void* object = nullptr;
  std::memcpy(static_cast<void*>(&object), static_cast<const void*>(&exception), sizeof object);
  return object;
}

}  // namespace

std::optional<std::source_location> throw_site_of_current_exception() {
  const void* const object = thrown_object(std::current_exception());
  if (object == nullptr) return std::nullopt;
  for (std::size_t age = 1; age <= latest_throws.size(); ++age) {
    const noted_throw& noted = latest_throws[(next_throw + latest_throws.size() - age) % latest_throws.size()];
    if (noted.object == object) return location_of_path(noted.path).where;
  }
  return std::nullopt;
}

}  // namespace weft::detail

// Every C++ throw comes here. Contract: as the C++ ABI's __cxa_throw (never returns; the
// exception propagates from the caller).
extern "C" [[WEFT_THROW_HOOK_LINKAGE]] void __cxa_throw(void* object, void* type, void (*destroy)(void*)) {
  using namespace weft::detail;
  if (on_simulated_thread()) {
    note_throw(object, callers_from(reinterpret_cast<std::uintptr_t>(__builtin_return_address(0))));
  }
  const throw_function runtime = runtime_throw();
  if (runtime == nullptr || runtime == &__cxa_throw) {
    static constexpr char message[] = "weft: the C++ runtime's __cxa_throw was not found: cannot throw\n";
    (void)!::write(STDERR_FILENO, message, sizeof message - 1);
    std::abort();
  }
  runtime(object, type, destroy);
  __builtin_unreachable();
}
