// Threads: pthread_create, join, detach, exit, once, and sched_yield.
//
// A thread made by the code under test is a simulated thread on its own OS thread (the
// OS-thread backend), so its pthread_t is that OS thread's: pthread_self, pthread_equal
// and thread-locals mean what they always mean.
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <memory>

#include <weft/detail/sim/mutex_core.hpp>
#include <weft/detail/sim/thread_core.hpp>

#include "intercepted_call.hpp"
#include "execution/execution.hpp"
#include "execution/thread_exit.hpp"
#include "fiber/sanitizers.hpp"
#include "os_thread/real_calls.hpp"
#include "sync/twins_by_address.hpp"

namespace weft::inline sim_v1::detail::interpose {

namespace {

struct started_thread {
  thread_handle handle;
  void* result = nullptr;
};

// What pthread_create started, by pthread_t, for join and detach.
twins_by_address<std::shared_ptr<started_thread>> started;

const void* key_of(pthread_t thread) noexcept { return reinterpret_cast<const void*>(thread); }

struct start_routine {
  void* (*start)(void*);
  void* argument;
  std::shared_ptr<started_thread> record;
  bool ran = false;
};

// pthread_key_create's destructors, by key. The C library runs them after a thread's C++
// thread-locals are gone, when it has left the simulation: their locks went to the C
// library's own functions, racing the next simulated thread, and a join returned before
// they ran. weft runs them at the end of the thread's function instead, inside the
// simulation, as POSIX says (before a join of the thread returns), and clears the values
// so that the C library finds nothing left to destroy.
std::atomic<void (*)(void*)> key_destructors[PTHREAD_KEYS_MAX];
std::atomic<pthread_key_t> keys_seen{0};  // every key with a destructor is below it

// Keys made before this library's first constructor belong to runtimes that start before
// any of the program's code (a sanitizer's, from the executable's preinit functions):
// their destructors tear the runtime's own per-thread state down, which must stay the C
// library's to run, last.
std::atomic<bool> program_keys{false};
[[gnu::constructor(101)]] void start_recording_program_keys() { program_keys.store(true, std::memory_order_release); }

void run_key_destructors() {
  for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; ++round) {
    bool ran = false;
    const pthread_key_t seen = keys_seen.load(std::memory_order_acquire);
    for (pthread_key_t key = 0; key < seen; ++key) {
      void (*const destroy)(void*) = key_destructors[key].load(std::memory_order_acquire);
      void* const value = destroy != nullptr ? pthread_getspecific(key) : nullptr;
      if (value == nullptr) continue;
      pthread_setspecific(key, nullptr);
      destroy(value);
      ran = true;
    }
    if (!ran) return;
  }
}

task task_of(start_routine* routine) {
  return task{routine,
              [](void* raw) {
                auto& r = *static_cast<start_routine*>(raw);
                r.ran = true;
                try {
                  r.record->result = r.start(r.argument);
                } catch (const thread_exit& exit) {
                  r.record->result = exit.value;
                }
                try {
                  run_key_destructors();
                } catch (const thread_exit&) {  // pthread_exit in a destructor: the thread ends anyway
                }
              },
              [](void* raw) noexcept {
                const auto* r = static_cast<start_routine*>(raw);
                // A thread torn down before it ever ran leaves its argument to nobody (a
                // std::thread's state is freed by the thread itself): not a leak of the
                // program's, which a real thread always starts.
                if (!r->ran) sanitizers::keep_for_ever(r->argument);
                delete r;
              },
              {}};
}

bool detached_by(const pthread_attr_t* attributes) noexcept {
  int state = PTHREAD_CREATE_JOINABLE;
  return attributes != nullptr && pthread_attr_getdetachstate(attributes, &state) == 0 &&
         state == PTHREAD_CREATE_DETACHED;
}

}  // namespace

}  // namespace weft::detail::interpose

using namespace weft::detail;
using namespace weft::detail::interpose;

