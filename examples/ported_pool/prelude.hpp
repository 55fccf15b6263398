// Force-included before every file of the test (-include, see CMakeLists.txt): inside the
// pool's namespaces, std's synchronization names now name weft's primitives. The pool's
// own files are not edited.
#pragma once

#include <weft/shadow_std.hpp>

namespace tinypool_v1 { WEFT_SHADOW_STD }
namespace tinypool_v2 { WEFT_SHADOW_STD }
