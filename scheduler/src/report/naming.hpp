// The words reports use for operations and objects.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <weft/detail/sim/runtime.hpp>

namespace weft::inline sim_v1::detail {

std::string_view op_name(op what) noexcept;
std::string_view kind_name(object_kind kind) noexcept;
// "mutex#2", "t3" for a thread, "" for no object.
std::string object_label(object_kind kind, std::uint32_t id);

}  // namespace weft::detail
