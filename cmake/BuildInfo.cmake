# mtw_build_info: an INTERFACE target giving `#include "mtw_build_info.h"`, which defines
# MTW_VERSION (project(VERSION)) and MTW_GIT_COMMIT for `mtw --version` and `mtw-cli --version`.
# The commit is read at every build, not only at configure time, so a binary never reports the
# commit of an older configure. The header is rewritten only when its text changes, so an unchanged
# commit recompiles nothing. Without git or outside a git work tree (a release tarball) the commit
# is "unknown".
set(MTW_BUILD_INFO_HEADER ${PROJECT_BINARY_DIR}/generated/mtw_build_info.h)
add_custom_target(mtw_build_info_header
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DVERSION=${PROJECT_VERSION}
            -DOUTPUT=${MTW_BUILD_INFO_HEADER} -P ${PROJECT_SOURCE_DIR}/cmake/WriteBuildInfo.cmake
    BYPRODUCTS ${MTW_BUILD_INFO_HEADER}
    COMMENT "Reading the git commit for mtw_build_info.h"
    VERBATIM)
add_library(mtw_build_info INTERFACE)
target_include_directories(mtw_build_info INTERFACE ${PROJECT_BINARY_DIR}/generated)
add_dependencies(mtw_build_info mtw_build_info_header)
