// Source locations made at run time.
//
// weft::interpose knows a call site only by its return address; finding its file and
// line takes the debug information (an addr2line run), which is worth doing only for
// what a report shows. It registers a resolver here; the simulator calls it before a
// failure records a location and before a report is built.
#pragma once

namespace weft::inline sim_v1::detail {

using location_resolver = void (*)() noexcept;
// Installs `resolve` (nullptr: none). Called once, before any exploration.
void set_location_resolver(location_resolver resolve) noexcept;
// Runs the installed resolver, if any.
void resolve_run_time_locations() noexcept;

}  // namespace weft::detail
