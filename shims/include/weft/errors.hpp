// Exceptions weft throws for bad input, or for a machine that cannot run the test as
// configured: they name what was wrong and how to fix it.
#pragma once

#include <stdexcept>

#include <weft/config.hpp>

WEFT_BEGIN_NAMESPACE

// A bad exploration setting: an unknown strategy, a malformed WEFT_* variable.
class option_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A replay token that is not one: mistyped, truncated, or from another weft version.
class replay_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A weft facility used where it cannot work, such as spawning a simulated thread
// outside weft::explore.
class usage_error : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// The system refused what an execution needs: memory, or memory mappings, for the
// stacks of its simulated threads. Not a bug in the code under test, so it comes with no
// replay token: explore() and replay() throw it after the execution is torn down, and
// its message names the limit that was hit and the setting to change.
class resource_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

WEFT_END_NAMESPACE
