// Parsing strategy specs: "name" or "name:key=value,key=value".
#include <algorithm>
#include <charconv>
#include <iterator>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include <weft/errors.hpp>

#include "strategy/dfs.hpp"
#include "strategy/feedback.hpp"
#include "strategy/pct.hpp"
#include "strategy/pos.hpp"
#include "strategy/random_walk.hpp"
#include "strategy/rotation.hpp"
#include "strategy/strategy.hpp"
#include "strategy/surw.hpp"

namespace weft::inline sim_v1::detail {

namespace {

constexpr const char* known =
    "known strategies: portfolio, portfolio:random=N,pct=N,pos=N,surw=N, random, pct, pct:depth=N, pos, surw, "
    "feedback, dfs, dfs:preemptions=N,reduction=off";

[[noreturn]] void bad_spec(const std::string& spec, const std::string& why) {
  throw option_error("weft: WEFT_STRATEGY (options::strategy) \"" + spec + "\" is not a strategy: " + why + " (" +
                     known + ")");
}

// The key=value items after a spec's colon (`text`: nullopt without a colon). A colon or a
// comma with no item after it is an error, as any item that is not key=value, and a key
// given twice (which value was meant?).
std::map<std::string, std::string> parse_parameters(const std::string& spec, std::optional<std::string_view> text) {
  std::map<std::string, std::string> parameters;
  if (!text) return parameters;
  while (true) {
    const auto comma = text->find(',');
    const std::string_view item = text->substr(0, comma);
    const auto equals = item.find('=');
    if (equals == std::string_view::npos || equals == 0) {
      bad_spec(spec, "expected key=value, got \"" + std::string(item) + "\"");
    }
    const std::string key(item.substr(0, equals));
    if (!parameters.emplace(key, std::string(item.substr(equals + 1))).second) bad_spec(spec, key + " is given twice");
    if (comma == std::string_view::npos) return parameters;
    text = text->substr(comma + 1);
  }
}

std::uint32_t take_count(const std::string& spec, std::map<std::string, std::string>& parameters,
                         const std::string& key, std::uint32_t fallback, std::uint32_t min, std::uint32_t max) {
  const auto it = parameters.find(key);
  if (it == parameters.end()) return fallback;
  std::uint32_t value = 0;
  const std::string& text = it->second;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    bad_spec(spec, key + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  parameters.erase(it);
  return value;
}

bool take_switch(const std::string& spec, std::map<std::string, std::string>& parameters, const std::string& key,
                 bool fallback) {
  const auto it = parameters.find(key);
  if (it == parameters.end()) return fallback;
  const std::string text = it->second;
  parameters.erase(it);
  if (text == "on") return true;
  if (text == "off") return false;
  bad_spec(spec, key + " must be on or off");
}

// The portfolio's walkers and their default shares of its fresh walks, and the walkers of
// its first six executions: PCT finds the bugs it finds at all within a few executions;
// after those a random walk, surw or POS finds bugs faster; rotation (rotation.hpp) ends
// the opening, so that a bug its one schedule exposes is found within six executions
// whatever the seed (bench/README.md, "Bug finding", says how these were chosen). A
// walker of the opening without a share walks in the opening only; the opening goes with
// the default weights, and other weights alone choose.
struct portfolio_weight {
  const char* name;
  std::uint32_t weight;
};
constexpr portfolio_weight portfolio_walkers[] = {{"random", 1}, {"pct", 0}, {"pos", 1}, {"surw", 1}};
constexpr std::string_view portfolio_opening[] = {"pct", "surw", "pct", "random", "pos", "rotation"};

// A walker of the opening by name: rotation, which is one schedule and no strategy of
// its own, or a strategy make_strategy makes.
std::unique_ptr<strategy> make_opening_walker(std::string_view name, std::uint64_t seed) {
  if (name == "rotation") return std::make_unique<rotation>();
  return make_strategy(std::string(name), seed);
}

std::unique_ptr<strategy> make_portfolio(const std::string& spec, std::map<std::string, std::string>& parameters,
                                         std::uint64_t seed) {
  feedback::settings how;
  how.warm_up = true;
  std::string given;  // ":random=N,..." as the spec would say it in full
  bool defaults = true;
  std::vector<std::string_view> names;  // of the walkers made, as in how.walkers
  for (const auto& [name, fallback] : portfolio_walkers) {
    const std::uint32_t weight = take_count(spec, parameters, name, fallback, 0, 1000);
    given += std::string(given.empty() ? ":" : ",") + name + "=" + std::to_string(weight);
    defaults = defaults && weight == fallback;
    if (weight == 0) continue;
    how.walkers.push_back({make_strategy(name, seed), weight});
    names.push_back(name);
  }
  if (how.walkers.empty()) bad_spec(spec, "a portfolio needs a walker with a weight above 0");
  how.spec = defaults ? "portfolio" : "portfolio" + given;
  if (defaults) {
    for (const std::string_view walker : portfolio_opening) {
      auto at = std::find(names.begin(), names.end(), walker);
      if (at == names.end()) {
        how.walkers.push_back({make_opening_walker(walker, seed), 0});
        names.push_back(walker);
        at = names.end() - 1;
      }
      how.opening.push_back(static_cast<std::size_t>(at - names.begin()));
    }
  }
  return std::make_unique<feedback>(seed, std::move(how));
}

}  // namespace

std::unique_ptr<strategy> make_strategy(const std::string& spec, std::uint64_t seed) {
  const auto colon = spec.find(':');
  const std::string name = spec.substr(0, colon);
  auto parameters = parse_parameters(spec, colon == std::string::npos
                                               ? std::nullopt
                                               : std::optional(std::string_view(spec).substr(colon + 1)));

  std::unique_ptr<strategy> made;
  if (name == "random") {
    made = std::make_unique<random_walk>(seed);
  } else if (name == "dfs") {
    const std::uint32_t bound = take_count(spec, parameters, "preemptions", dfs::unbounded, 0, dfs::unbounded);
    made = std::make_unique<dfs>(bound, take_switch(spec, parameters, "reduction", true));
  } else if (name == "pos") {
    made = std::make_unique<pos>(seed);
  } else if (name == "surw") {
    made = std::make_unique<surw>(seed);
  } else if (name == "feedback") {
    feedback::settings how;
    how.spec = "feedback";
    how.walkers.push_back({std::make_unique<random_walk>(seed), 1});
    made = std::make_unique<feedback>(seed, std::move(how));
  } else if (name == "portfolio") {
    made = make_portfolio(spec, parameters, seed);
  } else if (name == "pct") {
    made = std::make_unique<pct>(seed, take_count(spec, parameters, "depth", 3, 1, 64));
  } else {
    bad_spec(spec, "unknown strategy \"" + name + "\"");
  }
  if (!parameters.empty()) bad_spec(spec, "unknown parameter \"" + parameters.begin()->first + "\" for " + name);
  return made;
}

}  // namespace weft::detail
