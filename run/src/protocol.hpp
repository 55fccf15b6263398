// What weft-run and the program it runs (with libweft_run.so preloaded) tell each other.
//
// weft-run starts the program with the library preloaded and these variables set; the
// library takes over the program's start (program.cpp) and, after exploring, writes one
// line to the file descriptor WEFT_RUN_RESULT_FD names: "pass", "fail TOKEN" or
// "error MESSAGE". A program that exits without writing it never ran under weft (it is
// statically linked, or something removed LD_PRELOAD).
#pragma once

namespace weft::run {

// Set by weft-run: the descriptor for the result line.
inline constexpr const char* result_fd_variable = "WEFT_RUN_RESULT_FD";
// Set by weft-run: the command line that reruns this program, for replay hints.
inline constexpr const char* command_variable = "WEFT_RUN_COMMAND";
// Set by weft-run (to 1): treat a non-zero exit status of the program as a failure.
inline constexpr const char* exit_status_variable = "WEFT_RUN_FAIL_ON_EXIT_STATUS";
// Set by weft-run (to 1): let the program's own output through in every execution.
inline constexpr const char* show_output_variable = "WEFT_RUN_SHOW_OUTPUT";
// Set by weft-run (to 1) when it set LD_BIND_NOW itself: the program's start takes both out.
inline constexpr const char* bind_now_added_variable = "WEFT_RUN_BIND_NOW_ADDED";

}  // namespace weft::run
