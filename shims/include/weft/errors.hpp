// Exceptions weft throws for bad input: they name what was wrong and how to fix it.
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

WEFT_END_NAMESPACE
