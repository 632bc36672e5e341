# cmake -DBUILD_DIR=... -DSCRATCH=... -DCONSUMER=... -DGENERATOR=... -DCXX=... -P run_package_test.cmake
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed (${status}): ${ARGN}\n${out}")
  endif()
endfunction()

file(REMOVE_RECURSE ${SCRATCH})
set(prefix ${SCRATCH}/prefix)
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

# find_package
run(${CMAKE_COMMAND} -S ${CONSUMER} -B ${SCRATCH}/build -G ${GENERATOR}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX})
run(${CMAKE_COMMAND} --build ${SCRATCH}/build)
run(${SCRATCH}/build/consumer)
if(EXISTS ${SCRATCH}/build/consumer_redis)
  run(${SCRATCH}/build/consumer_redis)
endif()
if(EXISTS ${SCRATCH}/build/consumer_idn)
  run(${SCRATCH}/build/consumer_idn)
endif()

# pkg-config, from an installed tree moved elsewhere (the .pc file is relocatable)
file(RENAME ${prefix} ${SCRATCH}/moved)
file(GLOB_RECURSE pc_files ${SCRATCH}/moved/*/regru-api.pc)
list(GET pc_files 0 pc_file)
get_filename_component(pc_dir ${pc_file} DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pc_dir})
execute_process(COMMAND pkg-config --cflags --libs regru-api
                OUTPUT_VARIABLE flags RESULT_VARIABLE status OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "pkg-config does not know regru-api")
endif()
execute_process(COMMAND pkg-config --variable=recordingsdir regru-api
                OUTPUT_VARIABLE recordings OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(flags UNIX_COMMAND "${flags}")
run(${CXX} ${CONSUMER}/main.cpp -o ${SCRATCH}/consumer-pc "-DRECORDINGS=\"${recordings}\"" ${flags})
run(${SCRATCH}/consumer-pc)
message(STATUS "the installed package works through find_package and pkg-config")
