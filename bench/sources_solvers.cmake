# Benchmarks of the gradient-aggregation solvers (min-norm, dual-cone projection, CAGrad dual,
# Nash-MTL CCCP); included from bench/CMakeLists.txt.
add_executable(bench_solvers bench_solvers.cpp)
target_link_libraries(bench_solvers PRIVATE mtw_mtl benchmark::benchmark mtw_warnings)
