#include "api/exploration_statistics.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "strategy/prng.hpp"

namespace weft::inline sim_v1::detail {

namespace {

std::uint64_t number(std::string_view& text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (error != std::errc{}) throw std::invalid_argument("weft: malformed exploration statistics");
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  if (!text.empty() && (text.front() == ' ' || text.front() == ':' || text.front() == ',')) text.remove_prefix(1);
  return value;
}

void append(std::string& text, std::uint64_t value, char after) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value, 16).ptr;
  text.append(digits, end);
  text += after;
}

}  // namespace

void exploration_statistics::sketch(std::uint64_t schedule_hash) noexcept {
  // Schedule hashes come from the choice log; a final mix makes every bit count here.
  const std::uint64_t h = splitmix64_mix(schedule_hash);
  const std::size_t index = h >> (64 - register_bits);
  // The rank of the first 1 bit after the index bits; a sentinel bit bounds it.
  const std::uint64_t rest = (h << register_bits) | (std::uint64_t{1} << (register_bits - 1));
  const auto rank = static_cast<std::uint8_t>(std::countl_zero(rest) + 1);
  if (rank > registers_[index]) registers_[index] = rank;
}

void exploration_statistics::add(std::uint64_t schedule_hash, std::uint64_t steps) {
  sketch(schedule_hash);
  if (!estimated_) {
    // Estimated from the first schedule past exact_limit, which is never inserted: its
    // insertion would double the table (to 2 MiB) only to free it.
    if (exact_.size() < exact_limit || exact_.contains(schedule_hash)) {
      exact_.insert(schedule_hash);
    } else {
      estimated_ = true;
      exact_.release();
    }
  }
  ++steps_[steps];
}

void exploration_statistics::merge(const exploration_statistics& other) {
  for (std::size_t i = 0; i < registers_.size(); ++i) registers_[i] = std::max(registers_[i], other.registers_[i]);
  if (!estimated_ && !other.estimated_) {
    other.exact_.for_each([this](std::uint64_t h) { exact_.insert(h); });
    if (exact_.size() > exact_limit) estimated_ = true;
  } else {
    estimated_ = true;
  }
  if (estimated_) exact_.release();
  for (const auto& [steps, count] : other.steps_) steps_[steps] += count;
}

std::uint64_t exploration_statistics::distinct() const noexcept {
  if (!estimated_) return exact_.size();
  const double m = static_cast<double>(registers_.size());
  double sum = 0;
  std::size_t zeros = 0;
  for (const std::uint8_t r : registers_) {
    sum += std::ldexp(1.0, -r);
    zeros += r == 0;
  }
  double estimate = 0.7213 / (1 + 1.079 / m) * m * m / sum;
  // Few distinct schedules for the registers: linear counting is the better estimate.
  if (estimate <= 2.5 * m && zeros != 0) estimate = m * std::log(m / static_cast<double>(zeros));
  return static_cast<std::uint64_t>(std::llround(estimate));
}

std::uint64_t exploration_statistics::min_steps() const noexcept { return steps_.empty() ? 0 : steps_.begin()->first; }

std::uint64_t exploration_statistics::max_steps() const noexcept { return steps_.empty() ? 0 : steps_.rbegin()->first; }

std::uint64_t exploration_statistics::median_steps() const noexcept {
  std::uint64_t total = 0;
  for (const auto& [steps, count] : steps_) total += count;
  // The element at index total / 2 of the sorted steps, as nth_element gave before.
  std::uint64_t passed = 0;
  for (const auto& [steps, count] : steps_) {
    passed += count;
    if (passed > total / 2) return steps;
  }
  return 0;
}

std::string exploration_statistics::encode() const {
  std::string text = estimated_ ? "e " : "x ";
  for (const std::uint8_t r : registers_) append(text, r, ',');
  text += ' ';
  append(text, exact_.size(), ' ');
  exact_.for_each([&text](std::uint64_t h) { append(text, h, ','); });
  text += ' ';
  append(text, steps_.size(), ' ');
  for (const auto& [steps, count] : steps_) {
    append(text, steps, ':');
    append(text, count, ',');
  }
  return text;
}

exploration_statistics exploration_statistics::decode(std::string_view text) {
  exploration_statistics s;
  if (text.size() < 2 || (text[0] != 'e' && text[0] != 'x') || text[1] != ' ') {
    throw std::invalid_argument("weft: malformed exploration statistics");
  }
  s.estimated_ = text[0] == 'e';
  text.remove_prefix(2);
  for (std::uint8_t& r : s.registers_) r = static_cast<std::uint8_t>(number(text));
  for (std::uint64_t n = number(text); n > 0; --n) s.exact_.insert(number(text));
  for (std::uint64_t n = number(text); n > 0; --n) {
    const std::uint64_t steps = number(text);
    s.steps_[steps] = number(text);
  }
  return s;
}

}  // namespace weft::detail
