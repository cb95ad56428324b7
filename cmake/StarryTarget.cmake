# starry_target_defaults(<target>): warnings-as-errors and sanitizer flags, scoped to one target.
function(starry_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  if(STARRY_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    # Lets the slowest property tests shrink their sample under a sanitizer (about 50x slower).
    target_compile_definitions(${target} PRIVATE STARRY_SANITIZED=1)
  endif()
  if(STARRY_SANITIZE_THREAD)
    target_compile_options(${target} PRIVATE -fsanitize=thread -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=thread)
    target_compile_definitions(${target} PRIVATE STARRY_SANITIZED=1)
  endif()
endfunction()

# starry_library(<name> SOURCES ... DEPS ...): a static library rooted at the repo for includes.
function(starry_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  starry_target_defaults(${name})
endfunction()

# starry_test(<name> SOURCES ... DEPS ... [LABELS ...] [NEEDS_POSTGRES]): one test binary per test file.
function(starry_test name)
  cmake_parse_arguments(ARG "NEEDS_POSTGRES" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  starry_target_defaults(${name})
  set(props TIMEOUT 600)
  if(ARG_LABELS)
    list(APPEND props LABELS "${ARG_LABELS}")
  endif()
  if(ARG_NEEDS_POSTGRES)
    list(APPEND props FIXTURES_REQUIRED starry_pg
         ENVIRONMENT "STARRY_TEST_PG_FILE=${STARRY_TEST_PG_DIR}/conninfo")
  endif()
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES ${props})
endfunction()

# starry_embed_files(<out_var> BASE <dir> GLOB <pattern...> NAMESPACE <ns> FUNCTION <fn>):
# generates a .cpp defining `std::span<const starry::EmbeddedFile> ns::fn()` over the files.
function(starry_embed_files out_var)
  cmake_parse_arguments(ARG "" "BASE;NAMESPACE;FUNCTION" "GLOB" ${ARGN})
  file(GLOB_RECURSE files CONFIGURE_DEPENDS ${ARG_GLOB})
  string(REPLACE ";" "|" files_arg "${files}")
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${ARG_FUNCTION}_embedded.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${out} "-DINPUTS=${files_arg}" -DBASE=${ARG_BASE}
            -DNAMESPACE=${ARG_NAMESPACE} -DFUNCTION=${ARG_FUNCTION}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    COMMENT "Embedding ${ARG_FUNCTION}"
    VERBATIM)
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()
