// "1 step", "2 steps": a count and its noun, plural unless the count is 1. For every text
// weft prints with a count in it (reports, strategy summaries), so none reads "1 steps".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace weft::inline sim_v1::detail {

// `noun` is singular and takes an "s" for its plural.
inline std::string counted(std::uint64_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

}  // namespace weft::inline sim_v1::detail
