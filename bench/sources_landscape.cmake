# Loss-landscape throughput (factored first layer vs a forward pass per point); included from
# bench/CMakeLists.txt.
add_executable(bench_landscape ${CMAKE_CURRENT_LIST_DIR}/bench_landscape.cpp)
target_link_libraries(bench_landscape PRIVATE mtw_analysis benchmark::benchmark mtw_warnings)
