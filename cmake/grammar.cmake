# The tree-sitter-python grammar, from the npm package, compiled into the build tree.
#
# 0.23.6 is the newest release whose parser.c is language ABI 14; 0.25.x is ABI 15,
# which Debian's libtree-sitter 0.20.7 cannot load. The tarball is fetched with
# `npm pack`, its SHA-256 is checked, and it is never committed. parser.c must see the
# grammar's own src/tree_sitter/parser.h, not the runtime's installed headers.
set(SL_GRAMMAR_VERSION 0.23.6)
set(SL_GRAMMAR_SHA256 aab5b860d93dbf84b37fed532f7dacc0468ede5387d0c74911d68f964287662a)
set(SL_DEPS_DIR ${CMAKE_SOURCE_DIR}/.deps CACHE PATH "Where downloaded dependency tarballs are kept")
set(SL_GRAMMAR_TARBALL ${SL_DEPS_DIR}/tree-sitter-python-${SL_GRAMMAR_VERSION}.tgz)

function(sl_grammar_hash_ok out)
  set(${out} FALSE PARENT_SCOPE)
  if(EXISTS ${SL_GRAMMAR_TARBALL})
    file(SHA256 ${SL_GRAMMAR_TARBALL} actual)
    if(actual STREQUAL SL_GRAMMAR_SHA256)
      set(${out} TRUE PARENT_SCOPE)
    endif()
  endif()
endfunction()

sl_grammar_hash_ok(grammar_ok)
if(NOT grammar_ok)
  find_program(NPM npm REQUIRED)
  file(MAKE_DIRECTORY ${SL_DEPS_DIR})
  file(REMOVE ${SL_GRAMMAR_TARBALL})
  message(STATUS "Fetching tree-sitter-python@${SL_GRAMMAR_VERSION} with npm pack")
  execute_process(
    COMMAND ${NPM} pack tree-sitter-python@${SL_GRAMMAR_VERSION} --pack-destination ${SL_DEPS_DIR}
    RESULT_VARIABLE npm_result OUTPUT_QUIET ERROR_VARIABLE npm_error)
  if(NOT npm_result EQUAL 0)
    message(FATAL_ERROR "npm pack tree-sitter-python@${SL_GRAMMAR_VERSION} failed:\n${npm_error}")
  endif()
  sl_grammar_hash_ok(grammar_ok)
  if(NOT grammar_ok)
    file(SHA256 ${SL_GRAMMAR_TARBALL} actual)
    file(REMOVE ${SL_GRAMMAR_TARBALL})
    message(FATAL_ERROR "tree-sitter-python tarball hash mismatch: expected ${SL_GRAMMAR_SHA256}, got ${actual}")
  endif()
endif()

set(SL_GRAMMAR_DIR ${CMAKE_BINARY_DIR}/_deps/tree-sitter-python-${SL_GRAMMAR_VERSION})
if(NOT EXISTS ${SL_GRAMMAR_DIR}/package/src/parser.c)
  file(ARCHIVE_EXTRACT INPUT ${SL_GRAMMAR_TARBALL} DESTINATION ${SL_GRAMMAR_DIR})
endif()

add_library(servelint_grammar STATIC ${SL_GRAMMAR_DIR}/package/src/parser.c
                                     ${SL_GRAMMAR_DIR}/package/src/scanner.c)
# BEFORE, so the grammar's bundled tree_sitter/parser.h wins over the system one.
target_include_directories(servelint_grammar BEFORE PRIVATE ${SL_GRAMMAR_DIR}/package/src)
# Generated third-party code: no project warnings, no sanitizers needed for correctness.
target_compile_options(servelint_grammar PRIVATE -w -O2)
set_target_properties(servelint_grammar PROPERTIES C_STANDARD 11 C_EXTENSIONS ON)
