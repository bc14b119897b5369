# `cmake --install` and CPack: the lab as a tool of its ecosystem.
#   bin/lab                                   the driver, on PATH
#   libexec/concurrency-lab/lab-*             the model executables and lab-server, found by lab
#                                             relative to itself (lib/driver/run_point.cpp)
#   lib/concurrency-lab/liblabcore.so         the one copy of the measured code, private
#   lib/concurrency-lab/liblabreport.so       the records, the catalog and the report, private
#   share/concurrency-lab/configs/*.ini       the experiment configs
#   share/doc/concurrency-lab/                README and docs
set(CMAKE_INSTALL_DOCDIR share/doc/concurrency-lab)
include(GNUInstallDirs)
set(LAB_INSTALL_LIBDIR ${CMAKE_INSTALL_LIBDIR}/concurrency-lab)
set(LAB_INSTALL_LIBEXECDIR ${CMAKE_INSTALL_LIBEXECDIR}/concurrency-lab)

# Each executable finds the private library relative to where it is installed.
# labcore finds labreport beside it.
set_target_properties(labcore PROPERTIES INSTALL_RPATH "$ORIGIN")
set_target_properties(lab PROPERTIES INSTALL_RPATH "$ORIGIN/../${LAB_INSTALL_LIBDIR}")
set(LAB_INSTALLED_HELPERS ${LAB_APPS})
list(REMOVE_ITEM LAB_INSTALLED_HELPERS lab)
set_target_properties(${LAB_INSTALLED_HELPERS} PROPERTIES INSTALL_RPATH "$ORIGIN/../../${LAB_INSTALL_LIBDIR}")

install(TARGETS labcore labreport LIBRARY DESTINATION ${LAB_INSTALL_LIBDIR} NAMELINK_SKIP)
install(TARGETS lab RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS ${LAB_INSTALLED_HELPERS} RUNTIME DESTINATION ${LAB_INSTALL_LIBEXECDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/configs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/concurrency-lab/configs
        FILES_MATCHING PATTERN "*.ini")
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})

# A .deb for Debian 12: `cpack -G DEB` in the build folder (make deb). Dependencies come from
# dpkg-shlibdeps over the installed binaries (the Boost runtime libraries, libstdc++); gnuplot
# draws the report's charts and is recommended, not required.
set(CPACK_PACKAGE_NAME concurrency-lab)
set(CPACK_PACKAGE_VENDOR "concurrency lab")
set(CPACK_PACKAGE_CONTACT "concurrency lab maintainers <lab@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "measures which concurrency model (threads, processes, coroutines) fits a workload")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnuplot-nox")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "stress-ng, chromium")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
