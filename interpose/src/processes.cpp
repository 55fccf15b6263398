// fork() inside an execution: the child process has one thread, a copy of the simulated
// thread that forked, and none of the simulation (the other threads, the scheduler, the
// watchdog stayed in the parent). The child runs outside any execution, on the C
// library's functions, as a child of a real multithreaded process does; the parent goes
// on with the execution. The child may exec, exit or _exit, or return from the thread's
// function, which ends it as the last thread of its process.
#include <sys/types.h>
#include <unistd.h>

#include "execution/execution.hpp"
#include "os_thread/os_thread_backend.hpp"
#include "os_thread/real_calls.hpp"

using namespace weft::detail;

extern "C" pid_t fork() {
  const bool simulated = on_simulated_thread();
  const pid_t pid = WEFT_REAL(fork)();
  if (pid == 0 && simulated) {
    leave_simulation_in_forked_child();
    os_thread_backend::forget_calling_thread();  // the backend of every interposed execution
  }
  return pid;
}
