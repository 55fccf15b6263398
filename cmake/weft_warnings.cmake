# Warnings are errors in weft's own code. Targets opt in with weft_strict(<target>) so
# that nothing leaks into the flags of a project that consumes weft.
function(weft_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
endfunction()
