# Installation: headers, libraries, the shipped recordings, a CMake package (regru-api) with
# a version file, and a pkg-config file.
include(CMakePackageConfigHelpers)

set(REGRU_API_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/regru-api)
get_property(exported GLOBAL PROPERTY REGRU_API_EXPORTED_TARGETS)

install(TARGETS ${exported} regru_api EXPORT regru-api-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
set(header_dirs include codecs/json/include transports/poco/include mocks/include mocks/server/include)
if(REGRU_API_WITH_REDIS)
  list(APPEND header_dirs limits/redis/include)
endif()
if(REGRU_API_WITH_SIGNING)
  list(APPEND header_dirs signing/include)
endif()
if(REGRU_API_WITH_IDN)
  list(APPEND header_dirs idn/include)
endif()
foreach(dir ${header_dirs})
  install(DIRECTORY ${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
install(DIRECTORY ${PROJECT_BINARY_DIR}/generated/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY mocks/recordings/ DESTINATION ${CMAKE_INSTALL_DATADIR}/regru-api/recordings)

install(EXPORT regru-api-targets NAMESPACE regru:: DESTINATION ${REGRU_API_CMAKE_DIR}
        FILE regru-api-targets.cmake)
configure_package_config_file(cmake/regru-api-config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/regru-api-config.cmake
  INSTALL_DESTINATION ${REGRU_API_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_DATADIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/regru-api-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/regru-api-config.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/regru-api-config-version.cmake
        DESTINATION ${REGRU_API_CMAKE_DIR})

# The .pc file finds its prefix relative to itself, so the installed tree can be moved.
file(RELATIVE_PATH REGRU_API_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(cmake/regru-api.pc.in ${CMAKE_CURRENT_BINARY_DIR}/regru-api.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/regru-api.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
