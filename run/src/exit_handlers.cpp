#include "exit_handlers.hpp"

#include <dlfcn.h>

#include <atomic>

#include "os_thread/real_calls.hpp"
#include "program.hpp"

extern "C" void __cxa_finalize(void* dso_handle);

namespace weft::run {

namespace {

// The handle (its __dso_handle) that the registrations of the object holding the
// program's main pass, once one has been seen; null before, and outside weft-run.
std::atomic<void*> executables_handle{nullptr};

// Notes `handle` if it is the executable's. Registrations before the program's start
// (the libraries' initialization) come before main is known and are none of its.
void note_if_executables(void* handle) noexcept {
  if (handle == nullptr || the_program.main == nullptr ||
      executables_handle.load(std::memory_order_relaxed) != nullptr) {
    return;
  }
  Dl_info program{};
  Dl_info holder{};
  if (dladdr(reinterpret_cast<const void*>(the_program.main), &program) != 0 && dladdr(handle, &holder) != 0 &&
      holder.dli_fbase == program.dli_fbase) {
    void* none = nullptr;
    executables_handle.compare_exchange_strong(none, handle, std::memory_order_relaxed);
  }
}

using register_function = int(void (*)(void*), void*, void*);
// Kept without a function-local static: the C++ library registers from its own
// initialization, before this library's has run.
std::atomic<register_function*> next_register{nullptr};

}  // namespace

void run_program_exit_handlers() {
  if (void* handle = executables_handle.load(std::memory_order_relaxed)) __cxa_finalize(handle);
}

}  // namespace weft::run

// Every registration goes on to the C library's, as usual; the executable's handle is
// noted on the way.
extern "C" int __cxa_atexit(void (*function)(void*), void* argument, void* dso_handle) {
  weft::run::note_if_executables(dso_handle);
  return weft::detail::real::next_symbol_kept(weft::run::next_register, "__cxa_atexit")(function, argument,
                                                                                          dso_handle);
}
