#include "os_thread/real_calls.hpp"

#include <dlfcn.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace weft::inline sim_v1::detail::real {

long system_call(long number, long a, long b, long c, long d) noexcept {
#if defined(__x86_64__)
  long result;
  register long fourth asm("r10") = d;
  asm volatile("syscall" : "=a"(result) : "a"(number), "D"(a), "S"(b), "d"(c), "r"(fourth) : "rcx", "r11", "memory");
  return result;
#else
  return WEFT_REAL(syscall)(number, a, b, c, d, 0L, 0L);
#endif
}

namespace {

// Whether a sanitizer runtime's interceptors are linked in: every runtime that has any
// intercepts pthread_create. 0 not yet asked; 1 yes; 2 no. An atomic, not a
// function-local static: __cxa_guard_acquire's own lookup comes here.
std::atomic<int> interceptors_known{0};

bool interceptors_linked() noexcept {
  int known = interceptors_known.load(std::memory_order_relaxed);
  if (known == 0) {
    known = dlsym(RTLD_DEFAULT, "__interceptor_pthread_create") != nullptr ? 1 : 2;
    interceptors_known.store(known, std::memory_order_relaxed);
  }
  return known == 1;
}

// Asked when the library loads, so that processes forked later (weft-run's executions,
// one process each) inherit the answer: a lookup that finds nothing costs a dlerror
// message, and a new thread's first allocation a malloc arena of its own.
[[maybe_unused]] const bool interceptors_asked_at_load = interceptors_linked();

}  // namespace

void* next_symbol(const char* name, const char* version) noexcept {
  // A sanitizer runtime linked into the executable (clang's) defines its interceptors
  // there, under the same names as weft's: reach them by their own name, so that it
  // still sees the threads weft makes.
  // No allocation here: a first call may come from inside a sanitizer that holds its
  // allocator's locks (LeakSanitizer's final check calls sched_yield).
  if (version == nullptr && interceptors_linked()) {
    char intercepted[128] = "__interceptor_";
    std::strncat(intercepted, name, sizeof intercepted - std::strlen(intercepted) - 1);
    if (void* interceptor = dlsym(RTLD_DEFAULT, intercepted)) return interceptor;
  }
  void* found = version == nullptr ? dlsym(RTLD_NEXT, name) : dlvsym(RTLD_NEXT, name, version);
  if (found == nullptr) {
    std::fprintf(stderr, "weft: the C library has no %s%s%s\n", name, version ? "@" : "",
                 version ? version : "");
    std::abort();
  }
  return found;
}

int create_thread(pthread_t* thread, const pthread_attr_t* attributes, void* (*start)(void*), void* argument) noexcept {
  return WEFT_REAL(pthread_create)(thread, attributes, start, argument);
}

int join_thread(pthread_t thread) noexcept { return WEFT_REAL(pthread_join)(thread, nullptr); }

int detach_thread(pthread_t thread) noexcept { return WEFT_REAL(pthread_detach)(thread); }

void futex_wait(const std::atomic<std::uint32_t>& word, std::uint32_t expected) noexcept {
  system_call(SYS_futex, reinterpret_cast<long>(&word), FUTEX_WAIT_PRIVATE, static_cast<long>(expected), 0L);
}

void futex_wake(const std::atomic<std::uint32_t>& word, int count) noexcept {
  system_call(SYS_futex, reinterpret_cast<long>(&word), FUTEX_WAKE_PRIVATE, count, 0L);
}

}  // namespace weft::detail::real
