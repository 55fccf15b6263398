#include "api/environment.hpp"

#include <charconv>
#include <cstdlib>
#include <string_view>

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

}  // namespace

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
