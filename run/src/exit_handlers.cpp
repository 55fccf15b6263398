#include "exit_handlers.hpp"

#include <dlfcn.h>

#include <array>
#include <atomic>
#include <cstddef>

#include "os_thread/real_calls.hpp"
#include "program.hpp"

extern "C" void __cxa_finalize(void* dso_handle);

namespace weft::run {

namespace {

// The handles registrations passed (each object's __dso_handle), told apart at the end by
// the object they lie in. Filled before anything is constructed (the C++ library registers
// its own from its initialization), so nothing here needs a constructor to have run.
constexpr std::size_t most_handles = 64;
std::array<std::atomic<void*>, most_handles> handles{};
std::atomic<std::size_t> handle_count{0};

void remember(void* handle) noexcept {
  const std::size_t known = handle_count.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < known; ++i) {
    if (handles[i].load(std::memory_order_relaxed) == handle) return;
  }
  if (known == most_handles) return;  // more libraries than these: theirs are not needed
  handles[known].store(handle, std::memory_order_relaxed);
  handle_count.store(known + 1, std::memory_order_release);
}

// The handle of the object `main` is in, or null.
void* executables_handle() noexcept {
  Dl_info program{};
  if (dladdr(reinterpret_cast<const void*>(the_program.main), &program) == 0) return nullptr;
  const std::size_t known = handle_count.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < known; ++i) {
    void* const handle = handles[i].load(std::memory_order_relaxed);
    Dl_info holder{};
    if (dladdr(handle, &holder) != 0 && holder.dli_fbase == program.dli_fbase) return handle;
  }
  return nullptr;
}

bool handlers_ran = false;

using register_function = int(void (*)(void*), void*, void*);
// Kept without a function-local static: the C++ library registers from its own
// initialization, before this library's has run.
std::atomic<register_function*> next_register{nullptr};

}  // namespace

void run_program_exit_handlers() {
  if (handlers_ran) return;
  handlers_ran = true;
  if (void* handle = executables_handle()) __cxa_finalize(handle);
}

}  // namespace weft::run

// Every registration goes on to the C library's, as usual; its handle is noted.
extern "C" int __cxa_atexit(void (*function)(void*), void* argument, void* dso_handle) {
  if (dso_handle != nullptr) weft::run::remember(dso_handle);
  return weft::detail::real::next_symbol_kept(weft::run::next_register, "__cxa_atexit")(function, argument,
                                                                                          dso_handle);
}
