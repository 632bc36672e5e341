# regru_api_add_library(NAME sources...): the library regru_api_NAME, aliased and exported as
# regru::NAME, with the project's warnings and the `include` folder beside its CMakeLists.txt
# as its public headers.
function(regru_api_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  if(REGRU_API_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

function(regru_api_add_library name)
  add_library(regru_api_${name} ${ARGN})
  add_library(regru::${name} ALIAS regru_api_${name})
  set_target_properties(regru_api_${name} PROPERTIES EXPORT_NAME ${name}
                                                     OUTPUT_NAME regru-api-${name})
  regru_api_set_warnings(regru_api_${name})
  target_include_directories(regru_api_${name} PUBLIC
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  set_property(GLOBAL APPEND PROPERTY REGRU_API_EXPORTED_TARGETS regru_api_${name})
endfunction()
