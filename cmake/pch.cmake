# Precompiled headers, for clang (the fuzz build): most translation units parse the same
# ~80k lines of the standard library and Boost.JSON before their own code; each target parses
# them once into a precompiled header instead. The lists name only std/Boost/doctest headers,
# never the lab's own, so a change to lib/ does not rebuild them. labreport's has no Asio,
# Boost.Process or Boost.Filesystem (CMakeLists.txt, tests/report_layers_test.cpp).
# Not for g++ 12 by default: with a precompiled header its inlining differs from build to
# build, and with it its false warnings (-Warray-bounds on std::string's inlined memcpy in
# a different handful of lib/report and tests sources each time, -Wmismatched-new-delete on
# Asio's coroutine frames at -O1), which the build without one does not give. -DLAB_PCH=ON
# turns it on with g++ too; -DLAB_PCH=OFF shows, with clang, a missing include a precompiled
# header would hide.
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  set(LAB_PCH_DEFAULT ON)
else()
  set(LAB_PCH_DEFAULT OFF)
endif()
option(LAB_PCH "precompiled headers for labreport, labcore and lab_tests" ${LAB_PCH_DEFAULT})

set(LAB_PCH_STD <algorithm> <atomic> <charconv> <chrono> <cmath> <cstddef> <cstdint> <cstdio>
                <cstring> <filesystem> <fstream> <functional> <map> <memory> <mutex> <optional>
                <set> <sstream> <stdexcept> <string> <string_view> <thread> <utility> <variant>
                <vector>)
set(LAB_PCH_JSON <boost/json/value.hpp> <boost/json/object.hpp> <boost/json/parse.hpp>
                 <boost/json/serialize.hpp>)

if(LAB_PCH)
  target_precompile_headers(labreport PRIVATE ${LAB_PCH_JSON} ${LAB_PCH_STD})
  target_precompile_headers(labcore PRIVATE ${LAB_PCH_JSON} ${LAB_PCH_STD})
  target_precompile_headers(lab_tests PRIVATE ${LAB_PCH_JSON} ${LAB_PCH_STD} <doctest/doctest.h>)
  # Boost.JSON's implementation wants to be the first JSON header it sees; the kernel is
  # measured code built with its own alignment options, left exactly as it was; doctest's
  # main defines DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN before including doctest.
  set_source_files_properties(${CMAKE_SOURCE_DIR}/lib/record/json_impl.cpp
                              ${CMAKE_SOURCE_DIR}/lib/workload/kernel.cpp
                              ${CMAKE_SOURCE_DIR}/tests/main.cpp
                              PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
endif()
