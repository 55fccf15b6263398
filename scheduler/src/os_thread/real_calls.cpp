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

void* next_symbol(const char* name, const char* version) noexcept {
  // A sanitizer runtime linked into the executable (clang's) defines its interceptors
  // there, under the same names as weft's: reach them by their own name, so that it
  // still sees the threads weft makes.
  // No allocation here: a first call may come from inside a sanitizer that holds its
  // allocator's locks (LeakSanitizer's final check calls sched_yield).
  if (version == nullptr) {
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
