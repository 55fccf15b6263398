#include "api/blocking_call.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <charconv>
#include <string_view>

namespace weft::inline sim_v1::detail {

namespace {

struct known_call {
  long number;
  std::string_view name;  // with what a thread in it waits for
};

// The calls a program blocks in outside what weft simulates (some exist on x86-64 only).
#define WEFT_CALL(name, waits_for) {SYS_##name, #name " (" waits_for ")"}
constexpr known_call known_calls[] = {
    WEFT_CALL(futex, "a lock or wait weft does not see: a std::mutex, std::future, a static's guard?"),
    WEFT_CALL(read, "input that has not come"),
    WEFT_CALL(write, "room in a full pipe or socket"),
    WEFT_CALL(wait4, "a child process's end"),
    WEFT_CALL(waitid, "a child process's end"),
    WEFT_CALL(nanosleep, "a real sleep"),
    WEFT_CALL(clock_nanosleep, "a real sleep"),
    WEFT_CALL(ppoll, "input or a connection"),
    WEFT_CALL(pselect6, "input or a connection"),
    WEFT_CALL(epoll_pwait, "input or a connection"),
#ifdef SYS_poll
    WEFT_CALL(poll, "input or a connection"),
    WEFT_CALL(select, "input or a connection"),
    WEFT_CALL(epoll_wait, "input or a connection"),
    WEFT_CALL(pause, "a signal"),
#endif
    WEFT_CALL(accept, "a connection"),
    WEFT_CALL(accept4, "a connection"),
    WEFT_CALL(connect, "a connection"),
    WEFT_CALL(recvfrom, "a message"),
    WEFT_CALL(recvmsg, "a message"),
    WEFT_CALL(rt_sigtimedwait, "a signal"),
    WEFT_CALL(rt_sigsuspend, "a signal"),
    WEFT_CALL(flock, "a file lock"),
    WEFT_CALL(fcntl, "a file lock?"),
};
#undef WEFT_CALL

}  // namespace

std::string blocking_call(int os_thread) noexcept {
  try {
    const std::string path = "/proc/self/task/" + std::to_string(os_thread) + "/syscall";
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    char buffer[256];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    ::close(fd);
    if (n <= 0) return {};
    long number = -1;
    const auto [end, error] = std::from_chars(buffer, buffer + n, number);
    if (error != std::errc{} || number < 0) return {};  // "running", or -1: not in a call
    for (const known_call& call : known_calls) {
      if (call.number == number) return std::string(call.name);
    }
    return "number " + std::to_string(number);
  } catch (...) {
    return {};
  }
}

}  // namespace weft::inline sim_v1::detail
