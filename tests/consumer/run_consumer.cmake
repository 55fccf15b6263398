# Installs the weft build at WEFT_BINARY_DIR into a scratch prefix, then builds and runs
# the consumer project against it, and checks that mixing the two builds is refused.
# Invoked by ctest: cmake -DWEFT_BINARY_DIR=... -DCONSUMER_SOURCE_DIR=... -DWORK_DIR=...
#                         -DSANITIZE=ON|OFF -DCXX_COMPILER=... -P run_consumer.cmake
# The consumer is built with weft's compiler: a sanitized weft needs that compiler's
# sanitizer runtime.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
run(${CMAKE_COMMAND} --install ${WEFT_BINARY_DIR} --prefix ${WORK_DIR}/prefix)
set(configure ${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
              -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCONSUMER_SANITIZE=${SANITIZE})
run(${configure} -B ${WORK_DIR}/build)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build -j2)
run(${WORK_DIR}/build/consumer_tests)
run(${WORK_DIR}/build/consumer_interpose)
run(${WORK_DIR}/build/consumer_native)

# A project that uses only weft::sim configures and builds where GoogleTest and
# RapidCheck are not installed (find_package is told not to find them).
run(${configure} -B ${WORK_DIR}/sim-only -DCONSUMER_SIM_ONLY=ON
    -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON -DCMAKE_DISABLE_FIND_PACKAGE_rapidcheck=ON)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/sim-only -j2)
run(${WORK_DIR}/sim-only/consumer_sim)

execute_process(COMMAND ${configure} -B ${WORK_DIR}/mixed -DCONSUMER_MIX_BUILDS=ON
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "a target linking both weft::shims and weft::sim was not refused")
endif()
if(NOT err MATCHES "WEFT_BUILD")
  message(FATAL_ERROR "mixing was refused, but not for the WEFT_BUILD property:\n${err}")
endif()
message(STATUS "consumer built and passed against the installed weft; mixing builds refused")
