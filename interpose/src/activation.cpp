// Linking weft::interpose: options::threads' automatic means OS threads (code not written
// for weft keeps its thread-locals and errno), and reports resolve interposed calls'
// lines.
#include "api/backends.hpp"
#include "intercepted_call.hpp"
#include "report/run_time_locations.hpp"

namespace weft::inline sim_v1::detail::interpose {

namespace {

[[maybe_unused]] const bool activated = [] {
  prefer_os_threads();
  set_location_resolver(&resolve_call_sites);
  return true;
}();

}  // namespace

}  // namespace weft::detail::interpose
