// Source locations made at run time, resolved before they are shown.
//
// Locations of code known only by its return addresses (report/code_locations.hpp: a
// throw, and under weft::interpose each interposed call) get their file and line from
// the debug information, which is worth doing only for what a report shows. The
// simulator calls resolve_run_time_locations() before a failure records a location and
// before a report is built. weft::interpose installs a resolver of its own, which makes
// the same resolution as weft's own calls (not interposed).
#pragma once

namespace weft::inline sim_v1::detail {

using location_resolver = void (*)() noexcept;
// Installs `resolve` (nullptr: resolve_code_locations() itself). Called once, before any
// exploration.
void set_location_resolver(location_resolver resolve) noexcept;
// Runs the installed resolver, or resolve_code_locations().
void resolve_run_time_locations() noexcept;

}  // namespace weft::detail
