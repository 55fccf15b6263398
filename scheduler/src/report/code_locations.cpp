#include "report/code_locations.hpp"

#include <dlfcn.h>
#include <link.h>
#include <unwind.h>

#include <atomic>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace weft::inline sim_v1::detail {

namespace {

// Laid out as the record a std::source_location points to, in libstdc++ and libc++ alike
// (file, function, line, column): a source_location is one pointer to such a record,
// and the standard offers no other way to make one at run time.
struct location_record {
  const char* file_name;
  const char* function_name;
  std::uint_least32_t line;
  std::uint_least32_t column;
};
static_assert(sizeof(std::source_location) == sizeof(const location_record*));

// A source line of a call: where the call instruction is, or, for code inlined there,
// each function it was inlined into.
struct source_entry {
  std::string file;
  std::string function;
  std::uint_least32_t line = 0;
};

// One return address, and what the debug information says of its call.
struct frame {
  std::string object;  // the path of the object holding the call
  std::uintptr_t offset = 0;  // of the call instruction, in the object's own addresses
  std::string unresolved;  // "prog+0x1a2b"
  bool resolved = false;
  std::vector<source_entry> inlined;  // innermost first; empty without debug information
};

struct site {
  location_record location{};
  bool by_the_system = false;
  std::vector<frame*> frames;  // the callers, innermost first
  bool resolved = false;
};

struct named_location {
  location_record location{};
  std::string file;
  std::string function;
};

class spin_lock {
 public:
  void lock() noexcept {
    while (held_.test_and_set(std::memory_order_acquire)) held_.wait(true, std::memory_order_relaxed);
  }
  void unlock() noexcept {
    held_.clear(std::memory_order_release);
    held_.notify_one();
  }

 private:
  std::atomic_flag held_;
};

struct known_sites {
  spin_lock lock;
  std::map<std::tuple<std::string, unsigned, std::string>, std::unique_ptr<named_location>> named;
  std::map<call_path, std::unique_ptr<site>> by_path;
  std::map<std::uintptr_t, std::unique_ptr<frame>> frames;
};
// Never destroyed: a thread may report a call while the process exits.
known_sites& known() {
  static auto* const all = new known_sites();
  return *all;
}

class locked {
 public:
  explicit locked(known_sites& all) noexcept : all_(all) { all_.lock.lock(); }
  ~locked() { all_.lock.unlock(); }
  locked(const locked&) = delete;
  locked& operator=(const locked&) = delete;

