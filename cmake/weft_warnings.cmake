# Warnings in weft's own code. Targets opt in with weft_strict(<target>) so that nothing
# leaks into the flags of a project that consumes weft. They become errors only when
# WEFT_WERROR is on (weft's own CI builds): a user's compiler, version and build type are
# not ours, and a new warning there must never break their build.
option(WEFT_WERROR "Treat warnings in weft's own targets as errors (weft's CI)" OFF)

function(weft_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  # g++ 12 at -O2/-O3 warns falsely about memcpy overlap inside libstdc++'s own
  # "literal" + std::string&& (GCC bug 105329); the code is correct.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(WEFT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
