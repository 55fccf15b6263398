#include "threads_before_main.hpp"

#include <dirent.h>
#include <time.h>

#include <cstdio>
#include <string>

namespace weft::run {

namespace {

std::size_t threads_at_start = 0;

// Whether the task `id` of this process has ended: a zombie, or dead, in its stat line.
bool ended(const char* id) noexcept {
  const std::string path = std::string("/proc/self/task/") + id + "/stat";
  std::FILE* stat = std::fopen(path.c_str(), "r");
  if (stat == nullptr) return true;  // gone since the directory was read
  char line[512];
  const bool read = std::fgets(line, sizeof line, stat) != nullptr;
  std::fclose(stat);
  if (!read) return true;
  const std::string text = line;
  const std::size_t name_end = text.rfind(')');  // the state follows the name, which may hold anything
  if (name_end == std::string::npos || name_end + 2 >= text.size()) return false;
  const char state = text[name_end + 2];
  return state == 'Z' || state == 'X';
}

// The threads of this process that have not ended, or 0 if /proc cannot say.
std::size_t threads_running() noexcept {
  DIR* const tasks = ::opendir("/proc/self/task");
  if (tasks == nullptr) return 0;
  std::size_t count = 0;
  while (const dirent* entry = ::readdir(tasks)) {
    if (entry->d_name[0] != '.' && !ended(entry->d_name)) ++count;
  }
  ::closedir(tasks);
  return count;
}

}  // namespace

void count_threads_before_initialization() noexcept { threads_at_start = threads_running(); }

std::size_t threads_started_by_initialization() noexcept {
  std::size_t now = threads_running();
  for (int wait = 0; wait < 10 && now > threads_at_start; ++wait) {
    const timespec ten_milliseconds{0, 10'000'000};
    ::nanosleep(&ten_milliseconds, nullptr);
    now = threads_running();
  }
  return now > threads_at_start ? now - threads_at_start : 0;
}

}  // namespace weft::run
