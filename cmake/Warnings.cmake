# One INTERFACE target carries the project's warning flags; every target links it.
add_library(mtw_warnings INTERFACE)
target_compile_options(mtw_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
if(MTW_WERROR)
    target_compile_options(mtw_warnings INTERFACE -Werror)
endif()
# Eigen and Qt headers are system headers; keep their warnings out of ours.
add_library(mtw_eigen INTERFACE)
target_link_libraries(mtw_eigen INTERFACE Eigen3::Eigen mtw_cpu_level) # cmake/CpuLevel.cmake
target_compile_definitions(mtw_eigen INTERFACE EIGEN_NO_DEBUG_SMALL_PRODUCT_BLOCKS)
