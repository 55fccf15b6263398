// pthread_once (std::call_once, C programs' one-time initialization) inside an
// execution: the first caller runs the initializer while later callers wait, as a
// simulated mutex and a flag per once-control, fresh in every execution (each execution
// is a run of the program from its start). A std::once_flag never tells the C library it
// is gone, so a new one may lie where a done one was (the next std::promise's, say): the
// control itself says which, set to glibc's "done" when the initializer returns.
#include <pthread.h>

#include <cerrno>

#include <weft/detail/sim/mutex_core.hpp>

#include "intercepted_call.hpp"
#include "os_thread/real_calls.hpp"
#include "sync/twins_by_address.hpp"

namespace weft::inline sim_v1::detail::interpose {

namespace {

// glibc's pthread_once_t bit for "the initializer has returned" (nptl/pthread_once.c);
// PTHREAD_ONCE_INIT is 0.
constexpr pthread_once_t once_done = 2;

struct once_state {
  explicit once_state(std::source_location where) : guard(object_kind::once_flag, where) {}
  mutex_core guard;
  bool done = false;
};

twins_by_address<once_state> onces;

}  // namespace

}  // namespace weft::detail::interpose

using namespace weft::detail;
using namespace weft::detail::interpose;

extern "C" int pthread_once(pthread_once_t* control, void (*initialize)()) {
  const auto call = WEFT_INTERCEPTED_CALL();
  if (!call) return WEFT_REAL(pthread_once)(control, initialize);
  const std::source_location where = *call;
  once_state& once = onces.get(control, [&] { return std::make_unique<once_state>(where); });
  once.guard.lock(where);
  if (once.done && *control == PTHREAD_ONCE_INIT) once.done = false;  // a new control here
  try {
    if (!once.done) initialize();
  } catch (...) {
    once.guard.unlock(where);  // an initializer that throws leaves it to the next caller
    throw;
  }
  once.done = true;
  *control = once_done;
  once.guard.unlock(where);
  return 0;
}
