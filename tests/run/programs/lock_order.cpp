// Two threads move money between two accounts, locking them in opposite orders: a
// deadlock. Built with -DFIXED, both lock with std::scoped_lock. Waits with a condition
// variable and sleeps, so virtual time and condition variables are exercised too.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

namespace {

std::mutex savings, checking;
std::mutex started_lock;
std::condition_variable started_signal;
int started = 0;

void transfer(std::mutex& from, std::mutex& to) {
  {
    std::unique_lock hold(started_lock);
    ++started;
    started_signal.notify_all();
    started_signal.wait(hold, [] { return started == 2; });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
#ifdef FIXED
  const std::scoped_lock both(from, to);
#else
  const std::lock_guard first(from);
  const std::lock_guard second(to);
#endif
}

}  // namespace

int main() {
  std::thread a(transfer, std::ref(savings), std::ref(checking));
  std::thread b(transfer, std::ref(checking), std::ref(savings));
  a.join();
  b.join();
  std::puts("done");
  return 0;
}
