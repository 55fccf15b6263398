// The C library's own definitions of the functions weft::interpose replaces.
//
// A program linked with weft::interpose calls weft's pthread_create, syscall, ... even
// from inside weft. What weft itself needs of the system (OS threads to run simulated
// ones on, futexes to park them) and what an interposed call passes through to when no
// execution runs come from here: a sanitizer's interceptor when one is linked in, else
// the next definition after weft's in the lookup order (RTLD_NEXT), the C library's. weft's code and its interposing definitions must be in the same object
// (the executable, or the one library weft-run preloads).
#pragma once

#include <pthread.h>
#include <time.h>

#include <atomic>
#include <cstdint>

namespace weft::inline sim_v1::detail::real {

// The next definition of `name` (of symbol version `version`, if not null). Ends the
// process with a message naming it if there is none: weft cannot run without.
void* next_symbol(const char* name, const char* version = nullptr) noexcept;

// The next definition of `name`, looked up once.
#define WEFT_REAL(name) \
  ([]() noexcept { \
    static const auto found = reinterpret_cast<decltype(&::name)>(::weft::detail::real::next_symbol(#name)); \
    return found; \
  }())

// next_symbol(name), looked up at the first call and kept in `found`: for the functions
// that WEFT_REAL cannot serve, those a function-local static's guard or its lookup's own
// frees call (WEFT_REAL's static would call them back before it is set).
template <class Function>
Function* next_symbol_kept(std::atomic<Function*>& found, const char* name) noexcept {
  Function* known = found.load(std::memory_order_acquire);
  if (known == nullptr) {
    known = reinterpret_cast<Function*>(next_symbol(name));
    found.store(known, std::memory_order_release);
  }
  return known;
}

int create_thread(pthread_t* thread, const pthread_attr_t* attributes, void* (*start)(void*), void* argument) noexcept;
int join_thread(pthread_t thread) noexcept;
int detach_thread(pthread_t thread) noexcept;

// The system call itself, not the C library's syscall() (which weft::interpose replaces,
// and whose lookup would take a function-local static's guard, itself a futex, on a
// thread's first handoff): -errno on failure, as the kernel returns it.
long system_call(long number, long a = 0, long b = 0, long c = 0, long d = 0) noexcept;

// Blocks while `word` holds `expected` (or until a spurious wakeup): FUTEX_WAIT.
void futex_wait(const std::atomic<std::uint32_t>& word, std::uint32_t expected) noexcept;
// Wakes up to `count` threads blocked in futex_wait on `word`.
void futex_wake(const std::atomic<std::uint32_t>& word, int count) noexcept;

}  // namespace weft::detail::real
