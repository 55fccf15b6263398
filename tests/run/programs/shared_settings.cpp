// Threads add a step, read from a function-local static, to a plain total: without a lock
// (a data race) or, built with -DFIXED, holding one. Compiled with -fsanitize=thread, so
// that weft-run checks the plain accesses. Whichever thread comes first initializes the
// static; the C++ library's guard orders that before the other threads' reads, which is
// no race in either build.
#undef NDEBUG /* the assert is the test; CMake's release flags would drop it */
#include <cassert>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace {

struct settings {
  // Computed at run time, so that the static is initialized dynamically, under its guard.
  settings() : step(std::getenv("SHARED_SETTINGS_STEP") == nullptr ? 2 : 3) {}
  int step;
};

const settings& current_settings() {
  static const settings instance;
  return instance;
}

std::mutex lock;
int total = 0;

void add() {
  const int step = current_settings().step;
#ifdef FIXED
  const std::lock_guard hold(lock);
#endif
  total += step;
}

}  // namespace

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) threads.emplace_back(add);
  for (std::thread& t : threads) t.join();
  assert(total == 3 * current_settings().step);
  return 0;
}
