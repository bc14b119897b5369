# libFuzzer targets (fuzz/*_fuzz.cpp), only with clang and -DLAB_FUZZ=ON; `make fuzz`
# configures build-fuzz/ that way, with -DLAB_SANITIZE=address,undefined so every input
# also runs under the sanitizers. The normal build never sees this.
option(LAB_FUZZ "build the libFuzzer targets in fuzz/ (clang only)" OFF)
if(LAB_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "LAB_FUZZ needs clang (CXX=clang++-14), not ${CMAKE_CXX_COMPILER_ID}")
  endif()
  # Coverage feedback from the library the targets call into, not only from the targets.
  # -fno-sanitize=function: clang 14's function sanitizer cannot compile the coroutines
  # ("Cannot represent a difference across sections"); the rest of -fsanitize=undefined stays.
  target_compile_options(labcore PRIVATE -fsanitize=fuzzer-no-link -fno-sanitize=function)
  target_compile_options(labreport PRIVATE -fsanitize=fuzzer-no-link -fno-sanitize=function)
  file(GLOB LAB_FUZZ_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/fuzz/*_fuzz.cpp)
  foreach(src ${LAB_FUZZ_SOURCES})
    get_filename_component(name ${src} NAME_WE)
    add_executable(${name} ${src})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer -fno-sanitize=function)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE labcore)
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
    list(APPEND LAB_FUZZ_TARGETS ${name})
  endforeach()
  add_custom_target(fuzz_targets DEPENDS ${LAB_FUZZ_TARGETS})
endif()
