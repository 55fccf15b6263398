// Two threads take the last item of a pile after checking, outside the lock, that there
// is one: the second throws std::out_of_range, which escapes its thread (std::terminate
// when run alone). The report must name the throw's line. Built with -DFIXED, the check
// and the take are one critical section.
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace {
std::mutex pile_lock;
int pile = 1;

void take() {
  std::lock_guard hold(pile_lock);
  if (pile == 0) throw std::out_of_range("take from an empty pile");  // the line the report names
  --pile;
}

void consume() {
#ifdef FIXED
  std::lock_guard hold(pile_lock);
  if (pile > 0) --pile;
#else
  bool some;
  {
    std::lock_guard hold(pile_lock);
    some = pile > 0;
  }
  if (some) take();
#endif
}
}  // namespace

int main() {
  std::thread a(consume);
  std::thread b(consume);
  a.join();
  b.join();
  std::printf("%d\n", pile);
  return 0;
}
