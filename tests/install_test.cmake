# `cmake --install` into a fresh prefix, moved elsewhere afterwards: the installed lab runs a
# model from where it lies, with no build tree and no LD_LIBRARY_PATH.
#   cmake -DBUILD=<build dir> -DWORK=<scratch dir> -P tests/install_test.cmake
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${WORK}/first RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
file(RENAME ${WORK}/first ${WORK}/moved)
foreach(f bin/lab libexec/concurrency-lab/lab-serial libexec/concurrency-lab/lab-server share/concurrency-lab/configs/quick.ini)
  if(NOT EXISTS ${WORK}/moved/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
execute_process(COMMAND ${WORK}/moved/bin/lab --model=threads --scenario=sleep --set tasks=2 --set ms=1 --json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
if(NOT rc EQUAL 0 OR NOT out MATCHES "\"ok\":true")
  message(FATAL_ERROR "the installed lab did not run a model (exit ${rc}): ${out} ${err}")
endif()
file(REMOVE_RECURSE ${WORK})
