// assert() inside an execution: a failed assert is the execution's failure, with the
// assertion's own file and line, reported with its replay token instead of ending the
// process. (abort() is left alone: std::terminate calls it too, where no thread can be
// unwound; the crash guard prints the replay token of an execution that aborts.)
#include <cstdlib>
#include <string>

#include "intercepted_call.hpp"
#include "execution/execution.hpp"
#include "os_thread/real_calls.hpp"

using weft::failure_kind;
using namespace weft::detail;
using namespace weft::detail::interpose;

namespace {

// Fails the running execution at `where` and unwinds the calling thread. Returns only if
// it cannot unwind (a stack already unwinding): the caller then ends the process.
void fail_here(std::string message, std::source_location where) {
  execution& ex = *execution::current();
  ex.note(op::assertion, target{}, where);
  ex.fail(failure_kind::assertion, std::move(message), where);
  ex.abort_if_stopping();
}

}  // namespace

extern "C" {

void __assert_fail(const char* assertion, const char* file, unsigned int line, const char* function) {
  if (intercepting()) {
    fail_here(std::string("assert(") + assertion + ") failed" + (function != nullptr ? std::string(" in ") + function : ""),
              location_at(file, line, function));
  }
  WEFT_REAL(__assert_fail)(assertion, file, line, function);
  std::abort();
}

}  // extern "C"