extern "C" {

// The C library's own name for it, called directly: a sanitizer's runtime creates keys
// while it starts, when looking up the next definition (dlsym) must not be called yet.
int __pthread_key_create(pthread_key_t* key, void (*destructor)(void*));

int pthread_key_create(pthread_key_t* key, void (*destructor)(void*)) {
  const int result = __pthread_key_create(key, destructor);
  if (result == 0 && *key < PTHREAD_KEYS_MAX && program_keys.load(std::memory_order_acquire)) {
    key_destructors[*key].store(destructor, std::memory_order_release);
    pthread_key_t seen = keys_seen.load(std::memory_order_relaxed);
    while (seen <= *key && !keys_seen.compare_exchange_weak(seen, *key + 1, std::memory_order_release)) {
    }
  }
  return result;
}

int pthread_key_delete(pthread_key_t key) {
  if (key < PTHREAD_KEYS_MAX) key_destructors[key].store(nullptr, std::memory_order_release);
  return WEFT_REAL(pthread_key_delete)(key);
}

int pthread_create(pthread_t* thread, const pthread_attr_t* attributes, void* (*start)(void*), void* argument) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_create)(thread, attributes, start, argument);
  const std::source_location where = *call;
  execution& ex = *execution::current();
  auto record = std::make_shared<started_thread>();
  record->handle = spawn(task_of(new start_routine{start, argument, record}), where);
  const std::optional<pthread_t> os_thread = ex.os_thread(record->handle.index);
  if (!os_thread) {
    misuse("a thread made with pthread_create (std::thread, a C program's) needs its own OS thread: "
           "run with options::threads = os_threads (WEFT_THREADS=os_threads), not fibers",
           where);
    return EAGAIN;
  }
  *thread = *os_thread;
  if (detached_by(attributes)) {
    detach(record->handle, where);
  } else {
    started.get(key_of(*thread), [&] { return std::make_unique<std::shared_ptr<started_thread>>(record); });
  }
  return 0;
}

int pthread_join(pthread_t thread, void** result) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_join)(thread, result);
  const std::source_location where = *call;
  if (::pthread_equal(thread, ::pthread_self())) return EDEADLK;  // as glibc: joining oneself
  std::shared_ptr<started_thread>* known = started.find(key_of(thread));
  if (known == nullptr) {
    misuse("pthread_join of a thread that is not joinable (detached, joined already, or not made by "
           "pthread_create in this execution)",
           where);
    return EINVAL;
  }
  const std::shared_ptr<started_thread> record = *known;
  join(record->handle, where);
  if (result != nullptr) *result = record->result;
  started.erase(key_of(thread));
  return 0;
}

int pthread_detach(pthread_t thread) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_detach)(thread);
  const std::source_location where = *call;
  std::shared_ptr<started_thread>* known = started.find(key_of(thread));
  if (known == nullptr) {
    misuse("pthread_detach of a thread that is not joinable", where);
    return EINVAL;
  }
  detach((*known)->handle, where);
  started.erase(key_of(thread));
  return 0;
}

void pthread_exit(void* value) {
  if (!intercepting()) WEFT_REAL(pthread_exit)(value);
  // The first thread (a program's main) has no start frame of pthread_create's to run its
  // key destructors: they run once it has unwound, before it waits for the other threads
  // (the process lives on), as the C library runs them. A worker may be waiting for one.
  if (execution::current()->running() == 0) {
    at_thread_exit(
        [](void*, thread_index) {
          try {
            run_key_destructors();
          } catch (const thread_exit&) {  // pthread_exit in a destructor: the thread ends anyway
          }
        },
        nullptr);
  }
  throw thread_exit{value};
}

int pthread_cancel(pthread_t thread) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_cancel)(thread);
  misuse("pthread_cancel is not supported by weft: cancel threads with a flag they check, or a std::stop_token",
         *call);
  return ENOSYS;
}

int sched_yield() {
  const auto call = WEFT_INTERCEPTED_CALL();
  // The system call itself, with no lookup of the C library's: LeakSanitizer calls
  // sched_yield from its final check, holding locks a lookup could need.
  if (!call) return static_cast<int>(real::system_call(SYS_sched_yield));
  yield(*call);
  return 0;
}

}  // extern "C"
