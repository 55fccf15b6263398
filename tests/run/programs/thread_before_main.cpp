// A static object's constructor starts a worker before main (a pool made at startup).
// weft-run forks each execution from the program as it stands before main, and a forked
// copy has none of its other threads: it refuses the program with a clear error rather
// than explore executions where the worker silently does not exist.
#include <unistd.h>

#include <thread>

namespace {

struct starts_a_worker {
  starts_a_worker() {
    std::thread([] {
      for (;;) ::pause();
    }).detach();
  }
};

starts_a_worker at_startup;

}  // namespace

int main() { return 0; }
