# `cmake --install` lays out headers, libraries and a package config so that another
# project can `find_package(weft)` and link weft::shims, weft::sim, weft::interpose or
# weft::gtest. (weft-run and libweft_run.so install from run/CMakeLists.txt.)
include(CMakePackageConfigHelpers)

# Three export sets: the core (which needs Boost.Context only), weft::gtest (GoogleTest)
# and weft::properties (RapidCheck), so that weftConfig.cmake loads each optional part
# only where its dependency is installed.
foreach(set IN ITEMS "weftTargets;weft_headers;weft_shims;weft_sim;weft_interpose"
                     "weft_gtestTargets;weft_gtest"
                     "weft_propertiesTargets;weft_properties")
  list(POP_FRONT set export_name)
  install(TARGETS ${set}
    EXPORT ${export_name}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    OBJECTS DESTINATION ${CMAKE_INSTALL_LIBDIR}/weft
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT ${export_name} NAMESPACE weft:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/weft)
endforeach()

configure_package_config_file(cmake/weftConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/weftConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/weft)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/weftConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/weftConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/weftConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/weft)
