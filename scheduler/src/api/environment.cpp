#include "api/environment.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string_view>
#include <vector>

#include <weft/errors.hpp>

namespace weft::inline sim_v1::detail {

namespace {

[[noreturn]] void bad(const char* name, const std::string& value, const std::string& why) {
  throw option_error(std::string("weft: ") + name + "=\"" + value + "\" " + why);
}

// `text` as a whole number; false when it is not one (digits only) or does not fit.
bool parse_count(std::string_view text, std::uint64_t& into) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), into);
  return error == std::errc{} && end == text.data() + text.size();
}

// Every WEFT_ variable weft reads (weft-run's WEFT_RUN_* apart).
constexpr std::string_view known_variables[] = {
    "WEFT_BUGGIFY",        "WEFT_CANCELLATIONS",    "WEFT_CANCEL_TASKS",
    "WEFT_CHECK_LOCK_ACROSS_AWAIT", "WEFT_CHECK_LOCK_ACROSS_BLOCKING", "WEFT_ITERATIONS",
    "WEFT_MAX_STEPS",      "WEFT_MEMORY_MODEL",     "WEFT_PLAIN_ACCESSES",
    "WEFT_PLAIN_RACES",    "WEFT_QUIET",            "WEFT_REPLAY",
    "WEFT_SEED",           "WEFT_SHARD",            "WEFT_STACK_MAPPINGS",
    "WEFT_STACK_SIZE",     "WEFT_STALL_TIMEOUT",    "WEFT_STATS",
    "WEFT_STORE_HISTORY",  "WEFT_STRATEGY",         "WEFT_THREADS",
    "WEFT_TRACE_DIR",      "WEFT_WORKERS",
};

// Levenshtein distance, for the "did you mean" of a misspelt name.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

void check_no_unknown_variables() {
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view setting = *entry;
    const std::string_view name = setting.substr(0, setting.find('='));
    if (!name.starts_with("WEFT_") || name.starts_with("WEFT_RUN_")) continue;
    if (std::find(std::begin(known_variables), std::end(known_variables), name) != std::end(known_variables)) continue;
    const std::string_view* nearest = std::min_element(
        std::begin(known_variables), std::end(known_variables),
        [&](std::string_view x, std::string_view y) { return edit_distance(name, x) < edit_distance(name, y); });
    std::string message = "weft: unknown environment variable " + std::string(name) + " (did you mean " +
                          std::string(*nearest) + "?); weft reads";
    for (const std::string_view known : known_variables) message += " " + std::string(known);
    throw option_error(message + ", and weft-run's WEFT_RUN_*; unset it (unset " + std::string(name) + ")");
  }
}

std::optional<std::string> env_text(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr) return std::nullopt;
  if (*text == '\0') {
    throw option_error(std::string("weft: ") + name + " is set but empty; give it a value, or unset it (unset " +
                       name + ") for the default");
  }
  return std::string(text);
}

std::optional<std::uint64_t> env_count(const char* name, const char* example) {
  const auto text = env_text(name);
  if (!text) return std::nullopt;
  std::uint64_t value = 0;
  if (!parse_count(*text, value)) {
    bad(name, *text,
        std::string("is not a whole number from 0 to 18446744073709551615 (for example ") + name + "=" + example + ")");
  }
  return value;
}

std::optional<bool> env_flag(const char* name) {
  const auto text = env_text(name);
  if (!text) return std::nullopt;
  if (*text == "1" || *text == "true" || *text == "yes" || *text == "on") return true;
  if (*text == "0" || *text == "false" || *text == "no" || *text == "off") return false;
  bad(name, *text, "is not a yes/no value (use 1 or 0)");
}

std::optional<std::uint64_t> env_bytes(const char* name) {
  const auto text = env_text(name);
  if (!text) return std::nullopt;
  std::string_view digits = *text;
  unsigned shift = 0;
  switch (digits.back()) {
    case 'K': case 'k': shift = 10; break;
    case 'M': case 'm': shift = 20; break;
    case 'G': case 'g': shift = 30; break;
    default: break;
  }
  if (shift != 0) digits.remove_suffix(1);
  std::uint64_t value = 0;
  if (!parse_count(digits, value) || value > (~std::uint64_t{0} >> shift)) {
    bad(name, *text,
        std::string("is not a size in bytes: a whole number, optionally followed by K, M or G (for example ") +
            name + "=4M)");
  }
  return value << shift;
}

std::optional<double> env_seconds(const char* name) {
  const auto text = env_text(name);
  if (!text) return std::nullopt;
  // Digits with at most one decimal point: from_chars alone would also take "inf", "nan",
  // "-1" and "1e3", none of which anyone means as a timeout.
  const bool plain = text->find_first_not_of("0123456789.") == std::string::npos &&
                     text->find_first_of("0123456789") != std::string::npos &&
                     text->find('.') == text->rfind('.');
  double value = 0;
  if (plain) {
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error == std::errc{} && end == text->data() + text->size()) return value;
  }
  bad(name, *text, std::string("is not a number of seconds (for example ") + name + "=30 or " + name + "=0.5)");
}

std::optional<plain_accesses> plain_accesses_named(std::string_view text) noexcept {
  if (text == "unlocked") return plain_accesses::unlocked;
  if (text == "all") return plain_accesses::all;
  if (text == "off") return plain_accesses::off;
  return std::nullopt;
}

}  // namespace weft::detail
