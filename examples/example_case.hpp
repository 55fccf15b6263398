// One example's bug as its test and the bench table see it: the program written the
// wrong way and the right way, the failure weft must report for the wrong one, and how
// many schedules it may take to find it from scratch.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <weft/explore.hpp>

namespace example {

struct example_case {
  std::string example;          // "pipeline"
  std::string bug;              // "shutdown drops the item a stage holds"
  weft::failure_kind kind;      // what weft reports for the wrong version
  std::uint64_t budget;         // schedules within which it is found, for every seed tried
  std::function<void()> wrong;  // the way people get it wrong
  std::function<void()> right;  // the way the guidance says
  // The example's settings (cancellations, checks); strategy, seed and iterations are
  // set by whoever explores.
  std::function<void(weft::options&)> configure = [](weft::options&) {};

  weft::options options(const std::string& strategy, std::uint64_t seed, std::uint64_t iterations) const {
    weft::options opt;
    configure(opt);
    opt.strategy = strategy;
    opt.seed = seed;
    opt.iterations = iterations;
    return opt;
  }
};

}  // namespace example
