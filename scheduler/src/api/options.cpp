// weft::options defaults and the WEFT_* environment variables that override them.
#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>

#include <weft/errors.hpp>
#include <weft/options.hpp>

WEFT_BEGIN_NAMESPACE

namespace {

std::uint64_t count_from_env(const char* name, std::uint64_t fallback, std::uint64_t min) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  const std::string value(text);
  std::uint64_t parsed = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (error != std::errc{} || end != value.data() + value.size()) {
    throw option_error(std::string("weft: ") + name + "=\"" + value +
                       "\" is not a whole number (for example " + name + "=1000)");
  }
  if (parsed < min) {
    throw option_error(std::string("weft: ") + name + "=" + value + " is too small (at least " +
                       std::to_string(min) + ")");
  }
  return parsed;
}

bool flag_from_env(const char* name, bool fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  const std::string value(text);
  if (value == "1" || value == "true" || value == "yes" || value == "on") return true;
  if (value == "0" || value == "false" || value == "no" || value == "off") return false;
  throw option_error(std::string("weft: ") + name + "=\"" + value + "\" is not a yes/no value (use 1 or 0)");
}

}  // namespace

options::options() {
  if (const char* spec = std::getenv("WEFT_STRATEGY"); spec != nullptr && *spec != '\0') strategy = spec;
  iterations = count_from_env("WEFT_ITERATIONS", iterations, 0);
  seed = count_from_env("WEFT_SEED", seed, 0);
  max_steps = count_from_env("WEFT_MAX_STEPS", max_steps, 1);
  check_lock_across_blocking = flag_from_env("WEFT_CHECK_LOCK_ACROSS_BLOCKING", check_lock_across_blocking);
  max_cancellations = count_from_env("WEFT_CANCELLATIONS", max_cancellations, 0);
  buggify = flag_from_env("WEFT_BUGGIFY", buggify);
  workers = count_from_env("WEFT_WORKERS", workers, 1);
  quiet = flag_from_env("WEFT_QUIET", quiet);
  if (const char* dir = std::getenv("WEFT_TRACE_DIR"); dir != nullptr) trace_dir = dir;
  if (const char* shard = std::getenv("WEFT_SHARD"); shard != nullptr && *shard != '\0') {
    const std::string text(shard);
    const auto slash = text.find('/');
    std::uint64_t index = 0;
    std::uint64_t count = 0;
    const auto parse = [](std::string_view part, std::uint64_t& into) {
      const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), into);
      return error == std::errc{} && end == part.data() + part.size() && !part.empty();
    };
    if (slash == std::string::npos || !parse(std::string_view(text).substr(0, slash), index) ||
        !parse(std::string_view(text).substr(slash + 1), count) || count == 0 || index >= count) {
      throw option_error("weft: WEFT_SHARD=\"" + text +
                         "\" is not i/n with 0 <= i < n (for example WEFT_SHARD=0/4 ... WEFT_SHARD=3/4)");
    }
    shard_index = index;
    shard_count = count;
  }
}

WEFT_END_NAMESPACE
