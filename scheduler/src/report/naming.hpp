// The words reports use for operations and objects.
#pragma once

#include <cstdint>
#include <source_location>
#include <string>
#include <string_view>

#include <weft/detail/sim/runtime.hpp>

namespace weft::inline sim_v1::detail {

std::string_view op_name(op what) noexcept;
std::string_view kind_name(object_kind kind) noexcept;
// "mutex#2", "t3" for a thread, "" for no object.
std::string object_label(object_kind kind, std::uint32_t id);
// "t3". (Labels are built by appending: g++ 12 at -O3 warns falsely, -Wrestrict, on
// "literal" + std::string&&.)
std::string thread_label(std::uint64_t thread);
// An operation as reports write it: "lock mutex#1"; a wait on no object (a sleep) reads
// "blocked", not "blocked on".
std::string operation_text(std::string_view operation, std::string_view object);
// A line of the user's code in a message: "path/file.cpp:42", or "an unknown line" (an
// operator, which C++ gives no source location).
std::string place_label(const std::source_location& where);
// Whether a reported operation was injected by the exploration (a cancellation, a
// buggify failure).
bool is_injection(std::string_view operation) noexcept;

}  // namespace weft::detail
