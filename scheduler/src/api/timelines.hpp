// Each failure's timeline written into options::trace_dir (WEFT_TRACE_DIR), and the
// check, before exploring, that it can be.
#pragma once

#include <string>

#include <weft/options.hpp>
#include <weft/report.hpp>

namespace weft::inline sim_v1::detail {

// Creates `dir` if missing and proves it takes a new file (one is created and removed).
// An empty `dir` writes no timelines and passes. Throws weft::option_error naming
// WEFT_TRACE_DIR (options::trace_dir), the path and the system's reason.
void check_trace_dir(const std::string& dir);

// Writes `result`'s timeline as <trace_name>-<kind>.json and .html into opt.trace_dir and
// lists the files in the report. Never throws: the report holds a found bug, so a file
// that cannot be written (disk full, the directory removed since the check) becomes a
// note in the report instead of an exception that would lose it.
void write_timelines(report& result, const options& opt) noexcept;

}  // namespace weft::detail