 private:
  known_sites& all_;
};

struct unwinding {
  std::uintptr_t first;  // the path starts there
  call_path path{};
  std::size_t count = 0;
};

_Unwind_Reason_Code collect(_Unwind_Context* context, void* state) {
  auto& walk = *static_cast<unwinding*>(state);
  const auto at = static_cast<std::uintptr_t>(_Unwind_GetIP(context));
  if (walk.count == 0 && at != walk.first) return _URC_NO_REASON;  // frames below the path's start
  walk.path[walk.count++] = at;
  return walk.count == call_path_length ? _URC_END_OF_STACK : _URC_NO_REASON;
}

frame& frame_at(known_sites& all, std::uintptr_t return_address) {
  auto& known = all.frames[return_address];
  if (known) return *known;
  known = std::make_unique<frame>();
  const std::uintptr_t call = return_address - 1;  // the call instruction ends just before
  Dl_info info{};
  link_map* object = nullptr;
  if (dladdr1(reinterpret_cast<void*>(return_address), &info, reinterpret_cast<void**>(&object), RTLD_DL_LINKMAP) != 0 &&
      object != nullptr) {
    known->object = info.dli_fname != nullptr && *info.dli_fname != '\0' ? info.dli_fname : "/proc/self/exe";
    known->offset = call - object->l_addr;
  } else {
    known->object = "?";
    known->offset = call;
  }
  const char* slash = std::strrchr(known->object.c_str(), '/');
  char offset[32];
  std::snprintf(offset, sizeof offset, "+0x%" PRIxPTR, known->offset);
  known->unresolved = std::string(slash != nullptr ? slash + 1 : known->object.c_str()) + offset;
  return *known;
}

// Whether calls from `f` are the system's own bookkeeping.
bool system_object(const frame& f) {
  const char* slash = std::strrchr(f.object.c_str(), '/');
  const std::string_view name = slash != nullptr ? slash + 1 : f.object.c_str();
  return name.starts_with("libc.so") || name.starts_with("ld-linux") || name.starts_with("libgcc_s.so");
}

// Whether a call is the standard library's or weft's (a thread's start, reached when the
// user's last call was a tail call; weft-run's pthread_once, through which libstdc++'s
// future::get waits; a weft header's code inlined into the user's, which threw a
// std::future_error) rather than the user's. In a function's cold part (GCC's
// "[clone .cold]", where it moves a throw) the innermost level of inlined code may carry
// the name of the function it was inlined into, so only the file says whose it is.
bool not_the_users(const frame& f, const source_entry& entry) {
  const std::string_view object = f.object;
  const std::string_view file = entry.file;
  const std::string_view function = entry.function;
  const bool wefts_function = function.starts_with("weft::") && function.find("::detail::") != std::string_view::npos &&
                              !function.ends_with("[clone .cold]");
  return object.find("/libstdc++.so") != std::string_view::npos || object.find("/libc.so") != std::string_view::npos ||
         object.find("/libc++.so") != std::string_view::npos || object.find("/libweft") != std::string_view::npos ||
         file.find("/include/c++/") != std::string_view::npos || file.starts_with("/usr/include/") ||
         file.find("/include/weft/") != std::string_view::npos || wefts_function;
}

void point_at(site& s, const std::string& file, const std::string& function, std::uint_least32_t line) {
  s.location.file_name = file.c_str();
  s.location.function_name = function.c_str();
  s.location.line = line;
}

// Shows the innermost call of `s` that is the user's, or else the innermost call.
void point_at_users_call(site& s) {
  for (const frame* f : s.frames) {
    for (const source_entry& entry : f->inlined) {
      if (!not_the_users(*f, entry)) return point_at(s, entry.file, entry.function, entry.line);
    }
  }
  const frame& innermost = *s.frames.front();
  if (innermost.inlined.empty()) return point_at(s, innermost.unresolved, innermost.unresolved, 0);
  const source_entry& entry = innermost.inlined.front();
  point_at(s, entry.file, entry.function, entry.line);
}

std::source_location location_of(const location_record& record_itself) {
  std::source_location made;
  const location_record* record = &record_itself;
  std::memcpy(static_cast<void*>(&made), static_cast<const void*>(&record), sizeof record);
  return made;
}

// Reads one line of addr2line's output into `line` (without its newline).
bool read_line(std::FILE* from, std::string& line) {
  line.clear();
  for (int c; (c = std::fgetc(from)) != EOF;) {
    if (c == '\n') return true;
    line += static_cast<char>(c);
  }
  return !line.empty();
}

// Asks addr2line (binutils) for the functions, files and lines of each frame of
// `object`, inlined calls included. With -a it prints each address ("0x...") before
// what it found there: a function name, then "file:line", for each inlined level.
void resolve_object(const std::string& object, const std::vector<frame*>& pending) {
  std::string command = "addr2line -a -i -C -f -e '" + object + "'";
  for (const frame* f : pending) {
    char offset[32];
    std::snprintf(offset, sizeof offset, " 0x%" PRIxPTR, f->offset);
    command += offset;
  }
  command += " 2>/dev/null";
  std::FILE* answers = ::popen(command.c_str(), "r");
  if (answers == nullptr) return;
  std::string function;
  std::string place;
  frame* current = nullptr;
  std::size_t next = 0;
  while (read_line(answers, function)) {
    if (function.starts_with("0x")) {
      current = next < pending.size() ? pending[next++] : nullptr;
      continue;
    }
    if (current == nullptr || !read_line(answers, place)) continue;
    const auto colon = place.rfind(':');
    if (colon == std::string::npos || place.starts_with("??")) continue;
    const unsigned long line = std::strtoul(place.c_str() + colon + 1, nullptr, 10);
    if (line == 0) continue;
    current->inlined.push_back({place.substr(0, colon), function, static_cast<std::uint_least32_t>(line)});
  }
  ::pclose(answers);
}

}  // namespace

call_path callers_from(std::uintptr_t first) noexcept {
  unwinding walk{first};
  _Unwind_Backtrace(&collect, &walk);
  if (walk.count == 0) walk.path[walk.count++] = walk.first;  // no unwind information
  return walk.path;
}

code_location location_of_path(const call_path& path) {
  known_sites& all = known();
  const locked held(all);
  auto& found = all.by_path[path];
  if (!found) {
    found = std::make_unique<site>();
    for (const std::uintptr_t at : path) {
      if (at != 0) found->frames.push_back(&frame_at(all, at));
    }
    const frame& innermost = *found->frames.front();
    point_at(*found, innermost.unresolved, innermost.unresolved, 0);
    found->by_the_system = system_object(innermost);
  }
  return {location_of(found->location), found->by_the_system};
}

std::source_location location_named(const char* file, unsigned line, const char* function) {
  known_sites& all = known();
  const locked held(all);
  auto& found = all.named[{file != nullptr ? file : "", line, function != nullptr ? function : ""}];
  if (!found) {
    found = std::make_unique<named_location>();
    found->file = file != nullptr ? file : "";
    found->function = function != nullptr ? function : "";
    found->location = {found->file.c_str(), found->function.c_str(), line, 0};
  }
  return location_of(found->location);
}

void resolve_code_locations() noexcept {
  known_sites& all = known();
  const locked held(all);
  try {
    std::map<std::string, std::vector<frame*>> pending;
    std::vector<site*> fresh;
    for (auto& [path, s] : all.by_path) {
      if (s->resolved) continue;
      fresh.push_back(s.get());
      for (frame* f : s->frames) {
        if (!f->resolved && f->object != "?") pending[f->object].push_back(f);
        f->resolved = true;
      }
    }
    for (const auto& [object, frames] : pending) resolve_object(object, frames);
    for (site* s : fresh) {
      s->resolved = true;
      point_at_users_call(*s);
    }
  } catch (...) {
    // Out of memory while describing a failure: its lines stay as object+offset.
  }
}

}  // namespace weft::detail
