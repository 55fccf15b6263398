// A background thread logs into a global log while main finishes: detached, it may still
// log when exit() destroys the log (the destructors of static objects run once main has
// returned, while the program's other threads go on), or, built with -DFIXED, joined
// first. An atexit() handler says that it ran. Compiled with -fsanitize=thread, so that
// weft-run checks the plain accesses.
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace {

class line_log {
 public:
  ~line_log() {  // prints what was logged
    for (unsigned i = 0; i < count_; ++i) std::printf("line %d\n", lines_[i]);
  }
  void add(int line) {
    if (count_ < 8) lines_[count_++] = line;
  }

 private:
  int lines_[8] = {};
  unsigned count_ = 0;
};

line_log activity;

}  // namespace

int main() {
  std::atexit([] { std::puts("the exit handler ran"); });
  std::thread background([] {
    for (int line = 0; line < 2; ++line) activity.add(line);
  });
#ifdef FIXED
  background.join();
#else
  background.detach();
#endif
  return 0;
}
