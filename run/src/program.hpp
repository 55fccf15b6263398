// The program weft-run explores, as libweft_run.so took it over at its start.
#pragma once

#include <cstddef>
#include <source_location>
#include <string>

namespace weft::run {

struct program_info {
  int (*main)(int, char**, char**) = nullptr;
  int argc = 0;
  char** argv = nullptr;
  char** envp = nullptr;
  std::string command;  // how weft-run was asked to run it, for replay hints
  bool fail_on_exit_status = false;
  bool show_output = false;
  int result_fd = -1;  // where the result line for weft-run goes
  // The program's standard input, read once (unless it is a terminal), which every
  // execution reads from its start: -1 if not captured.
  int input_fd = -1;
};
extern program_info the_program;

// In a child: where it writes its verdict (verdict.hpp); -1 in the parent.
extern int child_verdict_fd;

// Runs the program's main as the body of an execution. When main returns the program is
// over: the child writes "pass" and ends there (program_ended), unless the exit status
// counts as a failure.
void run_main();
// How the program ended: exit() and main's return flush its streams, _exit() does not.
enum class ending { flushing, without_flushing };
// The program ended with `status` inside an execution (main returned, exit() or _exit())
// at `where` (the reports' line for it). Unless it ended without flushing, the program's
// exit handlers run first, inside the execution (exit_handlers.hpp).
[[noreturn]] void program_ended(int status, std::source_location where, ending how = ending::flushing);

// Keeps standard input in the_program.input_fd: each execution must read the same input,
// and children forked from one process share one position in a file (the second
// execution read what the first left), as they share a pipe's data (the second found it
// drained: a false failure whose token did not replay). A file is opened again; a pipe or
// a socket is read to its end, up to largest_piped_input bytes, into a memory file
// (blocking until the writer closes it); a terminal is left as it is. False, with errno,
// if it could not (EFBIG: more than largest_piped_input).
inline constexpr std::size_t largest_piped_input = std::size_t{1} << 30;
bool capture_input();
// In a child: its standard input is the captured input, from its start.
void rewind_input();

// The weft-run command that replays `token`: with the options that decide what fails.
std::string replay_command(const std::string& token);

// Writes out what the program left in stdout's and stderr's buffers without waiting for
// their locks, as a real exit() does: a thread parked at a scheduling point (or abandoned
// by a teardown) may hold one (flockfile across a sleep), and fflush would wait for ever.
void flush_output_without_waiting() noexcept;

void write_all(int fd, const std::string& text);
std::string read_all(int fd);

}  // namespace weft::run
