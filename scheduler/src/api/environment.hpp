// Reading the WEFT_* environment variables that weft::options defaults from.
//
// Each reader returns nothing when the variable is unset, its value when the text is
// well formed, and throws weft::option_error naming the variable and quoting its text
// otherwise. A variable that is set but empty is an error too: it is most often a shell
// variable that was meant to hold something (WEFT_SEED=$SEED with SEED unset), and
// treating it as unset would silently run another exploration than the one asked for.
// Ranges are checked afterwards, on the options (settings_check.hpp), so that a value
// set in code is held to the same limits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weft::inline sim_v1::detail {

// Throws weft::option_error if the environment holds a WEFT_ variable weft does not read
// (WEFT_ITERATONS, WEFT_REPLAYY): ignored, a typo would run another exploration than the
// one asked for, or explore instead of replaying. WEFT_RUN_* are weft-run's own.
void check_no_unknown_variables();

std::optional<std::string> env_text(const char* name);
// A whole number (decimal digits only); `example` is shown in the error, e.g. "1000".
std::optional<std::uint64_t> env_count(const char* name, const char* example);
// 1/true/yes/on or 0/false/no/off.
std::optional<bool> env_flag(const char* name);
// A byte count with an optional K, M or G suffix (powers of 1024): 65536, 256K, 4M.
std::optional<std::uint64_t> env_bytes(const char* name);
// A decimal number of seconds: 30, 0.5.
std::optional<double> env_seconds(const char* name);

// Which plain accesses of instrumented code (-fsanitize=thread, linked with
// weft::interpose) are scheduling points: WEFT_PLAIN_ACCESSES, which weft::interpose reads
// and weft::options checks (it has no field).
enum class plain_accesses { unlocked, all, off };
// The setting `text` names, or nothing if it names none.
std::optional<plain_accesses> plain_accesses_named(std::string_view text) noexcept;

}  // namespace weft::detail
